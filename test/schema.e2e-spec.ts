/**
 * The schema comes from migrations only: run every migration on an empty database, then ask
 * TypeORM what it would change to match the entities. Anything but nothing means an entity and
 * the migrations disagree. Also proves every migration can be reverted and re-applied.
 */
import { DataSource, QueryRunner } from 'typeorm';
import { ClosedAtOfOutcome1795831600000 } from '../migrations/1795831600000-ClosedAtOfOutcome';
import { AssignedEventShape1795831900000 } from '../migrations/1795831900000-AssignedEventShape';
import { QuarantinedClients1795832000000 } from '../migrations/1795832000000-QuarantinedClients';
import { BreachedUnder1795832100000 } from '../migrations/1795832100000-BreachedUnder';
import { SlaHolder1795832300000 } from '../migrations/1795832300000-SlaHolder';
import { UpgradeRepairs1795832500000 } from '../migrations/1795832500000-UpgradeRepairs';
import { BreachedOffice1795832600000 } from '../migrations/1795832600000-BreachedOffice';
import { FirstResponseGivenDue1795832700000 } from '../migrations/1795832700000-FirstResponseGivenDue';
import { ClosedSince1795832900000 } from '../migrations/1795832900000-ClosedSince';
import { LateArrivalHolder1795833000000 } from '../migrations/1795833000000-LateArrivalHolder';
import { AsciiClientDomains1795833100000 } from '../migrations/1795833100000-AsciiClientDomains';
import { createOffice, createUser } from './factories';
import { typeormOptions } from '../src/database/typeorm-options';
import { createCase } from './factories/cases';
import { createReportCase } from './factories/reports';
import { createTestDatabase } from './setup/test-app';

/**
 * Runs `fn` on a fresh copy of the migrated template, with a query runner for calling one
 * migration's up() or down() by hand (the data-repairing migrations are tested that way).
 */
async function onMigratedCopy(fn: (data: DataSource, runner: QueryRunner) => Promise<void>): Promise<void> {
  const db = await createTestDatabase();
  const data = new DataSource(typeormOptions(db.url));
  await data.initialize();
  const runner = data.createQueryRunner();
  try {
    await fn(data, runner);
  } finally {
    await runner.release();
    await data.destroy();
    await db.drop();
  }
}

describe('Schema', () => {
  let dropEmpty: (() => Promise<void>) | undefined;
  let ds: DataSource | undefined;
  afterAll(async () => {
    await ds?.destroy();
    await dropEmpty?.();
  });

  it('migrations build a schema that matches the entities exactly, and revert cleanly', async () => {
    // An empty database, not the template: this run is the proof that migrations alone suffice.
    const empty = await createTestDatabase({ empty: true });
    dropEmpty = empty.drop;
    ds = new DataSource(typeormOptions(empty.url));
    await ds.initialize();
    const applied = await ds.runMigrations({ transaction: 'each' });
    expect(applied.length).toBeGreaterThan(0);

    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);

    for (let i = 0; i < applied.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    const tables: Array<{ table_name: string }> = await ds.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations'`,
    );
    expect(tables).toEqual([]);
    expect(await ds.runMigrations({ transaction: 'each' })).toHaveLength(applied.length);
  });

  it('seeds the twelve base service lines and six base stages', async () => {
    const lines = await ds!.query(`SELECT code FROM service_lines ORDER BY position`);
    expect(lines.map((l: { code: string }) => l.code)).toEqual([
      'company_formation',
      'bank_account',
      'tax',
      'accounting',
      'payroll_hr',
      'legal_compliance',
      'audit',
      'due_diligence',
      'market_intelligence',
      'trade_customs',
      'visa_immigration',
      'investment_advisory',
    ]);
    const stages = await ds!.query(`SELECT code, probability, category FROM stages ORDER BY position`);
    expect(stages).toEqual([
      { code: 'new', probability: 10, category: 'open' },
      { code: 'contacted', probability: 20, category: 'open' },
      { code: 'qualified', probability: 40, category: 'open' },
      { code: 'proposal', probability: 60, category: 'open' },
      { code: 'engaged', probability: 100, category: 'won' },
      { code: 'lost', probability: 0, category: 'lost' },
    ]);
  });

  it('repairs the close date of cases moved between won and lost before the writer dated it', async () => {
    await onMigratedCopy(async (data, runner) => {
      const office = await createOffice(data);
      const day = (n: number) => new Date(Date.UTC(2026, 0, n));
      const kase = async (path: Array<[string, number]>, closedAt: Date | null) => {
        const c = await createCase(data, { officeId: office.id, createdAt: day(1), stage: path[path.length - 1][0] });
        let from = 'new';
        for (const [to, n] of path) {
          await data.query(
            `INSERT INTO stage_events (case_id, from_stage, to_stage, created_at) VALUES ($1, $2, $3, $4)`,
            [c.id, from, to, day(n)],
          );
          from = to;
        }
        await data.query(`UPDATE cases SET closed_at = $2 WHERE id = $1`, [c.id, closedAt]);
        return c.id;
      };
      const lostThenWon = await kase(
        [
          ['lost', 5],
          ['engaged', 9],
        ],
        day(5),
      );
      const wonThenLost = await kase(
        [
          ['engaged', 5],
          ['lost', 7],
        ],
        day(5),
      );
      const plainWin = await kase([['engaged', 4]], day(4));
      // lost, found won, reopened and won again later: its date is already the newest
      const closedAgain = await kase(
        [
          ['lost', 3],
          ['engaged', 4],
          ['qualified', 6],
          ['engaged', 8],
        ],
        day(8),
      );
      // lost, found won, then reopened: open cases have no close date
      const reopened = await kase(
        [
          ['lost', 3],
          ['engaged', 4],
          ['qualified', 6],
        ],
        null,
      );

      await new ClosedAtOfOutcome1795831600000().up(runner);

      const rows: Array<{ id: string; closed_at: Date | null }> = await data.query(
        `SELECT id, closed_at FROM cases WHERE office_id = $1`,
        [office.id],
      );
      const closed = new Map(rows.map((r) => [r.id, r.closed_at?.toISOString() ?? null]));
      expect(closed.get(lostThenWon)).toBe(day(9).toISOString());
      expect(closed.get(wonThenLost)).toBe(day(7).toISOString());
      expect(closed.get(plainWin)).toBe(day(4).toISOString());
      expect(closed.get(closedAgain)).toBe(day(8).toISOString());
      expect(closed.get(reopened)).toBeNull();
    });
  });

  it('rewrites the assigned events routing wrote before into the shape every assignment has', async () => {
    await onMigratedCopy(async (data, runner) => {
      const office = await createOffice(data);
      const c = await createCase(data, { officeId: office.id });
      const old = { by: 'routing', strategy: 'territory', toConsultantId: null, toOfficeId: office.id };
      const handOver = { via: 'hand_over', by: 'someone', reason: 'leave', toOfficeId: office.id };
      await data.query(
        `INSERT INTO case_events (case_id, kind, data) VALUES ($1, 'assigned', $2::jsonb), ($1, 'assigned', $3::jsonb)`,
        [c.id, JSON.stringify(old), JSON.stringify(handOver)],
      );
      await new AssignedEventShape1795831900000().up(runner);
      const rows = await data.query(
        `SELECT data FROM case_events WHERE case_id = $1 AND kind = 'assigned' ORDER BY id`,
        [c.id],
      );
      // the last two: the factory's own routing event comes first
      expect(rows.slice(-2).map((r: { data: unknown }) => r.data)).toEqual([
        {
          via: 'routing',
          fromConsultantId: null,
          toConsultantId: null,
          fromOfficeId: null,
          toOfficeId: office.id,
          reason: null,
          by: null,
          strategy: 'territory',
        },
        handOver,
      ]);
    });
  });

  it('quarantines the clients that only spam knows, and no other', async () => {
    await onMigratedCopy(async (data, runner) => {
      const migration = new QuarantinedClients1795832000000();
      await migration.down(runner);
      const office = await createOffice(data);
      const real = await createCase(data, { officeId: office.id });
      const spammed = await createCase(data, { officeId: office.id });
      // a client whose inquiry is spam, with no case: a bot's
      await data.query(`UPDATE inquiries SET status = 'spam' WHERE id = $1`, [spammed.inquiryId]);
      await data.query(`DELETE FROM cases WHERE id = $1`, [spammed.id]);
      await migration.up(runner);
      const rows: Array<{ id: string; quarantined: boolean }> = await data.query(
        `SELECT id, quarantined FROM clients WHERE id = ANY($1::uuid[])`,
        [[real.clientId, spammed.clientId]],
      );
      expect(Object.fromEntries(rows.map((r) => [r.id, r.quarantined]))).toEqual({
        [real.clientId]: false,
        [spammed.clientId]: true,
      });
    });
  });

  it('records who held each case breached before, from its breach event', async () => {
    await onMigratedCopy(async (data, runner) => {
      const migration = new BreachedUnder1795832100000();
      await migration.down(runner);
      const office = await createOffice(data);
      const held = await createUser(data, { officeId: office.id });
      const now = await createUser(data, { officeId: office.id });
      const breached = await createCase(data, { officeId: office.id, consultantId: now.id, slaBreached: true });
      const queued = await createCase(data, { officeId: office.id, consultantId: now.id, slaBreached: true });
      await data.query(
        `INSERT INTO case_events (case_id, kind, data) VALUES ($1, 'sla_breached', $2::jsonb), ($3, 'sla_breached', $4::jsonb)`,
        [breached.id, JSON.stringify({ consultantId: held.id }), queued.id, JSON.stringify({ consultantId: null })],
      );
      await migration.up(runner);
      const rows: Array<{ id: string; breached_under_id: string | null }> = await data.query(
        `SELECT id, breached_under_id FROM cases WHERE id = ANY($1::uuid[])`,
        [[breached.id, queued.id]],
      );
      expect(Object.fromEntries(rows.map((r) => [r.id, r.breached_under_id]))).toEqual({
        [breached.id]: held.id,
        [queued.id]: null,
      });
    });
  });

  it('records who held each case flagged by a late answer before, from its assignments at that answer', async () => {
    await onMigratedCopy(async (data, runner) => {
      const migration = new SlaHolder1795832300000();
      await migration.down(runner);
      const office = await createOffice(data);
      const [first, answered, later] = await Promise.all(
        [1, 2, 3].map(() => createUser(data, { officeId: office.id })),
      );
      const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);
      const lateCase = async (consultantId: string) => {
        const c = await createCase(data, {
          officeId: office.id,
          consultantId,
          createdAt: daysAgo(4),
          firstResponseDueAt: daysAgo(3),
          slaBreached: true,
        });
        await data.query(`UPDATE cases SET first_responded_at = $2 WHERE id = $1`, [c.id, daysAgo(1)]);
        return c;
      };
      const assign = (caseId: string, to: string, at: Date) =>
        data.query(`INSERT INTO case_events (case_id, kind, data, created_at) VALUES ($1, 'assigned', $2::jsonb, $3)`, [
          caseId,
          JSON.stringify({ via: 'handover', toConsultantId: to, toOfficeId: office.id }),
          at,
        ]);
      // Handed over before the late answer, and on again after it: the one who answered late.
      const handed = await lateCase(first.id);
      await assign(handed.id, answered.id, daysAgo(2));
      await assign(handed.id, later.id, daysAgo(0.5));
      await data.query(`UPDATE cases SET consultant_id = $2 WHERE id = $1`, [handed.id, later.id]);
      // No assignment on record: the case's consultant.
      const bare = await lateCase(first.id);
      await data.query(`DELETE FROM case_events WHERE case_id = $1`, [bare.id]);
      // Flagged by the breach check in the queue: its event says so, and it stays as it is.
      const queued = await lateCase(first.id);
      await data.query(
        `INSERT INTO case_events (case_id, kind, data) VALUES ($1, 'sla_breached', '{"consultantId": null}')`,
        [queued.id],
      );
      // Answered in time: nothing was missed.
      const kept = await createCase(data, { officeId: office.id, consultantId: first.id });
      await migration.up(runner);
      const rows: Array<{ id: string; breached_under_id: string | null }> = await data.query(
        `SELECT id, breached_under_id FROM cases WHERE id = ANY($1::uuid[])`,
        [[handed.id, bare.id, queued.id, kept.id]],
      );
      expect(Object.fromEntries(rows.map((r) => [r.id, r.breached_under_id]))).toEqual({
        [handed.id]: answered.id,
        [bare.id]: first.id,
        [queued.id]: null,
        [kept.id]: null,
      });
      const [index] = await data.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_cases_report_due'`);
      expect(index.indexdef).toContain('sla_breached, breached_under_id');
      // …and the planner knows how few (office, consultant, flag, holder) groups there are.
      expect(await data.query(`SELECT stxname FROM pg_statistic_ext WHERE stxname = 'st_cases_sla_pairs'`)).toEqual([
        { stxname: 'st_cases_sla_pairs' },
      ]);
    });
  });

  it('records the office each flagged miss was in, from its breach event or its assignments at a late answer', async () => {
    await onMigratedCopy(async (data, runner) => {
      const [first, next] = [await createOffice(data), await createOffice(data)];
      const consultant = await createUser(data, { officeId: next.id });
      const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);
      const missed = () =>
        createCase(data, {
          officeId: next.id,
          consultantId: consultant.id,
          createdAt: daysAgo(4),
          firstResponseDueAt: daysAgo(3),
          slaBreached: true,
        });
      const [checked, answeredLate, bare] = [await missed(), await missed(), await missed()];
      const kept = await createCase(data, { officeId: next.id, consultantId: consultant.id });
      const migration = new BreachedOffice1795832600000();
      await migration.down(runner);
      await data.query(`DELETE FROM case_events WHERE case_id = ANY($1::uuid[])`, [
        [checked.id, answeredLate.id, bare.id],
      ]);
      const event = (caseId: string, kind: string, body: object, at: Date) =>
        data.query(`INSERT INTO case_events (case_id, kind, data, created_at) VALUES ($1, $2, $3::jsonb, $4)`, [
          caseId,
          kind,
          JSON.stringify(body),
          at,
        ]);
      // Flagged by the breach check in the first office, sent to the next one after.
      await event(checked.id, 'sla_breached', { consultantId: null, officeId: first.id }, daysAgo(3));
      // Flagged by a late answer in the first office (no breach event), sent on after that answer.
      await data.query(`UPDATE cases SET first_responded_at = $2 WHERE id = $1`, [answeredLate.id, daysAgo(2)]);
      await event(answeredLate.id, 'assigned', { toConsultantId: null, toOfficeId: first.id }, daysAgo(4));
      await event(answeredLate.id, 'assigned', { toConsultantId: consultant.id, toOfficeId: next.id }, daysAgo(1));
      await migration.up(runner);

      const rows: Array<{ id: string; breached_office_id: string | null }> = await data.query(
        `SELECT id, breached_office_id FROM cases WHERE id = ANY($1::uuid[])`,
        [[checked.id, answeredLate.id, bare.id, kept.id]],
      );
      expect(Object.fromEntries(rows.map((r) => [r.id, r.breached_office_id]))).toEqual({
        [checked.id]: first.id,
        [answeredLate.id]: first.id,
        [bare.id]: next.id, // nothing on record: where it is
        [kept.id]: null,
      });
      // A flag without its office, or an office without the flag, is refused from now on.
      for (const change of ['sla_breached = true', 'breached_office_id = office_id']) {
        await expect(data.query(`UPDATE cases SET ${change} WHERE id = $1`, [kept.id])).rejects.toThrow(
          /ck_cases_breached_office/,
        );
      }
      const [index] = await data.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_cases_report_due'`);
      expect(index.indexdef).toContain('breached_under_id, breached_office_id');
      const [stats] = await data.query(
        `SELECT array_length(stxkeys, 1) AS columns FROM pg_statistic_ext WHERE stxname = 'st_cases_sla_pairs'`,
      );
      expect(stats).toEqual({ columns: 5 });
    });
  });

  it('releases quarantined clients a person vouched for, and gives old assigned events every key', async () => {
    await onMigratedCopy(async (data, runner) => {
      const client = async (name: string) =>
        (
          await data.query(
            `INSERT INTO clients (name, name_normalized, type, quarantined) VALUES ($1::varchar, lower($1::varchar), 'company', true)
             RETURNING id`,
            [name],
          )
        )[0].id as string;
      const [created, merged, botOnly] = [
        await client('Vouched Corp'),
        await client('Merge Survivor'),
        await client('Bot Co'),
      ];
      await data.query(
        `INSERT INTO audit_entries (actor_kind, action, entity, entity_id, after)
         VALUES ('system', 'client.created', 'client', $1, '{}'), ('system', 'client.merged', 'client', $2, '{}')`,
        [created, merged],
      );
      const office = await createOffice(data);
      const c = await createCase(data, { officeId: office.id });
      const drained = {
        via: 'queue_drain',
        fromConsultantId: null,
        toConsultantId: null,
        fromOfficeId: office.id,
        toOfficeId: office.id,
        reason: 'queue_drain',
      };
      const [old] = await data.query(
        `INSERT INTO case_events (case_id, kind, data) VALUES ($1, 'assigned', $2::jsonb) RETURNING id`,
        [c.id, JSON.stringify(drained)],
      );
      const complete = { ...drained, via: 'hand_over', reason: 'holiday cover', by: null };
      const [whole] = await data.query(
        `INSERT INTO case_events (case_id, kind, data) VALUES ($1, 'assigned', $2::jsonb) RETURNING id, data`,
        [c.id, JSON.stringify(complete)],
      );

      await new UpgradeRepairs1795832500000().up(runner);
      const rows: Array<{ id: string; quarantined: boolean }> = await data.query(
        `SELECT id, quarantined FROM clients WHERE id = ANY($1::uuid[])`,
        [[created, merged, botOnly]],
      );
      expect(Object.fromEntries(rows.map((r) => [r.id, r.quarantined]))).toEqual({
        [created]: false,
        [merged]: false,
        [botOnly]: true,
      });
      const events: Array<{ id: string; data: Record<string, unknown> }> = await data.query(
        `SELECT id, data FROM case_events WHERE case_id = $1 ORDER BY id`,
        [c.id],
      );
      expect(events.find((e) => e.id === old.id)?.data).toEqual({ ...drained, by: null });
      expect(events.find((e) => e.id === whole.id)?.data).toEqual(whole.data);
    });
  });

  it('records when the closed stretch began for cases that moved between won and lost, from their stage path', async () => {
    await onMigratedCopy(async (data, runner) => {
      const office = await createOffice(data);
      const day = (d: number) => `2026-10-${String(d).padStart(2, '0')}T09:00:00.000Z`;
      const reportCase = (moves: Array<[string, string]>) =>
        createReportCase(data, { officeId: office.id, createdAt: day(1), moves });
      const cases = {
        lostThenWon: await reportCase([
          ['lost', day(2)],
          ['engaged', day(5)],
        ]),
        // reopened between: the closed stretch began at the last close
        wonLostReopenedWonLost: await reportCase([
          ['engaged', day(2)],
          ['qualified', day(3)],
          ['engaged', day(4)],
          ['lost', day(6)],
        ]),
        lost: await reportCase([['lost', day(2)]]),
        open: await reportCase([
          ['lost', day(2)],
          ['contacted', day(3)],
        ]),
      };
      const migration = new ClosedSince1795832900000();
      await migration.down(runner);
      await migration.up(runner);
      const rows: Array<{ id: string; since: Date | null }> = await data.query(
        `SELECT id, closed_since AS since FROM cases WHERE id = ANY($1::uuid[])`,
        [Object.values(cases).map((c) => c.id)],
      );
      const since = new Map(rows.map((r) => [r.id, r.since?.toISOString() ?? null]));
      expect(Object.fromEntries(Object.entries(cases).map(([k, c]) => [k, since.get(c.id)]))).toEqual({
        lostThenWon: day(2),
        wonLostReopenedWonLost: day(4),
        lost: null,
        open: null,
      });
      const [index] = await data.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_cases_report_due'`);
      expect(index.indexdef).toContain('breached_office_id, closed_since');
    });
  });

  it('adds the given deadline without rewriting the cases before it, and keeps every deadline at or after it', async () => {
    await onMigratedCopy(async (data, runner) => {
      const migration = new FirstResponseGivenDue1795832700000();
      await migration.down(runner);
      const office = await createOffice(data);
      const before = await createCase(data, {
        officeId: office.id,
        firstResponseDueAt: new Date('2026-12-01T09:00:00Z'),
      });
      const [{ xmin }] = await data.query(`SELECT xmin::text FROM cases WHERE id = $1`, [before.id]);
      await migration.up(runner);
      // Untouched (a calendar change takes its current deadline as the one given: offices spec).
      const [row] = await data.query(
        `SELECT xmin::text, first_response_given_due_at AS given FROM cases WHERE id = $1`,
        [before.id],
      );
      expect(row).toEqual({ xmin, given: null });

      await data.query(`UPDATE cases SET first_response_given_due_at = first_response_due_at WHERE id = $1`, [
        before.id,
      ]);
      // No deadline earlier than the one given, and none given without a deadline.
      for (const sql of [
        `UPDATE cases SET first_response_due_at = first_response_due_at - interval '1 second' WHERE id = $1`,
        `UPDATE cases SET first_response_due_at = NULL WHERE id = $1`,
      ]) {
        await expect(data.query(sql, [before.id])).rejects.toMatchObject({ constraint: 'ck_cases_given_due' });
      }
      await data.query(
        `UPDATE cases SET first_response_due_at = first_response_due_at + interval '1 day' WHERE id = $1`,
        [before.id],
      );
    });
  });

  it('charges the misses of cases that reached their office late to whoever took them there', async () => {
    await onMigratedCopy(async (data, runner) => {
      const [left, arrived] = [await createOffice(data), await createOffice(data)];
      const before = await createUser(data, { officeId: left.id });
      const taker = await createUser(data, { officeId: arrived.id });
      const colleague = await createUser(data, { officeId: arrived.id });
      const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);
      // Every case: routed into `left` six days ago, deadline four days ago in `arrived`'s calendar.
      const flagged = (officeId: string) =>
        createCase(data, {
          officeId,
          consultantId: taker.id,
          createdAt: daysAgo(6),
          firstResponseDueAt: daysAgo(4),
          slaBreached: true,
        });
      const late = await flagged(arrived.id);
      const lateToQueue = await flagged(arrived.id);
      const answeredLate = await flagged(arrived.id);
      const cameBefore = await flagged(arrived.id);
      const leftAfter = await flagged(left.id);
      const all = [late, lateToQueue, answeredLate, cameBefore, leftAfter].map((c) => c.id);
      await data.query(`DELETE FROM case_events WHERE case_id = ANY($1::uuid[])`, [all]);
      const event = (caseId: string, kind: string, body: object, at: Date) =>
        data.query(`INSERT INTO case_events (case_id, kind, data, created_at) VALUES ($1, $2, $3::jsonb, $4)`, [
          caseId,
          kind,
          JSON.stringify(body),
          at,
        ]);
      const move = (caseId: string, from: string, to: string, toConsultantId: string | null, at: Date) =>
        event(
          caseId,
          'assigned',
          { via: 'hand_over', fromConsultantId: null, toConsultantId, fromOfficeId: from, toOfficeId: to },
          at,
        );
      const breach = (caseId: string, at: Date) => event(caseId, 'sla_breached', { officeId: arrived.id }, at);
      for (const id of all) {
        await event(
          id,
          'assigned',
          {
            via: 'routing',
            fromConsultantId: null,
            toConsultantId: before.id,
            fromOfficeId: null,
            toOfficeId: left.id,
          },
          daysAgo(6),
        );
      }
      // Came into `arrived` two days ago, already late, and flagged there at once.
      await move(late.id, left.id, arrived.id, taker.id, daysAgo(2));
      await breach(late.id, daysAgo(1.9));
      await move(lateToQueue.id, left.id, arrived.id, null, daysAgo(2));
      await breach(lateToQueue.id, daysAgo(1.9));
      // … or flagged by its late answer there (no breach event).
      await move(answeredLate.id, left.id, arrived.id, taker.id, daysAgo(2));
      await data.query(`UPDATE cases SET first_responded_at = $2 WHERE id = $1`, [answeredLate.id, daysAgo(1)]);
      // Came into `arrived` before its deadline, handed to a colleague there, then missed it: theirs.
      await move(cameBefore.id, left.id, arrived.id, taker.id, daysAgo(5));
      await move(cameBefore.id, arrived.id, arrived.id, colleague.id, daysAgo(4.5));
      await breach(cameBefore.id, daysAgo(3.9));
      // Came in late, flagged, then sent back: the repair cannot tell, so it leaves it.
      await move(leftAfter.id, left.id, arrived.id, taker.id, daysAgo(2));
      await breach(leftAfter.id, daysAgo(1.9));
      await move(leftAfter.id, arrived.id, left.id, before.id, daysAgo(1));
      // As the breach check and the late answer left them: the consultant who held each at the deadline.
      await data.query(`UPDATE cases SET breached_under_id = $2, breached_office_id = $3 WHERE id = ANY($1::uuid[])`, [
        all,
        before.id,
        arrived.id,
      ]);
      await data.query(`UPDATE cases SET breached_under_id = $2 WHERE id = $1`, [cameBefore.id, colleague.id]);

      await new LateArrivalHolder1795833000000().up(runner);
      const rows: Array<{ id: string; breached_under_id: string | null }> = await data.query(
        `SELECT id, breached_under_id FROM cases WHERE id = ANY($1::uuid[])`,
        [all],
      );
      expect(Object.fromEntries(rows.map((r) => [r.id, r.breached_under_id]))).toEqual({
        [late.id]: taker.id,
        [lateToQueue.id]: null,
        [answeredLate.id]: taker.id,
        [cameBefore.id]: colleague.id,
        [leftAfter.id]: before.id,
      });
    });
  });

  it('rewrites clients\u2019 Unicode email domains to ASCII, leaving live clients that would collide for a merge', async () => {
    await onMigratedCopy(async (data, runner) => {
      const client = async (domain: string | null, mergedIntoId: string | null = null): Promise<string> => {
        const [row] = await data.query(
          `INSERT INTO clients (name, name_normalized, type, email_domain, merged_into_id)
           VALUES ('Client', 'client', 'company', $1, $2) RETURNING id`,
          [domain, mergedIntoId],
        );
        return row.id;
      };
      const alone = await client('пример.рф');
      const chinese = await client('例子.中国');
      const ascii = await client('example.com');
      // Already filed under the ASCII form: the Unicode twin stays, for a person to merge.
      const heldAscii = await client('xn--80aegj1b.xn--p1ai'); // завод.рф
      const heldUnicode = await client('завод.рф');
      // Two Unicode spellings of one domain (U+3002 is a dot to IDNA): neither wins.
      const twinA = await client('склад.рф');
      const twinB = await client('склад。рф');
      // Merged away: no unique index to mind, rewritten even beside a live holder.
      const survivor = await client('xn--n1abei.xn--p1ai'); // порт.рф
      const merged = await client('порт.рф', survivor);
      const refused = await client('плохой домен.рф');
      const before = await data.query(`SELECT id, version, updated_at FROM clients ORDER BY id`);

      await new AsciiClientDomains1795833100000().up(runner);
      const rows: Array<{ id: string; email_domain: string }> = await data.query(
        `SELECT id, email_domain FROM clients WHERE id = ANY($1::uuid[])`,
        [[alone, chinese, ascii, heldAscii, heldUnicode, twinA, twinB, survivor, merged, refused]],
      );
      expect(Object.fromEntries(rows.map((r) => [r.id, r.email_domain]))).toEqual({
        [alone]: 'xn--e1afmkfd.xn--p1ai',
        [chinese]: 'xn--fsqu00a.xn--fiqs8s',
        [ascii]: 'example.com',
        [heldAscii]: 'xn--80aegj1b.xn--p1ai',
        [heldUnicode]: 'завод.рф',
        [twinA]: 'склад.рф',
        [twinB]: 'склад\u3002рф',
        [survivor]: 'xn--n1abei.xn--p1ai',
        [merged]: 'xn--n1abei.xn--p1ai',
        [refused]: 'плохой домен.рф',
      });
      expect(await data.query(`SELECT id, version, updated_at FROM clients ORDER BY id`)).toEqual(before);
      // Running it again changes nothing.
      await new AsciiClientDomains1795833100000().up(runner);
      expect(
        await data.query(`SELECT count(*)::int AS n FROM clients WHERE email_domain = 'xn--e1afmkfd.xn--p1ai'`),
      ).toEqual([{ n: 1 }]);
    });
  });
});
