/**
 * A hand-over racing the SLA path. A hand-over reads its case, then waits for the target office's
 * assignment lock (routing, a drain or another hand-over may hold it) before it writes; a first
 * answer or a breach that commits meanwhile does not move the case's version. What the hand-over
 * decides from the case's answer and breach — above all a deadline recounted in the new office —
 * must see them as they are when it writes, not as they were when it read.
 */
import { EntityManager } from 'typeorm';
import { lockOfficeAssignments } from '../src/cases/locks';
import { createOffice, createUser } from './factories';
import { createCase } from './factories/pipeline';
import { bearer, createTestApp, TestApp } from './setup/test-app';
import { waitFor } from './setup/wait';

jest.setTimeout(60_000);

describe('hand-over racing the SLA path', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  /** Resolves once a backend of this spec's database waits for a lock in a statement containing `fragment`. */
  const blockedOn = (fragment: string) =>
    waitFor(async () => {
      const rows = await t.db.query(
        `SELECT 1 FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%' || $1 || '%'`,
        [fragment],
      );
      return rows.length > 0;
    }, `a statement waiting on ${fragment}`);

  /** Holds `officeId`'s assignment lock while `other` starts and blocks on it, runs `meanwhile`, then lets go. */
  async function whileOfficeLocked<T>(officeId: string, other: () => Promise<T>, meanwhile: () => Promise<unknown>) {
    const runner = t.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await lockOfficeAssignments(runner.manager as EntityManager, officeId);
      const answer = other();
      await blockedOn('pg_advisory_xact_lock');
      await meanwhile();
      await runner.commitTransaction();
      return await answer;
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  }

  it('keeps the deadline of a case answered while its move to another office waited for the lock', async () => {
    // The first office gives the case a day still ahead; the second, counting from the inquiry's
    // arrival ten days ago, a deadline long gone.
    const first = await createOffice(t.db, { timezone: 'UTC' });
    const second = await createOffice(t.db, { timezone: 'UTC', slaHours: 1 });
    const holder = await createUser(t.db, { officeId: first.id });
    const taker = await createUser(t.db, { officeId: second.id });
    const due = new Date(Date.now() + 86_400_000);
    const c = await createCase(t.db, {
      officeId: first.id,
      consultantId: holder.id,
      createdAt: new Date(Date.now() - 10 * 86_400_000),
      firstResponseDueAt: due,
    });
    const holderToken = (await t.login(holder.email, holder.password)).accessToken;

    const moved = await whileOfficeLocked(
      second.id,
      () =>
        t.http
          .post(`/api/v1/cases/${c.caseId}/assign`)
          .set(bearer(admin))
          .send({ consultantId: taker.id, officeId: second.id, reason: 'Client prefers the other office', version: 1 })
          .then((res) => res),
      // The holder calls the investor back in time, while the move waits.
      () =>
        t.http
          .post(`/api/v1/cases/${c.caseId}/activities`)
          .set(bearer(holderToken))
          .send({ type: 'call', direction: 'outbound', body: 'Called the investor back.' })
          .expect(201),
    );
    expect(moved.status).toBe(200);

    // Answered on time before the move: its deadline is history and stays, and the answer is met.
    const [row] = await t.db.query(
      `SELECT office_id, first_response_due_at, first_response_given_due_at, first_responded_at, sla_breached
         FROM cases WHERE id = $1`,
      [c.caseId],
    );
    expect(row.office_id).toBe(second.id);
    expect(row.first_responded_at).not.toBeNull();
    expect(row.first_response_due_at.toISOString()).toBe(due.toISOString());
    expect(row.sla_breached).toBe(false);
    expect(
      await t.db.query(
        `SELECT 1 FROM outbox WHERE topic = 'check-sla' AND payload->>'caseId' = $1 AND job_id LIKE '%:moved:%'`,
        [c.caseId],
      ),
    ).toHaveLength(0);
    const report = await t.http
      .get('/api/v1/reports/sla')
      .query({ officeId: second.id })
      .set(bearer(admin))
      .expect(200);
    expect(report.body.totals).toMatchObject({ missed: 0 });
  });
});
