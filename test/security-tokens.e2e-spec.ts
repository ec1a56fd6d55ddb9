/**
 * Tokens beyond test/auth.e2e-spec.ts: the algorithm is pinned to HS256, so a token signed with
 * another HMAC size, an RSA key, or "none" in any spelling answers 401 even with our secret; claims
 * grant nothing by themselves (role and office come from the database on every request); and
 * deactivating someone, or changing their password, revokes their refresh tokens for good.
 */
import { createHash, createHmac, createSign, generateKeyPairSync } from 'node:crypto';
import { createOffice, createUser } from './factories';
import { bearer, createTestApp, TEST_JWT_SECRET, TestApp } from './setup/test-app';
import { waitingOnLocks } from './setup/lock-waits';

const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const now = (): number => Math.floor(Date.now() / 1000);

function hmac(alg: 'sha256' | 'sha384' | 'sha512', header: object, payload: object, secret = TEST_JWT_SECRET): string {
  const unsigned = `${b64(header)}.${b64(payload)}`;
  return `${unsigned}.${createHmac(alg, secret).update(unsigned).digest('base64url')}`;
}

describe('Access tokens: algorithm pinned, claims checked against the database', () => {
  let t: TestApp;
  let adminId: string;
  const claims = () => ({ sub: adminId, role: 'admin', officeId: null, iat: now(), exp: now() + 600 });

  beforeAll(async () => {
    t = await createTestApp();
    adminId = (await t.login('admin@test.local', 'admin-password-123')).user.id;
  });
  afterAll(() => t.close());

  it('accepts HS256 with our secret (the control)', async () => {
    await t.http
      .get('/api/v1/auth/me')
      .set(bearer(hmac('sha256', { alg: 'HS256', typ: 'JWT' }, claims())))
      .expect(200);
  });

  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rsaSigned = (header: object, payload: object): string => {
    const unsigned = `${b64(header)}.${b64(payload)}`;
    return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url')}`;
  };

  it.each([
    ['HS384 with our secret', () => hmac('sha384', { alg: 'HS384', typ: 'JWT' }, claims())],
    ['HS512 with our secret', () => hmac('sha512', { alg: 'HS512', typ: 'JWT' }, claims())],
    ['RS256 signed with an RSA key', () => rsaSigned({ alg: 'RS256', typ: 'JWT' }, claims())],
    // Algorithm confusion: an RS256 header over an HMAC made with "the public key" or our secret.
    [
      'RS256 header, HMAC with the RSA public key',
      () =>
        hmac(
          'sha256',
          { alg: 'RS256', typ: 'JWT' },
          claims(),
          publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        ),
    ],
    ['RS256 header, HMAC with our secret', () => hmac('sha256', { alg: 'RS256', typ: 'JWT' }, claims())],
    ['ES256 header', () => hmac('sha256', { alg: 'ES256', typ: 'JWT' }, claims())],
    ['alg "None"', () => `${b64({ alg: 'None', typ: 'JWT' })}.${b64(claims())}.`],
    ['alg "NONE" with a signature', () => `${b64({ alg: 'NONE', typ: 'JWT' })}.${b64(claims())}.${'A'.repeat(43)}`],
    ['no alg at all', () => hmac('sha256', { typ: 'JWT' }, claims())],
    ['a JWE-shaped token', () => `${b64({ alg: 'dir', enc: 'A256GCM' })}..${b64({})}.${b64({})}.${b64({})}`],
    [
      'HS256 without a subject',
      () => hmac('sha256', { alg: 'HS256', typ: 'JWT' }, { role: 'admin', exp: now() + 600 }),
    ],
    [
      'HS256 for a user who does not exist',
      () => hmac('sha256', { alg: 'HS256', typ: 'JWT' }, { ...claims(), sub: '00000000-0000-4000-8000-000000000000' }),
    ],
    ['HS256 expired a second ago', () => hmac('sha256', { alg: 'HS256', typ: 'JWT' }, { ...claims(), exp: now() - 1 })],
    ['HS256 not valid yet', () => hmac('sha256', { alg: 'HS256', typ: 'JWT' }, { ...claims(), nbf: now() + 3600 })],
  ])('answers 401 for %s', async (_name, token) => {
    const res = await t.http.get('/api/v1/auth/me').set(bearer(token()));
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('takes role and office from the database: a demoted admin’s token no longer opens admin routes', async () => {
    const office = await createOffice(t.db);
    const user = await createUser(t.db, { role: 'admin', officeId: office.id });
    const session = await t.login(user.email, user.password);
    await t.http.get('/api/v1/notifications').set(bearer(session.accessToken)).expect(200);
    await t.db.query(`UPDATE consultants SET role = 'consultant' WHERE id = $1`, [user.id]);
    await t.http.get('/api/v1/notifications').set(bearer(session.accessToken)).expect(403);
  });

  it('ends the access tokens issued before a password change or a deactivation, not only the sessions', async () => {
    const office = await createOffice(t.db);
    const user = await createUser(t.db, { officeId: office.id });
    const admin = await t.adminToken();
    const before = await t.login(user.email, user.password);
    await t.http.get('/api/v1/auth/me').set(bearer(before.accessToken)).expect(200);
    // Tokens carry whole seconds: the change must fall in a later second than the token.
    await new Promise((r) => setTimeout(r, 1100));
    await t.http
      .patch(`/api/v1/consultants/${user.id}`)
      .set(bearer(admin))
      .send({ password: 'a-brand-new-password-42' })
      .expect(200);
    const refused = await t.http.get('/api/v1/auth/me').set(bearer(before.accessToken));
    expect(refused.status).toBe(401);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    const after = await t.login(user.email, 'a-brand-new-password-42');
    await t.http.get('/api/v1/auth/me').set(bearer(after.accessToken)).expect(200);

    await new Promise((r) => setTimeout(r, 1100));
    await t.http.delete(`/api/v1/consultants/${user.id}`).set(bearer(admin)).expect(200);
    // Even once active again, what was issued before the deactivation stays refused.
    await t.db.query(`UPDATE consultants SET active = true WHERE id = $1`, [user.id]);
    await t.http.get('/api/v1/auth/me').set(bearer(after.accessToken)).expect(401);
  });

  it('does not let a role claim promote anybody, even when signed with our key', async () => {
    const office = await createOffice(t.db);
    const user = await createUser(t.db, { role: 'consultant', officeId: office.id });
    const forged = hmac(
      'sha256',
      { alg: 'HS256', typ: 'JWT' },
      { sub: user.id, role: 'admin', officeId: null, exp: now() + 600 },
    );
    await t.http.get('/api/v1/notifications').set(bearer(forged)).expect(403);
    const me = await t.http.get('/api/v1/auth/me').set(bearer(forged)).expect(200);
    expect(me.body).toMatchObject({ role: 'consultant', officeId: office.id });
  });
});

describe('Refresh tokens: revoked at once, for good', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  const liveRefreshTokens = (userId: string) =>
    t.db.query(`SELECT count(*)::int AS n FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL`, [
      userId,
    ]) as Promise<[{ n: number }]>;

  it.each([
    [
      'DELETE (deactivation)',
      (id: string) => ({ method: 'delete' as const, path: `/api/v1/consultants/${id}`, body: undefined }),
    ],
    [
      'PATCH active: false',
      (id: string) => ({ method: 'patch' as const, path: `/api/v1/consultants/${id}`, body: { active: false } }),
    ],
    [
      'a password change',
      (id: string) => ({
        method: 'patch' as const,
        path: `/api/v1/consultants/${id}`,
        body: { password: 'a-brand-new-password-9' },
      }),
    ],
  ])('%s revokes every refresh token, and reactivation does not bring them back', async (_name, change) => {
    const office = await createOffice(t.db);
    const user = await createUser(t.db, { officeId: office.id });
    const first = await t.login(user.email, user.password);
    const second = await t.login(user.email, user.password);
    expect((await liveRefreshTokens(user.id))[0].n).toBe(2);

    const { method, path, body } = change(user.id);
    const req = t.http[method](path).set(bearer(admin));
    await (body ? req.send(body) : req).expect(200);
    expect((await liveRefreshTokens(user.id))[0].n).toBe(0);

    await t.http.patch(`/api/v1/consultants/${user.id}`).set(bearer(admin)).send({ active: true }).expect(200);
    for (const session of [first, second]) {
      await t.http.post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
    }
  });

  it.each([
    ['a password change', { password: 'a-brand-new-password-9' }],
    ['a deactivation', { active: false }],
  ])('revokes the token handed out by a refresh in flight during %s', async (_name, change) => {
    // A refresh locked its token, then the change revoked every token it could see and committed
    // after the refresh had handed out a new one, which it never saw: the new token kept working
    // after the password change (and after the reactivation that follows a deactivation).
    const office = await createOffice(t.db);
    const user = await createUser(t.db, { officeId: office.id });
    const session = await t.login(user.email, user.password);
    const held = t.db.createQueryRunner();
    await held.connect();
    await held.startTransaction();
    try {
      // Hold the token for a moment so the refresh is in flight when the change starts.
      await held.query(`SELECT 1 FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE`, [
        createHash('sha256').update(session.refreshToken).digest('hex'),
      ]);
      const refresh = t.http
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: session.refreshToken })
        .then((r) => r);
      await waitingOnLocks(t.db, 1);
      const changed = t.http
        .patch(`/api/v1/consultants/${user.id}`)
        .set(bearer(admin))
        .send(change)
        .then((r) => r);
      await waitingOnLocks(t.db, 2);
      await held.commitTransaction();
      const [refreshed] = await Promise.all([refresh, changed.then((r) => expect(r.status).toBe(200))]);
      expect(refreshed.status).toBe(200);
      if ('active' in change) {
        await t.http.patch(`/api/v1/consultants/${user.id}`).set(bearer(admin)).send({ active: true }).expect(200);
      }
      await t.http.post('/api/v1/auth/refresh').send({ refreshToken: refreshed.body.refreshToken }).expect(401);
      expect((await liveRefreshTokens(user.id))[0].n).toBe(0);
    } finally {
      if (held.isTransactionActive) await held.rollbackTransaction();
      await held.release();
    }
  });

  it.each([
    ['a password change', { password: 'a-brand-new-password-9' }],
    ['a deactivation', { active: false }],
  ])('opens no session for a sign-in whose password was checked just before %s', async (_name, change) => {
    // The password was checked against the hash read before the change, and the session written
    // after the change had revoked every token: the old password opened a session that outlived it.
    const office = await createOffice(t.db);
    const user = await createUser(t.db, { officeId: office.id });
    await t.http.post('/api/v1/auth/login').send({ email: user.email, password: 'one-wrong-password' }).expect(401);
    const accountKey = `account:${createHash('sha256').update(user.email).digest('hex').slice(0, 40)}`;
    const held = t.db.createQueryRunner();
    await held.connect();
    await held.startTransaction();
    try {
      // The sign-in's attempt counter, held so that the sign-in stops right after its password check
      // (FOR KEY SHARE lets the attempt be counted, and holds the success's clean-up).
      await held.query(`SELECT 1 FROM login_attempts WHERE key = $1 FOR KEY SHARE`, [accountKey]);
      const signIn = t.http
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: user.password })
        .then((r) => r);
      await waitingOnLocks(t.db, 1);
      await t.http.patch(`/api/v1/consultants/${user.id}`).set(bearer(admin)).send(change).expect(200);
      await held.commitTransaction();
      expect((await signIn).status).toBe(401);
      if ('active' in change) {
        await t.http.patch(`/api/v1/consultants/${user.id}`).set(bearer(admin)).send({ active: true }).expect(200);
      }
      expect((await liveRefreshTokens(user.id))[0].n).toBe(0);
    } finally {
      if (held.isTransactionActive) await held.rollbackTransaction();
      await held.release();
    }
  });
});
