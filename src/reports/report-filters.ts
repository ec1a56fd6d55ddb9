/**
 * The one filter every report applies, so `officeId`, `consultantId`, `serviceLine`,
 * `originCountry` and the period mean the same thing in all seven of them.
 *
 * - Period: `from` is inclusive, `to` exclusive. A date without a time (`2026-03-31`) is a whole UTC
 *   day: as `from` its start, as `to` the start of the next day, so `from=2026-01-01&to=2026-03-31`
 *   is the first quarter. Which timestamp the period applies to is the report's choice
 *   (`PeriodColumn`), written in its SQL target below.
 * - Office: the caller's scope (a manager's offices; everything for an admin) narrowed by `officeId`
 *   (in SLA compliance, the office a case's first response is charged to: `SLA_OFFICE`).
 * - Consultant: the case's current consultant (in SLA compliance, whom its first response is
 *   charged to: `SLA_HOLDER`).
 * - Service line: the row holds that code among its service lines (a case with two lines matches
 *   either).
 * - Origin country: the row's origin country.
 */
import { SqlParams } from '@/common/sql';
import type { Period } from '@/common/period';

export { resolvePeriod } from '@/common/period';
export type { Period } from '@/common/period';

/** A report filter after validation and scoping: what the SQL builders consume. */
export interface ReportFilter {
  period: Period;
  /** null = every office (an admin without `officeId`); otherwise the offices the rows must be in. */
  officeIds: string[] | null;
  consultantId: string | null;
  serviceLine: string | null;
  originCountry: string | null;
}

/** Where each filter looks in one report's FROM clause: SQL expressions over the report's own aliases. */
export interface FilterTarget {
  /** Absent where rows take their office from their case (inquiries: see `inquiryCaseScopeSql`). */
  office?: string;
  consultant?: string;
  serviceLines: string;
  originCountry: string;
  period: string;
}

/** The cases of a report, with the period on their creation. */
export const casesCreated = (alias = 'c'): FilterTarget => ({
  office: `${alias}.office_id`,
  consultant: `${alias}.consultant_id`,
  serviceLines: `${alias}.service_lines`,
  originCountry: `${alias}.origin_country`,
  period: `${alias}.created_at`,
});

/** The cases of the SLA report, with the period on their first-response deadline. */
export const casesDue = (alias = 'c'): FilterTarget => ({
  ...casesCreated(alias),
  period: `${alias}.first_response_due_at`,
});

/**
 * Whom a case's first response is charged to in the SLA compliance figures: for a miss the breach
 * check flagged, whoever held the case then (`breached_under_id`; null: the office queue) —
 * reassign-on-breach hands the case on at once, and its next holder let nothing pass — else the
 * case's current consultant.
 */
export const SLA_HOLDER = (alias = 'c'): string =>
  `(CASE WHEN ${alias}.sla_breached THEN ${alias}.breached_under_id ELSE ${alias}.consultant_id END)`;

/**
 * Which office a case's first response is charged to in the SLA compliance figures: for a miss,
 * the office the case was in when it was flagged (`breached_office_id`) — a manager may send a
 * breached case on to another office, which let nothing pass — else the case's office.
 */
export const SLA_OFFICE = (alias = 'c'): string =>
  `(CASE WHEN ${alias}.sla_breached THEN ${alias}.breached_office_id ELSE ${alias}.office_id END)`;

/**
 * The cases of the SLA compliance figures: as `casesDue`, the office filter reading `SLA_OFFICE`
 * and the consultant filter `SLA_HOLDER` (both read off ix_cases_report_due, which covers them).
 */
export const slaDue = (alias = 'c'): FilterTarget => ({
  ...casesDue(alias),
  office: SLA_OFFICE(alias),
  consultant: SLA_HOLDER(alias),
});

/**
 * Inquiries, with the period on their arrival. They have no office or consultant of their own —
 * those are their case's — so the office and consultant parts of a filter reach them through
 * `inquiryCaseScopeSql`, and `filterSql` refuses them on this target.
 */
export const inquiriesReceived = (inquiry = 'i'): FilterTarget => ({
  serviceLines: `${inquiry}.service_lines`,
  originCountry: `${inquiry}.origin_country`,
  period: `${inquiry}.created_at`,
});

/** `a AND b AND …` (or `TRUE`) applying the whole filter to one target. */
export function filterSql(filter: ReportFilter, params: SqlParams, target: FilterTarget): string {
  const where: string[] = [];
  if (filter.officeIds !== null)
    where.push(`${column(target.office, 'office')} = ANY(${params.add(filter.officeIds)}::uuid[])`);
  if (filter.consultantId !== null)
    where.push(`${column(target.consultant, 'consultant')} = ${params.add(filter.consultantId)}::uuid`);
  if (filter.serviceLine !== null)
    where.push(`${target.serviceLines} @> ARRAY[${params.add(filter.serviceLine)}::text]`);
  if (filter.originCountry !== null) where.push(`${target.originCountry} = ${params.add(filter.originCountry)}`);
  where.push(...periodConditions(target.period, filter.period, params));
  return where.length > 0 ? where.join(' AND ') : 'TRUE';
}

/** `column` within the period (`TRUE` when unbounded). */
export function periodSql(column: string, period: Period, params: SqlParams): string {
  const where = periodConditions(column, period, params);
  return where.length > 0 ? where.join(' AND ') : 'TRUE';
}

function periodConditions(column: string, period: Period, params: SqlParams): string[] {
  const where: string[] = [];
  if (period.from !== null) where.push(`${column} >= ${params.add(period.from)}::timestamptz`);
  if (period.to !== null) where.push(`${column} < ${params.add(period.to)}::timestamptz`);
  return where;
}

function column(expression: string | undefined, what: string): string {
  if (expression === undefined) throw new Error(`this report target has no ${what}: apply it through its case`);
  return expression;
}

/** The filter without its office and consultant parts, for rows that take those from their case. */
export const withoutCaseScope = (filter: ReportFilter): ReportFilter => ({
  ...filter,
  officeIds: null,
  consultantId: null,
});

/**
 * ` AND` the inquiry's case (a duplicate's: the case of the inquiry it repeats) is in the filter's
 * offices and with its consultant, or '' when the filter has neither. The cases in scope are found
 * first (ix_cases_report_office_created, ix_cases_consultant_stage) and the inquiries matched
 * against them by a hash; spam and unrouted inquiries have no case and so fall outside any scope.
 */
export function inquiryCaseScopeSql(filter: ReportFilter, params: SqlParams, inquiry = 'i'): string {
  if (filter.officeIds === null && filter.consultantId === null) return '';
  const cases = filterSql(
    {
      period: { from: null, to: null },
      officeIds: filter.officeIds,
      consultantId: filter.consultantId,
      serviceLine: null,
      originCountry: null,
    },
    params,
    casesCreated(),
  );
  return `AND coalesce(${inquiry}.duplicate_of_id, ${inquiry}.id) IN (SELECT c.inquiry_id FROM cases c WHERE ${cases})`;
}

/**
 * The office and consultant parts of the filter applied to staff rows (the workload report lists
 * people, alias `k`), so "officeId" and "consultantId" narrow the list exactly as they narrow cases.
 */
export function staffFilterSql(filter: ReportFilter, params: SqlParams, alias = 'k'): string {
  const where: string[] = [];
  if (filter.officeIds !== null) where.push(`${alias}.office_id = ANY(${params.add(filter.officeIds)}::uuid[])`);
  if (filter.consultantId !== null) where.push(`${alias}.id = ${params.add(filter.consultantId)}::uuid`);
  return where.length > 0 ? where.join(' AND ') : 'TRUE';
}
