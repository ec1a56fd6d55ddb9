import { createOffice, createUser } from './factories';
import { bearer, createTestApp, TestApp } from './setup/test-app';

const validOffice = (code: string) => ({
  code,
  name: `Office ${code}`,
  countryCode: 'CN',
  city: 'Shanghai',
  timezone: 'Asia/Shanghai',
  email: `${code.toLowerCase()}@advisory.example`,
  languages: ['zh', 'en', 'ru'],
  serviceLines: ['bank_account', 'company_formation'],
  coverageCities: ['Shanghai', 'Suzhou'],
  businessHours: { days: [1, 2, 3, 4, 5], open: '09:00', close: '18:00' },
  holidays: ['2026-10-01', '2026-10-02'],
  extraWorkingDays: ['2026-10-10'],
  firstResponseSlaHours: 4,
  reassignOnBreach: true,
  isDefault: false,
  active: true,
});

describe('Offices', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  it('lets an admin create, read, update and deactivate an office', async () => {
    const created = await t.http.post('/api/v1/offices').set(bearer(admin)).send(validOffice('SHA1')).expect(201);
    expect(created.body).toMatchObject({
      code: 'SHA1',
      businessHours: { days: [1, 2, 3, 4, 5], open: '09:00', close: '18:00' },
      holidays: ['2026-10-01', '2026-10-02'],
      extraWorkingDays: ['2026-10-10'],
      serviceLines: ['bank_account', 'company_formation'],
      firstResponseSlaHours: 4,
      active: true,
    });
    const id = created.body.id;
    await t.http.get(`/api/v1/offices/${id}`).set(bearer(admin)).expect(200);
    const patched = await t.http
      .patch(`/api/v1/offices/${id}`)
      .set(bearer(admin))
      .send({ name: 'Shanghai HQ', businessHours: { days: [1, 2, 3, 4, 5, 6], open: '08:30', close: '17:30' } })
      .expect(200);
    expect(patched.body).toMatchObject({
      name: 'Shanghai HQ',
      businessHours: { days: [1, 2, 3, 4, 5, 6], open: '08:30', close: '17:30' },
      code: 'SHA1',
    });
    const deleted = await t.http.delete(`/api/v1/offices/${id}`).set(bearer(admin)).expect(200);
    expect(deleted.body.active).toBe(false);
    const audit = await t.db.query(
      `SELECT action FROM audit_entries WHERE entity = 'office' AND entity_id = $1 ORDER BY id`,
      [id],
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'office.created',
      'office.updated',
      'office.updated',
    ]);
  });

  it('answers 409 for a taken code and moves the default-intake flag', async () => {
    await t.http.post('/api/v1/offices').set(bearer(admin)).send(validOffice('DUP1')).expect(201);
    const dup = await t.http.post('/api/v1/offices').set(bearer(admin)).send(validOffice('DUP1'));
    expect(dup.status).toBe(409);
    expect(dup.body.errors).toEqual([{ field: 'code', message: expect.any(String) }]);
    const a = await t.http
      .post('/api/v1/offices')
      .set(bearer(admin))
      .send({ ...validOffice('DEFA'), isDefault: true })
      .expect(201);
    const b = await t.http
      .post('/api/v1/offices')
      .set(bearer(admin))
      .send({ ...validOffice('DEFB'), isDefault: true })
      .expect(201);
    const defaults = await t.db.query(`SELECT id FROM offices WHERE is_default`);
    expect(defaults).toEqual([{ id: b.body.id }]);
    expect((await t.http.get(`/api/v1/offices/${a.body.id}`).set(bearer(admin))).body.isDefault).toBe(false);
  });

  it('moves the default-intake flag safely when several requests take it at once', async () => {
    const ids: string[] = [];
    for (const code of ['RACE1', 'RACE2', 'RACE3', 'RACE4', 'RACE5', 'RACE6'])
      ids.push((await t.http.post('/api/v1/offices').set(bearer(admin)).send(validOffice(code)).expect(201)).body.id);
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all([
        ...ids.map((id) => t.http.patch(`/api/v1/offices/${id}`).set(bearer(admin)).send({ isDefault: true })),
        t.http
          .post('/api/v1/offices')
          .set(bearer(admin))
          .send({ ...validOffice(`RACEN${round}`), isDefault: true }),
      ]);
      expect(answers.map((r) => r.status)).toEqual([...ids.map(() => 200), 201]);
      const defaults = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM offices WHERE is_default`);
      expect(defaults).toEqual([{ n: 1 }]);
    }
  });

  it.each([
    ['unknown field', { extra: 1 }, 'extra'],
    ['wrong type', { firstResponseSlaHours: 'eight' }, 'firstResponseSlaHours'],
    ['too long', { name: 'x'.repeat(201) }, 'name'],
    ['bad enum-like code', { code: 'sha' }, 'code'],
    ['bad country', { countryCode: 'XX' }, 'countryCode'],
    ['bad time zone', { timezone: 'Mars/Olympus' }, 'timezone'],
    ['bad weekday', { businessHours: { days: [0, 8], open: '09:00', close: '18:00' } }, 'businessHours.days'],
    ['close before open', { businessHours: { days: [1], open: '18:00', close: '09:00' } }, 'businessHours.close'],
    ['impossible date', { holidays: ['2026-02-30'] }, 'holidays'],
    ['unknown service line', { serviceLines: ['astrology'] }, 'serviceLines'],
    ['language code the standard lacks', { languages: ['en', 'xx'] }, 'languages'],
  ])('rejects %s with 400 naming the field, and writes nothing', async (_name, patch, field) => {
    const before = await t.db.query(`SELECT count(*)::int AS n FROM offices`);
    const res = await t.http
      .post('/api/v1/offices')
      .set(bearer(admin))
      .send({ ...validOffice('BAD1'), ...patch });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM offices`)).toEqual(before);
  });

  it('lets every staff member read offices but only admins write them', async () => {
    const office = await createOffice(t.db);
    const consultant = await createUser(t.db, { officeId: office.id });
    const manager = await createUser(t.db, { officeId: office.id, role: 'manager' });
    const c = (await t.login(consultant.email, consultant.password)).accessToken;
    const m = (await t.login(manager.email, manager.password)).accessToken;
    await t.http.get('/api/v1/offices').set(bearer(c)).expect(200);
    expect((await t.http.post('/api/v1/offices').set(bearer(c)).send(validOffice('NOPE'))).status).toBe(403);
    expect((await t.http.post('/api/v1/offices').set(bearer(m)).send(validOffice('NOPE'))).status).toBe(403);
    expect((await t.http.patch(`/api/v1/offices/${office.id}`).set(bearer(m)).send({ name: 'Mine' })).status).toBe(403);
    expect((await t.http.delete(`/api/v1/offices/${office.id}`).set(bearer(c))).status).toBe(403);
  });

  it('pages, filters and sorts the list', async () => {
    await createOffice(t.db, { code: 'PGA1', countryCode: 'RU', city: 'Moscow', timezone: 'Europe/Moscow' });
    await createOffice(t.db, { code: 'PGA2', countryCode: 'RU', city: 'Kazan', timezone: 'Europe/Moscow' });
    const res = await t.http
      .get('/api/v1/offices?countryCode=RU&sort=code:desc&pageSize=1')
      .set(bearer(admin))
      .expect(200);
    expect(res.body).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(res.body.data[0].code).toBe('PGA2');
    expect((await t.http.get('/api/v1/offices?pageSize=101').set(bearer(admin))).status).toBe(400);
    expect((await t.http.get('/api/v1/offices?sort=password:asc').set(bearer(admin))).status).toBe(400);
    expect((await t.http.get('/api/v1/offices/not-a-uuid').set(bearer(admin))).status).toBe(404);
  });
  it('keeps the default-intake office active: no inactive default, no deactivating the default', async () => {
    const current = await t.http
      .post('/api/v1/offices')
      .set(bearer(admin))
      .send({ ...validOffice('DEF1'), isDefault: true });
    expect(current.status).toBe(201);
    const inactive = await t.http
      .post('/api/v1/offices')
      .set(bearer(admin))
      .send({ ...validOffice('DEF2'), isDefault: true, active: false });
    expect(inactive.status).toBe(400);
    expect(inactive.body.errors).toEqual([{ field: 'isDefault', message: 'needs an active office' }]);
    const deactivate = await t.http.delete(`/api/v1/offices/${current.body.id}`).set(bearer(admin));
    expect(deactivate.status).toBe(409);
    expect(deactivate.body.code).toBe('office.default_inactive');
    // Nor taking the flag off it: another office takes it instead, and then it may go.
    const undefault = await t.http
      .patch(`/api/v1/offices/${current.body.id}`)
      .set(bearer(admin))
      .send({ isDefault: false });
    expect(undefault.status).toBe(409);
    expect(undefault.body).toMatchObject({
      code: 'office.default_required',
      errors: [{ field: 'isDefault', message: 'cannot be false for the default-intake office' }],
    });
    const [row] = await t.db.query(`SELECT is_default, active FROM offices WHERE id = $1`, [current.body.id]);
    expect(row).toEqual({ is_default: true, active: true });
    expect((await t.db.query(`SELECT 1 FROM offices WHERE code = 'DEF2'`)).length).toBe(0);
    const next = await t.http
      .post('/api/v1/offices')
      .set(bearer(admin))
      .send({ ...validOffice('DEF3'), isDefault: true });
    expect(next.status).toBe(201);
    expect((await t.http.delete(`/api/v1/offices/${current.body.id}`).set(bearer(admin))).status).toBe(200);
  });
});
