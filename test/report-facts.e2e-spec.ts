/**
 * The report facts kept on each case (migration ReportCohortFacts) against what they are derived
 * from: the stage path against the stage events, whichever way the events are written; the
 * first response in business hours against cases/business-hours.ts; and the velocity report's
 * exact-percentile method against Postgres' own percentile_cont over the stage events, on a few
 * thousand generated cases (bench/report-history.sql, the benchmark's generator).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { businessHoursBetween, OfficeCalendar } from '../src/cases/business-hours';
import { SourcesFoldSweeper } from '../src/reports/sources-fold.sweeper';
import { createCase } from './factories/cases';
import { createOffice, createUser } from './factories';
import { bearer, createTestApp, TestApp } from './setup/test-app';

describe('Report facts on the case', () => {
  let t: TestApp;
  let admin: Record<string, string>;

  const pathOf = async (caseId: string) => {
    const [row] = await t.db.query(
      `SELECT c.stage_path AS path, c.stage_path_at AS at, c.stages_reached::text AS mask, c.stage_entered_at AS entered,
              (SELECT coalesce(bit_or(1::bigint << s.bit), 0)::text FROM stages s WHERE s.code = ANY(c.stage_path)) AS path_mask,
              (SELECT array_agg(e.to_stage ORDER BY e.created_at, e.id) FROM stage_events e WHERE e.case_id = c.id) AS events,
              (SELECT array_agg(e.created_at ORDER BY e.created_at, e.id) FROM stage_events e WHERE e.case_id = c.id) AS events_at
         FROM cases c WHERE c.id = $1`,
      [caseId],
    );
    return row as {
      path: string[];
      at: Date[];
      mask: string;
      entered: Date | null;
      path_mask: string;
      events: string[];
      events_at: Date[];
    };
  };

  /** Moves a new case through stages with the stage writer's API, one call per step. */
  const stageWriter = (caseId: string) => {
    let version = 1;
    return async (step: Record<string, unknown>) => {
      const res = await t.http
        .post(`/api/v1/cases/${caseId}/stage`)
        .set(admin)
        .send({ ...step, version });
      expect(res.status).toBe(200);
      version = res.body.version;
    };
  };

  /** Stored samples and counts against what the cases say now: the differences, which must be none. */
  const drift = async () => {
    const [row] = await t.db.query(
      `WITH expected AS (
         SELECT c.id AS case_id, d.ordinal, d.series, c.created_at AS cohort_at, d.value, floor(ln(1 + d.value) * 256)::int AS bucket
           FROM cases c LEFT JOIN stages s ON s.code = c.stage_code
          CROSS JOIN LATERAL case_settled_samples(c.stage_path, c.stage_path_at, c.first_response_business_hours,
                                                  coalesce(s.category = 'won', false), c.created_at, c.closed_at) d
       ), stored AS (
         SELECT case_id, ordinal, series, cohort_at, value, bucket FROM case_stays
       ), counted AS (
         SELECT date_trunc('month', cohort_at, 'UTC') AS month, series, bucket, count(*)::int AS n FROM stored GROUP BY 1, 2, 3
       )
       SELECT (SELECT count(*) FROM stored)::int AS samples,
              (SELECT count(*) FROM (SELECT * FROM expected EXCEPT ALL SELECT * FROM stored) x)::int AS missing,
              (SELECT count(*) FROM (SELECT * FROM stored EXCEPT ALL SELECT * FROM expected) x)::int AS extra,
              (SELECT count(*) FROM (SELECT * FROM counted
                                     EXCEPT SELECT month, series, bucket, n FROM case_stay_histogram WHERE n > 0) x)::int AS uncounted,
              (SELECT count(*) FROM (SELECT month, series, bucket, n FROM case_stay_histogram WHERE n > 0
                                     EXCEPT SELECT * FROM counted) x)::int AS overcounted`,
    );
    return row as { samples: number; missing: number; extra: number; uncounted: number; overcounted: number };
  };

  /** The sources report's kept counts (weeks plus unfolded changes) against the inquiries: the differences, which must be none. */
  const sourcesDrift = async () => {
    const [row] = await t.db.query(
      `WITH expected AS (
         SELECT date_trunc('week', i.created_at AT TIME ZONE 'UTC')::date AS week, k.dimension, k.key, i.status, count(*)::int AS n
           FROM inquiries i CROSS JOIN LATERAL inquiry_source_keys(i.origin_country, i.source, i.service_lines) k
          GROUP BY 1, 2, 3, 4
       ), kept AS (
         SELECT week, dimension, key, status, sum(n)::int AS n
           FROM (SELECT week, dimension, key, status, n FROM inquiry_source_weeks
                 UNION ALL
                 SELECT c.week, k.dimension, k.key, c.status, c.n FROM inquiry_source_changes c
                  CROSS JOIN LATERAL inquiry_source_keys(c.origin_country, c.source, c.service_lines) k) x
          GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0
       )
       SELECT (SELECT count(*) FROM (SELECT * FROM expected EXCEPT SELECT * FROM kept) x)::int AS missing,
              (SELECT count(*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM expected) x)::int AS extra,
              (SELECT count(*) FROM inquiry_source_changes)::int AS unfolded`,
    );
    return row as { missing: number; extra: number; unfolded: number };
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = bearer(await t.adminToken());
  });
  afterAll(() => t.close());

  describe('the stage path', () => {
    it('follows the events written by the stage writer, including a reopening', async () => {
      const office = await createOffice(t.db);
      const consultant = await createUser(t.db, { officeId: office.id });
      const kase = await createCase(t.db, { officeId: office.id, consultantId: consultant.id });
      expect((await pathOf(kase.id)).path).toEqual(['new']);

      const move = stageWriter(kase.id);
      for (const step of [
        { stage: 'contacted' },
        { stage: 'lost', lostReason: 'price' },
        { stage: 'qualified' },
        { stage: 'proposal', estimatedValue: { amount: '1000.00', currency: 'USD' } },
      ])
        await move(step);
      const p = await pathOf(kase.id);
      expect(p.path).toEqual(['new', 'contacted', 'lost', 'qualified', 'proposal']);
      expect(p.path).toEqual(p.events);
      expect(p.at.map((d) => d.getTime())).toEqual(p.events_at.map((d) => d.getTime()));
      expect(p.entered).toEqual(p.at[p.at.length - 1]);
      // Five distinct stages: five bits.
      expect(p.mask).toBe(p.path_mask);
      expect(BigInt(p.mask).toString(2).replace(/0/g, '')).toHaveLength(5);
    });

    it('follows events inserted in bulk for several cases, out of time order, and deleted', async () => {
      const office = await createOffice(t.db);
      const a = await createCase(t.db, { officeId: office.id, createdAt: new Date('2026-01-05T10:00:00Z') });
      const b = await createCase(t.db, { officeId: office.id, createdAt: new Date('2026-01-05T10:00:00Z') });
      // One statement, two cases; b's events arrive latest-first: the path is ordered by time, then id.
      await t.db.query(
        `INSERT INTO stage_events (case_id, from_stage, to_stage, created_at) VALUES
           ($1, 'new', 'contacted', '2026-01-06T10:00:00Z'), ($2, 'qualified', 'proposal', '2026-01-09T10:00:00Z'),
           ($2, 'new', 'qualified', '2026-01-07T10:00:00Z'), ($1, 'contacted', 'qualified', '2026-01-06T10:00:00Z')`,
        [a.id, b.id],
      );
      // As an import sets each case's stage with its events (the reports take the current stay from the stage).
      const followStage = `UPDATE cases SET stage_code = stage_path[cardinality(stage_path)] WHERE id = ANY($1::uuid[])`;
      await t.db.query(followStage, [[a.id, b.id]]);
      expect((await pathOf(a.id)).path).toEqual(['new', 'contacted', 'qualified']);
      expect((await pathOf(b.id)).path).toEqual(['new', 'qualified', 'proposal']);
      expect((await pathOf(b.id)).at.map((d) => d.toISOString())).toEqual([
        '2026-01-05T10:00:00.000Z',
        '2026-01-07T10:00:00.000Z',
        '2026-01-09T10:00:00.000Z',
      ]);

      expect((await pathOf(a.id)).mask).toBe((await pathOf(a.id)).path_mask);

      await t.db.query(`DELETE FROM stage_events WHERE case_id = $1 AND to_stage = 'proposal'`, [b.id]);
      await t.db.query(followStage, [[b.id]]);
      const after = await pathOf(b.id);
      expect(after.path).toEqual(['new', 'qualified']);
      expect(after.entered).toEqual(new Date('2026-01-07T10:00:00Z'));
      expect(after.mask).toBe(after.path_mask);
    });

    it('gives a new stage its own free bit, which its cases then set', async () => {
      const before: Array<{ bit: number }> = await t.db.query(`SELECT bit FROM stages`);
      const res = await t.http
        .post('/api/v1/stages')
        .set(admin)
        .send({ code: 'due_diligence_call', name: 'Due diligence call', position: 35, probability: 50 });
      expect(res.status).toBe(201);
      const [{ bit }] = await t.db.query(`SELECT bit FROM stages WHERE code = 'due_diligence_call'`);
      expect(before.map((s) => s.bit)).not.toContain(bit);
      expect(bit).toBeGreaterThanOrEqual(0);
      expect(bit).toBeLessThanOrEqual(62);

      const office = await createOffice(t.db);
      const kase = await createCase(t.db, { officeId: office.id });
      await t.db.query(
        `INSERT INTO stage_events (case_id, from_stage, to_stage) VALUES ($1, 'new', 'due_diligence_call')`,
        [kase.id],
      );
      await t.db.query(`UPDATE cases SET stage_code = 'due_diligence_call' WHERE id = $1`, [kase.id]);
      const p = await pathOf(kase.id);
      expect(BigInt(p.mask) & (1n << BigInt(bit))).not.toBe(0n);
      expect(p.mask).toBe(p.path_mask);
    });

    it('gives stages created at the same moment each their own bit, refusing none', async () => {
      const codes = ['race_a', 'race_b', 'race_c', 'race_d', 'race_e', 'race_f'];
      const answers = await Promise.all(
        codes.map((code, i) =>
          t.http
            .post('/api/v1/stages')
            .set(admin)
            .send({ code, name: code, position: 41 + i, probability: 10 }),
        ),
      );
      expect(answers.map((r) => r.status)).toEqual(codes.map(() => 201));
      const rows: Array<{ bit: number }> = await t.db.query(`SELECT bit FROM stages WHERE code = ANY($1)`, [codes]);
      expect(new Set(rows.map((r) => r.bit)).size).toBe(codes.length);
      await t.db.query(`DELETE FROM stages WHERE code = ANY($1)`, [codes]);
    });

    it('keeps stage events as history: only the reason may be rewritten (erasure redacts it)', async () => {
      const office = await createOffice(t.db);
      const kase = await createCase(t.db, { officeId: office.id });
      await expect(
        t.db.query(`UPDATE stage_events SET to_stage = 'engaged' WHERE case_id = $1`, [kase.id]),
      ).rejects.toMatchObject({
        code: '23514',
      });
      await expect(
        t.db.query(`UPDATE stage_events SET created_at = created_at - interval '1 day' WHERE case_id = $1`, [kase.id]),
      ).rejects.toMatchObject({ code: '23514' });
      await t.db.query(`UPDATE stage_events SET reason = '[erased]' WHERE case_id = $1`, [kase.id]);
      expect((await pathOf(kase.id)).path).toEqual(['new']);
    });

    it('is refused when its two arrays disagree in length', async () => {
      const office = await createOffice(t.db);
      const kase = await createCase(t.db, { officeId: office.id });
      await expect(
        t.db.query(`UPDATE cases SET stage_path = '{new,contacted}' WHERE id = $1`, [kase.id]),
      ).rejects.toMatchObject({ code: '23514' });
    });
  });

  describe('settled velocity samples (case_stays) and their monthly histogram', () => {
    it('follow stage changes, first responses, a win, a reopening, bulk and back-dated events and deletions', async () => {
      const office = await createOffice(t.db);
      const consultant = await createUser(t.db, { officeId: office.id });
      const kase = await createCase(t.db, { officeId: office.id, consultantId: consultant.id });
      const samplesOf = async (id: string) =>
        (await t.db.query(`SELECT ordinal, series FROM case_stays WHERE case_id = $1 ORDER BY ordinal`, [
          id,
        ])) as Array<{
          ordinal: number;
          series: string;
        }>;
      // The router's first event settles nothing.
      expect(await samplesOf(kase.id)).toEqual([]);

      const move = stageWriter(kase.id);
      // Contacting the client is the first response.
      await move({ stage: 'contacted' });
      expect(await samplesOf(kase.id)).toEqual([
        { ordinal: 0, series: '#first_response' },
        { ordinal: 1, series: 'new' },
      ]);
      await move({ stage: 'proposal', estimatedValue: { amount: '5000.00', currency: 'EUR' } });
      await move({ stage: 'engaged' });
      expect(await samplesOf(kase.id)).toEqual([
        { ordinal: -1, series: '#to_win' },
        { ordinal: 0, series: '#first_response' },
        { ordinal: 1, series: 'new' },
        { ordinal: 2, series: 'contacted' },
        { ordinal: 3, series: 'proposal' },
      ]);
      // Reopened: no longer won, and the stay in engaged is settled (and never reported: engaged is not open).
      await move({ stage: 'proposal' });
      expect(await samplesOf(kase.id)).toEqual([
        { ordinal: 0, series: '#first_response' },
        { ordinal: 1, series: 'new' },
        { ordinal: 2, series: 'contacted' },
        { ordinal: 3, series: 'proposal' },
        { ordinal: 4, series: 'engaged' },
      ]);
      await t.db.query(`UPDATE cases SET first_responded_at = created_at + interval '2 hours' WHERE id = $1`, [
        kase.id,
      ]);
      expect((await samplesOf(kase.id)).map((x) => x.series)).toContain('#first_response');

      // A back-dated event lands in the middle of another case's path: the stays after it are rewritten.
      const other = await createCase(t.db, { officeId: office.id, createdAt: new Date('2026-02-10T09:00:00Z') });
      await t.db.query(
        `INSERT INTO stage_events (case_id, from_stage, to_stage, created_at) VALUES
           ($1, 'new', 'contacted', '2026-02-12T09:00:00Z'), ($1, 'contacted', 'proposal', '2026-02-20T09:00:00Z')`,
        [other.id],
      );
      await t.db.query(
        `INSERT INTO stage_events (case_id, from_stage, to_stage, created_at) VALUES ($1, 'contacted', 'qualified', '2026-02-15T09:00:00Z')`,
        [other.id],
      );
      const stays: Array<{ series: string; value: number }> = await t.db.query(
        `SELECT series, value FROM case_stays WHERE case_id = $1 ORDER BY ordinal`,
        [other.id],
      );
      expect(stays).toEqual([
        { series: 'new', value: 2 },
        { series: 'contacted', value: 3 },
        { series: 'qualified', value: 5 },
      ]);
      await t.db.query(`DELETE FROM stage_events WHERE case_id = $1 AND to_stage = 'qualified'`, [other.id]);
      expect(await drift()).toMatchObject({ missing: 0, extra: 0, uncounted: 0, overcounted: 0 });

      // A deleted case takes its samples, and their counts, with it.
      const before = await drift();
      await t.db.query(`DELETE FROM cases WHERE id = $1`, [other.id]);
      const after = await drift();
      expect(after).toEqual({ samples: before.samples - 2, missing: 0, extra: 0, uncounted: 0, overcounted: 0 });
    });

    it('are replaced, never updated in place', async () => {
      await expect(t.db.query(`UPDATE case_stays SET value = value + 1`)).rejects.toMatchObject({ code: '23514' });
    });
  });

  describe('stage bits', () => {
    it('refuses a 64th stage with a problem naming the field, not a 500', async () => {
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM stages`);
      for (let i = n; i < 63; i++) {
        await t.db.query(
          `INSERT INTO stages (code, name, position, probability, category) VALUES ($1, $1, $2, 10, 'open')`,
          [`filler_${i}`, 1000 + i],
        );
      }
      const res = await t.http
        .post('/api/v1/stages')
        .set(admin)
        .send({ code: 'one_too_many', name: 'One too many', position: 45, probability: 10 });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'stage.limit', errors: [{ field: 'code' }] });
      const [{ left }] = await t.db.query(`SELECT count(*)::int AS left FROM stages WHERE code = 'one_too_many'`);
      expect(left).toBe(0);
      await t.db.query(`DELETE FROM stages WHERE code LIKE 'filler_%'`);
    });
  });

  describe('first response in business hours', () => {
    const calendar: OfficeCalendar = {
      timezone: 'Europe/Moscow',
      days: [1, 2, 3, 4, 5],
      open: '09:00',
      close: '18:00',
      holidays: ['2026-01-01', '2026-01-02', '2026-01-07', '2026-02-23', '2026-03-09'],
      extraWorkingDays: ['2026-01-10'],
    };

    it('is set with the response, and again when the creation time changes, as businessHoursBetween computes it in the office calendar', async () => {
      const office = await createOffice(t.db, {
        code: 'BHM',
        timezone: calendar.timezone,
        city: 'Moscow',
        countryCode: 'RU',
      });
      await t.db.query(`UPDATE offices SET holidays = $2, extra_working_days = $3 WHERE id = $1`, [
        office.id,
        calendar.holidays,
        calendar.extraWorkingDays,
      ]);
      const start = new Date('2025-12-25T00:00:00Z').getTime();
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: 80 * 24 * 60 }),
          fc.integer({ min: 0, max: 20 * 24 * 60 }),
          async (createdMinute, waitMinutes) => {
            const created = new Date(start + createdMinute * 60_000);
            const responded = new Date(created.getTime() + waitMinutes * 60_000);
            const kase = await createCase(t.db, { officeId: office.id, createdAt: created });
            const [before] = await t.db.query(`SELECT first_response_business_hours AS h FROM cases WHERE id = $1`, [
              kase.id,
            ]);
            expect(before.h).toBeNull();
            await t.db.query(`UPDATE cases SET first_responded_at = $2 WHERE id = $1`, [kase.id, responded]);
            const [after] = await t.db.query(`SELECT first_response_business_hours AS h FROM cases WHERE id = $1`, [
              kase.id,
            ]);
            expect(after.h).toBeCloseTo(businessHoursBetween(created, responded, calendar), 9);

            // A corrected creation time (a data repair, an import) is counted again as well.
            const corrected = new Date(created.getTime() - ((createdMinute * 7) % (3 * 24 * 60)) * 60_000);
            await t.db.query(`UPDATE cases SET created_at = $2 WHERE id = $1`, [kase.id, corrected]);
            const [recounted] = await t.db.query(`SELECT first_response_business_hours AS h FROM cases WHERE id = $1`, [
              kase.id,
            ]);
            expect(recounted.h).toBeCloseTo(businessHoursBetween(corrected, responded, calendar), 9);
          },
        ),
        { numRuns: 60, seed: 20261128 },
      );
    });

    it('is set when a consultant’s first activity answers the case', async () => {
      const office = await createOffice(t.db, { code: 'BHA', timezone: 'Asia/Shanghai' });
      const consultant = await createUser(t.db, { officeId: office.id });
      const created = new Date(Date.now() - 3 * 3600_000);
      const kase = await createCase(t.db, { officeId: office.id, consultantId: consultant.id, createdAt: created });
      const { accessToken } = await t.login(consultant.email, consultant.password);
      const res = await t.http
        .post(`/api/v1/cases/${kase.id}/activities`)
        .set(bearer(accessToken))
        .send({ type: 'call', direction: 'outbound', body: 'Called the investor.' });
      expect(res.status).toBe(201);
      const [row] = await t.db.query(
        `SELECT first_responded_at AS at, first_response_business_hours AS h FROM cases WHERE id = $1`,
        [kase.id],
      );
      expect(row.at).not.toBeNull();
      const cal: OfficeCalendar = { ...calendar, timezone: 'Asia/Shanghai', holidays: [], extraWorkingDays: [] };
      expect(row.h).toBeCloseTo(businessHoursBetween(created, row.at, cal), 9);
    });
  });

  describe('velocity percentiles on a generated history', () => {
    beforeAll(async () => {
      const script = readFileSync(join(__dirname, '..', 'bench', 'report-history.sql'), 'utf8');
      // The benchmark's generator, phase by phase, at 4,000 cases, on one connection (its settings are per session).
      const office = await createOffice(t.db, { code: 'GEN' });
      await createUser(t.db, { officeId: office.id });
      const runner = t.db.createQueryRunner();
      await runner.connect();
      try {
        await runner.query(`SET acrm.cases = 4000`);
        for (const phase of script.split(/^-- phase: /m).slice(1)) await runner.query(phase.slice(phase.indexOf('\n')));
      } finally {
        await runner.query('RESET ALL');
        await runner.release();
      }
    });

    it('generates a path for every case equal to its events', async () => {
      const [row] = await t.db.query(
        `SELECT count(*)::int AS n,
                count(*) FILTER (WHERE (stage_path, stage_entered_at) IS DISTINCT FROM
                  (SELECT (array_agg(e.to_stage ORDER BY e.created_at, e.id), max(e.created_at))
                     FROM stage_events e WHERE e.case_id = c.id))::int AS differing
           FROM cases c WHERE reference LIKE 'SYN-%'`,
      );
      expect(row.n).toBe(4000);
      expect(row.differing).toBe(0);
    });

    it('generates the settled samples and their histogram the triggers would keep', async () => {
      expect(await drift()).toMatchObject({ missing: 0, extra: 0, uncounted: 0, overcounted: 0 });
    });

    it('equals percentile_cont over the stage events, per stage, for the firm and for one office', async () => {
      const [{ id: officeId }] = await t.db.query(
        `SELECT office_id AS id FROM cases WHERE reference LIKE 'SYN-%' GROUP BY office_id ORDER BY count(*) DESC LIMIT 1`,
      );
      // The firm from a month start with no end, the firm over partial months at both ends (both read the monthly
      // histogram), and one office (reads every sample of its cases).
      for (const query of [
        { from: '2024-01-01' },
        { from: '2024-03-17', to: '2026-02-11' },
        { from: '2025-06-01', to: '2026-06-30', officeId },
      ]) {
        const res = await t.http.get('/api/v1/reports/velocity').query(query).set(admin);
        expect(res.status).toBe(200);
        const asOf = new Date(res.body.filters.asOf);
        const from = new Date(`${query.from}T00:00:00Z`);
        const to = query.to ? new Date(new Date(`${query.to}T00:00:00Z`).getTime() + 86_400_000) : null;
        const cohort = `c.created_at >= $1 AND ($2::timestamptz IS NULL OR c.created_at < $2) AND ($3::uuid IS NULL OR c.office_id = $3)`;
        const params = [from, to, query.officeId ?? null];
        const expected: Array<{ stage: string; visits: number; median: number; p90: number }> = await t.db.query(
          `SELECT st.stage, count(*)::int AS visits,
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY greatest(st.days, 0)) AS median,
                  percentile_cont(0.9) WITHIN GROUP (ORDER BY greatest(st.days, 0)) AS p90
             FROM (SELECT e.to_stage AS stage,
                          extract(epoch FROM coalesce(lead(e.created_at) OVER (PARTITION BY e.case_id ORDER BY e.created_at, e.id), $4)
                                             - e.created_at) / 86400 AS days
                     FROM stage_events e JOIN cases c ON c.id = e.case_id
                    WHERE ${cohort}) st
             JOIN stages s ON s.code = st.stage AND s.category = 'open'
            GROUP BY st.stage`,
          [...params, asOf],
        );
        expect(expected.length).toBeGreaterThanOrEqual(4);
        const round2 = (n: number) => Math.round(n * 100) / 100;
        for (const e of expected) {
          const got = res.body.stages.find((s: { code: string }) => s.code === e.stage);
          expect({ stage: e.stage, visits: got.visits, median: got.medianDays, p90: got.p90Days }).toEqual({
            stage: e.stage,
            visits: e.visits,
            median: round2(e.median),
            p90: round2(e.p90),
          });
        }
        const [response] = await t.db.query(
          `SELECT count(*)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY first_response_business_hours) AS median
             FROM cases c WHERE c.first_response_business_hours IS NOT NULL AND ${cohort}`,
          params,
        );
        expect(res.body.firstResponse.cases).toBe(response.n);
        expect(res.body.firstResponse.medianBusinessHours).toBe(round2(response.median));
        const [win] = await t.db.query(
          `SELECT count(*)::int AS n,
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY greatest(extract(epoch FROM c.closed_at - c.created_at) / 86400, 0)) AS median,
                  percentile_cont(0.9) WITHIN GROUP (ORDER BY greatest(extract(epoch FROM c.closed_at - c.created_at) / 86400, 0)) AS p90
             FROM cases c JOIN stages s ON s.code = c.stage_code AND s.category = 'won'
            WHERE c.closed_at IS NOT NULL AND ${cohort}`,
          params,
        );
        expect(win.n).toBeGreaterThan(0);
        expect(res.body.toWin).toEqual({ cases: win.n, medianDays: round2(win.median), p90Days: round2(win.p90) });
      }
    });

    describe('sources for the firm from the weekly counts', () => {
      type Split = { week: string; inquiries: number; spam: number; duplicates: number; [key: string]: unknown };
      const byKey = (key: string) => (a: Split, b: Split) =>
        a.week.localeCompare(b.week) || String(a[key] ?? '').localeCompare(String(b[key] ?? ''));

      /** The firm's report straight from the inquiries created in the period, the way it read before the counts were kept. */
      const expectedSources = async (from: Date, to: Date | null) => {
        const rows: Array<{
          week: string;
          dimension: string;
          key: string | null;
          inquiries: number;
          spam: number;
          duplicates: number;
        }> = await t.db.query(
          `WITH i AS (
               SELECT to_char(created_at AT TIME ZONE 'UTC', 'IYYY-"W"IW') AS week, origin_country::text AS origin, source::text AS source,
                      unnest(CASE WHEN cardinality(service_lines) = 0 THEN ARRAY[NULL::text] ELSE service_lines END) AS line,
                      status, id
                 FROM inquiries WHERE created_at >= $1 AND ($2::timestamptz IS NULL OR created_at < $2)
             )
             -- i has a row per service line: the other splits count each inquiry once (DISTINCT id).
             SELECT week, 'total' AS dimension, NULL AS key, count(DISTINCT id) FILTER (WHERE status IN ('received', 'routed'))::int AS inquiries,
                    count(DISTINCT id) FILTER (WHERE status = 'spam')::int AS spam,
                    count(DISTINCT id) FILTER (WHERE status = 'duplicate')::int AS duplicates
               FROM i GROUP BY week
             UNION ALL
             SELECT week, 'originCountry', origin, count(DISTINCT id) FILTER (WHERE status IN ('received', 'routed'))::int,
                    count(DISTINCT id) FILTER (WHERE status = 'spam')::int, count(DISTINCT id) FILTER (WHERE status = 'duplicate')::int
               FROM i GROUP BY week, origin
             UNION ALL
             SELECT week, 'source', source, count(DISTINCT id) FILTER (WHERE status IN ('received', 'routed'))::int,
                    count(DISTINCT id) FILTER (WHERE status = 'spam')::int, count(DISTINCT id) FILTER (WHERE status = 'duplicate')::int
               FROM i GROUP BY week, source
             UNION ALL
             SELECT week, 'serviceLine', line, count(*) FILTER (WHERE status IN ('received', 'routed'))::int,
                    count(*) FILTER (WHERE status = 'spam')::int, count(*) FILTER (WHERE status = 'duplicate')::int
               FROM i GROUP BY week, line`,
          [from, to],
        );
        const split = (dimension: string, name: string) =>
          rows
            .filter((r) => r.dimension === dimension)
            .map((r) => ({
              week: r.week,
              ...(name ? { [name]: r.key } : {}),
              inquiries: r.inquiries,
              spam: r.spam,
              duplicates: r.duplicates,
            }))
            .sort(byKey(name));
        return {
          weeks: split('total', ''),
          byOriginCountry: split('originCountry', 'originCountry'),
          byServiceLine: split('serviceLine', 'serviceLine'),
          bySource: split('source', 'source'),
        };
      };

      /** Whole weeks only, partial weeks at both ends, a single partial week, and no end. */
      const PERIODS = [
        { from: '2024-01-01', to: '2024-12-29' },
        { from: '2024-03-13', to: '2026-02-11' },
        { from: '2025-07-02', to: '2025-07-04' },
        { from: '2025-10-15' },
      ];

      const expectReportsMatch = async () => {
        for (const query of PERIODS) {
          const res = await t.http.get('/api/v1/reports/sources').query(query).set(admin);
          expect(res.status).toBe(200);
          const from = new Date(`${query.from}T00:00:00Z`);
          const to = query.to ? new Date(new Date(`${query.to}T00:00:00Z`).getTime() + 86_400_000) : null;
          const expected = await expectedSources(from, to);
          expect(expected.weeks.length).toBeGreaterThan(0);
          const got = {
            weeks: [...res.body.weeks].sort(byKey('')),
            byOriginCountry: [...res.body.byOriginCountry].sort(byKey('originCountry')),
            byServiceLine: [...res.body.byServiceLine].sort(byKey('serviceLine')),
            bySource: [...res.body.bySource].sort(byKey('source')),
          };
          expect({ query, ...got }).toEqual({ query, ...expected });
        }
      };

      it('are generated as the triggers and the fold keep them, and answer as the inquiries do', async () => {
        expect(await sourcesDrift()).toEqual({ missing: 0, extra: 0, unfolded: 0 });
        await expectReportsMatch();
      });

      it('follow status, service-line, back-dating and deleting changes, before and after a fold', async () => {
        // One statement per kind of change, over many inquiries at once; the routing step's update changes no key.
        await t.db.query(
          `UPDATE inquiries SET routed_at = routed_at + interval '1 second' WHERE reference LIKE 'SYN-%'`,
        );
        expect((await sourcesDrift()).unfolded).toBe(0);
        await t.db.query(
          `UPDATE inquiries SET status = 'spam', duplicate_of_id = NULL WHERE id IN (SELECT id FROM inquiries WHERE status = 'duplicate' ORDER BY id LIMIT 40)`,
        );
        await t.db.query(
          `UPDATE inquiries SET service_lines = CASE WHEN cardinality(service_lines) = 0 THEN ARRAY['tax'] ELSE '{}' END
            WHERE id IN (SELECT id FROM inquiries ORDER BY md5(id::text) LIMIT 60)`,
        );
        await t.db.query(
          `UPDATE inquiries SET created_at = created_at - interval '9 days'
            WHERE id IN (SELECT id FROM inquiries ORDER BY md5(id::text) DESC LIMIT 50)`,
        );
        await t.db.query(
          `DELETE FROM inquiries WHERE id IN (SELECT id FROM inquiries i WHERE status = 'spam'
              AND NOT EXISTS (SELECT 1 FROM inquiries d WHERE d.duplicate_of_id = i.id) ORDER BY id LIMIT 30)`,
        );
        const before = await sourcesDrift();
        expect(before).toMatchObject({ missing: 0, extra: 0 });
        expect(before.unfolded).toBeGreaterThan(0);
        await expectReportsMatch();

        // As the worker's sweep folds, once a minute.
        expect(await new SourcesFoldSweeper(t.db).fold()).toBeGreaterThan(0);
        expect(await sourcesDrift()).toEqual({ missing: 0, extra: 0, unfolded: 0 });
        await expectReportsMatch();
      });
    });
  });
});
