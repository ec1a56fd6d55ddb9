import { breachedCase, buildFunnel, buildPipeline, buildWorkload, formatCents, pipelineCsv } from './report-builders';
import type { BreachedRow, PipelineRow, StageRow, WorkloadRow } from './reports.repository';

const STAGES: StageRow[] = [
  { code: 'new', bit: 0, name: 'New', position: 10, probability: 10, category: 'open' },
  { code: 'proposal', bit: 1, name: 'Proposal', position: 40, probability: 60, category: 'open' },
  { code: 'engaged', bit: 2, name: 'Engaged', position: 50, probability: 100, category: 'won' },
  { code: 'lost', bit: 3, name: 'Lost', position: 60, probability: 0, category: 'lost' },
];
const FILTERS = {
  from: null,
  to: null,
  officeId: null,
  consultantId: null,
  serviceLine: null,
  originCountry: null,
  asOf: '2027-01-01T00:00:00.000Z',
};

const row = (
  stage: string,
  currency: string | null,
  count: number,
  cents: bigint,
  probability: number,
  ageDays = 1,
): PipelineRow => ({
  stage,
  currency,
  count,
  value_cents: String(cents),
  weighted_basis: String(cents * BigInt(probability)),
  age_seconds: ageDays * 86_400 * count,
});

describe('formatCents', () => {
  it.each([
    [0n, '0.00'],
    [5n, '0.05'],
    [12_500_000n, '125000.00'],
    [123_456_789_012_345_678n, '1234567890123456.78'],
  ])('%s → %s', (cents, text) => expect(formatCents(cents)).toBe(text));
});

describe('buildPipeline', () => {
  it('totals exactly per currency and rounds each weighted value once, half up, at its own level', () => {
    // Two cases of 333.33 at 60 %: 399.996 → 400.00, where rounding each case first would give 2 × 200.00.
    const rows = [row('proposal', 'USD', 2, 66_666n, 60), row('new', 'USD', 1, 5n, 10), row('new', null, 2, 0n, 10)];
    const report = buildPipeline(STAGES, rows, FILTERS);
    expect(report.stages[1].byCurrency).toEqual([
      { currency: 'USD', count: 2, value: '666.66', weightedValue: '400.00' },
    ]);
    // 0.05 at 10 % is 0.005 → 0.01 (half up).
    expect(report.stages[0].byCurrency).toEqual([{ currency: 'USD', count: 1, value: '0.05', weightedValue: '0.01' }]);
    expect(report.stages[0]).toMatchObject({ count: 3, withoutValue: 2 });
    expect(report.totals.byCurrency).toEqual([{ currency: 'USD', count: 3, value: '666.71', weightedValue: '400.00' }]);
    expect(report.categories.won).toEqual({
      count: 0,
      avgAgeDays: null,
      withoutValue: 0,
      value: {},
      weightedValue: {},
      byCurrency: [],
    });
  });

  it('never mixes currencies, and writes one CSV record per stage and currency', () => {
    const rows = [row('engaged', 'USD', 1, 100n, 100), row('engaged', 'CNY', 1, 700n, 100)];
    const report = buildPipeline(STAGES, rows, FILTERS);
    expect(report.totals.byCurrency.map((c) => [c.currency, c.value])).toEqual([
      ['CNY', '7.00'],
      ['USD', '1.00'],
    ]);
    expect(pipelineCsv(STAGES, rows).map((r) => [r.stage, r.currency, r.count])).toEqual([
      ['new', null, 0],
      ['proposal', null, 0],
      ['engaged', 'CNY', 1],
      ['engaged', 'USD', 1],
      ['lost', null, 0],
    ]);
  });
});

describe('buildFunnel', () => {
  it('converts from the previous open or won stage, skips lost stages, and can exceed 1 when cases skip a stage', () => {
    const report = buildFunnel(
      STAGES,
      { cohort: { cases: 4, open: 1, won: 2, lost: 1 }, reached: { new: 4, proposal: 3, engaged: 2, lost: 1 } },
      FILTERS,
    );
    expect(report.stages.map((s) => [s.code, s.conversionFromPrevious])).toEqual([
      ['new', null],
      ['proposal', 0.75],
      ['engaged', 0.6667],
      ['lost', null],
    ]);
    const skipping = buildFunnel(
      STAGES,
      { cohort: { cases: 2, open: 2, won: 0, lost: 0 }, reached: { new: 1, proposal: 2 } },
      FILTERS,
    );
    expect(skipping.stages[1].conversionFromPrevious).toBe(2);
    expect(skipping.winRate).toBeNull();
    expect(skipping.winRateOfCreated).toBe(0);
  });
});

describe('buildWorkload', () => {
  const staff = (id: string, capacity: number, openCases: number): WorkloadRow => ({
    consultant_id: id,
    full_name: id,
    office_id: 'o1',
    office_code: 'SHA',
    role: 'consultant',
    active: true,
    capacity,
    open_cases: openCases,
    breached: 0,
    out_of_office_until: null,
  });

  it('shows utilization as the consultants API does: 3 decimals, and a consultant without capacity as full', () => {
    const report = buildWorkload([staff('a', 3, 1), staff('b', 0, 0)], [], FILTERS);
    expect(report.consultants.map((c) => [c.consultantId, c.utilization])).toEqual([
      ['a', 0.333],
      ['b', 1],
    ]);
  });
});

describe('breachedCase', () => {
  it('gives the wall-clock hours overdue to 2 decimals, as the API documents', () => {
    // The SQL answers epoch seconds / 3600: 1 h 20 min 30 s overdue.
    const row: BreachedRow = {
      id: 'c1',
      reference: 'INQ-2026-000001',
      office_id: 'o1',
      office_code: 'SHA',
      consultant_id: null,
      consultant_name: null,
      stage: 'new',
      created_at: '2026-03-02T01:00:00.000Z',
      first_response_due_at: '2026-03-02T05:00:00.000Z',
      overdue_hours: 4830 / 3600,
    };
    expect(breachedCase(row).overdueHours).toBe(1.34);
  });
});
