import { partialRanges, wholeMonths, wholeWeeks } from './report-calendar';

const at = (iso: string): Date => new Date(iso);

describe('wholeMonths and partialRanges', () => {
  it('a year that starts and ends mid-month: eleven whole months and two partial ends', () => {
    const period = { from: at('2025-11-28T00:00:00Z'), to: at('2026-11-29T00:00:00Z') };
    const months = wholeMonths(period)!;
    expect(months).toEqual({ from: at('2025-12-01T00:00:00Z'), to: at('2026-11-01T00:00:00Z') });
    expect(partialRanges(period, months)).toEqual([
      { from: at('2025-11-28T00:00:00Z'), to: at('2025-12-01T00:00:00Z') },
      { from: at('2026-11-01T00:00:00Z'), to: at('2026-11-29T00:00:00Z') },
    ]);
  });

  it('a period on month boundaries has no partial ends', () => {
    const period = { from: at('2026-01-01T00:00:00Z'), to: at('2026-04-01T00:00:00Z') };
    const months = wholeMonths(period)!;
    expect(months).toEqual(period);
    expect(partialRanges(period, months)).toEqual([]);
  });

  it('one instant past a month start leaves that month partial', () => {
    const period = { from: at('2026-01-01T00:00:00.001Z'), to: at('2026-03-01T00:00:00Z') };
    expect(wholeMonths(period)).toEqual({ from: at('2026-02-01T00:00:00Z'), to: at('2026-03-01T00:00:00Z') });
  });

  it('a period inside one month, or across one boundary only, holds no whole month', () => {
    expect(wholeMonths({ from: at('2026-03-05T00:00:00Z'), to: at('2026-03-20T00:00:00Z') })).toBeNull();
    expect(wholeMonths({ from: at('2026-03-05T00:00:00Z'), to: at('2026-04-20T00:00:00Z') })).toBeNull();
  });

  it('an open end stays open', () => {
    const since = { from: at('2026-03-05T00:00:00Z'), to: null };
    expect(wholeMonths(since)).toEqual({ from: at('2026-04-01T00:00:00Z'), to: null });
    expect(partialRanges(since, wholeMonths(since)!)).toEqual([
      { from: at('2026-03-05T00:00:00Z'), to: at('2026-04-01T00:00:00Z') },
    ]);
    const until = { from: null, to: at('2026-03-05T00:00:00Z') };
    expect(wholeMonths(until)).toEqual({ from: null, to: at('2026-03-01T00:00:00Z') });
    expect(partialRanges(until, wholeMonths(until)!)).toEqual([
      { from: at('2026-03-01T00:00:00Z'), to: at('2026-03-05T00:00:00Z') },
    ]);
    expect(wholeMonths({ from: null, to: null })).toEqual({ from: null, to: null });
  });

  it('every instant of the period is in exactly one part', () => {
    let seed = 42;
    const random = (): number => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
    const misplaced: string[] = [];
    for (let i = 0; i < 200; i++) {
      const a = Date.UTC(2024, 0, 1) + Math.floor(random() * 3 * 365 * 86_400_000);
      const b = a + Math.floor(random() * 200 * 86_400_000);
      const period = { from: new Date(a), to: new Date(b) };
      const months = wholeMonths(period);
      const parts = months ? [months, ...partialRanges(period, months)] : [period];
      if (months && months.from!.getUTCDate() !== 1) misplaced.push(`${months.from!.toISOString()} is no month start`);
      for (let k = 0; k < 10; k++) {
        const t = a + Math.floor(random() * (b - a));
        const inside = parts.filter((r) => r.from!.getTime() <= t && t < r.to!.getTime()).length;
        if (inside !== 1)
          misplaced.push(
            `${new Date(t).toISOString()} of ${new Date(a).toISOString()}–${new Date(b).toISOString()}: ${inside} parts`,
          );
      }
    }
    expect(misplaced).toEqual([]);
  });
});

describe('wholeWeeks', () => {
  it('a year from a Friday to a Sunday: whole weeks from the next Monday to the last Monday', () => {
    // 2025-11-28 is a Friday, 2026-11-29 a Sunday, 2026-11-23 the Monday before it.
    const period = { from: at('2025-11-28T00:00:00Z'), to: at('2026-11-29T00:00:00Z') };
    const weeks = wholeWeeks(period)!;
    expect(weeks).toEqual({ from: at('2025-12-01T00:00:00Z'), to: at('2026-11-23T00:00:00Z') });
    expect(partialRanges(period, weeks)).toEqual([
      { from: at('2025-11-28T00:00:00Z'), to: at('2025-12-01T00:00:00Z') },
      { from: at('2026-11-23T00:00:00Z'), to: at('2026-11-29T00:00:00Z') },
    ]);
  });

  it('a Sunday belongs to the week of the Monday before it, across a year end', () => {
    // 2027-01-03 is a Sunday in ISO week 2026-W53, which starts on Monday 2026-12-28.
    expect(wholeWeeks({ from: at('2026-12-28T00:00:00Z'), to: at('2027-01-03T23:59:59Z') })).toBeNull();
    expect(wholeWeeks({ from: at('2026-12-28T00:00:00Z'), to: at('2027-01-04T00:00:00Z') })).toEqual({
      from: at('2026-12-28T00:00:00Z'),
      to: at('2027-01-04T00:00:00Z'),
    });
  });

  it('every whole-week bound is a Monday midnight and every instant is in exactly one part', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
    const misplaced: string[] = [];
    for (let i = 0; i < 200; i++) {
      const a = Date.UTC(2024, 0, 1) + Math.floor(random() * 3 * 365 * 86_400_000);
      const b = a + Math.floor(random() * 60 * 86_400_000);
      const period = { from: new Date(a), to: new Date(b) };
      const weeks = wholeWeeks(period);
      const parts = weeks ? [weeks, ...partialRanges(period, weeks)] : [period];
      for (const bound of weeks ? [weeks.from!, weeks.to!] : []) {
        if (bound.getUTCDay() !== 1 || bound.getTime() % 86_400_000 !== 0)
          misplaced.push(`${bound.toISOString()} is no Monday`);
      }
      for (let k = 0; k < 10; k++) {
        const t = a + Math.floor(random() * (b - a));
        if (parts.filter((r) => r.from!.getTime() <= t && t < r.to!.getTime()).length !== 1)
          misplaced.push(`${new Date(t).toISOString()} of ${new Date(a).toISOString()}–${new Date(b).toISOString()}`);
      }
    }
    expect(misplaced).toEqual([]);
  });
});
