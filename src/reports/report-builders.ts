/**
 * Pure shaping of report rows into the JSON views and the CSV records: no database, no clock.
 * Money is added as BigInt cents, so totals are exact whatever their size; each weighted value is
 * rounded to the cent once, from the exact sum of value × probability at its own level.
 */
import {
  AGING_BUCKETS,
  AgingBucket,
  AgingReport,
  BreachedCase,
  CurrencyValue,
  FunnelReport,
  PipelineGroup,
  PipelineReport,
  ReportFiltersView,
  SlaCompliance,
  SlaReport,
  SourcesReport,
  VelocityReport,
  WorkloadReport,
} from './dto/report-views.dto';
import { columns, CsvRecord } from './report-csv';
import type {
  AgingRow,
  BreachedRow,
  FunnelRow,
  PipelineRow,
  QueueRow,
  SlaGroupRow,
  SourceRow,
  StageRow,
  VelocityRow,
  WorkloadRow,
} from './reports.repository';

const DAY_SECONDS = 86_400;

export const round = (value: number, decimals: number): number => {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
};
const ratio = (part: number, whole: number): number | null => (whole > 0 ? round(part / whole, 4) : null);

/** 12345n → "123.45"; values are never negative (a check constraint). */
export function formatCents(cents: bigint): string {
  const whole = cents / 100n;
  const rest = (cents % 100n).toString().padStart(2, '0');
  return `${whole}.${rest}`;
}

/** Cents × percent → cents, half up. */
const weightedCents = (basis: bigint): bigint => (basis + 50n) / 100n;

class GroupTotal {
  count = 0;
  withoutValue = 0;
  ageSeconds = 0;
  private readonly currencies = new Map<string, { count: number; cents: bigint; basis: bigint }>();

  add(row: PipelineRow): void {
    this.count += row.count;
    this.ageSeconds += row.age_seconds;
    if (row.currency === null) {
      this.withoutValue += row.count;
      return;
    }
    const c = this.currencies.get(row.currency) ?? { count: 0, cents: 0n, basis: 0n };
    c.count += row.count;
    c.cents += BigInt(row.value_cents);
    c.basis += BigInt(row.weighted_basis);
    this.currencies.set(row.currency, c);
  }

  view(): PipelineGroup {
    const byCurrency = [...this.currencies.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, c]): CurrencyValue => ({
        currency,
        count: c.count,
        value: formatCents(c.cents),
        weightedValue: formatCents(weightedCents(c.basis)),
      }));
    return {
      count: this.count,
      avgAgeDays: this.count > 0 ? round(this.ageSeconds / this.count / DAY_SECONDS, 2) : null,
      withoutValue: this.withoutValue,
      // API.md names value and weightedValue per stage; per currency, as nothing is converted.
      value: Object.fromEntries(byCurrency.map((c) => [c.currency, c.value])),
      weightedValue: Object.fromEntries(byCurrency.map((c) => [c.currency, c.weightedValue])),
      byCurrency,
    };
  }
}

export function buildPipeline(stages: StageRow[], rows: PipelineRow[], filters: ReportFiltersView): PipelineReport {
  const byStage = new Map(stages.map((s) => [s.code, new GroupTotal()]));
  const byCategory = { open: new GroupTotal(), won: new GroupTotal(), lost: new GroupTotal() };
  const totals = new GroupTotal();
  const categoryOf = new Map(stages.map((s) => [s.code, s.category]));
  for (const row of rows) {
    byStage.get(row.stage)?.add(row);
    const category = categoryOf.get(row.stage);
    if (category) byCategory[category].add(row);
    totals.add(row);
  }
  return {
    stages: stages.map((s) => ({
      code: s.code,
      name: s.name,
      category: s.category,
      position: s.position,
      probability: s.probability,
      ...byStage.get(s.code)!.view(),
    })),
    categories: { open: byCategory.open.view(), won: byCategory.won.view(), lost: byCategory.lost.view() },
    totals: totals.view(),
    filters,
  };
}

export const PIPELINE_CSV = columns(
  'stage',
  'stage_name',
  'category',
  'probability',
  'currency',
  'count',
  'value',
  'weighted_value',
  'avg_age_days',
);

/** One record per stage and currency (blank currency: cases without a value); an empty stage gets one record of 0. */
export function pipelineCsv(stages: StageRow[], rows: PipelineRow[]): CsvRecord[] {
  return stages.flatMap((s): CsvRecord[] => {
    const mine = rows
      .filter((r) => r.stage === s.code)
      .sort((a, b) => (a.currency ?? '').localeCompare(b.currency ?? ''));
    const base = { stage: s.code, stage_name: s.name, category: s.category, probability: s.probability };
    if (mine.length === 0)
      return [{ ...base, currency: null, count: 0, value: null, weighted_value: null, avg_age_days: null }];
    return mine.map((r) => ({
      ...base,
      currency: r.currency,
      count: r.count,
      value: r.currency === null ? null : formatCents(BigInt(r.value_cents)),
      weighted_value: r.currency === null ? null : formatCents(weightedCents(BigInt(r.weighted_basis))),
      avg_age_days: round(r.age_seconds / r.count / DAY_SECONDS, 2),
    }));
  });
}

export function buildFunnel(stages: StageRow[], row: FunnelRow, filters: ReportFiltersView): FunnelReport {
  const { cases, open, won, lost } = row.cohort;
  let previous: number | null = null;
  return {
    cohort: { cases, open, won, lost },
    stages: stages.map((s) => {
      const reached = row.reached[s.code] ?? 0;
      let conversionFromPrevious: number | null = null;
      if (s.category !== 'lost') {
        conversionFromPrevious = previous === null ? null : ratio(reached, previous);
        previous = reached;
      }
      return {
        code: s.code,
        name: s.name,
        category: s.category,
        position: s.position,
        reached,
        conversionFromPrevious,
        shareOfCohort: ratio(reached, cases),
      };
    }),
    winRate: ratio(won, won + lost),
    winRateOfCreated: ratio(won, cases),
    filters,
  };
}

export const FUNNEL_CSV = columns(
  'stage',
  'stage_name',
  'category',
  'reached',
  'conversion_from_previous',
  'share_of_cohort',
  'cohort_cases',
  'cohort_won',
  'cohort_lost',
  'win_rate',
  'win_rate_of_created',
);

export function funnelCsv(report: FunnelReport): CsvRecord[] {
  return report.stages.map((s) => ({
    stage: s.code,
    stage_name: s.name,
    category: s.category,
    reached: s.reached,
    conversion_from_previous: s.conversionFromPrevious,
    share_of_cohort: s.shareOfCohort,
    cohort_cases: report.cohort.cases,
    cohort_won: report.cohort.won,
    cohort_lost: report.cohort.lost,
    win_rate: report.winRate,
    win_rate_of_created: report.winRateOfCreated,
  }));
}

const pair = (p: [number, number] | null, decimals: number): [number | null, number | null] =>
  p ? [round(p[0], decimals), round(p[1], decimals)] : [null, null];

export function buildVelocity(stages: StageRow[], row: VelocityRow, filters: ReportFiltersView): VelocityReport {
  const measured = new Map(row.stages.map((s) => [s.stage, s]));
  const [medianBusinessHours, p90BusinessHours] = pair(row.first_response.p, 2);
  const [medianDays, p90Days] = pair(row.to_win.p, 2);
  return {
    stages: stages
      .filter((s) => s.category === 'open')
      .map((s) => {
        const m = measured.get(s.code);
        const [median, p90] = pair(m?.p ?? null, 2);
        return {
          code: s.code,
          name: s.name,
          position: s.position,
          visits: m?.visits ?? 0,
          medianDays: median,
          p90Days: p90,
        };
      }),
    firstResponse: { cases: row.first_response.cases, medianBusinessHours, p90BusinessHours },
    toWin: { cases: row.to_win.cases, medianDays, p90Days },
    filters,
  };
}

export const VELOCITY_CSV = columns('metric', 'stage', 'count', 'median', 'p90', 'unit');

export function velocityCsv(report: VelocityReport): CsvRecord[] {
  return [
    ...report.stages.map((s) => ({
      metric: 'time_in_stage',
      stage: s.code,
      count: s.visits,
      median: s.medianDays,
      p90: s.p90Days,
      unit: 'days',
    })),
    {
      metric: 'first_response',
      stage: null,
      count: report.firstResponse.cases,
      median: report.firstResponse.medianBusinessHours,
      p90: report.firstResponse.p90BusinessHours,
      unit: 'business_hours',
    },
    {
      metric: 'time_to_win',
      stage: null,
      count: report.toWin.cases,
      median: report.toWin.medianDays,
      p90: report.toWin.p90Days,
      unit: 'days',
    },
  ];
}

const compliance = (r: SlaGroupRow): SlaCompliance => ({
  due: r.due,
  met: r.met,
  missed: r.missed,
  pending: r.pending,
  compliance: ratio(r.met, r.met + r.missed),
});

export function breachedCase(r: BreachedRow): BreachedCase {
  return {
    id: r.id,
    reference: r.reference,
    officeId: r.office_id,
    officeCode: r.office_code,
    consultantId: r.consultant_id,
    consultantName: r.consultant_name,
    stage: r.stage,
    createdAt: r.created_at,
    firstResponseDueAt: r.first_response_due_at,
    overdueHours: round(r.overdue_hours, 2),
  };
}

export function buildSla(groups: SlaGroupRow[], breached: BreachedRow[], filters: ReportFiltersView): SlaReport {
  const total = groups.find((g) => g.level === 'total');
  return {
    totals: total ? compliance(total) : { due: 0, met: 0, missed: 0, pending: 0, compliance: null },
    byOffice: groups
      .filter((g) => g.level === 'office')
      .map((g) => ({
        officeId: g.office_id!,
        officeCode: g.office_code ?? '',
        officeName: g.office_name ?? '',
        ...compliance(g),
      })),
    byConsultant: groups
      .filter((g) => g.level === 'consultant')
      .map((g) => ({ consultantId: g.consultant_id, consultantName: g.consultant_name, ...compliance(g) })),
    breachedOpenCases: breached.map(breachedCase),
    filters,
  };
}

export const SLA_CSV = columns(
  'row_type',
  'office_id',
  'office_code',
  'office_name',
  'consultant_id',
  'consultant_name',
  'due',
  'met',
  'missed',
  'pending',
  'compliance',
  'case_id',
  'reference',
  'stage',
  'created_at',
  'first_response_due_at',
  'overdue_hours',
);

/** Compliance records (total, offices, consultants); the breached cases follow them as `breached_case` records. */
export function slaComplianceCsv(report: Pick<SlaReport, 'totals' | 'byOffice' | 'byConsultant'>): CsvRecord[] {
  const figures = (c: SlaCompliance): CsvRecord => ({
    due: c.due,
    met: c.met,
    missed: c.missed,
    pending: c.pending,
    compliance: c.compliance,
  });
  return [
    { row_type: 'total', ...figures(report.totals) },
    ...report.byOffice.map((o) => ({
      row_type: 'office',
      office_id: o.officeId,
      office_code: o.officeCode,
      office_name: o.officeName,
      ...figures(o),
    })),
    ...report.byConsultant.map((c) => ({
      row_type: 'consultant',
      consultant_id: c.consultantId,
      consultant_name: c.consultantName,
      ...figures(c),
    })),
  ];
}

export function breachedCaseCsv(b: BreachedCase): CsvRecord {
  return {
    row_type: 'breached_case',
    office_id: b.officeId,
    office_code: b.officeCode,
    consultant_id: b.consultantId,
    consultant_name: b.consultantName,
    case_id: b.id,
    reference: b.reference,
    stage: b.stage,
    created_at: b.createdAt,
    first_response_due_at: b.firstResponseDueAt,
    overdue_hours: b.overdueHours,
  };
}

export function buildWorkload(rows: WorkloadRow[], queues: QueueRow[], filters: ReportFiltersView): WorkloadReport {
  const consultants = rows.map((r) => ({
    consultantId: r.consultant_id,
    fullName: r.full_name,
    officeId: r.office_id,
    officeCode: r.office_code,
    role: r.role,
    active: r.active,
    capacity: r.capacity,
    openCases: r.open_cases,
    // The consultants API's formula, so both screens show the same figure.
    utilization: r.capacity > 0 ? round(r.open_cases / r.capacity, 3) : 1,
    breachedOpenCases: r.breached,
    breached: r.breached, // API.md's name for it
    outOfOfficeNow: r.out_of_office_until !== null,
    outOfOfficeUntil: r.out_of_office_until?.toISOString() ?? null,
  }));
  return {
    consultants,
    officeQueues: queues.map((q) => ({
      officeId: q.office_id,
      officeCode: q.office_code,
      openCases: q.open_cases,
      breachedOpenCases: q.breached,
    })),
    totals: {
      openCases: consultants.reduce((n, c) => n + c.openCases, 0),
      capacity: consultants.reduce((n, c) => n + c.capacity, 0),
      breachedOpenCases: consultants.reduce((n, c) => n + c.breachedOpenCases, 0),
    },
    filters,
  };
}

export const WORKLOAD_CSV = columns(
  'row_type',
  'consultant_id',
  'full_name',
  'office_id',
  'office_code',
  'role',
  'active',
  'capacity',
  'open_cases',
  'utilization',
  'breached_open_cases',
  'out_of_office_now',
  'out_of_office_until',
);

export function workloadCsv(report: WorkloadReport): CsvRecord[] {
  return [
    ...report.consultants.map((c) => ({
      row_type: 'consultant',
      consultant_id: c.consultantId,
      full_name: c.fullName,
      office_id: c.officeId,
      office_code: c.officeCode,
      role: c.role,
      active: c.active,
      capacity: c.capacity,
      open_cases: c.openCases,
      utilization: c.utilization,
      breached_open_cases: c.breachedOpenCases,
      out_of_office_now: c.outOfOfficeNow,
      out_of_office_until: c.outOfOfficeUntil,
    })),
    ...report.officeQueues.map((q) => ({
      row_type: 'office_queue',
      office_id: q.officeId,
      office_code: q.officeCode,
      open_cases: q.openCases,
      breached_open_cases: q.breachedOpenCases,
    })),
  ];
}

const bucketsOf = (counts: number[]): AgingBucket[] => AGING_BUCKETS.map((b, i) => ({ ...b, count: counts[i] }));

export function buildAging(stages: StageRow[], rows: AgingRow[], filters: ReportFiltersView): AgingReport {
  const byStage = new Map(rows.map((r) => [r.stage, [r.d0_7, r.d8_30, r.d31_90, r.d90_plus]]));
  const sums = [0, 0, 0, 0];
  const open = stages
    .filter((s) => s.category === 'open')
    .map((s) => {
      const counts = byStage.get(s.code) ?? [0, 0, 0, 0];
      counts.forEach((n, i) => (sums[i] += n));
      return {
        code: s.code,
        name: s.name,
        position: s.position,
        total: counts.reduce((a, b) => a + b, 0),
        buckets: bucketsOf(counts),
      };
    });
  return { stages: open, totals: { total: sums.reduce((a, b) => a + b, 0), buckets: bucketsOf(sums) }, filters };
}

export const AGING_CSV = columns('stage', 'stage_name', 'days_0_7', 'days_8_30', 'days_31_90', 'days_over_90', 'total');

export function agingCsv(report: AgingReport): CsvRecord[] {
  return report.stages.map((s) => ({
    stage: s.code,
    stage_name: s.name,
    days_0_7: s.buckets[0].count,
    days_8_30: s.buckets[1].count,
    days_31_90: s.buckets[2].count,
    days_over_90: s.buckets[3].count,
    total: s.total,
  }));
}

export function buildSources(rows: SourceRow[], filters: ReportFiltersView): SourcesReport {
  const report: SourcesReport = {
    weeks: [],
    byOriginCountry: [],
    byServiceLine: [],
    bySource: [],
    totals: { inquiries: 0, spam: 0, duplicates: 0 },
    filters,
  };
  // One object literal per row (no spread of a shared counts object): thousands of rows a year firm-wide.
  for (const { week, dimension, key, inquiries, spam, duplicates } of rows) {
    switch (dimension) {
      case 'total':
        report.weeks.push({ week, inquiries, spam, duplicates });
        report.totals.inquiries += inquiries;
        report.totals.spam += spam;
        report.totals.duplicates += duplicates;
        break;
      case 'originCountry':
        report.byOriginCountry.push({ week, inquiries, spam, duplicates, originCountry: key ?? '' });
        break;
      case 'serviceLine':
        report.byServiceLine.push({ week, inquiries, spam, duplicates, serviceLine: key });
        break;
      case 'source':
        report.bySource.push({ week, inquiries, spam, duplicates, source: key ?? '' });
        break;
    }
  }
  return report;
}

export const SOURCES_CSV = columns('week', 'dimension', 'key', 'inquiries', 'spam', 'duplicates');

export function sourceCsv(r: SourceRow): CsvRecord {
  return {
    week: r.week,
    dimension: r.dimension,
    key: r.key,
    inquiries: r.inquiries,
    spam: r.spam,
    duplicates: r.duplicates,
  };
}
