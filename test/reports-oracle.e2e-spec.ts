/**
 * An oracle for the seven manager reports: random small histories are written the way the report
 * specs write them (report factories, stage events into the triggers that keep the stage path and
 * the velocity and sources rollups, the first-response writer, the breach check itself), then every
 * report is recomputed here in plain TypeScript from the raw rows only — cases, stage events, case
 * events, activities, inquiries, consultants, out-of-office periods, offices and stages; never
 * `stage_path`, `stages_reached`, `stage_entered_at`, `closed_at`, `first_response_business_hours`,
 * `breached_under_id`, `sla_breached` or the rollup tables — following the definitions of API.md,
 * report-filters.ts and the report docs, and compared with GET /reports/<name> under random filters,
 * as an admin and as a manager, in JSON and (some runs) in CSV.
 *
 * Not generated on purpose: cross-office hand-overs of cases that were ever answered or whose
 * deadline has passed (so a flagged miss is always in its case's office here: `slaOfficeOf`; the
 * office at the breach is covered by test/sla.e2e-spec.ts; and which office's calendar times a first
 * response given before a move is not documented), stages added by admins, and histories reaching
 * past "now".
 */
import fc from 'fast-check';
import { DataSource, EntityManager } from 'typeorm';
import { businessHoursBetween, OfficeCalendar } from '../src/cases/business-hours';
import { closingSets } from '../src/cases/case-pipeline';
import { CasesRepository } from '../src/cases/cases.repository';
import { Clock } from '../src/sla/clock';
import { SlaService } from '../src/sla/sla.service';
import { createOffice, createUser } from './factories';
import { createOutOfOffice, createReportCase, createReportInquiry, csvObjects } from './factories/reports';
import { bearer, createTestApp, TestApp } from './setup/test-app';

const NOW = new Date('2027-01-15T12:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const REPORTS = ['pipeline', 'funnel', 'velocity', 'sla', 'workload', 'aging', 'sources'] as const;
type ReportName = (typeof REPORTS)[number];

/** The firm's zones, and one with daylight saving time (a working day an hour shorter or longer). */
const ZONES = ['Asia/Shanghai', 'Europe/Moscow', 'Asia/Kolkata', 'Asia/Ho_Chi_Minh', 'Asia/Singapore', 'Europe/Berlin'];
const CURRENCIES = ['USD', 'EUR', 'CNY', 'RUB'];
const LINES = ['bank_account', 'tax', 'company_formation', 'audit'];
const COUNTRIES = ['RU', 'CN', 'IN', 'KZ', 'VN'];
const SOURCES = ['website', 'referral', 'event', 'partner', 'email', 'other'];
const STAGES = ['new', 'contacted', 'qualified', 'proposal', 'engaged', 'lost'];
const CLOSED = new Set(['engaged', 'lost']);
const RESPONSE_TYPES = new Set(['call', 'email', 'meeting']);

// --- the generated world --------------------------------------------------------------------------

interface OfficeSpec {
  zone: string;
  days: number[];
  open: number;
  close: number;
  /** Days before now that are holidays, and make-up working days. */
  holidays: number[];
  extraDays: number[];
  slaHours: number;
  reassignOnBreach: boolean;
}

interface StaffSpec {
  office: number;
  capacity: number;
  active: boolean;
  /** Out of office [from, to) in hours relative to now. */
  away: [number, number] | null;
}

interface CaseSpec {
  office: number;
  /** Picks a consultant among the office's staff (modulo), or the queue. */
  consultant: number | null;
  ageMinutes: number;
  steps: Array<{ stage: string; gapMinutes: number }>;
  value: { cents: number; currency: string } | null;
  lines: string[];
  origin: string;
  source: string;
  dueAfterMinutes: number | null;
  activities: Array<{ type: string; direction: 'inbound' | 'outbound' | null; afterMinutes: number }>;
  handovers: Array<{ afterMinutes: number; to: number | null }>;
}

interface InquirySpec {
  ageMinutes: number;
  status: 'received' | 'spam' | 'duplicate';
  /** For a duplicate: which inquiry it repeats (modulo over the cases' inquiries then the others). */
  of: number;
  origin: string;
  lines: string[];
  source: string;
}

interface World {
  offices: OfficeSpec[];
  staff: StaffSpec[];
  cases: CaseSpec[];
  inquiries: InquirySpec[];
  /** Fold the sources changes into the weekly counts, then (re)mark some bare inquiries spam or genuine, then maybe fold again. */
  fold: boolean;
  retag: Array<{ of: number; status: 'received' | 'spam' }>;
  foldAgain: boolean;
}

const minutesIn = (days: number) => fc.integer({ min: 0, max: days * 1440 });

const officeArb: fc.Arbitrary<OfficeSpec> = fc.record({
  zone: fc.constantFrom(...ZONES),
  days: fc.constantFrom([1, 2, 3, 4, 5], [1, 2, 3, 4, 5, 6], [7, 1, 2, 3, 4]),
  open: fc.integer({ min: 7, max: 10 }),
  close: fc.integer({ min: 16, max: 20 }),
  holidays: fc.uniqueArray(fc.integer({ min: 0, max: 120 }), { maxLength: 3 }),
  extraDays: fc.uniqueArray(fc.integer({ min: 0, max: 120 }), { maxLength: 2 }),
  slaHours: fc.integer({ min: 2, max: 24 }),
  reassignOnBreach: fc.boolean(),
});

const staffArb = (offices: number): fc.Arbitrary<StaffSpec> =>
  fc.record({
    office: fc.nat({ max: offices - 1 }),
    capacity: fc.integer({ min: 0, max: 6 }),
    active: fc.integer({ min: 0, max: 9 }).map((n) => n < 8),
    away: fc.option(
      fc.tuple(fc.integer({ min: -400, max: 100 }), fc.integer({ min: 1, max: 300 })).map(([s, l]) => [s, s + l]),
      { freq: 3 },
    ) as fc.Arbitrary<[number, number] | null>,
  });

const caseArb = (offices: number): fc.Arbitrary<CaseSpec> =>
  fc.record({
    office: fc.nat({ max: offices - 1 }),
    consultant: fc.option(fc.nat(), { freq: 4 }),
    ageMinutes: fc.oneof(minutesIn(10), minutesIn(150)),
    steps: fc.array(
      fc.record({
        stage: fc.constantFrom(...STAGES, 'qualified', 'contacted'),
        gapMinutes: fc.oneof(
          fc.constant(0),
          fc.integer({ min: 1, max: 600 }),
          fc.integer({ min: 600, max: 30 * 1440 }),
        ),
      }),
      { maxLength: 5, size: 'medium' },
    ),
    value: fc.option(
      fc.record({ cents: fc.integer({ min: 1, max: 50_000_000 }), currency: fc.constantFrom(...CURRENCIES) }),
      { freq: 3 },
    ),
    lines: fc.uniqueArray(fc.constantFrom(...LINES), { maxLength: 2 }),
    origin: fc.constantFrom(...COUNTRIES),
    source: fc.constantFrom(...SOURCES),
    dueAfterMinutes: fc.option(fc.integer({ min: 30, max: 4 * 1440 }), { freq: 6 }),
    activities: fc.array(
      fc.record({
        type: fc.constantFrom('note', 'call', 'email', 'meeting', 'task'),
        direction: fc.constantFrom<'inbound' | 'outbound' | null>('inbound', 'outbound', null),
        afterMinutes: fc.integer({ min: 0, max: 5 * 1440 }),
      }),
      { maxLength: 3 },
    ),
    handovers: fc.array(fc.record({ afterMinutes: fc.integer({ min: 1, max: 20 * 1440 }), to: fc.option(fc.nat()) }), {
      maxLength: 2,
    }),
  });

const inquiryArb: fc.Arbitrary<InquirySpec> = fc.record({
  ageMinutes: minutesIn(150),
  status: fc.constantFrom<InquirySpec['status']>('received', 'spam', 'duplicate'),
  of: fc.nat(),
  origin: fc.constantFrom(...COUNTRIES),
  lines: fc.uniqueArray(fc.constantFrom(...LINES), { maxLength: 2 }),
  source: fc.constantFrom(...SOURCES),
});

const worldArb: fc.Arbitrary<World> = fc.integer({ min: 1, max: 3 }).chain((n) =>
  fc.record({
    offices: fc.array(officeArb, { minLength: n, maxLength: n }),
    staff: fc.array(staffArb(n), { minLength: 1, maxLength: 5 }),
    cases: fc.array(caseArb(n), { minLength: 10, maxLength: 40, size: 'medium' }),
    inquiries: fc.array(inquiryArb, { maxLength: 10 }),
    fold: fc.boolean(),
    retag: fc.array(fc.record({ of: fc.nat(), status: fc.constantFrom<'received' | 'spam'>('received', 'spam') }), {
      maxLength: 3,
    }),
    foldAgain: fc.boolean(),
  }),
);

interface FilterSpec {
  from: string | null;
  to: string | null;
  office: number | null;
  consultant: number | null;
  serviceLine: string | null;
  originCountry: string | null;
  asManager: boolean;
}

/** A bound of the period: a whole UTC day or an instant (with a zone offset), some days before now. */
const boundArb = fc.tuple(fc.integer({ min: 0, max: 160 * 1440 }), fc.constantFrom('date', 'Z', '+08:00'));
const bound = ([minutesAgo, kind]: [number, string]): { text: string; at: number } => {
  const at = NOW.getTime() - minutesAgo * MINUTE;
  const iso = new Date(at).toISOString();
  if (kind === 'date') return { text: iso.slice(0, 10), at };
  if (kind === 'Z') return { text: `${iso.slice(0, 16)}:00Z`, at };
  const local = new Date(at + 8 * HOUR).toISOString();
  return { text: `${local.slice(0, 16)}:00+08:00`, at };
};

const periodArb = fc.option(fc.tuple(fc.option(boundArb), fc.option(boundArb)), { freq: 4 });
/**
 * Half the queries are firm-wide (an admin, no office, consultant, service line or country): those
 * take the velocity and sources reports down their rollup paths (monthly stay histogram, weekly
 * source counts), the rest down the per-case SQL.
 */
const filterArb: fc.Arbitrary<FilterSpec> = fc
  .oneof(
    fc.record({
      period: periodArb,
      office: fc.constant(null),
      consultant: fc.constant(null),
      serviceLine: fc.constant(null),
      originCountry: fc.constant(null),
      asManager: fc.constant(false),
    }),
    fc.record({
      period: periodArb,
      office: fc.option(fc.nat(), { freq: 2 }),
      consultant: fc.option(fc.nat(), { freq: 2 }),
      serviceLine: fc.option(fc.constantFrom(...LINES, 'visa_immigration'), { freq: 2 }),
      originCountry: fc.option(fc.constantFrom(...COUNTRIES, 'ZW'), { freq: 2 }),
      asManager: fc.boolean(),
    }),
  )
  .map(({ period, ...rest }) => {
    let from = period?.[0] ? bound(period[0]) : null;
    let to = period?.[1] ? bound(period[1]) : null;
    if (from && to && from.at > to.at) [from, to] = [to, from];
    return { ...rest, from: from?.text ?? null, to: to?.text ?? null };
  });

// --- counterexamples the property found, each kept as a test of its own ----------------------------

const ALL: FilterSpec = {
  from: null,
  to: null,
  office: null,
  consultant: null,
  serviceLine: null,
  originCountry: null,
  asManager: false,
};

/**
 * Lost unanswered an hour after creation, before its deadline (8 hours), then moved from lost to
 * engaged the next day: it owed no answer, so the SLA report must not count it. It counted it as
 * due and missed while the compliance query read `closed_at` — re-dated by the won ↔ lost move —
 * as the moment the case closed (fixed with `closed_since`, migration ClosedSince).
 */
const LOST_BEFORE_DEADLINE_THEN_WON: [World, FilterSpec[], boolean] = [
  {
    offices: [
      {
        zone: 'Asia/Shanghai',
        days: [1, 2, 3, 4, 5],
        open: 9,
        close: 18,
        holidays: [],
        extraDays: [],
        slaHours: 8,
        reassignOnBreach: false,
      },
    ],
    staff: [{ office: 0, capacity: 5, active: true, away: null }],
    cases: [
      {
        office: 0,
        consultant: 1,
        ageMinutes: 5 * 1440,
        steps: [
          { stage: 'lost', gapMinutes: 60 },
          { stage: 'engaged', gapMinutes: 1440 },
        ],
        value: { cents: 100_000, currency: 'USD' },
        lines: ['bank_account'],
        origin: 'RU',
        source: 'website',
        dueAfterMinutes: 480,
        activities: [],
        handovers: [],
      },
    ],
    inquiries: [],
    fold: false,
    retag: [],
    foldAgain: false,
  },
  [ALL, ALL],
  true,
];

// --- raw rows -------------------------------------------------------------------------------------

interface Raw {
  stages: Array<{ code: string; name: string; position: number; probability: number; category: string }>;
  offices: Map<string, { id: string; code: string; name: string; calendar: OfficeCalendar }>;
  staff: Map<
    string,
    { id: string; fullName: string; officeId: string | null; role: string; active: boolean; capacity: number }
  >;
  away: Array<{ consultantId: string; from: number; to: number }>;
  cases: RawCase[];
  inquiries: Array<{
    id: string;
    at: number;
    status: string;
    origin: string;
    lines: string[];
    source: string | null;
    duplicateOf: string | null;
  }>;
}

interface RawCase {
  id: string;
  reference: string;
  inquiryId: string;
  officeId: string;
  consultantId: string | null;
  stage: string;
  cents: bigint | null;
  currency: string | null;
  lines: string[];
  origin: string;
  createdAt: number;
  dueAt: number | null;
  /** Stage events by time, then id. */
  events: Array<{ from: string | null; to: string; at: number }>;
  assignments: Array<{ to: string | null; at: number }>;
  breachEvent: boolean;
  /** Derived from activities and stage events, never read from the case. */
  firstResponseAt: number | null;
  /** The move into the outcome the case has now (pipeline ages, days to win). */
  closedAt: number | null;
  /** Since when the case has been closed without a break: its last move from an open stage (SLA). */
  closedSince: number | null;
}

async function loadRaw(t: TestApp): Promise<Raw> {
  const q = <T>(sql: string): Promise<T[]> => t.db.query(sql);
  const stages = await q<Raw['stages'][number]>(
    `SELECT code, name, position, probability, category FROM stages ORDER BY position, code`,
  );
  const category = new Map(stages.map((s) => [s.code, s.category]));
  const offices = await q<{
    id: string;
    code: string;
    name: string;
    timezone: string;
    days: number[];
    open: string;
    close: string;
    holidays: string[];
    extra: string[];
  }>(
    `SELECT id, code, name, timezone, business_days AS days, opens_at::text AS open, closes_at::text AS close,
            holidays::text[] AS holidays, extra_working_days::text[] AS extra FROM offices`,
  );
  const staff = await q<{
    id: string;
    full_name: string;
    office_id: string | null;
    role: string;
    active: boolean;
    capacity: number;
  }>(`SELECT id, full_name, office_id, role, active, capacity FROM consultants`);
  const away = await q<{ consultant_id: string; starts_at: Date; ends_at: Date }>(
    `SELECT consultant_id, starts_at, ends_at FROM out_of_office_periods`,
  );
  const cases = await q<{
    id: string;
    reference: string;
    inquiry_id: string;
    office_id: string;
    consultant_id: string | null;
    stage_code: string;
    value: string | null;
    currency: string | null;
    service_lines: string[];
    origin_country: string;
    created_at: Date;
    first_response_due_at: Date | null;
  }>(
    `SELECT id, reference, inquiry_id, office_id, consultant_id, stage_code, estimated_value::text AS value, currency, service_lines,
            origin_country, created_at, first_response_due_at FROM cases`,
  );
  const stageEvents = await q<{ case_id: string; from_stage: string | null; to_stage: string; created_at: Date }>(
    `SELECT case_id, from_stage, to_stage, created_at FROM stage_events ORDER BY created_at, id`,
  );
  const caseEvents = await q<{ case_id: string; kind: string; data: Record<string, unknown>; created_at: Date }>(
    `SELECT case_id, kind, data, created_at FROM case_events ORDER BY created_at, id`,
  );
  const activities = await q<{ case_id: string; type: string; direction: string | null; created_at: Date }>(
    `SELECT case_id, type, direction, created_at FROM activities`,
  );
  const inquiries = await q<{
    id: string;
    created_at: Date;
    status: string;
    origin_country: string;
    service_lines: string[];
    source: string | null;
    duplicate_of_id: string | null;
  }>(`SELECT id, created_at, status, origin_country, service_lines, source, duplicate_of_id FROM inquiries`);

  const byCase = <T extends { case_id: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) m.set(r.case_id, [...(m.get(r.case_id) ?? []), r]);
    return m;
  };
  const eventsOf = byCase(stageEvents);
  const caseEventsOf = byCase(caseEvents);
  const activitiesOf = byCase(activities);

  return {
    stages,
    offices: new Map(
      offices.map((o) => [
        o.id,
        {
          id: o.id,
          code: o.code,
          name: o.name,
          calendar: {
            timezone: o.timezone,
            days: o.days,
            open: o.open.slice(0, 5),
            close: o.close.slice(0, 5),
            holidays: o.holidays,
            extraWorkingDays: o.extra,
          },
        },
      ]),
    ),
    staff: new Map(
      staff.map((k) => [
        k.id,
        {
          id: k.id,
          fullName: k.full_name,
          officeId: k.office_id,
          role: k.role,
          active: k.active,
          capacity: k.capacity,
        },
      ]),
    ),
    away: away.map((a) => ({ consultantId: a.consultant_id, from: a.starts_at.getTime(), to: a.ends_at.getTime() })),
    cases: cases.map((c): RawCase => {
      const events = (eventsOf.get(c.id) ?? []).map((e) => ({
        from: e.from_stage,
        to: e.to_stage,
        at: e.created_at.getTime(),
      }));
      const responses = [
        ...events.filter((e) => e.to === 'contacted').map((e) => e.at),
        ...(activitiesOf.get(c.id) ?? [])
          .filter((a) => a.direction === 'outbound' && RESPONSE_TYPES.has(a.type))
          .map((a) => a.created_at.getTime()),
      ];
      // Closed: the move into the outcome the case has now (the last move between categories into it).
      const outcome = category.get(c.stage_code);
      const closing =
        outcome === 'open'
          ? undefined
          : [...events].reverse().find((e) => category.get(e.to) === outcome && category.get(e.from ?? '') !== outcome);
      const mine = caseEventsOf.get(c.id) ?? [];
      return {
        id: c.id,
        reference: c.reference,
        inquiryId: c.inquiry_id,
        officeId: c.office_id,
        consultantId: c.consultant_id,
        stage: c.stage_code,
        cents: c.value === null ? null : cents(c.value),
        currency: c.currency,
        lines: c.service_lines,
        origin: c.origin_country,
        createdAt: c.created_at.getTime(),
        dueAt: c.first_response_due_at?.getTime() ?? null,
        events,
        assignments: mine
          .filter((e) => e.kind === 'assigned' || e.kind === 'sla_reassigned')
          .map((e) => ({
            to: (e.data.toConsultantId as string | null | undefined) ?? null,
            at: e.created_at.getTime(),
          })),
        breachEvent: mine.some((e) => e.kind === 'sla_breached'),
        firstResponseAt: responses.length > 0 ? Math.min(...responses) : null,
        closedAt: closing ? closing.at : null,
        closedSince:
          outcome === 'open'
            ? null
            : ([...events].reverse().find((e) => e.from === null || category.get(e.from) === 'open')?.at ?? null),
      };
    }),
    inquiries: inquiries.map((i) => ({
      id: i.id,
      at: i.created_at.getTime(),
      status: i.status,
      origin: i.origin_country,
      lines: i.service_lines,
      source: i.source,
      duplicateOf: i.duplicate_of_id,
    })),
  };
}

const cents = (amount: string): bigint => {
  const [whole, frac = ''] = amount.split('.');
  return BigInt(whole) * 100n + BigInt((frac + '00').slice(0, 2));
};
const formatCents = (c: bigint): string => `${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`;
const round = (v: number, d: number): number => Math.round(v * 10 ** d) / 10 ** d;
const ratio = (part: number, whole: number): number | null => (whole > 0 ? round(part / whole, 4) : null);
const iso = (ms: number): string => new Date(ms).toISOString();

// --- the filter, as report-filters.ts defines it ---------------------------------------------------

interface Filter {
  from: number | null;
  to: number | null;
  officeIds: string[] | null;
  consultantId: string | null;
  serviceLine: string | null;
  originCountry: string | null;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
function periodOf(from: string | null, to: string | null): { from: number | null; to: number | null } {
  const at = (s: string) => Date.parse(DATE_ONLY.test(s) ? `${s}T00:00:00Z` : s);
  return {
    from: from === null ? null : at(from),
    to: to === null ? null : at(to) + (DATE_ONLY.test(to) ? DAY : 0),
  };
}

const inPeriod = (f: Filter, at: number | null): boolean =>
  at !== null && (f.from === null || at >= f.from) && (f.to === null || at < f.to);

/** The case filter (office, consultant, service line, origin, period) on the chosen timestamp and consultant. */
const caseMatches = (f: Filter, c: RawCase, at: number | null, consultant: string | null = c.consultantId): boolean =>
  (f.officeIds === null || f.officeIds.includes(c.officeId)) &&
  (f.consultantId === null || consultant === f.consultantId) &&
  (f.serviceLine === null || c.lines.includes(f.serviceLine)) &&
  (f.originCountry === null || c.origin === f.originCountry) &&
  inPeriod(f, at);

// --- the oracle -----------------------------------------------------------------------------------

type Json = unknown;

function percentile(sorted: number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}
const medianP90 = (values: number[]): [number | null, number | null] => {
  if (values.length === 0) return [null, null];
  const s = [...values].sort((a, b) => a - b);
  return [round(percentile(s, 0.5), 2), round(percentile(s, 0.9), 2)];
};

function oracle(raw: Raw, f: Filter, filters: Json): Record<ReportName, Json> & { pipelineCsv: Json[] } {
  const now = NOW.getTime();
  const category = new Map(raw.stages.map((s) => [s.code, s.category]));
  const isOpen = (c: RawCase) => category.get(c.stage) === 'open';
  const openStages = raw.stages.filter((s) => s.category === 'open');
  const cohort = raw.cases.filter((c) => caseMatches(f, c, c.createdAt));

  // pipeline
  class Group {
    count = 0;
    withoutValue = 0;
    age = 0;
    byCurrency = new Map<string, { count: number; cents: bigint; basis: bigint }>();
    add(c: RawCase) {
      this.count++;
      this.age += Math.max((isOpen(c) ? now : (c.closedAt ?? now)) - c.createdAt, 0) / 1000;
      if (c.currency === null || c.cents === null) {
        this.withoutValue++;
        return;
      }
      const v = this.byCurrency.get(c.currency) ?? { count: 0, cents: 0n, basis: 0n };
      v.count++;
      v.cents += c.cents;
      v.basis += c.cents * BigInt(raw.stages.find((s) => s.code === c.stage)!.probability);
      this.byCurrency.set(c.currency, v);
    }
    view() {
      const rows = [...this.byCurrency.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([currency, v]) => ({
          currency,
          count: v.count,
          value: formatCents(v.cents),
          weightedValue: formatCents((v.basis + 50n) / 100n),
        }));
      return {
        count: this.count,
        avgAgeDays: this.count > 0 ? round(this.age / this.count / 86_400, 2) : null,
        withoutValue: this.withoutValue,
        value: Object.fromEntries(rows.map((r) => [r.currency, r.value])),
        weightedValue: Object.fromEntries(rows.map((r) => [r.currency, r.weightedValue])),
        byCurrency: rows,
      };
    }
  }
  const perStage = new Map(raw.stages.map((s) => [s.code, new Group()]));
  const perCategory: Record<string, Group> = { open: new Group(), won: new Group(), lost: new Group() };
  const total = new Group();
  for (const c of cohort) {
    perStage.get(c.stage)!.add(c);
    perCategory[category.get(c.stage)!].add(c);
    total.add(c);
  }
  const pipeline = {
    stages: raw.stages.map((s) => ({
      code: s.code,
      name: s.name,
      category: s.category,
      position: s.position,
      probability: s.probability,
      ...perStage.get(s.code)!.view(),
    })),
    categories: { open: perCategory.open.view(), won: perCategory.won.view(), lost: perCategory.lost.view() },
    totals: total.view(),
    filters,
  };
  const pipelineCsv = raw.stages.flatMap((s) => {
    const mine = cohort.filter((c) => c.stage === s.code);
    const base = { stage: s.code, stage_name: s.name, category: s.category, probability: s.probability };
    if (mine.length === 0)
      return [{ ...base, currency: null, count: 0, value: null, weighted_value: null, avg_age_days: null }];
    const currencies = [...new Set(mine.map((c) => c.currency))].sort((a, b) => (a ?? '').localeCompare(b ?? ''));
    return currencies.map((currency) => {
      const g = new Group();
      mine.filter((c) => c.currency === currency).forEach((c) => g.add(c));
      const v = g.view();
      return {
        ...base,
        currency,
        count: v.count,
        value: currency === null ? null : v.byCurrency[0].value,
        weighted_value: currency === null ? null : v.byCurrency[0].weightedValue,
        avg_age_days: v.avgAgeDays,
      };
    });
  });

  // funnel
  const won = cohort.filter((c) => category.get(c.stage) === 'won').length;
  const lost = cohort.filter((c) => category.get(c.stage) === 'lost').length;
  let previous: number | null = null;
  const funnel = {
    cohort: { cases: cohort.length, open: cohort.filter(isOpen).length, won, lost },
    stages: raw.stages.map((s) => {
      const reached = cohort.filter((c) => c.events.some((e) => e.to === s.code)).length;
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
        shareOfCohort: ratio(reached, cohort.length),
      };
    }),
    winRate: ratio(won, won + lost),
    winRateOfCreated: ratio(won, cohort.length),
    filters,
  };

  // velocity
  const stays = new Map<string, number[]>();
  for (const c of cohort) {
    c.events.forEach((e, i) => {
      const until = i + 1 < c.events.length ? c.events[i + 1].at : now;
      stays.set(e.to, [...(stays.get(e.to) ?? []), Math.max((until - e.at) / DAY, 0)]);
    });
  }
  const firstResponses = cohort
    .filter((c) => c.firstResponseAt !== null)
    .map((c) =>
      businessHoursBetween(new Date(c.createdAt), new Date(c.firstResponseAt!), raw.offices.get(c.officeId)!.calendar),
    );
  const toWin = cohort
    .filter((c) => category.get(c.stage) === 'won' && c.closedAt !== null)
    .map((c) => Math.max((c.closedAt! - c.createdAt) / DAY, 0));
  const [frMedian, frP90] = medianP90(firstResponses);
  const [winMedian, winP90] = medianP90(toWin);
  const velocity = {
    stages: openStages.map((s) => {
      const v = stays.get(s.code) ?? [];
      const [medianDays, p90Days] = medianP90(v);
      return { code: s.code, name: s.name, position: s.position, visits: v.length, medianDays, p90Days };
    }),
    firstResponse: { cases: firstResponses.length, medianBusinessHours: frMedian, p90BusinessHours: frP90 },
    toWin: { cases: toWin.length, medianDays: winMedian, p90Days: winP90 },
    filters,
  };

  // sla
  const due = raw.cases.filter(
    (c) =>
      c.dueAt !== null &&
      caseMatches(f, c, c.dueAt, slaHolderOf(c)) &&
      // closed unanswered by its deadline (and closed ever since): nothing was due
      !(c.firstResponseAt === null && c.closedSince !== null && c.closedSince <= c.dueAt),
  );
  const figures = (cs: RawCase[]) => {
    const met = cs.filter((c) => c.firstResponseAt !== null && c.firstResponseAt <= c.dueAt!).length;
    const missed = cs.filter(
      (c) =>
        (c.firstResponseAt !== null && c.firstResponseAt > c.dueAt!) || (c.firstResponseAt === null && c.dueAt! <= now),
    ).length;
    const pending = cs.filter((c) => c.firstResponseAt === null && c.dueAt! > now).length;
    return { due: cs.length, met, missed, pending, compliance: ratio(met, met + missed) };
  };
  const groupBy = <K>(cs: RawCase[], key: (c: RawCase) => K) => {
    const m = new Map<K, RawCase[]>();
    for (const c of cs) m.set(key(c), [...(m.get(key(c)) ?? []), c]);
    return [...m.entries()];
  };
  const breachedOpen = raw.cases
    .filter((c) => isOpen(c) && c.firstResponseAt === null && c.dueAt !== null && c.dueAt <= now)
    .filter((c) => caseMatches(f, c, c.dueAt))
    .sort((a, b) => a.dueAt! - b.dueAt! || (a.id < b.id ? -1 : 1));
  const sla = {
    totals: figures(due),
    byOffice: groupBy(due, slaOfficeOf)
      .map(([officeId, cs]) => {
        const o = raw.offices.get(officeId)!;
        return { officeId, officeCode: o.code, officeName: o.name, ...figures(cs) };
      })
      .sort((a, b) => (a.officeCode < b.officeCode ? -1 : 1)),
    byConsultant: groupBy(due, slaHolderOf)
      .map(([consultantId, cs]) => ({
        consultantId,
        consultantName: consultantId === null ? null : raw.staff.get(consultantId)!.fullName,
        ...figures(cs),
      }))
      .sort(byNameNullsFirst),
    breachedOpenCases: breachedOpen.map((c) => ({
      id: c.id,
      reference: c.reference,
      officeId: c.officeId,
      officeCode: raw.offices.get(c.officeId)!.code,
      consultantId: c.consultantId,
      consultantName: c.consultantId === null ? null : raw.staff.get(c.consultantId)!.fullName,
      stage: c.stage,
      createdAt: iso(c.createdAt),
      firstResponseDueAt: iso(c.dueAt!),
      overdueHours: round((now - c.dueAt!) / HOUR, 2),
    })),
    filters,
  };

  // workload
  const openMatching = raw.cases.filter((c) => isOpen(c) && caseMatches(f, c, c.createdAt));
  const breachedNow = (c: RawCase) => c.firstResponseAt === null && c.dueAt !== null && c.dueAt <= now;
  const consultants = [...raw.staff.values()]
    .map((k) => {
      const mine = openMatching.filter((c) => c.consultantId === k.id);
      const away = raw.away.filter((a) => a.consultantId === k.id && a.from <= now && a.to > now);
      const until = away.length > 0 ? Math.max(...away.map((a) => a.to)) : null;
      const office = k.officeId === null ? null : raw.offices.get(k.officeId)!;
      return {
        consultantId: k.id,
        fullName: k.fullName,
        officeId: k.officeId,
        officeCode: office?.code ?? null,
        role: k.role,
        active: k.active,
        capacity: k.capacity,
        openCases: mine.length,
        utilization: k.capacity > 0 ? round(mine.length / k.capacity, 3) : 1,
        breachedOpenCases: mine.filter(breachedNow).length,
        breached: mine.filter(breachedNow).length,
        outOfOfficeNow: until !== null,
        outOfOfficeUntil: until === null ? null : iso(until),
      };
    })
    .filter((k) => (k.active && k.role !== 'admin') || k.openCases > 0)
    .filter((k) => f.officeIds === null || (k.officeId !== null && f.officeIds.includes(k.officeId)))
    .filter((k) => f.consultantId === null || k.consultantId === f.consultantId)
    .sort(
      (a, b) =>
        cmpNullsLast(a.officeCode, b.officeCode) || cmp(a.fullName, b.fullName) || cmp(a.consultantId, b.consultantId),
    );
  const officeQueues =
    f.consultantId !== null
      ? []
      : groupBy(
          openMatching.filter((c) => c.consultantId === null),
          (c) => c.officeId,
        )
          .map(([officeId, cs]) => ({
            officeId,
            officeCode: raw.offices.get(officeId)!.code,
            openCases: cs.length,
            breachedOpenCases: cs.filter(breachedNow).length,
          }))
          .sort((a, b) => cmp(a.officeCode, b.officeCode));
  const workload = {
    consultants,
    officeQueues,
    totals: {
      openCases: consultants.reduce((n, k) => n + k.openCases, 0),
      capacity: consultants.reduce((n, k) => n + k.capacity, 0),
      breachedOpenCases: consultants.reduce((n, k) => n + k.breachedOpenCases, 0),
    },
    filters,
  };

  // aging
  const BUCKETS = [
    { bucket: '0-7', minDays: 0, maxDays: 7 },
    { bucket: '8-30', minDays: 8, maxDays: 30 },
    { bucket: '31-90', minDays: 31, maxDays: 90 },
    { bucket: '90+', minDays: 91, maxDays: null },
  ];
  const bucketOf = (c: RawCase) => {
    const days = Math.floor((now - c.createdAt) / DAY);
    return days <= 7 ? 0 : days <= 30 ? 1 : days <= 90 ? 2 : 3;
  };
  const sums = [0, 0, 0, 0];
  const agingStages = openStages.map((s) => {
    const counts = [0, 0, 0, 0];
    for (const c of openMatching.filter((x) => x.stage === s.code)) counts[bucketOf(c)]++;
    counts.forEach((n, i) => (sums[i] += n));
    return {
      code: s.code,
      name: s.name,
      position: s.position,
      total: counts.reduce((a, b) => a + b, 0),
      buckets: BUCKETS.map((b, i) => ({ ...b, count: counts[i] })),
    };
  });
  const aging = {
    stages: agingStages,
    totals: { total: sums.reduce((a, b) => a + b, 0), buckets: BUCKETS.map((b, i) => ({ ...b, count: sums[i] })) },
    filters,
  };

  // sources
  const caseOfInquiry = new Map(raw.cases.map((c) => [c.inquiryId, c]));
  const scoped = f.officeIds !== null || f.consultantId !== null;
  const inquiries = raw.inquiries.filter((i) => {
    if (!inPeriod(f, i.at)) return false;
    if (f.serviceLine !== null && !i.lines.includes(f.serviceLine)) return false;
    if (f.originCountry !== null && i.origin !== f.originCountry) return false;
    if (!scoped) return true;
    const c = caseOfInquiry.get(i.duplicateOf ?? i.id);
    return (
      c !== undefined &&
      (f.officeIds === null || f.officeIds.includes(c.officeId)) &&
      (f.consultantId === null || c.consultantId === f.consultantId)
    );
  });
  type Counts = { inquiries: number; spam: number; duplicates: number };
  const tally = new Map<string, Counts & { week: string; dimension: string; key: string | null }>();
  const count = (week: string, dimension: string, key: string | null, status: string) => {
    const id = JSON.stringify([week, dimension, key]);
    const row = tally.get(id) ?? { week, dimension, key, inquiries: 0, spam: 0, duplicates: 0 };
    if (status === 'spam') row.spam++;
    else if (status === 'duplicate') row.duplicates++;
    else row.inquiries++;
    tally.set(id, row);
  };
  for (const i of inquiries) {
    const week = isoWeek(i.at);
    count(week, 'total', null, i.status);
    count(week, 'originCountry', i.origin, i.status);
    count(week, 'source', i.source, i.status);
    for (const line of i.lines.length > 0 ? i.lines : [null]) count(week, 'serviceLine', line, i.status);
  }
  const rows = [...tally.values()].sort((a, b) => cmp(a.week, b.week) || cmpNullsFirst(a.key, b.key));
  const of = (dimension: string) => rows.filter((r) => r.dimension === dimension);
  const counts = (r: Counts) => ({ inquiries: r.inquiries, spam: r.spam, duplicates: r.duplicates });
  const sources = {
    weeks: of('total').map((r) => ({ week: r.week, ...counts(r) })),
    byOriginCountry: of('originCountry').map((r) => ({ week: r.week, ...counts(r), originCountry: r.key })),
    byServiceLine: of('serviceLine').map((r) => ({ week: r.week, ...counts(r), serviceLine: r.key })),
    bySource: of('source').map((r) => ({ week: r.week, ...counts(r), source: r.key })),
    totals: {
      inquiries: inquiries.filter((i) => i.status === 'received' || i.status === 'routed').length,
      spam: inquiries.filter((i) => i.status === 'spam').length,
      duplicates: inquiries.filter((i) => i.status === 'duplicate').length,
    },
    filters,
  };

  return { pipeline, funnel, velocity, sla, workload, aging, sources, pipelineCsv };
}

/**
 * Whom the SLA figures charge a case to: a miss the breach check flagged (a breach event, or an
 * answer after the deadline, which flags the case too) to whoever held it at the deadline — the
 * last assignment at or before it, or with none on record its consultant now; every other case to
 * its current consultant. Null: the office queue.
 */
function slaHolderOf(c: RawCase): string | null {
  const flagged = c.breachEvent || (c.firstResponseAt !== null && c.dueAt !== null && c.firstResponseAt > c.dueAt);
  if (!flagged) return c.consultantId;
  const before = c.assignments.filter((a) => a.at <= c.dueAt!);
  return before.length > 0 ? before[before.length - 1].to : c.consultantId;
}

/**
 * The office the SLA figures charge a case to: a flagged miss to the office the case was in when it
 * was flagged, anything else to its current office. The generator hands no flagged case to another
 * office, so both are the case's office here (test/sla.e2e-spec.ts covers a breached case sent on).
 */
function slaOfficeOf(c: RawCase): string {
  return c.officeId;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const cmpNullsLast = (a: string | null, b: string | null): number =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : cmp(a, b);
const cmpNullsFirst = (a: string | null, b: string | null): number =>
  a === b ? 0 : a === null ? -1 : b === null ? 1 : cmp(a, b);
const byNameNullsFirst = (
  a: { consultantName: string | null; consultantId: string | null },
  b: { consultantName: string | null; consultantId: string | null },
) => cmpNullsFirst(a.consultantName, b.consultantName) || cmpNullsFirst(a.consultantId, b.consultantId);

/** ISO 8601 week of a UTC instant, as `to_char(…, 'IYYY-"W"IW')`. */
function isoWeek(ms: number): string {
  const d = new Date(ms);
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  day.setUTCDate(day.getUTCDate() + 3 - ((day.getUTCDay() + 6) % 7)); // the week's Thursday
  const year = day.getUTCFullYear();
  const week = 1 + Math.floor((day.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

// --- comparison -----------------------------------------------------------------------------------

/** Differences between the API's answer and the oracle's, numbers within `tolerance`. */
function diff(actual: unknown, expected: unknown, path = '', tolerance = 0.011, out: string[] = []): string[] {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Math.abs(actual - expected) > (Number.isInteger(expected) && Number.isInteger(actual) ? 0 : tolerance))
      out.push(`${path}: api ${actual}, oracle ${expected}`);
  } else if (Array.isArray(expected) && Array.isArray(actual)) {
    if (actual.length !== expected.length)
      out.push(
        `${path}: api ${actual.length} rows ${JSON.stringify(actual)}, oracle ${expected.length} rows ${JSON.stringify(expected)}`,
      );
    else expected.forEach((e, i) => diff(actual[i], e, `${path}[${i}]`, tolerance, out));
  } else if (expected !== null && typeof expected === 'object' && actual !== null && typeof actual === 'object') {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const k of keys)
      diff(
        (actual as Record<string, unknown>)[k],
        (expected as Record<string, unknown>)[k],
        `${path}.${k}`,
        tolerance,
        out,
      );
  } else if (actual !== expected) {
    out.push(`${path}: api ${JSON.stringify(actual)}, oracle ${JSON.stringify(expected)}`);
  }
  return out;
}

/** CSV cells back to what the JSON would hold: '' = null, numbers and booleans parsed. */
const cell = (v: string): unknown =>
  v === ''
    ? null
    : v === 'true'
      ? true
      : v === 'false'
        ? false
        : /^-?\d+(\.\d+)?$/.test(v) && !/^0\d/.test(v)
          ? Number(v)
          : v;

/** The CSV records each report should answer, from the oracle's report (CSV column names). */
function csvExpected(name: ReportName, r: ReturnType<typeof oracle>): Array<Record<string, unknown>> {
  const money = (v: unknown) => (v === null ? null : Number(v));
  switch (name) {
    case 'pipeline':
      return r.pipelineCsv.map((row) => {
        const x = row as Record<string, unknown>;
        return { ...x, value: money(x.value), weighted_value: money(x.weighted_value) };
      });
    case 'funnel': {
      const f = r.funnel as { stages: Array<Record<string, unknown>>; cohort: Record<string, number> } & Record<
        string,
        unknown
      >;
      return f.stages.map((s) => ({
        stage: s.code,
        stage_name: s.name,
        category: s.category,
        reached: s.reached,
        conversion_from_previous: s.conversionFromPrevious,
        share_of_cohort: s.shareOfCohort,
        cohort_cases: f.cohort.cases,
        cohort_won: f.cohort.won,
        cohort_lost: f.cohort.lost,
        win_rate: f.winRate,
        win_rate_of_created: f.winRateOfCreated,
      }));
    }
    case 'velocity': {
      const v = r.velocity as {
        stages: Array<Record<string, unknown>>;
        firstResponse: Record<string, unknown>;
        toWin: Record<string, unknown>;
      };
      return [
        ...v.stages.map((s) => ({
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
          count: v.firstResponse.cases,
          median: v.firstResponse.medianBusinessHours,
          p90: v.firstResponse.p90BusinessHours,
          unit: 'business_hours',
        },
        {
          metric: 'time_to_win',
          stage: null,
          count: v.toWin.cases,
          median: v.toWin.medianDays,
          p90: v.toWin.p90Days,
          unit: 'days',
        },
      ];
    }
    case 'sla': {
      const s = r.sla as {
        totals: Record<string, unknown>;
        byOffice: Array<Record<string, unknown>>;
        byConsultant: Array<Record<string, unknown>>;
        breachedOpenCases: Array<Record<string, unknown>>;
      };
      const blank = {
        office_id: null,
        office_code: null,
        office_name: null,
        consultant_id: null,
        consultant_name: null,
        due: null,
        met: null,
        missed: null,
        pending: null,
        compliance: null,
        case_id: null,
        reference: null,
        stage: null,
        created_at: null,
        first_response_due_at: null,
        overdue_hours: null,
      };
      const fig = (x: Record<string, unknown>) => ({
        due: x.due,
        met: x.met,
        missed: x.missed,
        pending: x.pending,
        compliance: x.compliance,
      });
      return [
        { ...blank, row_type: 'total', ...fig(s.totals) },
        ...s.byOffice.map((o) => ({
          ...blank,
          row_type: 'office',
          office_id: o.officeId,
          office_code: o.officeCode,
          office_name: o.officeName,
          ...fig(o),
        })),
        ...s.byConsultant.map((k) => ({
          ...blank,
          row_type: 'consultant',
          consultant_id: k.consultantId,
          consultant_name: k.consultantName,
          ...fig(k),
        })),
        ...s.breachedOpenCases.map((b) => ({
          ...blank,
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
        })),
      ];
    }
    case 'workload': {
      const w = r.workload as {
        consultants: Array<Record<string, unknown>>;
        officeQueues: Array<Record<string, unknown>>;
      };
      const blank = {
        consultant_id: null,
        full_name: null,
        office_id: null,
        office_code: null,
        role: null,
        active: null,
        capacity: null,
        open_cases: null,
        utilization: null,
        breached_open_cases: null,
        out_of_office_now: null,
        out_of_office_until: null,
      };
      return [
        ...w.consultants.map((k) => ({
          row_type: 'consultant',
          consultant_id: k.consultantId,
          full_name: k.fullName,
          office_id: k.officeId,
          office_code: k.officeCode,
          role: k.role,
          active: k.active,
          capacity: k.capacity,
          open_cases: k.openCases,
          utilization: k.utilization,
          breached_open_cases: k.breachedOpenCases,
          out_of_office_now: k.outOfOfficeNow,
          out_of_office_until: k.outOfOfficeUntil,
        })),
        ...w.officeQueues.map((q) => ({
          ...blank,
          row_type: 'office_queue',
          office_id: q.officeId,
          office_code: q.officeCode,
          open_cases: q.openCases,
          breached_open_cases: q.breachedOpenCases,
        })),
      ];
    }
    case 'aging': {
      const a = r.aging as {
        stages: Array<{ code: string; name: string; total: number; buckets: Array<{ count: number }> }>;
      };
      return a.stages.map((s) => ({
        stage: s.code,
        stage_name: s.name,
        days_0_7: s.buckets[0].count,
        days_8_30: s.buckets[1].count,
        days_31_90: s.buckets[2].count,
        days_over_90: s.buckets[3].count,
        total: s.total,
      }));
    }
    case 'sources': {
      const s = r.sources as Record<
        'weeks' | 'byOriginCountry' | 'byServiceLine' | 'bySource',
        Array<Record<string, unknown>>
      >;
      const dims: Array<[string, Array<Record<string, unknown>>, string | null]> = [
        ['total', s.weeks, null],
        ['originCountry', s.byOriginCountry, 'originCountry'],
        ['serviceLine', s.byServiceLine, 'serviceLine'],
        ['source', s.bySource, 'source'],
      ];
      const all = dims.flatMap(([dimension, rows, key], order) =>
        rows.map((x) => ({
          order,
          record: {
            week: x.week,
            dimension,
            key: key === null ? null : x[key],
            inquiries: x.inquiries,
            spam: x.spam,
            duplicates: x.duplicates,
          },
        })),
      );
      // The CSV lists week by week, each week's dimensions in the order total, country, service line, source.
      return all
        .sort((a, b) => cmp(a.record.week as string, b.record.week as string) || a.order - b.order)
        .map((x) => x.record);
    }
  }
}

// --- the spec -------------------------------------------------------------------------------------

describe('Reports against an oracle over the raw rows', () => {
  let t: TestApp;
  let admin: string;
  let cases: CasesRepository;
  let sla: SlaService;
  let run = 0;

  const get = (name: string, token: string, query: Record<string, string>) =>
    t.http.get(`/api/v1/reports/${name}`).query(query).set(bearer(token));

  beforeAll(async () => {
    t = await createTestApp();
    t.app.get(Clock).now = () => new Date(NOW);
    admin = await t.adminToken();
    cases = t.app.get(CasesRepository, { strict: false });
    sla = t.app.get(SlaService, { strict: false });
  });
  afterAll(() => t.close());

  /** Everything a run wrote, so the next run (and fast-check's shrinking) starts from an empty firm. */
  async function clear(): Promise<void> {
    for (const sql of [
      `DELETE FROM activities`,
      `DELETE FROM case_events`,
      `DELETE FROM stage_events`,
      `DELETE FROM cases`,
      `DELETE FROM inquiries`,
      `DELETE FROM contacts`,
      `DELETE FROM clients`,
      `DELETE FROM out_of_office_periods`,
      `DELETE FROM consultants WHERE role <> 'admin'`,
      `DELETE FROM offices`,
    ])
      await t.db.query(sql);
  }

  /**
   * Writes the world; answers the office ids and the staff ids (manager first) and the manager's
   * token. Each case's history is written in time order, in one transaction per stretch between
   * breach checks (a commit per statement made the spec three times slower), the checks by the
   * SLA service itself on their own.
   */
  async function build(w: World): Promise<{ offices: string[]; staff: string[]; managerToken: string }> {
    run++;
    // The factories take a DataSource and only call its `query`, which a transaction's manager has too.
    const tx = <T>(fn: (db: DataSource, manager: EntityManager) => Promise<T>): Promise<T> =>
      t.db.transaction((m) => fn(m as unknown as DataSource, m));
    const day = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * DAY).toISOString().slice(0, 10);
    const offices: string[] = [];
    const staff: string[] = [];
    const officeOf = new Map<string, string>();
    const manager = await tx(async (db) => {
      for (const [i, o] of w.offices.entries()) {
        const { id } = await createOffice(db, {
          code: `OR${run}${String.fromCharCode(65 + i)}`,
          timezone: o.zone,
          slaHours: o.slaHours,
          reassignOnBreach: o.reassignOnBreach,
          serviceLines: LINES,
        });
        await db.query(
          `UPDATE offices SET business_days = $2, opens_at = $3, closes_at = $4, holidays = $5, extra_working_days = $6 WHERE id = $1`,
          [id, o.days, `${o.open}:00`, `${o.close}:00`, o.holidays.map(day), o.extraDays.map(day)],
        );
        offices.push(id);
      }
      // The manager of the first office, then the consultants.
      const m = await createUser(db, {
        officeId: offices[0],
        role: 'manager',
        fullName: 'Manager M',
        capacity: 5,
        serviceLines: LINES,
      });
      staff.push(m.id);
      officeOf.set(m.id, offices[0]);
      for (const [i, k] of w.staff.entries()) {
        const { id } = await createUser(db, {
          officeId: offices[k.office],
          fullName: `Staff ${String.fromCharCode(65 + i)}`,
          capacity: k.capacity,
          active: k.active,
          serviceLines: LINES,
          languages: ['en', 'ru', 'zh'],
        });
        if (k.away)
          await createOutOfOffice(db, id, iso(NOW.getTime() + k.away[0] * HOUR), iso(NOW.getTime() + k.away[1] * HOUR));
        staff.push(id);
        officeOf.set(id, offices[k.office]);
      }
      return m;
    });
    const staffIn = (office: string) => staff.filter((id) => officeOf.get(id) === office);

    const caseInquiries: string[] = [];
    for (const spec of w.cases) {
      const created = NOW.getTime() - spec.ageMinutes * MINUTE;
      const officeId = offices[spec.office];
      const mine = staffIn(officeId);
      const first = spec.consultant === null || mine.length === 0 ? null : mine[spec.consultant % mine.length];
      const dueAt = spec.dueAfterMinutes === null ? null : created + spec.dueAfterMinutes * MINUTE;

      // The history in time order; nothing after now.
      type Op =
        | { at: number; kind: 'move'; stage: string }
        | { at: number; kind: 'activity'; type: string; direction: string | null }
        | { at: number; kind: 'handover'; to: number | null }
        | { at: number; kind: 'check' };
      const ops: Op[] = [];
      let at = created;
      let previous = 'new';
      for (const step of spec.steps) {
        at += step.gapMinutes * MINUTE;
        if (at > NOW.getTime()) break;
        if (step.stage === previous) continue;
        ops.push({ at, kind: 'move', stage: step.stage });
        previous = step.stage;
      }
      for (const a of spec.activities) ops.push({ at: created + a.afterMinutes * MINUTE, kind: 'activity', ...a });
      for (const h of spec.handovers) ops.push({ at: created + h.afterMinutes * MINUTE, kind: 'handover', to: h.to });
      // The breach check runs as its job would, just after the deadline.
      if (dueAt !== null) ops.push({ at: dueAt + 30_000, kind: 'check' });
      const sorted = ops.filter((o) => o.at <= NOW.getTime()).sort((a, b) => a.at - b.at);
      const firstResponse = sorted.find(
        (o) =>
          (o.kind === 'move' && o.stage === 'contacted') ||
          (o.kind === 'activity' && o.direction === 'outbound' && RESPONSE_TYPES.has(o.type)),
      );
      // The sweep flags a case reopened past its deadline and still unanswered.
      const timeline = sorted.flatMap((o): Op[] =>
        o.kind === 'move' &&
        !CLOSED.has(o.stage) &&
        dueAt !== null &&
        o.at > dueAt &&
        (firstResponse === undefined || sorted.indexOf(firstResponse) > sorted.indexOf(o))
          ? [o, { at: o.at, kind: 'check' }]
          : [o],
      );
      // Another office may take over only a case that is never answered and whose deadline never passed.
      const mayChangeOffice = firstResponse === undefined && (dueAt === null || dueAt + 30_000 > NOW.getTime());

      const needsValue = timeline.some((o) => o.kind === 'move' && (o.stage === 'proposal' || o.stage === 'engaged'));
      const value = spec.value ?? (needsValue ? { cents: 100_000, currency: 'USD' } : null);
      const kase = await tx(async (db) => {
        const c = await createReportCase(db, {
          officeId,
          consultantId: first,
          createdAt: iso(created),
          value: value ? { amount: formatCents(BigInt(value.cents)), currency: value.currency } : undefined,
          serviceLines: spec.lines,
          originCountry: spec.origin,
          source: spec.source,
          firstResponseDueAt: dueAt === null ? null : iso(dueAt),
          firstRespondedAt: null,
        });
        await db.query(
          `INSERT INTO case_events (case_id, kind, data, created_at) VALUES ($1, 'assigned', $2::jsonb, $3)`,
          [
            c.id,
            JSON.stringify({
              via: 'routing',
              fromConsultantId: null,
              toConsultantId: first,
              fromOfficeId: null,
              toOfficeId: officeId,
            }),
            iso(created),
          ],
        );
        return c;
      });
      caseInquiries.push(kase.inquiryId);

      let stage = 'new';
      const apply = async (db: EntityManager, op: Exclude<Op, { kind: 'check' }>) => {
        const when = new Date(op.at);
        if (op.kind === 'move') {
          // As the stage writer: the case first, then its event (the triggers keep the path and the stays).
          const categoryOf = (code: string) => (code === 'engaged' ? 'won' : code === 'lost' ? 'lost' : 'open');
          const closing = closingSets(
            {
              datesClose: CLOSED.has(op.stage) && categoryOf(stage) !== categoryOf(op.stage),
              closes: !CLOSED.has(stage) && CLOSED.has(op.stage),
              reopens: CLOSED.has(stage) && !CLOSED.has(op.stage),
            },
            () => '$3::timestamptz',
          );
          await db.query(
            `UPDATE cases SET stage_code = $2::varchar, lost_reason = CASE WHEN $2::varchar = 'lost' THEN 'price' END,
                    ${[...closing, 'updated_at = $3'].join(', ')}
              WHERE id = $1`,
            [kase.id, op.stage, when],
          );
          await db.query(
            `INSERT INTO stage_events (case_id, from_stage, to_stage, created_at) VALUES ($1, $2, $3, $4)`,
            [kase.id, stage, op.stage, when],
          );
          stage = op.stage;
        } else if (op.kind === 'activity') {
          await db.query(
            `INSERT INTO activities (case_id, type, direction, body, created_at, updated_at) VALUES ($1, $2, $3, 'Oracle activity.', $4, $4)`,
            [kase.id, op.type, op.direction, when],
          );
        } else {
          const [held] = await db.query(`SELECT consultant_id, office_id FROM cases WHERE id = $1`, [kase.id]);
          const candidates = mayChangeOffice ? staff : staffIn(held.office_id);
          const to = op.to === null || candidates.length === 0 ? null : candidates[op.to % candidates.length];
          const toOffice = to === null ? held.office_id : officeOf.get(to)!;
          if (to !== held.consultant_id) {
            await db.query(`UPDATE cases SET consultant_id = $2, office_id = $3, assigned_at = $4 WHERE id = $1`, [
              kase.id,
              to,
              toOffice,
              to === null ? null : when,
            ]);
            await db.query(
              `INSERT INTO case_events (case_id, kind, data, created_at) VALUES ($1, 'assigned', $2::jsonb, $3)`,
              [
                kase.id,
                JSON.stringify({
                  via: 'hand_over',
                  fromConsultantId: held.consultant_id,
                  toConsultantId: to,
                  fromOfficeId: held.office_id,
                  toOfficeId: toOffice,
                }),
                when,
              ],
            );
          }
        }
        if (op === firstResponse) await cases.markFirstResponse(db, kase.id, when, null, { via: 'oracle' });
      };
      for (let i = 0; i < timeline.length;) {
        const op = timeline[i];
        if (op.kind === 'check') {
          await sla.checkCase(kase.id, new Date(op.at), 'job');
          i++;
          continue;
        }
        let j = i;
        while (j < timeline.length && timeline[j].kind !== 'check') j++;
        const stretch = timeline.slice(i, j) as Array<Exclude<Op, { kind: 'check' }>>;
        await tx(async (_, m) => {
          for (const o of stretch) await apply(m, o);
        });
        i = j;
      }
    }

    const others: string[] = [];
    await tx(async (db) => {
      for (const i of w.inquiries) {
        const pool = [...caseInquiries, ...others];
        const duplicate = i.status === 'duplicate' && pool.length > 0;
        const id = await createReportInquiry(db, {
          createdAt: iso(NOW.getTime() - i.ageMinutes * MINUTE),
          status: duplicate ? 'duplicate' : i.status === 'duplicate' ? 'received' : i.status,
          originCountry: i.origin,
          serviceLines: i.lines,
          source: i.source,
          duplicateOf: duplicate ? pool[i.of % pool.length] : undefined,
        });
        if (!duplicate) others.push(id);
      }
    });
    if (w.fold) await t.db.query(`SELECT fold_inquiry_source_changes()`);
    for (const r of w.retag) {
      if (others.length === 0) break;
      await t.db.query(`UPDATE inquiries SET status = $2 WHERE id = $1`, [others[r.of % others.length], r.status]);
    }
    if (w.foldAgain) await t.db.query(`SELECT fold_inquiry_source_changes()`);
    const managerToken = (await t.login(manager.email, manager.password)).accessToken;
    return { offices, staff, managerToken };
  }

  /** Builds the world, asks for every report under each filter, and fails listing what differs from the oracle. */
  async function check(world: World, specs: FilterSpec[], withCsv: boolean): Promise<void> {
    await clear();
    const built = await build(world);
    const raw = await loadRaw(t);
    const problems: string[] = [];
    for (const [n, spec] of specs.entries()) {
      const manager = spec.asManager;
      const managerOffice = built.offices[0];
      const officeId =
        spec.office === null ? null : manager ? managerOffice : built.offices[spec.office % built.offices.length];
      const visibleStaff = manager
        ? built.staff.filter((id) => raw.staff.get(id)!.officeId === managerOffice)
        : built.staff;
      const consultantId = spec.consultant === null ? null : visibleStaff[spec.consultant % visibleStaff.length];
      const query: Record<string, string> = {};
      if (spec.from !== null) query.from = spec.from;
      if (spec.to !== null) query.to = spec.to;
      if (officeId !== null) query.officeId = officeId;
      if (consultantId !== null) query.consultantId = consultantId;
      if (spec.serviceLine !== null) query.serviceLine = spec.serviceLine;
      if (spec.originCountry !== null) query.originCountry = spec.originCountry;
      const period = periodOf(spec.from, spec.to);
      const filter: Filter = {
        ...period,
        officeIds: officeId !== null ? [officeId] : manager ? [managerOffice] : null,
        consultantId,
        serviceLine: spec.serviceLine,
        originCountry: spec.originCountry,
      };
      const echo = {
        from: period.from === null ? null : iso(period.from),
        to: period.to === null ? null : iso(period.to),
        officeId,
        consultantId,
        serviceLine: spec.serviceLine,
        originCountry: spec.originCountry,
        asOf: NOW.toISOString(),
      };
      const expected = oracle(raw, filter, echo);
      const token = manager ? built.managerToken : admin;
      const who = `${manager ? 'manager' : 'admin'} ${JSON.stringify(query)}`;
      for (const name of REPORTS) {
        const res = await get(name, token, query);
        if (res.status !== 200) {
          problems.push(`${name} ${who}: status ${res.status} ${JSON.stringify(res.body)}`);
          continue;
        }
        for (const d of diff(res.body, expected[name])) problems.push(`${name} ${who}: ${d}`);
        if (withCsv && n === 0) {
          const csv = await get(name, token, { ...query, format: 'csv' }).buffer(true);
          const records = csvObjects(csv.text).map((r) =>
            Object.fromEntries(Object.entries(r).map(([k, v]) => [k, cell(v)])),
          );
          for (const d of diff(records, csvExpected(name, expected))) problems.push(`${name} csv ${who}: ${d}`);
        }
      }
    }
    // Another office is outside a manager's scope: 404, as if absent.
    if (built.offices.length > 1) {
      const res = await get('pipeline', built.managerToken, { officeId: built.offices[1] });
      if (res.status !== 404) problems.push(`manager asking for another office: status ${res.status}`);
    }
    expect(problems.slice(0, 15)).toEqual([]);
  }

  it('answers every report as the oracle computes it from the raw rows', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, fc.array(filterArb, { minLength: 2, maxLength: 3 }), fc.boolean(), check),
      {
        numRuns: Number(process.env.ORACLE_RUNS ?? 15),
        seed: process.env.ORACLE_SEED ? Number(process.env.ORACLE_SEED) : undefined,
        // Shrinking rebuilds the world hundreds of times: minutes. Ask for it with ORACLE_SHRINK=1.
        endOnFailure: process.env.ORACLE_SHRINK !== '1',
      },
    );
  }, 600_000);

  it('does not count in SLA compliance a case lost unanswered before its deadline and won after it', () =>
    check(...LOST_BEFORE_DEADLINE_THEN_WON));
});
