/**
 * Staff writes racing the SLA path, made to interleave by holding the locks they wait for. A
 * hand-over reads its case, then waits for the target office's assignment lock; a first answer or
 * a breach that commits meanwhile moves no version, so what it decides from them (a deadline
 * recounted in the new office) must be read again when it writes. A staff edit locks the office a
 * consultant works in, read before the lock; moved meanwhile, the lock is the wrong one, and a
 * reassign-on-breach there could hand a case to someone being deactivated.
 */
import { EntityManager } from 'typeorm';
import { lockOfficeAssignments } from '../src/cases/locks';
import { SlaService } from '../src/sla/sla.service';
import { createOffice, createUser } from './factories';
import { createCase } from './factories/pipeline';
import { bearer, createTestApp, TestApp } from './setup/test-app';
import { blockedOn, lockWaiters } from './setup/lock-waits';
import { waitFor } from './setup/wait';

jest.setTimeout(60_000);

describe('staff writes racing the SLA path', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  /** Holds `officeId`'s assignment lock while `other` starts and blocks on it, runs `meanwhile`, then lets go. */
  async function whileOfficeLocked<T>(officeId: string, other: () => Promise<T>, meanwhile: () => Promise<unknown>) {
    const runner = t.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await lockOfficeAssignments(runner.manager as EntityManager, officeId);
      const answer = other();
      await blockedOn(t.db, 'pg_advisory_xact_lock');
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

  it('never leaves a case with a consultant deactivated while a move to another office was in flight', async () => {
    // Someone is moved to the second office while, at the same moment, they are deactivated; a case
    // of the second office breaches meanwhile and is re-routed inside it.
    const first = await createOffice(t.db);
    const second = await createOffice(t.db, { reassignOnBreach: true });
    const leaver = await createUser(t.db, { officeId: first.id });
    await t.login(leaver.email, leaver.password); // a session, for the deactivation to end
    const patch = (body: object) =>
      t.http
        .patch(`/api/v1/consultants/${leaver.id}`)
        .set(bearer(admin))
        .send(body)
        .then((res) => res);

    const rowHold = t.db.createQueryRunner();
    const sessionHold = t.db.createQueryRunner();
    for (const r of [rowHold, sessionHold]) {
      await r.connect();
      await r.startTransaction();
    }
    try {
      // The move takes both offices' locks, then waits for the consultant's row.
      await rowHold.query(`SELECT 1 FROM consultants WHERE id = $1 FOR NO KEY UPDATE`, [leaver.id]);
      const move = patch({ officeId: second.id });
      await blockedOn(t.db, 'FOR NO KEY UPDATE');
      // The deactivation reads their office (still the first) and waits for that office's lock.
      const deactivation = patch({ active: false });
      await blockedOn(t.db, 'pg_advisory_xact_lock(hashtext($1))');
      // It will then stop at ending their sessions, holding their row.
      await sessionHold.query(`SELECT 1 FROM refresh_tokens WHERE user_id = $1 FOR UPDATE`, [leaver.id]);
      await rowHold.commitTransaction();
      expect((await move).status).toBe(200);
      // The deactivation goes on: it stops at their sessions, holding their row, unless it is refused.
      let answered = false;
      void deactivation.then(() => (answered = true));
      await waitFor(async () => answered || (await lockWaiters(t.db)) >= 1, 'the deactivation to stop or answer');

      const c = await createCase(t.db, {
        officeId: second.id,
        consultantId: null,
        firstResponseDueAt: new Date(Date.now() - 60_000),
      });
      let checked = false;
      const check = t.app
        .get(SlaService)
        .checkCase(c.caseId, new Date())
        .finally(() => (checked = true));
      await waitFor(async () => checked || (await lockWaiters(t.db)) >= 2, 'the breach check to stop or finish');
      await sessionHold.commitTransaction();
      const deactivated = await deactivation;
      expect(await check).toBe('breached');

      // Nobody inactive holds an open case.
      const orphaned = await t.db.query(
        `SELECT c.id FROM cases c JOIN stages s ON s.code = c.stage_code AND s.category = 'open'
           JOIN consultants k ON k.id = c.consultant_id
          WHERE NOT k.active`,
      );
      expect(orphaned).toEqual([]);
      // The deactivation locked the office the consultant was in when it read them, not the one
      // they were moved to: it is refused as crossing the move, and they stay active, with the case
      // re-routed to them meanwhile; sent again, it returns the case to the queue.
      expect(deactivated.status).toBe(409);
      expect((await t.db.query(`SELECT consultant_id FROM cases WHERE id = $1`, [c.caseId]))[0].consultant_id).toBe(
        leaver.id,
      );
      expect((await patch({ active: false })).status).toBe(200);
      expect((await t.db.query(`SELECT consultant_id FROM cases WHERE id = $1`, [c.caseId]))[0].consultant_id).toBe(
        null,
      );
    } finally {
      for (const r of [rowHold, sessionHold]) {
        if (r.isTransactionActive) await r.rollbackTransaction();
        await r.release();
      }
    }
  });
});
