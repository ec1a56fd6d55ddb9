/**
 * Lock order between a case written twice in one transaction and the writes that lock an office or
 * a consultant and then their cases. The second write of a case row in a transaction re-checks its
 * foreign keys (FOR KEY SHARE on the office, the consultant…), as the stage writer does when the
 * stage-path trigger rewrites the row it just moved. An office edit (which then moves its waiting
 * cases' deadlines) and a deactivation (which then returns the consultant's cases to the queue)
 * used to hold their row FOR UPDATE, which blocks FOR KEY SHARE: the two deadlocked and one of them
 * answered 409 after a second. They hold FOR NO KEY UPDATE now, which lets the key check through.
 */
import { DataSource, EntityManager } from 'typeorm';
import { lockOfficeAssignments } from '../src/cases/locks';
import { createOffice, createUser } from './factories';
import { createCase } from './factories/cases';
import { bearer, createTestApp, TestApp } from './setup/test-app';
import { waitFor } from './setup/wait';

jest.setTimeout(30_000);

/** Resolves once a backend of this spec's database waits for a lock in a statement containing `fragment`. */
const blockedOn = (db: DataSource, fragment: string) =>
  waitFor(async () => {
    const rows = await db.query(
      `SELECT 1 FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%' || $1 || '%'`,
      [fragment],
    );
    return rows.length > 0;
  }, `a statement waiting on ${fragment}`);

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
