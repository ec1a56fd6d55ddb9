/**
 * The hand-written SQL behind the seven reports. Every query filters through `filterSql` (one
 * filter, one meaning) and receives "now" as a parameter, so a report is consistent with itself
 * and testable at a fixed instant. Money leaves Postgres as exact integers (cents, and cents ×
 * percent for weighted values) so the service can total it without floating point.
 *
 * Each query names the index of migration ReportIndexes it relies on.
 */
import { Injectable } from '@nestjs/common';
import { SqlParams } from '@/common/sql';
import { BucketCount, percentiles, RankedSample, rankHistogram, wantedRanks } from './histogram-percentiles';
import { partialRanges, wholeMonths, wholeWeeks } from './report-calendar';
import {
  casesCreated,
  casesDue,
  filterSql,
  inquiriesReceived,
  inquiryCaseScopeSql,
  Period,
  periodSql,
  SLA_HOLDER,
  SLA_OFFICE,
  slaDue,
  withoutCaseScope,
  ReportFilter,
  staffFilterSql,
} from './report-filters';
import { ReportsDatabase } from './reports-database';

export interface StageRow {
  code: string;
  /** The stage's bit in `cases.stages_reached`. */
  bit: number;
  name: string;
  position: number;
  probability: number;
  category: 'open' | 'won' | 'lost';
}

export interface PipelineRow {
  stage: string;
  currency: string | null;
  count: number;
  /** Σ estimated value in cents, as an integer string. */
  value_cents: string;
  /** Σ estimated value in cents × stage probability in percent, as an integer string. */
  weighted_basis: string;
  /** Σ case ages in seconds. */
  age_seconds: number;
}

export interface FunnelRow {
  cohort: { cases: number; open: number; won: number; lost: number };
  reached: Record<string, number>;
}

interface Percentiles {
  cases: number;
  /** [median, p90], or null when there is nothing to measure. */
  p: [number, number] | null;
}

export interface VelocityRow {
  stages: Array<{ stage: string; visits: number; p: [number, number] }>;
  first_response: Percentiles;
  to_win: Percentiles;
}

export interface SlaGroupRow {
  level: 'total' | 'office' | 'consultant';
  office_id: string | null;
  office_code: string | null;
  office_name: string | null;
  consultant_id: string | null;
  consultant_name: string | null;
  due: number;
  met: number;
  missed: number;
  pending: number;
}

export interface BreachedRow {
  id: string;
  reference: string;
  office_id: string;
  office_code: string;
  consultant_id: string | null;
  consultant_name: string | null;
  stage: string;
  /** ISO 8601 in UTC, as `Date.toISOString()` writes it (see ISO_UTC). */
  created_at: string;
  first_response_due_at: string;
  overdue_hours: number;
}

export interface WorkloadRow {
  consultant_id: string;
  full_name: string;
  office_id: string | null;
  office_code: string | null;
  role: string;
  active: boolean;
  capacity: number;
  open_cases: number;
  breached: number;
  out_of_office_until: Date | null;
}

export interface QueueRow {
  office_id: string;
  office_code: string;
  open_cases: number;
  breached: number;
}

export interface AgingRow {
  stage: string;
  d0_7: number;
  d8_30: number;
  d31_90: number;
  d90_plus: number;
}

export interface SourceRow {
  week: string;
  dimension: 'total' | 'originCountry' | 'serviceLine' | 'source';
  key: string | null;
  inquiries: number;
  spam: number;
  duplicates: number;
}

interface PercentileRow {
  series: string;
  total: number;
  q: number;
  value: number;
}

/** The histogram bucket of a sample: ⌊256·ln(1 + v)⌋, ~0.4 % wide (migration ReportVelocityRollup stores the same). */
const BUCKET = (v: string): string => `floor(ln(1 + ${v}) * 256)::int`;

/**
 * Exact `percentile_cont` (linear between the two nearest ranks) of each series for q = 0.5 and 0.9,
 * from a CTE `histogram (series, bucket, n)`: which bucket holds each wanted rank, and how many
 * samples precede it. The caller then defines `near (series, v, k)`: the samples of those buckets
 * (`buckets (series, bucket, below)`) with their rank k in the whole series.
 */
const PERCENTILES_OF_HISTOGRAM = `ranked AS (
         SELECT series, bucket, n, sum(n) OVER (PARTITION BY series ORDER BY bucket) - n AS below,
                sum(n) OVER (PARTITION BY series) AS total
           FROM histogram
       ), wanted AS (
         SELECT r.series, r.total, q.q, floor(q.q * (r.total - 1))::bigint AS lo, ceil(q.q * (r.total - 1))::bigint AS hi
           FROM (SELECT DISTINCT series, total FROM ranked) r CROSS JOIN (VALUES (0.5::float8), (0.9::float8)) AS q(q)
       ), buckets AS (
         SELECT DISTINCT r.series, r.bucket, r.below
           FROM ranked r JOIN wanted w ON w.series = r.series
          WHERE (w.lo >= r.below AND w.lo < r.below + r.n) OR (w.hi >= r.below AND w.hi < r.below + r.n)
       ),`;

const PERCENTILES_OF_NEAR = `
       SELECT w.series, w.total::int AS total, w.q, (lo.v + (w.q * (w.total - 1) - w.lo) * (hi.v - lo.v))::float8 AS value
         FROM wanted w
         JOIN near lo ON lo.series = w.series AND lo.k = w.lo
         JOIN near hi ON hi.series = w.series AND hi.k = w.hi`;

/** No office, consultant, service line or origin country: what `case_stay_histogram` can answer. */
const isFirmWide = (f: ReportFilter): boolean =>
  f.officeIds === null && f.consultantId === null && f.serviceLine === null && f.originCountry === null;

/**
 * A timestamptz as the text `Date.toISOString()` would give (UTC, milliseconds, both truncating
 * microseconds): a list of thousands of rows is answered without parsing every timestamp into a
 * Date and formatting it back.
 */
const ISO_UTC = (t: string): string => `to_char(${t} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Unanswered and past the deadline: the timestamps decide, so a breach counts before the sweep flags it. */
const BREACHED = (c: string, now: string): string =>
  `(${c}.first_responded_at IS NULL AND ${c}.first_response_due_at <= ${now})`;

@Injectable()
export class ReportsRepository {
  constructor(private readonly db: ReportsDatabase) {}

  stages(): Promise<StageRow[]> {
    return this.db.query<StageRow>(
      `SELECT code, bit, name, position, probability, category FROM stages ORDER BY position, code`,
      [],
    );
  }

  async officeExists(id: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM offices WHERE id = $1`, [id])).length > 0;
  }

  async consultantOffice(id: string): Promise<{ officeId: string | null } | null> {
    const [row] = await this.db.query<{ office_id: string | null }>(`SELECT office_id FROM consultants WHERE id = $1`, [
      id,
    ]);
    return row ? { officeId: row.office_id } : null;
  }

  /**
   * Cases per current stage and currency, summed per stage first and weighted by the stage's probability
   * after (exact: numeric), so the per-row work of the cohort scan (ix_cases_report_created) is two float sums.
   */
  pipeline(filter: ReportFilter, now: Date): Promise<PipelineRow[]> {
    const p = new SqlParams();
    const at = p.add(now);
    return this.db.query<PipelineRow>(
      `WITH grouped AS (
         SELECT c.stage_code, c.currency, count(*)::int AS count, coalesce(sum(c.estimated_value), 0) AS value,
                sum(greatest(date_part('epoch', ${at}::timestamptz - c.created_at), 0)) AS age_if_open,
                sum(greatest(date_part('epoch', coalesce(c.closed_at, ${at}::timestamptz) - c.created_at), 0)) AS age_if_closed
           FROM cases c
          WHERE ${filterSql(filter, p, casesCreated())}
          GROUP BY c.stage_code, c.currency
       )
       SELECT g.stage_code AS stage, g.currency, g.count,
              (g.value * 100)::numeric(40, 0)::text AS value_cents,
              (g.value * 100 * s.probability)::numeric(40, 0)::text AS weighted_basis,
              (CASE WHEN s.category = 'open' THEN g.age_if_open ELSE g.age_if_closed END)::float8 AS age_seconds
         FROM grouped g JOIN stages s ON s.code = g.stage_code`,
      p.values,
    );
  }

  /**
   * The cohort's current outcome and, per stage, how many of its cases ever entered it: one pass
   * over the cohort's index entries (ix_cases_report_stage_mask for the firm), testing each case's
   * `stages_reached` bits (migration ReportStageMask, kept with the stage path from the case's stage
   * events) — a case entered a stage if the stage's bit is set, however often it entered.
   */
  async funnel(filter: ReportFilter, stages: Array<Pick<StageRow, 'code' | 'bit'>>): Promise<FunnelRow> {
    const p = new SqlParams();
    const reached = stages.map(
      (s) => `count(*) FILTER (WHERE c.stages_reached & ${p.add((1n << BigInt(s.bit)).toString())}::bigint <> 0)::int`,
    );
    const [row] = await this.db.query<{ cohort: FunnelRow['cohort']; reached: number[] }>(
      `SELECT json_build_object('cases', count(*), 'open', count(*) FILTER (WHERE s.category = 'open'),
                                'won', count(*) FILTER (WHERE s.category = 'won'), 'lost', count(*) FILTER (WHERE s.category = 'lost')) AS cohort,
              ARRAY[${reached.join(', ')}]::int[] AS reached
         FROM cases c JOIN stages s ON s.code = c.stage_code
        WHERE ${filterSql(filter, p, casesCreated())}`,
      p.values,
    );
    return {
      cohort: row.cohort,
      reached: Object.fromEntries(stages.map((s, i) => [s.code, row.reached[i] ?? 0])),
    };
  }

  /**
   * Stage stays, business hours to first response and days to win, over the cohort.
   *
   * - A stay runs from a stage event to the case's next one (by time, then id), or to now for the
   *   stage the case is in: consecutive entries of the case's stage path (migration
   *   ReportCohortFacts). Stays in open stages count.
   * - First response: the office's working hours from creation to the first response, stored with
   *   the response (`first_response_business_hours`, the SQL twin of `businessHoursBetween`).
   * - To win: days from creation to closing, for cases now in a won stage.
   *
   * Medians and p90 are exactly `percentile_cont` (linear between the two nearest ranks), found
   * without sorting every sample: a first pass counts the samples of each series in fine buckets
   * (⌊256·ln(1 + v)⌋, ~0.4 % wide), which tells in which bucket each wanted rank lies and how many
   * samples precede it; a second pass sorts only the samples of those few buckets. For the whole
   * firm the first pass reads the counts kept per month (`velocityFromHistogram`); a filtered
   * cohort is small enough to count sample by sample (`velocityFromCases`).
   */
  async velocity(filter: ReportFilter, now: Date, openStages: string[], wonStages: string[]): Promise<VelocityRow> {
    const rows = isFirmWide(filter)
      ? await this.velocityFromHistogram(filter.period, now, openStages)
      : await this.velocityFromCases(filter, now, wonStages);
    const series = new Map<string, { cases: number; p: [number, number] }>();
    for (const r of rows) {
      const entry = series.get(r.series) ?? { cases: r.total, p: [Number.NaN, Number.NaN] as [number, number] };
      entry.p[r.q === 0.5 ? 0 : 1] = r.value;
      series.set(r.series, entry);
    }
    const measured = (name: string): Percentiles => series.get(name) ?? { cases: 0, p: null };
    return {
      stages: openStages.flatMap((code) => {
        const m = series.get(code);
        return m ? [{ stage: code, visits: m.cases, p: m.p }] : [];
      }),
      first_response: measured('#first_response'),
      to_win: measured('#to_win'),
    };
  }

  /** Velocity of a filtered cohort: every sample from the cohort's index entries (ix_cases_report_created). */
  private velocityFromCases(filter: ReportFilter, now: Date, wonStages: string[]): Promise<PercentileRow[]> {
    const p = new SqlParams();
    const at = p.add(now);
    const won = p.add(wonStages);
    return this.db.query<PercentileRow>(
      `WITH samples AS NOT MATERIALIZED (
         SELECT series, v, ${BUCKET('v')} AS bucket
           FROM (SELECT x.series, greatest(coalesce(x.fact, date_part('epoch', x.until - x.since) / 86400), 0) AS v
                   -- One row per stay and two for the case's own facts, zipped from parallel arrays (unnest in the
                   -- select list walks them in step, padding the shorter with nulls): the facts first, then the stays.
                   FROM (SELECT unnest('{#first_response,#to_win}'::text[] || c.stage_path::text[]) AS series,
                                unnest(ARRAY[c.first_response_business_hours,
                                             CASE WHEN c.closed_at IS NOT NULL AND c.stage_code = ANY(${won}::text[])
                                                  THEN date_part('epoch', c.closed_at - c.created_at) / 86400 END]) AS fact,
                                unnest('{NULL,NULL}'::timestamptz[] || c.stage_path_at) AS since,
                                unnest('{NULL,NULL}'::timestamptz[] || c.stage_path_at[2:] || ${at}::timestamptz) AS until
                           FROM cases c
                          WHERE ${filterSql(filter, p, casesCreated())}) x
                  -- Stays in closed stages are counted too and never reported: filtering them here would make the
                  -- planner expect few rows and group by sorting instead of hashing.
                  WHERE x.series IS NOT NULL AND (x.since IS NOT NULL OR x.fact IS NOT NULL)) sample
       ), histogram AS MATERIALIZED (
         -- Materialized: the ranking below sorts these few thousand groups, not the samples they count.
         SELECT series, bucket, count(*) AS n FROM samples GROUP BY series, bucket
       ), ${PERCENTILES_OF_HISTOGRAM}
       near AS (
         SELECT s.series, s.v, b.below + row_number() OVER (PARTITION BY s.series, s.bucket ORDER BY s.v) - 1 AS k
           FROM samples s JOIN buckets b ON b.series = s.series AND b.bucket = s.bucket
          WHERE s.bucket = ANY(ARRAY(SELECT bucket FROM buckets)) -- filters in the scan, before the join
       ) ${PERCENTILES_OF_NEAR}`,
      p.values,
    );
  }

  /**
   * Velocity of the whole firm (no office, consultant, service line or country filter), in two
   * rounds on two connections that read one snapshot (`withSharedSnapshot`):
   * 1. two statements at once, each on a core of its own, count the samples per (series, bucket):
   *    of the stays still running — one per open case, growing with now — from the open stages'
   *    entries of ix_cases_report_stage_created; and of the settled samples (`case_stays`, migration
   *    ReportVelocityRollup) from the monthly `case_stay_histogram` for the period's whole UTC months
   *    and from ix_case_stays_cohort for its partial months;
   * 2. from the summed counts, the ranks each median and p90 needs and the buckets holding them
   *    (histogram-percentiles.ts); one statement ranks those buckets' samples — the running stays
   *    of ix_cases_report_stage_entered and the settled ones of ix_case_stays_bucket together — and
   *    answers only the samples at those ranks (a few dozen rows, not the buckets' thousands).
   * The interpolation is worked out in the service process. Same samples, same buckets, same
   * percentiles as `velocityFromCases`.
   */
  private velocityFromHistogram(period: Period, now: Date, openStages: string[]): Promise<PercentileRow[]> {
    /** The running stays of the cohort: (series, v) with v in days. */
    const running = (p: SqlParams): string =>
      `SELECT c.stage_code::text AS series, greatest(date_part('epoch', ${p.add(now)}::timestamptz - c.stage_entered_at) / 86400, 0) AS v
         FROM cases c
        WHERE c.stage_code = ANY(${p.add(openStages)}::text[]) AND c.stage_entered_at IS NOT NULL
          AND ${periodSql('c.created_at', period, p)}`;
    const reported = [...openStages, '#first_response', '#to_win'];
    const months = wholeMonths(period);
    return this.db.withSharedSnapshot(2, async ([a, b]) => {
      const runningCounts = new SqlParams();
      const settledCounts = new SqlParams();
      const series = settledCounts.add(reported);
      const settled = [
        ...(months
          ? [
              `SELECT h.series, h.bucket, sum(h.n) AS n FROM case_stay_histogram h
                WHERE ${periodSql('h.month', months, settledCounts)} AND h.series = ANY(${series}::text[])
                GROUP BY h.series, h.bucket`,
            ]
          : []),
        ...(months ? partialRanges(period, months) : [period]).map(
          (part) =>
            `SELECT s.series, s.bucket, count(*) AS n FROM case_stays s
              WHERE ${periodSql('s.cohort_at', part, settledCounts)} AND s.series = ANY(${series}::text[])
              GROUP BY s.series, s.bucket`,
        ),
      ];
      const counts = await Promise.all([
        a.query<BucketCount>(
          `SELECT series, ${BUCKET('v')} AS bucket, count(*)::int AS n FROM (${running(runningCounts)}) r GROUP BY 1, 2`,
          runningCounts.values,
        ),
        b.query<BucketCount>(
          `SELECT series, bucket, sum(n)::int AS n FROM (${settled.join(' UNION ALL ')}) counted GROUP BY 1, 2`,
          settledCounts.values,
        ),
      ]);
      const ranked = rankHistogram(counts.flat());
      const wanted = wantedRanks(ranked);
      if (wanted.length === 0) return [];
      const ranks = new SqlParams();
      const at = ranks.add(now);
      const want = `unnest(${ranks.add(wanted.map((w) => w.series))}::text[], ${ranks.add(wanted.map((w) => w.bucket))}::int[],
                           ${ranks.add(wanted.map((w) => w.k))}::int[])`;
      // One statement, so a bucket's running and settled samples are ranked together; it answers a row per wanted rank.
      const samples = await a.query<RankedSample>(
        `WITH buckets AS (SELECT DISTINCT series, bucket FROM ${want} AS w(series, bucket, k)),
         samples AS (
           -- A bucket is a range of days, so its running stays are a range of stage_entered_at (ix_cases_report_stage_entered),
           -- widened by a minute either way; the bucket itself decides. Bucket 0 also holds stays entered after now (v = 0).
           SELECT w.series, w.bucket, r.v
             FROM (SELECT w.series, w.bucket,
                          ${at}::timestamptz - (exp((w.bucket + 1) / 256::float8) - 1) * interval '1 day' - interval '1 minute' AS since,
                          CASE WHEN w.bucket = 0 THEN 'infinity'::timestamptz
                               ELSE ${at}::timestamptz - (exp(w.bucket / 256::float8) - 1) * interval '1 day' + interval '1 minute' END AS until
                     FROM buckets w
                    WHERE w.series = ANY(${ranks.add(openStages)}::text[])) w
            CROSS JOIN LATERAL (
                  SELECT greatest(date_part('epoch', ${at}::timestamptz - c.stage_entered_at) / 86400, 0) AS v
                    FROM cases c
                   WHERE c.stage_code = w.series
                     AND c.stage_entered_at BETWEEN w.since AND w.until
                     AND ${periodSql('c.created_at', period, ranks)}
                  OFFSET 0) r -- kept a subquery: one index range per wanted bucket, not a join over every open case
            WHERE ${BUCKET('r.v')} = w.bucket
           UNION ALL
           SELECT w.series, w.bucket, s.value
             FROM buckets w
            CROSS JOIN LATERAL (SELECT s.value FROM case_stays s
                                 WHERE s.series = w.series AND s.bucket = w.bucket
                                   AND ${periodSql('s.cohort_at', period, ranks)}) s
         ), ranked AS (
           SELECT series, bucket, v, (row_number() OVER (PARTITION BY series, bucket ORDER BY v) - 1)::int AS k,
                  (count(*) OVER (PARTITION BY series, bucket))::int AS n
             FROM samples
         )
         SELECT r.series, r.bucket, r.k, r.v, r.n
           FROM ranked r JOIN ${want} AS w(series, bucket, k) ON w.series = r.series AND w.bucket = r.bucket AND w.k = r.k`,
        ranks.values,
      );
      return percentiles(ranked, samples);
    });
  }

  /**
   * Compliance per office, per consultant and overall (an index-only scan of ix_cases_report_due,
   * which covers every column read, the office and consultant filters too). A flagged miss is charged to whoever held the case then
   * (`breached_under_id`; null: the office queue) and to the office it was in
   * (`breached_office_id`), not to whoever holds it now — reassign-on-breach hands it on at once, a
   * manager may send it to another office; every other case to its current consultant and office
   * (`SLA_HOLDER`, `SLA_OFFICE`, which the filters read too). The cases are counted per (office,
   * consultant, flag, holder and office at the breach) first — a plain GROUP BY, which Postgres
   * splits across parallel workers where grouping sets cannot be, told by the extended statistics
   * st_cases_sla_pairs (migration BreachedOffice) that the five make a few hundred groups, not the
   * product of their distinct counts — and the three levels are summed from those rows.
   */
  slaCompliance(filter: ReportFilter, now: Date): Promise<SlaGroupRow[]> {
    const p = new SqlParams();
    const at = p.add(now);
    return this.db.query<SlaGroupRow>(
      `WITH pairs AS (
         SELECT c.office_id, c.consultant_id, c.sla_breached, c.breached_under_id, c.breached_office_id,
                count(*) AS due,
                count(*) FILTER (WHERE c.first_responded_at <= c.first_response_due_at) AS met,
                count(*) FILTER (WHERE c.first_responded_at > c.first_response_due_at
                                    OR (c.first_responded_at IS NULL AND c.first_response_due_at <= ${at})) AS missed,
                count(*) FILTER (WHERE c.first_responded_at IS NULL AND c.first_response_due_at > ${at}) AS pending
           FROM cases c
          WHERE c.first_response_due_at IS NOT NULL AND ${filterSql(filter, p, slaDue())}
            -- closed unanswered by its deadline (lost at once, say) and closed ever since (a lost case
            -- won later, too): nothing was due, as the breach check says
            AND (c.first_responded_at IS NOT NULL OR c.closed_at IS NULL
                 OR coalesce(c.closed_since, c.closed_at) > c.first_response_due_at)
          GROUP BY c.office_id, c.consultant_id, c.sla_breached, c.breached_under_id, c.breached_office_id
       ), grouped AS (
         SELECT CASE WHEN GROUPING(office_id) = 0 THEN 'office' WHEN GROUPING(consultant_id) = 0 THEN 'consultant' ELSE 'total' END AS level,
                office_id, consultant_id, coalesce(sum(due), 0)::int AS due, coalesce(sum(met), 0)::int AS met,
                coalesce(sum(missed), 0)::int AS missed, coalesce(sum(pending), 0)::int AS pending
           FROM (SELECT ${SLA_OFFICE('pairs')} AS office_id, ${SLA_HOLDER('pairs')} AS consultant_id, due, met, missed, pending
                   FROM pairs) pairs
          GROUP BY GROUPING SETS ((office_id), (consultant_id), ())
       )
       SELECT g.level, g.office_id, o.code AS office_code, o.name AS office_name, g.consultant_id, k.full_name AS consultant_name,
              g.due, g.met, g.missed, g.pending
         FROM grouped g
         LEFT JOIN offices o ON g.level = 'office' AND o.id = g.office_id
         LEFT JOIN consultants k ON g.level = 'consultant' AND k.id = g.consultant_id
        ORDER BY g.level, o.code, k.full_name NULLS FIRST, g.consultant_id`,
      p.values,
    );
  }

  /**
   * Open cases unanswered past their deadline, oldest deadline first: an index-only scan of
   * ix_cases_report_unanswered (migration ReportBreachedCovering). The open stages are a list, not a
   * join, so the plan does not probe the cases of each stage in turn.
   */
  breachedOpenCases(filter: ReportFilter, now: Date, stream: true): AsyncGenerator<BreachedRow>;
  breachedOpenCases(filter: ReportFilter, now: Date, stream: false): Promise<BreachedRow[]>;
  breachedOpenCases(
    filter: ReportFilter,
    now: Date,
    stream: boolean,
  ): AsyncGenerator<BreachedRow> | Promise<BreachedRow[]> {
    const p = new SqlParams();
    const at = p.add(now);
    const sql = `SELECT c.id, c.reference, c.office_id, o.code AS office_code, c.consultant_id, k.full_name AS consultant_name,
                        c.stage_code AS stage, ${ISO_UTC('c.created_at')} AS created_at,
                        ${ISO_UTC('c.first_response_due_at')} AS first_response_due_at,
                        date_part('epoch', ${at}::timestamptz - c.first_response_due_at) / 3600 AS overdue_hours
                   FROM cases c
                   JOIN offices o ON o.id = c.office_id
                   LEFT JOIN consultants k ON k.id = c.consultant_id
                  WHERE c.stage_code = ANY(ARRAY(SELECT s.code FROM stages s WHERE s.category = 'open'))
                    AND ${BREACHED('c', `${at}::timestamptz`)} AND ${filterSql(filter, p, casesDue())}
                  ORDER BY c.first_response_due_at, c.id`;
    return stream ? this.db.cursor<BreachedRow>(sql, p.values) : this.db.query<BreachedRow>(sql, p.values);
  }

  /**
   * Staff with their open cases (matching the filters), breaches and current leave. Listed: every
   * active non-admin in scope, and anyone else who still holds a matching open case
   * (ix_cases_report_stage_created over the open stages).
   */
  workload(filter: ReportFilter, now: Date): Promise<WorkloadRow[]> {
    const p = new SqlParams();
    const at = p.add(now);
    return this.db.query<WorkloadRow>(
      `WITH load AS (
         SELECT c.consultant_id, count(*)::int AS open_cases, count(*) FILTER (WHERE ${BREACHED('c', `${at}::timestamptz`)})::int AS breached
           FROM cases c JOIN stages s ON s.code = c.stage_code AND s.category = 'open'
          WHERE c.consultant_id IS NOT NULL AND ${filterSql(filter, p, casesCreated())}
          GROUP BY c.consultant_id
       )
       SELECT k.id AS consultant_id, k.full_name, k.office_id, o.code AS office_code, k.role, k.active, k.capacity,
              coalesce(l.open_cases, 0) AS open_cases, coalesce(l.breached, 0) AS breached, away.until AS out_of_office_until
         FROM consultants k
         LEFT JOIN offices o ON o.id = k.office_id
         LEFT JOIN load l ON l.consultant_id = k.id
         LEFT JOIN LATERAL (
           SELECT max(ooo.ends_at) AS until FROM out_of_office_periods ooo
            WHERE ooo.consultant_id = k.id AND ooo.starts_at <= ${at}::timestamptz AND ooo.ends_at > ${at}::timestamptz
         ) away ON TRUE
        WHERE ((k.active AND k.role <> 'admin') OR l.open_cases > 0) AND ${staffFilterSql(filter, p)}
        ORDER BY o.code NULLS LAST, k.full_name, k.id`,
      p.values,
    );
  }

  /** Unassigned open cases per office (ix_cases_report_stage_created, ix_cases_consultant_stage). */
  officeQueues(filter: ReportFilter, now: Date): Promise<QueueRow[]> {
    const p = new SqlParams();
    const at = p.add(now);
    return this.db.query<QueueRow>(
      `SELECT c.office_id, o.code AS office_code, count(*)::int AS open_cases,
              count(*) FILTER (WHERE ${BREACHED('c', `${at}::timestamptz`)})::int AS breached
         FROM cases c
         JOIN stages s ON s.code = c.stage_code AND s.category = 'open'
         JOIN offices o ON o.id = c.office_id
        WHERE c.consultant_id IS NULL AND ${filterSql(filter, p, casesCreated())}
        GROUP BY c.office_id, o.code
        ORDER BY o.code`,
      p.values,
    );
  }

  /** Open cases per stage by whole days of age (index-only on ix_cases_report_stage_created). */
  aging(filter: ReportFilter, now: Date): Promise<AgingRow[]> {
    const p = new SqlParams();
    const at = p.add(now);
    return this.db.query<AgingRow>(
      `SELECT c.stage_code AS stage,
              count(*) FILTER (WHERE a.days <= 7)::int AS d0_7,
              count(*) FILTER (WHERE a.days BETWEEN 8 AND 30)::int AS d8_30,
              count(*) FILTER (WHERE a.days BETWEEN 31 AND 90)::int AS d31_90,
              count(*) FILTER (WHERE a.days > 90)::int AS d90_plus
         FROM cases c
         JOIN stages s ON s.code = c.stage_code AND s.category = 'open'
         -- date_part (float8), not extract (numeric): numeric arithmetic on every open case was most of the query's time.
         CROSS JOIN LATERAL (SELECT floor(date_part('epoch', ${at}::timestamptz - c.created_at) / 86400) AS days) a
        WHERE ${filterSql(filter, p, casesCreated())}
        GROUP BY c.stage_code`,
      p.values,
    );
  }

  /**
   * Inquiries per ISO week (UTC): weekly totals and the splits by origin country and source count
   * each inquiry once; the service-line split counts an inquiry under each line it names (and one
   * naming none under null), as `inquiry_source_keys` lists them. Office and consultant come from
   * the inquiry's case (a duplicate's: the case of the inquiry it repeats); spam and unrouted
   * inquiries have none, so a filter by office or consultant, or a manager's scope, leaves them out.
   *
   * For the whole firm, the whole weeks of the period come from `inquiry_source_weeks` and the
   * changes not yet folded into it (migration ReportSourcesRollup), and only the partial weeks at
   * the ends from the inquiries; a filtered report reads its inquiries (ix_inquiries_report_created).
   */
  sources(filter: ReportFilter, stream: true): AsyncGenerator<SourceRow>;
  sources(filter: ReportFilter, stream: false): Promise<SourceRow[]>;
  sources(filter: ReportFilter, stream: boolean): AsyncGenerator<SourceRow> | Promise<SourceRow[]> {
    const p = new SqlParams();
    const firmWide =
      filter.officeIds === null &&
      filter.consultantId === null &&
      filter.serviceLine === null &&
      filter.originCountry === null;
    const weeks = firmWide ? wholeWeeks(filter.period) : null;
    // Each part yields (week, dimension, key, status, n); an inquiry's fine row is folded before it is spread over its keys.
    // Weeks are dates (Mondays, UTC): compared as UTC midnights, whatever the session's time zone.
    const weekAt = (column: string): string => `(${column}::timestamp AT TIME ZONE 'UTC')`;
    const fromInquiries = (where: string): string =>
      `SELECT f.week, k.dimension, k.key, f.status, f.n
         FROM (SELECT date_trunc('week', i.created_at AT TIME ZONE 'UTC')::date AS week, i.origin_country::text AS origin_country,
                      i.source::text AS source, i.service_lines, i.status, count(*)::int AS n
                 FROM inquiries i WHERE ${where} GROUP BY 1, 2, 3, 4, 5) f
        CROSS JOIN LATERAL inquiry_source_keys(f.origin_country, f.source, f.service_lines) k`;
    const parts = weeks
      ? [
          `SELECT w.week, w.dimension, w.key, w.status, w.n FROM inquiry_source_weeks w WHERE ${periodSql(weekAt('w.week'), weeks, p)}`,
          `SELECT c.week, k.dimension, k.key, c.status, c.n FROM inquiry_source_changes c
             CROSS JOIN LATERAL inquiry_source_keys(c.origin_country, c.source, c.service_lines) k
            WHERE ${periodSql(weekAt('c.week'), weeks, p)}`,
          ...partialRanges(filter.period, weeks).map((part) => fromInquiries(periodSql('i.created_at', part, p))),
        ]
      : [
          fromInquiries(
            `${filterSql(withoutCaseScope(filter), p, inquiriesReceived())} ${inquiryCaseScopeSql(filter, p)}`,
          ),
        ];
    const sql = `WITH counts AS (${parts.join('\n UNION ALL ')})
                 SELECT to_char(week, 'IYYY-"W"IW') AS week, dimension, key,
                        coalesce(sum(n) FILTER (WHERE status IN ('received', 'routed')), 0)::int AS inquiries,
                        coalesce(sum(n) FILTER (WHERE status = 'spam'), 0)::int AS spam,
                        coalesce(sum(n) FILTER (WHERE status = 'duplicate'), 0)::int AS duplicates
                   FROM counts
                  GROUP BY counts.week, dimension, key
                 -- A kept week may hold keys whose inquiries have all moved on.
                 HAVING sum(n) > 0
                  ORDER BY counts.week, CASE dimension WHEN 'total' THEN 0 WHEN 'originCountry' THEN 1 WHEN 'serviceLine' THEN 2 ELSE 3 END,
                           key NULLS FIRST`;
    return stream ? this.db.cursor<SourceRow>(sql, p.values) : this.db.query<SourceRow>(sql, p.values);
  }
}
