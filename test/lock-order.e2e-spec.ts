/**
 * Lock order between a case written twice in one transaction and the writes that lock an office or
 * a consultant and then their cases. The second write of a case row in a transaction re-checks its
 * foreign keys (FOR KEY SHARE on the office, the consultant…), as the stage writer does when the
 * stage-path trigger rewrites the row it just moved. An office edit (which then moves its waiting
 * cases' deadlines) and a deactivation (which then returns the consultant's cases to the queue)
 * used to hold their row FOR UPDATE, which blocks FOR KEY SHARE: the two deadlocked and one of them
 * answered 409 after a second. They hold FOR NO KEY UPDATE now, which lets the key check through.
 */
import { EntityManager } from 'typeorm';
import { lockOfficeAssignments } from '../src/cases/locks';
import { RoutingService } from '../src/routing/routing.service';
import { createOffice, createUser } from './factories';
import { createCase } from './factories/cases';
import { bearer, createTestApp, TestApp } from './setup/test-app';
import { blockedOn } from './setup/lock-waits';

jest.setTimeout(30_000);

describe('lock order: a case written twice against office and consultant writes', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  /**
   * In an open transaction: `before`, then `other` starts and blocks on what it holds (a statement
   * containing `waitsIn` waits for a lock), then `after`, commit; answers what `other` answered.
   */
  async function aroundOpenTransaction<T>(
    before: (m: EntityManager) => Promise<unknown>,
    other: () => Promise<T>,
    waitsIn: string,
    after: (m: EntityManager) => Promise<unknown> = async () => undefined,
  ): Promise<T> {
    const runner = t.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await before(runner.manager);
      const answer = other();
      await blockedOn(t.db, waitsIn);
      await after(runner.manager);
      await runner.commitTransaction();
      return await answer;
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  }

  /** The case written once in an open transaction, `other` blocked on it, the case written again. */
  const writeTwiceAround = <T>(caseId: string, other: () => Promise<T>, waitsIn: string) =>
    aroundOpenTransaction(
      (m) => m.query(`UPDATE cases SET priority = 'high' WHERE id = $1`, [caseId]),
      other,
      waitsIn,
      (m) => m.query(`UPDATE cases SET priority = 'urgent' WHERE id = $1`, [caseId]),
    );

  it('lets an office calendar change wait for a case being moved, not deadlock with it', async () => {
    const office = await createOffice(t.db);
    const consultant = await createUser(t.db, { officeId: office.id });
    const c = await createCase(t.db, { officeId: office.id, consultantId: consultant.id });
    const res = await writeTwiceAround(
      c.id,
      () =>
        t.http
          .patch(`/api/v1/offices/${office.id}`)
          .set(bearer(admin))
          .send({ firstResponseSlaHours: 48 })
          .then((r) => r),
      'FOR UPDATE OF c',
    );
    expect(res.status).toBe(200);
    const [row] = await t.db.query(`SELECT priority FROM cases WHERE id = $1`, [c.id]);
    expect(row.priority).toBe('urgent');
  });

  it('moves waiting deadlines only after an assignment into the office in flight has committed', async () => {
    // A hand-over into the office holds its assignment lock while it counts the case's deadline in
    // the office's calendar: the calendar change waits for it, then moves that case's deadline too.
    const office = await createOffice(t.db);
    const consultant = await createUser(t.db, { officeId: office.id });
    const c = await createCase(t.db, { officeId: office.id, consultantId: consultant.id });
    const [before] = await t.db.query(`SELECT first_response_due_at FROM cases WHERE id = $1`, [c.id]);
    const res = await aroundOpenTransaction(
      (m) => lockOfficeAssignments(m, office.id),
      () =>
        t.http
          .patch(`/api/v1/offices/${office.id}`)
          .set(bearer(admin))
          .send({ firstResponseSlaHours: 96 })
          .then((r) => r),
      'pg_advisory_xact_lock',
    );
    expect(res.status).toBe(200);
    const [after] = await t.db.query(`SELECT first_response_due_at FROM cases WHERE id = $1`, [c.id]);
    expect(after.first_response_due_at.getTime()).toBeGreaterThan(before.first_response_due_at.getTime());
  });

  it('lets a deactivation wait for a case of theirs being moved, not deadlock with it', async () => {
    const office = await createOffice(t.db);
    const leaving = await createUser(t.db, { officeId: office.id });
    const c = await createCase(t.db, { officeId: office.id, consultantId: leaving.id });
    const res = await writeTwiceAround(
      c.id,
      () =>
        t.http
          .delete(`/api/v1/consultants/${leaving.id}`)
          .set(bearer(admin))
          .then((r) => r),
      'FOR UPDATE',
    );
    expect(res.status).toBe(200);
    const [row] = await t.db.query(`SELECT priority, consultant_id FROM cases WHERE id = $1`, [c.id]);
    expect(row).toEqual({ priority: 'urgent', consultant_id: null });
  });
});

/**
 * Lock order between routing an inquiry and merging its client. A merge holds both clients FOR
 * UPDATE and then moves their contacts, inquiries and cases; routing held the inquiry FOR UPDATE
 * and then inserted its case, whose foreign key takes the client FOR KEY SHARE. Routing in flight
 * and a merge of its client waited for each other, and Postgres broke the deadlock by failing one.
 */
describe('lock order: routing an inquiry against a merge of its client', () => {
  let t: TestApp;
  let admin: string;
  let consultantId: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
    const office = await createOffice(t.db, { isDefault: true, languages: ['en', 'ru'] });
    consultantId = (await createUser(t.db, { officeId: office.id, languages: ['en', 'ru'] })).id;
  });
  afterAll(() => t.close());

  /** A received inquiry of a company client of its own, and a survivor to merge that client into. */
  async function inquiryToMerge(): Promise<{ inquiryId: string; mergedId: string; survivorId: string }> {
    const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const posted = await t.http
      .post('/api/v1/inquiries')
      .send({
        fullName: 'Merge Race',
        email: `ceo@merge-race-${tag}.example`,
        originCountry: 'RU',
        message: 'We need a bank account in Shanghai for our trading company.',
        serviceLines: ['bank_account'],
        consent: { privacy: true },
      })
      .expect(201);
    const [{ client_id: mergedId }] = await t.db.query(`SELECT client_id FROM inquiries WHERE id = $1`, [
      posted.body.id,
    ]);
    const [{ id: survivorId }] = await t.db.query(
      `INSERT INTO clients (name, name_normalized, type) VALUES ($1, $1, 'company') RETURNING id`,
      [`race survivor ${tag}`],
    );
    return { inquiryId: posted.body.id, mergedId, survivorId };
  }

  /**
   * Holds `hold` in an open transaction, starts `first` and waits until it blocks on it (`firstWaits`),
   * starts `second` and waits until it blocks (`secondWaits`), then commits; answers both outcomes.
   */
  async function interleave(
    hold: (m: EntityManager) => Promise<unknown>,
    first: () => Promise<unknown>,
    firstWaits: string[],
    second: () => Promise<unknown>,
    secondWaits: string[],
  ): Promise<[unknown, unknown]> {
    const runner = t.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await hold(runner.manager);
      const a = first();
      await blockedOn(t.db, ...firstWaits);
      const b = second();
      await blockedOn(t.db, ...secondWaits);
      await runner.commitTransaction();
      return await Promise.all([a, b]);
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  }

  const route = (inquiryId: string) => () =>
    t.app
      .get(RoutingService)
      .routeInquiry(inquiryId)
      .catch((error: unknown) => error);
  const merge = (survivorId: string, mergedId: string) => () =>
    t.http
      .post(`/api/v1/clients/${survivorId}/merge`)
      .set(bearer(admin))
      .send({ otherClientId: mergedId })
      .then((r) => r.status);
  const leftOn = async (mergedId: string, survivorId: string) =>
    (
      await t.db.query(
        `SELECT (SELECT count(*)::int FROM cases WHERE client_id = $1) AS cases,
                (SELECT count(*)::int FROM inquiries WHERE client_id = $1) AS inquiries,
                (SELECT count(*)::int FROM cases WHERE client_id = $2) AS "survivorCases"`,
        [mergedId, survivorId],
      )
    )[0];
  // The merge waits for routing's hold on the client, or (before) on the inquiry routing locked.
  const MERGE_WAITS = ['FROM clients WHERE id = ANY', 'UPDATE inquiries SET client_id'];

  it('lets a merge wait for routing of one of its inquiries in flight, not deadlock with it', async () => {
    const { inquiryId, mergedId, survivorId } = await inquiryToMerge();
    // Routing stops inside its write (the consultant's row is held) with the inquiry locked.
    const [routed, merged] = await interleave(
      (m) => m.query(`SELECT 1 FROM consultants WHERE id = $1 FOR UPDATE`, [consultantId]),
      route(inquiryId),
      ['INSERT INTO cases (id, reference, inquiry_id'],
      merge(survivorId, mergedId),
      MERGE_WAITS,
    );
    expect({ routed, merged }).toMatchObject({ routed: { status: 'routed' }, merged: 200 });
    expect(await leftOn(mergedId, survivorId)).toEqual({ cases: 0, inquiries: 0, survivorCases: 1 });
  });

  it('lets routing wait for a merge of its client in flight, and files the case with the survivor', async () => {
    const { inquiryId, mergedId, survivorId } = await inquiryToMerge();
    // The merge stops moving the contacts (one is held), with both clients locked.
    const [merged, routed] = await interleave(
      (m) => m.query(`SELECT 1 FROM contacts WHERE client_id = $1 FOR UPDATE`, [mergedId]),
      merge(survivorId, mergedId),
      ['UPDATE contacts SET client_id'],
      route(inquiryId),
      ['FOR KEY SHARE', 'INSERT INTO cases (id, reference, inquiry_id'],
    );
    expect({ routed, merged }).toMatchObject({ routed: { status: 'routed' }, merged: 200 });
    expect(await leftOn(mergedId, survivorId)).toEqual({ cases: 0, inquiries: 0, survivorCases: 1 });
  });
});
