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
import {
  casesCreated,
  casesDue,
  filterSql,
  inquiriesReceived,
  needsCaseJoin,
  ReportFilter,
  staffFilterSql,
} from './report-filters';
import { ReportsDatabase } from './reports-database';

export interface StageRow {
  code: string;
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
  created_at: Date;
  first_response_due_at: Date;
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

/** ` AND e.created_at >= from` for stage events of a cohort created from `from` on (see funnel). */
function eventsSince(filter: ReportFilter, params: SqlParams): string {
  return filter.period.from !== null ? `AND e.created_at >= ${params.add(filter.period.from)}::timestamptz` : '';
}

/** Unanswered and past the deadline: the timestamps decide, so a breach counts before the sweep flags it. */
const BREACHED = (c: string, now: string): string =>
  `(${c}.first_responded_at IS NULL AND ${c}.first_response_due_at <= ${now})`;

@Injectable()
export class ReportsRepository {
  constructor(private readonly db: ReportsDatabase) {}

  stages(): Promise<StageRow[]> {
    return this.db.query<StageRow>(
      `SELECT code, name, position, probability, category FROM stages ORDER BY position, code`,
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

  /** Cases per current stage and currency (firm-wide a parallel scan; ix_cases_report_office_created for an office). */
  pipeline(filter: ReportFilter, now: Date): Promise<PipelineRow[]> {
    const p = new SqlParams();
    const at = p.add(now);
    return this.db.query<PipelineRow>(
      `SELECT c.stage_code AS stage, c.currency, count(*)::int AS count,
              coalesce(sum(c.estimated_value * 100), 0)::numeric(40, 0)::text AS value_cents,
              coalesce(sum(c.estimated_value * 100 * s.probability), 0)::numeric(40, 0)::text AS weighted_basis,
              coalesce(sum(extract(epoch FROM greatest(
                CASE WHEN s.category = 'open' THEN ${at}::timestamptz ELSE coalesce(c.closed_at, ${at}::timestamptz) END - c.created_at,
                interval '0'))), 0)::float8 AS age_seconds
         FROM cases c JOIN stages s ON s.code = c.stage_code
        WHERE ${filterSql(filter, p, casesCreated())}
        GROUP BY c.stage_code, c.currency`,
      p.values,
    );
  }

  /**
   * The cohort's current outcome and, per stage, how many of its cases have an event into it.
   * Events are read from the period's start on: a case's stage events never precede its creation,
   * so the bound changes nothing but lets ix_stage_events_report_created skip older history.
   */
  async funnel(filter: ReportFilter): Promise<FunnelRow> {
    const p = new SqlParams();
    const [row] = await this.db.query<FunnelRow>(
      `WITH reached AS (
         SELECT to_stage, count(*)::int AS n
           FROM (SELECT e.case_id, e.to_stage
                   FROM stage_events e JOIN cases c ON c.id = e.case_id
                  WHERE ${filterSql(filter, p, casesCreated())} ${eventsSince(filter, p)}
                  GROUP BY e.case_id, e.to_stage) entered
          GROUP BY to_stage
       )
       SELECT (SELECT json_build_object('cases', count(*), 'open', count(*) FILTER (WHERE s.category = 'open'),
                                        'won', count(*) FILTER (WHERE s.category = 'won'), 'lost', count(*) FILTER (WHERE s.category = 'lost'))
                 FROM cases c JOIN stages s ON s.code = c.stage_code
                WHERE ${filterSql(filter, p, casesCreated())}) AS cohort,
              (SELECT coalesce(json_object_agg(to_stage, n), '{}'::json) FROM reached) AS reached`,
      p.values,
    );
    return row;
  }

  /**
   * Stage stays, business hours to first response and days to win, over the cohort.
   *
   * A stay runs from a stage event to the case's next one (by time, then id), or to now for the
   * stage the case is in. Business hours are exact, in SQL: per office and local day, the working
   * window [open, close) as epoch seconds in the office's zone (business days, holidays, make-up
   * days; a day off is an empty window) and the working seconds of all earlier days (a running
   * sum). The working time up to an instant t is `before(day of t) + clamp(t − open, 0, close − open)`
   * and the answer is its difference between response and creation: the same as
   * cases/business-hours.ts `businessHoursBetween` (the e2e spec checks it) without carrying every
   * row into Node. The per-office days are arrays without nulls, so each lookup is O(1).
   */
  async velocity(filter: ReportFilter, now: Date): Promise<VelocityRow> {
    const p = new SqlParams();
    const at = p.add(now);
    const [row] = await this.db.query<VelocityRow>(
      `WITH stays AS (
         SELECT e.to_stage AS stage,
                extract(epoch FROM coalesce(lead(e.created_at) OVER (PARTITION BY e.case_id ORDER BY e.created_at, e.id), ${at}::timestamptz)
                                   - e.created_at) / 86400 AS days
           FROM stage_events e JOIN cases c ON c.id = e.case_id
          WHERE ${filterSql(filter, p, casesCreated())} ${eventsSince(filter, p)}
       ), stage_stats AS (
         SELECT st.stage, count(*)::int AS visits,
                percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY greatest(st.days, 0)) AS p
           FROM stays st JOIN stages s ON s.code = st.stage AND s.category = 'open'
          GROUP BY st.stage
       ), answered AS MATERIALIZED (
         SELECT c.office_id, c.created_at, c.first_responded_at
           FROM cases c
          WHERE c.first_responded_at IS NOT NULL AND ${filterSql(filter, p, casesCreated())}
       ), span AS (
         SELECT (least(min(created_at), min(first_responded_at)) AT TIME ZONE 'UTC')::date - 2 AS first_day,
                (greatest(max(created_at), max(first_responded_at)) AT TIME ZONE 'UTC')::date + 2 AS last_day
           FROM answered
       ), calendar AS (
         SELECT o.id AS office_id, o.timezone, d.day,
                CASE WHEN w.working THEN extract(epoch FROM (d.day + o.opens_at) AT TIME ZONE o.timezone)::float8 ELSE 0 END AS opens,
                CASE WHEN w.working THEN extract(epoch FROM (d.day + o.closes_at) AT TIME ZONE o.timezone)::float8 ELSE 0 END AS closes
           FROM span
           CROSS JOIN LATERAL generate_series(0, span.last_day - span.first_day) AS n
           CROSS JOIN LATERAL (SELECT span.first_day + n AS day) d
           JOIN offices o ON o.id IN (SELECT DISTINCT office_id FROM answered)
           CROSS JOIN LATERAL (
             SELECT d.day = ANY(o.extra_working_days)
                    OR (extract(isodow FROM d.day)::int = ANY(o.business_days) AND NOT d.day = ANY(o.holidays)) AS working
           ) w
       ), ledger AS (
         SELECT office_id, timezone, array_agg(before ORDER BY day) AS before, array_agg(opens ORDER BY day) AS opens,
                array_agg(closes ORDER BY day) AS closes
           FROM (SELECT office_id, timezone, day, opens, closes,
                        coalesce(sum(closes - opens) OVER (PARTITION BY office_id ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
                          AS before
                   FROM calendar) days
          GROUP BY office_id, timezone
       ), response_hours AS (
         SELECT greatest(0, (l.before[x.i2] + least(greatest(x.t2, l.opens[x.i2]), l.closes[x.i2]) - l.opens[x.i2])
                          - (l.before[x.i1] + least(greatest(x.t1, l.opens[x.i1]), l.closes[x.i1]) - l.opens[x.i1])) / 3600 AS hours
           FROM answered a
           JOIN ledger l ON l.office_id = a.office_id
           CROSS JOIN span
           CROSS JOIN LATERAL (
             SELECT (a.created_at AT TIME ZONE l.timezone)::date - span.first_day + 1 AS i1,
                    (a.first_responded_at AT TIME ZONE l.timezone)::date - span.first_day + 1 AS i2,
                    extract(epoch FROM a.created_at)::float8 AS t1,
                    extract(epoch FROM a.first_responded_at)::float8 AS t2
           ) x
       )
       SELECT (SELECT coalesce(json_agg(json_build_object('stage', stage, 'visits', visits, 'p', p)), '[]'::json) FROM stage_stats) AS stages,
              (SELECT json_build_object('cases', count(*), 'p', percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY hours))
                 FROM response_hours) AS first_response,
              (SELECT json_build_object('cases', count(*),
                                        'p', percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY extract(epoch FROM c.closed_at - c.created_at) / 86400))
                 FROM cases c JOIN stages s ON s.code = c.stage_code AND s.category = 'won'
                WHERE c.closed_at IS NOT NULL AND ${filterSql(filter, p, casesCreated())}) AS to_win`,
      p.values,
    );
    return row;
  }

  /** Compliance per office, per current consultant and overall, in one pass (ix_cases_report_due, ix_cases_report_office_due). */
  slaCompliance(filter: ReportFilter, now: Date): Promise<SlaGroupRow[]> {
    const p = new SqlParams();
    const at = p.add(now);
    return this.db.query<SlaGroupRow>(
      `WITH grouped AS (
         SELECT CASE WHEN GROUPING(c.office_id) = 0 THEN 'office' WHEN GROUPING(c.consultant_id) = 0 THEN 'consultant' ELSE 'total' END AS level,
                c.office_id, c.consultant_id,
                count(*)::int AS due,
                count(*) FILTER (WHERE c.first_responded_at <= c.first_response_due_at)::int AS met,
                count(*) FILTER (WHERE c.first_responded_at > c.first_response_due_at
                                    OR (c.first_responded_at IS NULL AND c.first_response_due_at <= ${at}))::int AS missed,
                count(*) FILTER (WHERE c.first_responded_at IS NULL AND c.first_response_due_at > ${at})::int AS pending
           FROM cases c
          WHERE c.first_response_due_at IS NOT NULL AND ${filterSql(filter, p, casesDue())}
          GROUP BY GROUPING SETS ((c.office_id), (c.consultant_id), ())
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

  /** Open cases unanswered past their deadline, oldest deadline first (ix_cases_report_unanswered). */
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
                        c.stage_code AS stage, c.created_at, c.first_response_due_at,
                        (extract(epoch FROM ${at}::timestamptz - c.first_response_due_at) / 3600)::float8 AS overdue_hours
                   FROM cases c
                   JOIN stages s ON s.code = c.stage_code AND s.category = 'open'
                   JOIN offices o ON o.id = c.office_id
                   LEFT JOIN consultants k ON k.id = c.consultant_id
                  WHERE ${BREACHED('c', `${at}::timestamptz`)} AND ${filterSql(filter, p, casesDue())}
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
         CROSS JOIN LATERAL (SELECT floor(extract(epoch FROM ${at}::timestamptz - c.created_at) / 86400) AS days) a
        WHERE ${filterSql(filter, p, casesCreated())}
        GROUP BY c.stage_code`,
      p.values,
    );
  }

  /**
   * Inquiries per ISO week (UTC): weekly totals and the splits by origin country and source count
   * each inquiry once; the service-line split unnests, so an inquiry naming two lines counts under
   * both (and one naming none under null). Office and consultant come from the inquiry's case (a
   * duplicate's: the case of the inquiry it repeats); spam and unrouted inquiries have none, so a
   * filter by office or consultant, or a manager's scope, leaves them out (ix_inquiries_report_created).
   */
  sources(filter: ReportFilter, stream: true): AsyncGenerator<SourceRow>;
  sources(filter: ReportFilter, stream: false): Promise<SourceRow[]>;
  sources(filter: ReportFilter, stream: boolean): AsyncGenerator<SourceRow> | Promise<SourceRow[]> {
    const p = new SqlParams();
    const join = needsCaseJoin(filter) ? 'JOIN cases c ON c.inquiry_id = coalesce(i.duplicate_of_id, i.id)' : '';
    const counts = `count(*) FILTER (WHERE status IN ('received', 'routed'))::int AS inquiries,
                    count(*) FILTER (WHERE status = 'spam')::int AS spam,
                    count(*) FILTER (WHERE status = 'duplicate')::int AS duplicates`;
    const sql = `WITH i AS MATERIALIZED (
                   SELECT to_char(i.created_at AT TIME ZONE 'UTC', 'IYYY-"W"IW') AS week, i.origin_country::text AS origin_country,
                          i.source::text AS source, i.service_lines, i.status
                     FROM inquiries i ${join}
                    WHERE ${filterSql(filter, p, inquiriesReceived())}
                 ), grouped AS (
                   SELECT week,
                          CASE WHEN GROUPING(origin_country) = 0 THEN 'originCountry' WHEN GROUPING(source) = 0 THEN 'source' ELSE 'total' END
                            AS dimension,
                          coalesce(origin_country, source) AS key, ${counts}
                     FROM i GROUP BY GROUPING SETS ((week), (week, origin_country), (week, source))
                   UNION ALL
                   SELECT week, 'serviceLine', line, ${counts}
                     FROM i CROSS JOIN LATERAL unnest(CASE WHEN cardinality(i.service_lines) = 0 THEN ARRAY[NULL::text] ELSE i.service_lines END) AS line
                    GROUP BY week, line
                 )
                 SELECT week, dimension, key, inquiries, spam, duplicates FROM grouped
                  ORDER BY week, CASE dimension WHEN 'total' THEN 0 WHEN 'originCountry' THEN 1 WHEN 'serviceLine' THEN 2 ELSE 3 END,
                           key NULLS FIRST`;
    return stream ? this.db.cursor<SourceRow>(sql, p.values) : this.db.query<SourceRow>(sql, p.values);
  }
}
