import { createOffice, createUser } from './factories';
import { createCase } from './factories/cases';
import { mintToken } from './factories/security';
import { bearer, createTestApp, TestApp } from './setup/test-app';

describe('Consultants (staff users)', () => {
  let t: TestApp;
  let admin: string;
  let officeA: { id: string };
  let officeB: { id: string };
  let managerA: string;
  let consultantA: string;
  let colleagueA: { id: string };
  let strangerB: { id: string; email: string; password: string };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
    officeA = await createOffice(t.db);
    officeB = await createOffice(t.db);
    const m = await createUser(t.db, { officeId: officeA.id, role: 'manager' });
    const c = await createUser(t.db, { officeId: officeA.id });
    colleagueA = await createUser(t.db, { officeId: officeA.id });
    strangerB = await createUser(t.db, { officeId: officeB.id });
    managerA = (await t.login(m.email, m.password)).accessToken;
    consultantA = (await t.login(c.email, c.password)).accessToken;
  });
  afterAll(() => t.close());

  it('lets a manager add a consultant to their own office, with derived load', async () => {
    const res = await t.http
      .post('/api/v1/consultants')
      .set(bearer(managerA))
      .send({
        fullName: 'Anna Sokolova',
        email: ' Anna.Sokolova@Advisory.Example ',
        officeId: officeA.id,
        role: 'consultant',
        languages: ['ru', 'en'],
        serviceLines: ['bank_account'],
        capacity: 12,
        password: 'a-long-password',
      })
      .expect(201);
    expect(res.body).toMatchObject({
      email: 'anna.sokolova@advisory.example',
      openCases: 0,
      utilization: 0,
      lastAssignedAt: null,
      outOfOffice: [],
      capacity: 12,
    });
    expect(res.body.password).toBeUndefined();
    expect(res.body.passwordHash).toBeUndefined();
    await t.login('anna.sokolova@advisory.example', 'a-long-password');
    const dup = await t.http
      .post('/api/v1/consultants')
      .set(bearer(admin))
      .send({ fullName: 'Other', email: 'ANNA.SOKOLOVA@advisory.example', officeId: officeA.id, role: 'consultant' });
    expect(dup.status).toBe(409);
  });

  it('keeps managers inside their office and away from roles', async () => {
    const other = await t.http.patch(`/api/v1/consultants/${strangerB.id}`).set(bearer(managerA)).send({ capacity: 1 });
    expect(other.status).toBe(404);
    const intoB = await t.http
      .post('/api/v1/consultants')
      .set(bearer(managerA))
      .send({ fullName: 'X Y', email: 'x.y@advisory.example', officeId: officeB.id, role: 'consultant' });
    expect(intoB.status).toBe(403);
    const promote = await t.http
      .patch(`/api/v1/consultants/${colleagueA.id}`)
      .set(bearer(managerA))
      .send({ role: 'admin' });
    expect(promote.status).toBe(403);
    const move = await t.http
      .patch(`/api/v1/consultants/${colleagueA.id}`)
      .set(bearer(managerA))
      .send({ officeId: officeB.id });
    expect(move.status).toBe(403);
    expect(
      (await t.http.patch(`/api/v1/consultants/${colleagueA.id}`).set(bearer(managerA)).send({ capacity: 15 })).body
        .capacity,
    ).toBe(15);
  });

  it('lets consultants read their office\u2019s staff but not change anyone or see other offices', async () => {
    const list = await t.http.get('/api/v1/consultants?pageSize=100').set(bearer(consultantA)).expect(200);
    expect(list.body.data.every((c: { officeId: string }) => c.officeId === officeA.id)).toBe(true);
    expect((await t.http.get(`/api/v1/consultants/${strangerB.id}`).set(bearer(consultantA))).status).toBe(404);
    expect(
      (await t.http.patch(`/api/v1/consultants/${colleagueA.id}`).set(bearer(consultantA)).send({ capacity: 1 }))
        .status,
    ).toBe(403);
    expect(
      (
        await t.http
          .post('/api/v1/consultants')
          .set(bearer(consultantA))
          .send({ fullName: 'Z Z', email: 'z@z.example', officeId: officeA.id, role: 'consultant' })
      ).status,
    ).toBe(403);
  });

  it('records and removes out-of-office periods', async () => {
    const res = await t.http
      .post(`/api/v1/consultants/${colleagueA.id}/out-of-office`)
      .set(bearer(managerA))
      .send({ from: '2030-01-01T00:00:00Z', to: '2030-01-10T00:00:00Z', note: 'Leave' })
      .expect(201);
    expect(res.body.outOfOffice).toEqual([
      { id: expect.any(String), from: '2030-01-01T00:00:00.000Z', to: '2030-01-10T00:00:00.000Z', note: 'Leave' },
    ]);
    const bad = await t.http
      .post(`/api/v1/consultants/${colleagueA.id}/out-of-office`)
      .set(bearer(managerA))
      .send({ from: '2030-01-10T00:00:00Z', to: '2030-01-01T00:00:00Z' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('to');
    // One leave at a time: an overlapping one is refused, an adjoining one is fine.
    const overlapping = await t.http
      .post(`/api/v1/consultants/${colleagueA.id}/out-of-office`)
      .set(bearer(managerA))
      .send({ from: '2030-01-05T00:00:00Z', to: '2030-01-12T00:00:00Z' });
    expect(overlapping.status).toBe(409);
    expect(overlapping.body).toMatchObject({ code: 'consultant.out_of_office_overlaps', errors: [{ field: 'from' }] });
    const adjoining = await t.http
      .post(`/api/v1/consultants/${colleagueA.id}/out-of-office`)
      .set(bearer(managerA))
      .send({ from: '2030-01-10T00:00:00Z', to: '2030-01-12T00:00:00Z' })
      .expect(201);
    await t.http
      .delete(`/api/v1/consultants/${colleagueA.id}/out-of-office/${adjoining.body.outOfOffice[1].id}`)
      .set(bearer(managerA))
      .expect(200);
    const removed = await t.http
      .delete(`/api/v1/consultants/${colleagueA.id}/out-of-office/${res.body.outOfOffice[0].id}`)
      .set(bearer(managerA))
      .expect(200);
    expect(removed.body.outOfOffice).toEqual([]);
  });

  it('detects a stale version on PATCH, sent as version or If-Match', async () => {
    const current = (await t.http.get(`/api/v1/consultants/${colleagueA.id}`).set(bearer(admin))).body;
    await t.http
      .patch(`/api/v1/consultants/${colleagueA.id}`)
      .set(bearer(admin))
      .send({ capacity: 9, version: current.version })
      .expect(200);
    const stale = await t.http
      .patch(`/api/v1/consultants/${colleagueA.id}`)
      .set(bearer(admin))
      .send({ capacity: 8, version: current.version });
    expect(stale.status).toBe(409);
    // a stale If-Match is a 409 too, never ignored; a current one edits
    const staleHeader = await t.http
      .patch(`/api/v1/consultants/${colleagueA.id}`)
      .set(bearer(admin))
      .set('If-Match', `"${current.version}"`)
      .send({ capacity: 8 });
    expect(staleHeader.status).toBe(409);
    const fresh = await t.http
      .patch(`/api/v1/consultants/${colleagueA.id}`)
      .set(bearer(admin))
      .set('If-Match', `"${current.version + 1}"`)
      .send({ capacity: 8 })
      .expect(200);
    expect(fresh.body).toMatchObject({ capacity: 8, version: current.version + 2 });
  });

  it('refuses a language code that is not ISO 639-1 and writes nothing', async () => {
    const before = (await t.http.get(`/api/v1/consultants/${colleagueA.id}`).set(bearer(admin))).body;
    const res = await t.http
      .patch(`/api/v1/consultants/${colleagueA.id}`)
      .set(bearer(admin))
      .send({ languages: ['ru', 'xx'] });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'languages', message: 'must hold ISO 639-1 codes such as ru' }]);
    const after = (await t.http.get(`/api/v1/consultants/${colleagueA.id}`).set(bearer(admin))).body;
    expect(after.languages).toEqual(before.languages);
    // The list filter too: `RU` or `xx` is a 400, not an empty page.
    for (const language of ['RU', 'xx']) {
      const list = await t.http.get('/api/v1/consultants').query({ language }).set(bearer(admin));
      expect(list.body).toMatchObject({ status: 400, errors: [{ field: 'language' }] });
    }
    await t.http.get('/api/v1/consultants').query({ language: 'ru' }).set(bearer(admin)).expect(200);
  });

  it('refuses mass assignment of derived or internal fields', async () => {
    const res = await t.http
      .patch(`/api/v1/consultants/${colleagueA.id}`)
      .set(bearer(admin))
      .send({ openCases: 0, passwordHash: 'x', lastAssignedAt: null });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'lastAssignedAt',
      'openCases',
      'passwordHash',
    ]);
  });

  it('never lets the last admin be deactivated', async () => {
    const me = (await t.http.get('/api/v1/auth/me').set(bearer(admin))).body;
    expect((await t.http.delete(`/api/v1/consultants/${me.id}`).set(bearer(admin))).status).toBe(409);
  });

  it('keeps one active admin when the last two remove each other at the same moment', async () => {
    // Only two active admins for the length of the test: X and Y.
    // TypeORM answers an UPDATE … RETURNING as [rows, count].
    const [deactivated]: [Array<{ id: string }>, number] = await t.db.query(
      `UPDATE consultants SET active = false WHERE role = 'admin' AND active RETURNING id`,
    );
    const others = deactivated.map((r) => r.id);
    try {
      const x = await createUser(t.db, { role: 'admin', officeId: null });
      const y = await createUser(t.db, { role: 'admin', officeId: null });
      const as = (u: { id: string }) => bearer(mintToken(t, { id: u.id, role: 'admin', officeId: null }));
      const rounds: Array<[string, () => Promise<{ status: number }>, () => Promise<{ status: number }>]> = [
        [
          'each deactivates the other',
          () => t.http.delete(`/api/v1/consultants/${y.id}`).set(as(x)),
          () => t.http.delete(`/api/v1/consultants/${x.id}`).set(as(y)),
        ],
        [
          'one deactivates the other, who demotes the first',
          () => t.http.delete(`/api/v1/consultants/${y.id}`).set(as(x)),
          () => t.http.patch(`/api/v1/consultants/${x.id}`).set(as(y)).send({ role: 'manager', officeId: officeA.id }),
        ],
      ];
      for (const [what, first, second] of [...rounds, ...rounds, ...rounds]) {
        await t.db.query(`UPDATE consultants SET active = true, role = 'admin', office_id = NULL WHERE id = ANY($1)`, [
          [x.id, y.id],
        ]);
        const statuses = (await Promise.all([first(), second()])).map((r) => r.status).sort();
        const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM consultants WHERE role = 'admin' AND active`);
        // The second request either finds the last admin (409) or, checked after the first's
        // commit, an actor no longer active or no longer an admin (401, 403).
        expect({ what, admins: n, first: statuses[0] }).toEqual({ what, admins: 1, first: 200 });
        expect([401, 403, 409]).toContain(statuses[1]);
      }
    } finally {
      await t.db.query(`UPDATE consultants SET active = true WHERE id = ANY($1)`, [others]);
    }
  });

  it('adds nobody to a deactivated office, and moves nobody there', async () => {
    const closed = await createOffice(t.db);
    await t.db.query(`UPDATE offices SET active = false WHERE id = $1`, [closed.id]);
    const created = await t.http
      .post('/api/v1/consultants')
      .set(bearer(admin))
      .send({
        fullName: 'Late Joiner',
        email: `late.${Date.now()}@advisory.example`,
        officeId: closed.id,
        role: 'consultant',
      });
    expect(created.status).toBe(400);
    expect(created.body.errors).toEqual([{ field: 'officeId', message: 'does not name an office you can use' }]);
    const moved = await t.http
      .patch(`/api/v1/consultants/${colleagueA.id}`)
      .set(bearer(admin))
      .send({ officeId: closed.id });
    expect(moved.status).toBe(400);
    // Staff already there keep being editable after the office closes.
    const stays = await createUser(t.db, { officeId: closed.id });
    await t.http.patch(`/api/v1/consultants/${stays.id}`).set(bearer(admin)).send({ capacity: 3 }).expect(200);
  });

  it('refuses to move a consultant with open cases to another office until they are handed over', async () => {
    const mover = await createUser(t.db, { officeId: officeA.id });
    const open = await createCase(t.db, { officeId: officeA.id, consultantId: mover.id });
    await createCase(t.db, { officeId: officeA.id, consultantId: mover.id, stage: 'lost' });
    const res = await t.http
      .patch(`/api/v1/consultants/${mover.id}`)
      .set(bearer(admin))
      .send({ officeId: officeB.id })
      .expect(409);
    expect(res.body).toMatchObject({
      code: 'consultant.has_open_cases',
      errors: [{ field: 'officeId', message: 'cannot change while 1 open case is assigned to them' }],
    });
    const [row] = await t.db.query(`SELECT office_id, version FROM consultants WHERE id = $1`, [mover.id]);
    expect(row).toEqual({ office_id: officeA.id, version: 1 });
    // Handed to the office queue, the case stays in office A; now the move goes through.
    await t.db.query(`UPDATE cases SET consultant_id = NULL WHERE id = $1`, [open.id]);
    const moved = await t.http
      .patch(`/api/v1/consultants/${mover.id}`)
      .set(bearer(admin))
      .send({ officeId: officeB.id })
      .expect(200);
    expect(moved.body.officeId).toBe(officeB.id);
  });

  it('returns a deactivated consultant\u2019s open cases to the office queue, where someone available takes them', async () => {
    const office = await createOffice(t.db);
    const leaver = await createUser(t.db, { officeId: office.id, serviceLines: ['bank_account'] });
    const stays = await createUser(t.db, { officeId: office.id, capacity: 1, serviceLines: ['bank_account'] });
    const older = await createCase(t.db, {
      officeId: office.id,
      consultantId: leaver.id,
      serviceLines: ['bank_account'],
      createdAt: new Date(Date.now() - 3_600_000),
    });
    const newer = await createCase(t.db, {
      officeId: office.id,
      consultantId: leaver.id,
      serviceLines: ['bank_account'],
    });
    const won = await createCase(t.db, { officeId: office.id, consultantId: leaver.id, stage: 'engaged' });

    const res = await t.http.delete(`/api/v1/consultants/${leaver.id}`).set(bearer(admin)).expect(200);
    expect(res.body).toMatchObject({ active: false, openCases: 0 });

    const rows = await t.db.query(`SELECT id, consultant_id, version FROM cases WHERE id = ANY($1)`, [
      [older.id, newer.id, won.id],
    ]);
    const holder = Object.fromEntries(
      rows.map((r: { id: string; consultant_id: string | null }) => [r.id, r.consultant_id]),
    );
    // The colleague had room for one: the oldest; the other waits in the queue; history keeps the won case.
    expect(holder).toEqual({ [older.id]: stays.id, [newer.id]: null, [won.id]: leaver.id });
    const [event] = await t.db.query(
      `SELECT actor_id, data FROM case_events WHERE case_id = $1 AND kind = 'assigned' AND data->>'via' = 'hand_over'`,
      [newer.id],
    );
    expect(event.data).toMatchObject({
      fromConsultantId: leaver.id,
      toConsultantId: null,
      reason: 'returned to the queue: its consultant was deactivated',
    });
    const audits = await t.db.query(`SELECT 1 FROM audit_entries WHERE entity_id = $1 AND action = 'case.assigned'`, [
      newer.id,
    ]);
    expect(audits).toHaveLength(1);
  });

  it('hands the office queue, oldest first, to a consultant back from leave', async () => {
    const office = await createOffice(t.db);
    const returning = await createUser(t.db, { officeId: office.id, capacity: 2, serviceLines: ['bank_account'] });
    const leave = await t.http
      .post(`/api/v1/consultants/${returning.id}/out-of-office`)
      .set(bearer(admin))
      .send({
        from: new Date(Date.now() - 86_400_000).toISOString(),
        to: new Date(Date.now() + 86_400_000).toISOString(),
      })
      .expect(201);
    const oldest = await createCase(t.db, {
      officeId: office.id,
      consultantId: null,
      serviceLines: ['bank_account'],
      createdAt: new Date(Date.now() - 3_600_000),
    });
    const middle = await createCase(t.db, {
      officeId: office.id,
      consultantId: null,
      serviceLines: ['bank_account'],
      createdAt: new Date(Date.now() - 1_800_000),
    });
    const newest = await createCase(t.db, {
      officeId: office.id,
      consultantId: null,
      serviceLines: ['bank_account'],
      createdAt: new Date(),
    });
    await t.http
      .delete(`/api/v1/consultants/${returning.id}/out-of-office/${leave.body.outOfOffice[0].id}`)
      .set(bearer(admin))
      .expect(200);
    const rows = await t.db.query(`SELECT id, consultant_id FROM cases WHERE id = ANY($1)`, [
      [oldest.id, middle.id, newest.id],
    ]);
    const owner = Object.fromEntries(
      rows.map((r: { id: string; consultant_id: string | null }) => [r.id, r.consultant_id]),
    );
    expect(owner).toEqual({ [oldest.id]: returning.id, [middle.id]: returning.id, [newest.id]: null });
  });
});
