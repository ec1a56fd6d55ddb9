import { createHmac } from 'node:crypto';
import { createOffice, createUser } from './factories';
import { ADMIN, bearer, createTestApp, TEST_JWT_SECRET, TestApp } from './setup/test-app';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('Staff auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('logs the first admin in (created from ADMIN_EMAIL/ADMIN_PASSWORD) and answers /auth/me', async () => {
    const res = await t.http.post('/api/v1/auth/login').send(ADMIN).expect(200);
    expect(res.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      user: { email: ADMIN.email, role: 'admin' },
    });
    expect(res.body.accessToken.split('.')).toHaveLength(3);
    const header = JSON.parse(Buffer.from(res.body.accessToken.split('.')[0], 'base64url').toString());
    expect(header.alg).toBe('HS256');
    const me = await t.http.get('/api/v1/auth/me').set(bearer(res.body.accessToken)).expect(200);
    expect(me.body).toMatchObject({ email: ADMIN.email, role: 'admin', officeId: null });
  });

  it('refuses a wrong password with 401 problem+json that does not say whether the email exists', async () => {
    const wrong = await t.http.post('/api/v1/auth/login').send({ email: ADMIN.email, password: 'nope-nope-nope' });
    const unknown = await t.http
      .post('/api/v1/auth/login')
      .send({ email: 'nobody@test.local', password: 'nope-nope-nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  it('rotates refresh tokens and revokes the whole family when a used one comes back', async () => {
    const office = await createOffice(t.db);
    const user = await createUser(t.db, { officeId: office.id });
    const first = await t.login(user.email, user.password);
    const second = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    // The old token no longer works…
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
    // …and its reuse revoked the newer one too.
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: second.body.refreshToken }).expect(401);
  });

  it('logout revokes the refresh token', async () => {
    const office = await createOffice(t.db);
    const user = await createUser(t.db, { officeId: office.id });
    const session = await t.login(user.email, user.password);
    await t.http.post('/api/v1/auth/logout').send({ refreshToken: session.refreshToken }).expect(204);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
  });

  describe('rejects bad access tokens with 401', () => {
    const sign = (header: object, payload: object, secret = TEST_JWT_SECRET) => {
      const unsigned = `${b64(header)}.${b64(payload)}`;
      return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
    };
    let adminId: string;
    beforeAll(async () => {
      adminId = (await t.login(ADMIN.email, ADMIN.password)).user.id;
    });
    const now = () => Math.floor(Date.now() / 1000);

    it.each([
      ['missing', () => ({})],
      ['not a bearer', () => ({ Authorization: 'Basic abc' })],
      ['garbage', () => bearer('not.a.jwt')],
      [
        'expired',
        () =>
          bearer(
            sign({ alg: 'HS256', typ: 'JWT' }, { sub: adminId, role: 'admin', iat: now() - 7200, exp: now() - 3600 }),
          ),
      ],
      [
        'signed with another key',
        () =>
          bearer(
            sign(
              { alg: 'HS256', typ: 'JWT' },
              { sub: adminId, role: 'admin', exp: now() + 600 },
              'another-secret-another-secret-another',
            ),
          ),
      ],
      [
        'alg none',
        () => bearer(`${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: adminId, role: 'admin', exp: now() + 600 })}.`),
      ],
      [
        'tampered payload',
        () => {
          const good = sign({ alg: 'HS256', typ: 'JWT' }, { sub: adminId, role: 'consultant', exp: now() + 600 });
          const [h, , s] = good.split('.');
          return bearer(`${h}.${b64({ sub: adminId, role: 'admin', exp: now() + 600 })}.${s}`);
        },
      ],
    ])('%s', async (_name, headers) => {
      const res = await t.http.get('/api/v1/auth/me').set(headers());
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('accepts a well-signed token (the control case)', async () => {
      await t.http
        .get('/api/v1/auth/me')
        .set(bearer(sign({ alg: 'HS256', typ: 'JWT' }, { sub: adminId, role: 'admin', exp: now() + 600 })))
        .expect(200);
    });
  });

  it('answers 401 for a deactivated user\u2019s still-valid token', async () => {
    const office = await createOffice(t.db);
    const user = await createUser(t.db, { officeId: office.id });
    const session = await t.login(user.email, user.password);
    await t.http.get('/api/v1/auth/me').set(bearer(session.accessToken)).expect(200);
    await t.http
      .delete(`/api/v1/consultants/${user.id}`)
      .set(bearer(await t.adminToken()))
      .expect(200);
    await t.http.get('/api/v1/auth/me').set(bearer(session.accessToken)).expect(401);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
  });

  it('locks an account after repeated failures: 429 with Retry-After, even for the right password', async () => {
    const office = await createOffice(t.db);
    const user = await createUser(t.db, { officeId: office.id });
    for (let i = 0; i < 5; i++) {
      await t.http
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: `wrong-${i}-password` })
        .expect(401);
    }
    const locked = await t.http.post('/api/v1/auth/login').send({ email: user.email, password: user.password });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.body.type).toBe('/problems/auth.too_many_attempts');
  });

  it('validates the login body and names the fields', async () => {
    const res = await t.http.post('/api/v1/auth/login').send({ email: 'not-an-email', extra: 1 });
    expect(res.status).toBe(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'password', 'extra']));
  });
});
