/**
 * How a report period splits into whole UTC calendar units — months (which `case_stay_histogram`
 * counts) or ISO weeks (which `inquiry_source_weeks` counts) — and the partial units at its ends
 * (which must be read row by row).
 */
import type { Period } from './report-filters';

/** First instant of the UTC unit `d` falls in, `offset` units later. */
type UnitStart = (d: Date, offset?: number) => Date;

const monthStart: UnitStart = (d, offset = 0) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1));

/** Monday 00:00 UTC (ISO weeks start on Monday; getUTCDay() counts from Sunday). */
const weekStart: UnitStart = (d, offset = 0) =>
  new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7) + 7 * offset));

function wholeUnits(period: Period, start: UnitStart): Period | null {
  const from =
    period.from === null ? null : start(period.from, start(period.from).getTime() === period.from.getTime() ? 0 : 1);
  const to = period.to === null ? null : start(period.to);
  return from !== null && to !== null && from.getTime() >= to.getTime() ? null : { from, to };
}

/**
 * The whole months inside the period, as a period of month starts (null = unbounded, where the
 * period is), or null when no whole month fits.
 */
export const wholeMonths = (period: Period): Period | null => wholeUnits(period, monthStart);

/** The whole ISO weeks (UTC) inside the period, as a period of Mondays; like `wholeMonths`. */
export const wholeWeeks = (period: Period): Period | null => wholeUnits(period, weekStart);

/** The parts of the period outside its whole units (`wholeMonths` or `wholeWeeks`): at most one at each end. */
export function partialRanges(period: Period, whole: Period): Period[] {
  const ranges: Period[] = [];
  if (period.from !== null && whole.from !== null && period.from.getTime() < whole.from.getTime())
    ranges.push({ from: period.from, to: whole.from });
  if (period.to !== null && whole.to !== null && whole.to.getTime() < period.to.getTime())
    ranges.push({ from: whole.to, to: period.to });
  return ranges;
}
