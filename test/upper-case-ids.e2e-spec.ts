/**
 * Upper-case UUIDs in a body are valid ids, and mean the same as their lower-case form (found by a
 * review; the hand-over tests failed before the fix): the services compare the ids they are given
 * with ids read back from Postgres, which writes them in lower case.
 */
import { createOffice, createUser, OfficeRow, UserRow } from './factories';
import { createClientWithCase } from './factories/clients';
import { bearer, createTestApp, TestApp } from './setup/test-app';

describe('upper-case ids in a body', () => {
  let t: TestApp;
  let shanghai: OfficeRow;
  let wang: UserRow;
  let li: UserRow;
  let wangAuth: Record<string, string>;
  let liAuth: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    shanghai = await createOffice(t.db, { city: 'Shanghai' });
    wang = await createUser(t.db, { officeId: shanghai.id, fullName: 'Wang Lei' });
    li = await createUser(t.db, { officeId: shanghai.id, role: 'manager', fullName: 'Li Na' });
    wangAuth = bearer((await t.login(wang.email, wang.password)).accessToken);
    liAuth = bearer((await t.login(li.email, li.password)).accessToken);
  }, 60_000);
  afterAll(() => t.close());

  it('a consultant takes a queued case naming their own id in upper case', async () => {
    const { case: kase } = await createClientWithCase(t.db, { officeId: shanghai.id, consultantId: null });
    const res = await t.http
      .post(`/api/v1/cases/${kase.id}/assign`)
      .set(wangAuth)
      .send({ consultantId: wang.id.toUpperCase(), reason: 'I take it', version: 1 });
    expect(res.body).toMatchObject({ consultantId: wang.id, officeId: shanghai.id });
    expect(res.status).toBe(200);
  });

  it('a manager sends a case to a colleague of their office, naming the office id in upper case', async () => {
    const chen = await createUser(t.db, { officeId: shanghai.id, fullName: 'Chen Jing' });
    const { case: kase } = await createClientWithCase(t.db, { officeId: shanghai.id, consultantId: wang.id });
    const res = await t.http
      .post(`/api/v1/cases/${kase.id}/assign`)
      .set(liAuth)
      .send({ consultantId: chen.id, officeId: shanghai.id.toUpperCase(), reason: 'Chen speaks Russian', version: 1 });
    expect(res.body).toMatchObject({ consultantId: chen.id, officeId: shanghai.id });
    expect(res.status).toBe(200);
    // Still one office: no move between offices in its history.
    const [event] = await t.db.query(
      `SELECT data->>'fromOfficeId' AS "from", data->>'toOfficeId' AS "to" FROM case_events
        WHERE case_id = $1 AND kind = 'assigned' ORDER BY created_at DESC, id DESC LIMIT 1`,
      [kase.id],
    );
    expect(event).toEqual({ from: shanghai.id, to: shanghai.id });
  });

  it('an admin names a consultant’s own office in upper case: not a move, so open cases are no obstacle', async () => {
    const admin = bearer(await t.adminToken());
    await createClientWithCase(t.db, { officeId: shanghai.id, consultantId: wang.id });
    const read = (await t.http.get(`/api/v1/consultants/${wang.id}`).set(admin).expect(200)).body;
    const res = await t.http
      .patch(`/api/v1/consultants/${wang.id}`)
      .set(admin)
      .set('If-Match', `"${read.version}"`)
      .send({ officeId: shanghai.id.toUpperCase(), capacity: read.capacity + 1 });
    expect({ status: res.status, officeId: res.body.officeId }).toEqual({ status: 200, officeId: shanghai.id });
  });
});
