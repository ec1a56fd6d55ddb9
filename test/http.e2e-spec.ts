import type { Server } from 'node:http';
import { AddressInfo, connect } from 'node:net';
import { loadConfig } from '../src/config/app-config';
import { startupFailure } from '../src/main';
import { bearer, createTestApp, TestApp } from './setup/test-app';

const BASE_ENV = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: 'a-test-secret-that-is-long-enough-0123',
};

describe('HTTP conventions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers liveness and readiness with Postgres and Redis up', async () => {
    await t.http.get('/health/live').expect(200, { status: 'ok' });
    const ready = await t.http.get('/health/ready').expect(200);
    expect(ready.body.status).toBe('ok');
    expect(ready.body.info).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' } });
  });

  it('exposes Prometheus metrics with the HTTP latency histogram', async () => {
    await t.http.get('/health/live');
    const res = await t.http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.text).toMatch(/http_request_duration_seconds_bucket\{.*route="\/health\/live"/);
  });

  it('answers problem+json to what the HTTP parser refuses before routing: raw UTF-8 in the URL, huge headers', async () => {
    const server = t.app.getHttpServer() as Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const raw = (request: Buffer): Promise<string> =>
      new Promise((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.end(request));
        const chunks: Buffer[] = [];
        socket.on('data', (c: Buffer) => chunks.push(c));
        socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
        socket.on('error', reject);
      });
    const parse = (response: string) => {
      const [head, body] = response.split('\r\n\r\n');
      return { status: Number(head.split(' ')[1]), head, body: JSON.parse(body) as Record<string, unknown> };
    };
    const utf8 = parse(
      await raw(Buffer.from('GET /api/v1/public/service-lines?lang=\u0440\u0443 HTTP/1.1\r\nHost: x\r\n\r\n', 'utf8')),
    );
    expect(utf8.status).toBe(400);
    expect(utf8.head).toMatch(/content-type: application\/problem\+json/i);
    expect(utf8.body).toMatchObject({ status: 400, code: 'bad_request', title: 'Bad Request' });
    const big = parse(
      await raw(Buffer.from(`GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)),
    );
    expect(big.status).toBe(431);
    expect(big.body).toMatchObject({ status: 431, code: 'headers_too_large' });
  });

  it('refuses deeply nested JSON with 400 naming the field, never 500 (it overflowed the stack)', async () => {
    const deep = `${'['.repeat(4000)}1${']'.repeat(4000)}`;
    for (const [path, body] of [
      ['/api/v1/inquiries', `{"website":${deep}}`],
      ['/api/v1/auth/login', `{"email":"a@b.co","password":"x","extra":${deep}}`],
    ]) {
      const res = await t.http.post(path).set('Content-Type', 'application/json').send(body);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors[0].message).toBe('is nested too deeply (at most 20 levels)');
    }
  });

  it('rejects a body over 512 KB with 413 problem+json', async () => {
    const res = await t.http
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(520 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 413, title: 'Content Too Large' });
  });

  it('rejects non-JSON bodies with 415', async () => {
    const res = await t.http.post('/api/v1/auth/login').set('Content-Type', 'text/plain').send('email=a');
    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const form = await t.http
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('email=a');
    expect(form.status).toBe(415);
  });

  it('takes a bodyless request that names application/json as having no body', async () => {
    const admin = bearer(await t.adminToken());
    const office = (
      await t.http
        .post('/api/v1/offices')
        .set(admin)
        .send({ code: 'BDL', name: 'Bodyless', countryCode: 'SG', city: 'Singapore', timezone: 'Asia/Singapore' })
        .expect(201)
    ).body;
    // DELETE deactivates; fetch wrappers send Content-Type: application/json with every call.
    const gone = await t.http.delete(`/api/v1/offices/${office.id}`).set(admin).set('Content-Type', 'application/json');
    expect(gone.status).toBe(200);
    expect(gone.body.active).toBe(false);
    // A route that needs a body still names its fields.
    const empty = await t.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send();
    expect(empty.status).toBe(400);
    expect(empty.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['email', 'password']),
    );
  });

  it('answers malformed JSON with 400 problem+json, not 500', async () => {
    const res = await t.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"email": ');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toMatch(/JSON/);
  });

  it('answers unknown routes with 404 problem+json', async () => {
    const res = await t.http.get('/api/v1/nothing-here').set(bearer(await t.adminToken()));
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    // API.md's shape whatever the status: `errors` is there, empty when no field is at fault
    for (const other of [res, await t.http.get('/api/v1/cases'), await t.http.get('/api/v1/auth/me').set(bearer('x'))])
      expect(other.body).toEqual(
        expect.objectContaining({
          type: expect.any(String),
          title: expect.any(String),
          status: other.status,
          detail: expect.any(String),
          errors: [],
        }),
      );
  });

  it('echoes a valid request id and makes one up otherwise', async () => {
    const given = await t.http.get('/health/live').set('X-Request-Id', 'abc-123');
    expect(given.headers['x-request-id']).toBe('abc-123');
    const made = await t.http.get('/health/live').set('X-Request-Id', 'bad id with spaces');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers', async () => {
    const res = await t.http.get('/health/live');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('allows CORS only for configured form origins', async () => {
    const ok = await t.http
      .options('/api/v1/auth/login')
      .set('Origin', 'https://partner.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(ok.headers['access-control-allow-origin']).toBe('https://partner.example');
    const other = await t.http
      .options('/api/v1/auth/login')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves the OpenAPI document listing the staff routes with bearer auth', async () => {
    const res = await t.http.get('/api/docs-json').expect(200);
    const paths = Object.keys(res.body.paths);
    for (const p of [
      '/api/v1/auth/login',
      '/api/v1/offices',
      '/api/v1/offices/{id}',
      '/api/v1/consultants/{id}/out-of-office',
      '/api/v1/stages',
    ]) {
      expect(paths).toContain(p);
    }
    expect(res.body.components.securitySchemes.bearer).toBeDefined();
    await t.http.get('/api/docs').expect(200);
  });

  it('pages and sorts the catalogs like every other list', async () => {
    const auth = bearer(await t.adminToken());
    const all = await t.http.get('/api/v1/service-lines').query({ pageSize: 100 }).set(auth).expect(200);
    const codes = all.body.data.map((l: { code: string }) => l.code);
    expect(all.body).toMatchObject({ total: 12, page: 1, pageSize: 100 });
    const second = await t.http.get('/api/v1/service-lines').query({ page: 2, pageSize: 5 }).set(auth).expect(200);
    expect(second.body).toMatchObject({ total: 12, page: 2, pageSize: 5 });
    expect(second.body.data.map((l: { code: string }) => l.code)).toEqual(codes.slice(5, 10));
    const byCode = await t.http.get('/api/v1/service-lines').query({ sort: 'code:desc', pageSize: 3 }).set(auth);
    expect(byCode.body.data.map((l: { code: string }) => l.code)).toEqual([...codes].sort().reverse().slice(0, 3));
    const stages = await t.http.get('/api/v1/stages').query({ page: 2, pageSize: 2 }).set(auth).expect(200);
    expect(stages.body).toMatchObject({ total: 6, page: 2, pageSize: 2 });
    expect(stages.body.data.map((s: { code: string }) => s.code)).toEqual(['qualified', 'proposal']);
    const bad = await t.http.get('/api/v1/stages').query({ sort: 'bogus:asc' }).set(auth).expect(400);
    expect(bad.body.errors).toEqual([{ field: 'sort', message: 'can sort by position, code, probability, createdAt' }]);
    // API.md's convention for lists, sort=createdAt:desc, works on the catalogs too (code breaks ties)
    for (const list of ['/api/v1/stages', '/api/v1/service-lines']) {
      const newest = await t.http.get(list).query({ sort: 'createdAt:desc', pageSize: 100 }).set(auth).expect(200);
      expect(newest.body.total).toBeGreaterThan(0);
    }
    const created = await t.http
      .post('/api/v1/stages')
      .set(auth)
      .send({ code: 'newest_step', name: 'Newest step', position: 44, probability: 40, category: 'open' })
      .expect(201);
    expect(created.body.category).toBe('open');
    const newestStage = await t.http.get('/api/v1/stages').query({ sort: 'createdAt:desc' }).set(auth).expect(200);
    expect(newestStage.body.data[0].code).toBe('newest_step');
    // a new stage is a step of the open pipeline: won and lost are the base outcomes
    const won = await t.http
      .post('/api/v1/stages')
      .set(auth)
      .send({ code: 'signed', name: 'Signed', position: 70, probability: 100, category: 'won' })
      .expect(400);
    expect(won.body.errors).toEqual([
      { field: 'category', message: 'must be open: new stages are steps of the open pipeline, won and lost are fixed' },
    ]);

    // Won and lost stages stay after the open ones: engaged cannot head the funnel.
    const ahead = await t.http.patch('/api/v1/stages/engaged').set(auth).send({ position: 5 }).expect(422);
    expect(ahead.body).toMatchObject({ code: 'stage.out_of_order', errors: [{ field: 'position' }] });
    await t.http.patch('/api/v1/stages/engaged').set(auth).send({ position: 55 }).expect(200);
    await t.http.patch('/api/v1/stages/engaged').set(auth).send({ position: 50 }).expect(200);
  });

  it('answers 400, not 500, for unpaired surrogates, NUL and prototype-named keys on any route', async () => {
    const surrogate = await t.http
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email":"\\udc00a@b.co","password":"x"}');
    expect(surrogate.status).toBe(400);
    expect(surrogate.body.errors).toEqual([{ field: 'email', message: expect.stringMatching(/surrogate/) }]);
    const nul = await t.http.post('/api/v1/auth/login').send({ email: 'a@b.co', password: 'x\u0000y' });
    expect(nul.status).toBe(400);
    expect(nul.body.errors[0].field).toBe('password');
    const proto = await t.http
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email":"a@b.co","password":"x","constructor":{"name":"x"}}');
    expect(proto.status).toBe(400);
    expect(proto.body.errors[0]).toEqual({ field: 'constructor', message: 'is not a known field' });
  });

  // Last: the service line it creates would change the catalog counts above.
  it('takes the largest valid staff body written with every non-ASCII character \\u-escaped', async () => {
    // A service line's keyword lists at their bounds: 3 × 200 keywords of 80 letters.
    const list = (letter: string) => Array.from({ length: 200 }, (_, i) => `${i}`.padStart(3, '0') + letter.repeat(77));
    const body = JSON.stringify({
      code: 'escaped_max',
      names: { en: 'Escaped', ru: 'Экранированный', zh: '转义' },
      keywords: { en: list('é'), ru: list('ж'), zh: list('税') },
    }).replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
    expect(Buffer.byteLength(body)).toBeGreaterThan(256 * 1024);
    const res = await t.http
      .post('/api/v1/service-lines')
      .set(bearer(await t.adminToken()))
      .set('Content-Type', 'application/json')
      .send(body);
    expect(res.status).toBe(201);
    expect(res.body.keywords.zh[199]).toBe(`199${'税'.repeat(77)}`);
  });
});

describe('metrics behind METRICS_TOKEN', () => {
  const token = 'scrape-token-0123456789abcdef';
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ metricsToken: token });
  });
  afterAll(() => t.close());

  it('answers the scraper that brings the token and refuses everyone else with 401 problem+json', async () => {
    const ok = await t.http.get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
    expect(ok.text).toMatch(/http_request_duration_seconds/);
    for (const header of [undefined, 'Bearer wrong-token-0123456789abcdef', `Basic ${token}`, token]) {
      let req = t.http.get('/metrics');
      if (header) req = req.set('Authorization', header);
      const res = await req;
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.text).not.toMatch(/http_request_duration_seconds/);
    }
  });

  it('refuses a short METRICS_TOKEN at start-up', () => {
    expect(() => loadConfig({ ...BASE_ENV, METRICS_TOKEN: 'short' })).toThrow(
      'Invalid configuration: METRICS_TOKEN must be 24 to 200 printable characters without spaces',
    );
    expect(loadConfig({ ...BASE_ENV, METRICS_TOKEN: token }).metricsToken).toBe(token);
    expect(loadConfig(BASE_ENV).metricsToken).toBeNull();
  });

  it('refuses settings that would fail later, in one line naming the variable and no secret', () => {
    const refuse = (env: Record<string, string>, message: string) => {
      let thrown: unknown;
      try {
        loadConfig({ ...BASE_ENV, ...env });
      } catch (error) {
        thrown = error;
      }
      expect((thrown as Error | undefined)?.message).toBe(`Invalid configuration: ${message}`);
      for (const value of Object.values(env))
        if (value.length > 6) expect((thrown as Error).message).not.toContain(value);
    };
    // nodemailer took only smtp(s):// and failed in the worker, printing the URL with its password.
    refuse(
      { SMTP_URL: 'http://mailuser:S3cretMailPass@mail.example:25' },
      'SMTP_URL must be an smtp:// or smtps:// URL such as smtp://user:pass@host:587',
    );
    // Any text became a list of proxy addresses, and start-up failed after migrating.
    const trust =
      'TRUST_PROXY must be true, false, a hop count, or a comma-separated list of proxy addresses (IP or CIDR)';
    refuse({ TRUST_PROXY: 'maybe' }, trust);
    refuse({ TRUST_PROXY: '10.0.0.0/33' }, trust);
    refuse({ PORT: 'abc' }, 'PORT must be an integer number');
    expect(loadConfig({ ...BASE_ENV, TRUST_PROXY: '10.0.0.0/8, ::1, loopback' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '::1',
      'loopback',
    ]);
    expect(loadConfig({ ...BASE_ENV, TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ ...BASE_ENV, SMTP_URL: 'smtps://u:p@mail.example:465' }).smtpUrl).toBe(
      'smtps://u:p@mail.example:465',
    );
    // What fails after validation is one line too: the error, its code, which setting to check.
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5999'), { code: 'ECONNREFUSED' });
    expect(startupFailure(refused, {})).toBe(
      'Start-up failed: connect ECONNREFUSED 127.0.0.1:5999 [ECONNREFUSED] (check DATABASE_URL, and REDIS_URL)',
    );
    expect(startupFailure(refused, { LOG_LEVEL: 'debug' })).toContain('\n    at ');
    // NODE_ENV is not read: whatever a platform sets is fine.
    expect(() => loadConfig({ ...BASE_ENV, NODE_ENV: 'staging' })).not.toThrow();
  });
});
