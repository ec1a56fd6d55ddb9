/**
 * Per-IP rate limiting of the public endpoints: 429 problem+json with Retry-After, counters shared
 * by API instances through Redis, client IPs taken from X-Forwarded-For only behind a trusted proxy.
 * (The fallback when Redis is down is in intake-outage.e2e-spec.ts.)
 */
import { randomBytes } from 'node:crypto';
import { inquiryBody, intakeCounts } from './factories/inquiries';
import { createTestApp, TestApp } from './setup/test-app';

const URL = '/api/v1/inquiries';

describe('Public rate limiting', () => {
  const sharedPrefix = `acrm_rl_${randomBytes(4).toString('hex')}`;
  let direct: TestApp;
  let proxied: TestApp;

  beforeAll(async () => {
    [direct, proxied] = await Promise.all([
      createTestApp({ publicRateLimit: 3, publicRateWindowSeconds: 60, queuePrefix: sharedPrefix }),
      createTestApp({ publicRateLimit: 3, publicRateWindowSeconds: 60, queuePrefix: sharedPrefix, trustProxy: true }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([direct?.close(), proxied?.close()]);
  });

  it('answers the request over the limit with 429 problem+json and Retry-After, writing nothing', async () => {
    for (let i = 0; i < 3; i++) {
      const ok = await direct.http.post(URL).send(inquiryBody());
      expect(ok.status).toBe(201);
      expect(ok.headers['ratelimit-remaining']).toBe(String(2 - i));
    }
    const before = await intakeCounts(direct.db);
    const res = await direct.http.post(URL).send(inquiryBody());
    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
    const retryAfter = Number(res.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await intakeCounts(direct.db)).toEqual(before);
  });

  it('counts invalid submissions too, and answers 429 before looking at the body', async () => {
    const res = await direct.http.post(URL).send({ nonsense: true });
    expect(res.status).toBe(429);
  });

  it('ignores X-Forwarded-For when no proxy is trusted', async () => {
    const res = await direct.http.post(URL).set('X-Forwarded-For', '198.51.100.23').send(inquiryBody());
    expect(res.status).toBe(429);
  });

  it('shares the count between API instances through Redis', async () => {
    // The second instance has not seen this client yet, but Redis has.
    const res = await proxied.http.post(URL).send(inquiryBody());
    expect(res.status).toBe(429);
  });

  it('behind a trusted proxy, limits each forwarded client on its own', async () => {
    const client = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
    for (let i = 0; i < 3; i++) {
      await proxied.http.post(URL).set('X-Forwarded-For', client).send(inquiryBody()).expect(201);
    }
    await proxied.http.post(URL).set('X-Forwarded-For', client).send(inquiryBody()).expect(429);
    await proxied.http.post(URL).set('X-Forwarded-For', '203.0.113.250').send(inquiryBody()).expect(201);
    const [row] = await proxied.db.query(`SELECT consent_ip FROM inquiries ORDER BY created_at DESC LIMIT 1`);
    expect(row.consent_ip).toBe('203.0.113.250');
  });

  it('counts an IPv6 client by its /64, which one host can fill with addresses of its own', async () => {
    // A home or a cloud server is given a whole /64: counted per address, it could send without limit.
    const net = `2001:db8:${randomBytes(2).toString('hex')}:7`;
    for (let i = 1; i <= 3; i++) {
      await proxied.http.post(URL).set('X-Forwarded-For', `${net}::${i}`).send(inquiryBody()).expect(201);
    }
    const before = await intakeCounts(proxied.db);
    const res = await proxied.http.post(URL).set('X-Forwarded-For', `${net}:0:ab:cd:ef`).send(inquiryBody());
    expect(res.status).toBe(429);
    expect(await intakeCounts(proxied.db)).toEqual(before);
    // Another /64 is another client; the consent record keeps the full address.
    await proxied.http.post(URL).set('X-Forwarded-For', `${net}1::1`).send(inquiryBody()).expect(201);
    const [row] = await proxied.db.query(`SELECT consent_ip FROM inquiries ORDER BY created_at DESC LIMIT 1`);
    expect(row.consent_ip).toBe(`${net}1::1`);
  });

  it('keeps the form look-ups in their own bucket, limited the same way', async () => {
    const client = '192.0.2.77';
    for (let i = 0; i < 3; i++) {
      await proxied.http.post(URL).set('X-Forwarded-For', client).send(inquiryBody()).expect(201);
    }
    await proxied.http.get('/api/v1/public/countries').set('X-Forwarded-For', client).expect(200);
    await proxied.http.get('/api/v1/public/service-lines').set('X-Forwarded-For', client).expect(200);
    await proxied.http.get('/api/v1/public/countries?lang=ru').set('X-Forwarded-For', client).expect(200);
    const res = await proxied.http.get('/api/v1/public/countries').set('X-Forwarded-For', client);
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
  });

  it('does not limit staff routes', async () => {
    const token = await proxied.adminToken();
    for (let i = 0; i < 5; i++) {
      await proxied.http.get(URL).set('Authorization', `Bearer ${token}`).expect(200);
    }
  });

  it('lets the client in again once the window has passed', async () => {
    const short = await createTestApp({ publicRateLimit: 1, publicRateWindowSeconds: 1 });
    try {
      await short.http.post(URL).send(inquiryBody()).expect(201);
      const refused = await short.http.post(URL).send(inquiryBody());
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBe('1');
      await new Promise((r) => setTimeout(r, 1100));
      await short.http.post(URL).send(inquiryBody()).expect(201);
    } finally {
      await short.close();
    }
  });
});
