/**
 * How a report period splits into whole UTC calendar months (which `case_stay_histogram` counts)
 * and the partial months at its ends (which must be read row by row).
 */
import type { Period } from './report-filters';

/** First instant of the UTC month `d` falls in, `offset` months later. */
const monthStart = (d: Date, offset = 0): Date => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1));

/**
 * The whole months inside the period, as a period of month starts (null = unbounded, where the
 * period is), or null when no whole month fits.
 */
export function wholeMonths(period: Period): Period | null {
  const from =
    period.from === null
      ? null
      : monthStart(period.from, monthStart(period.from).getTime() === period.from.getTime() ? 0 : 1);
  const to = period.to === null ? null : monthStart(period.to);
  return from !== null && to !== null && from.getTime() >= to.getTime() ? null : { from, to };
}

/** The parts of the period outside its whole months (`wholeMonths(period)`): at most one at each end. */
export function partialRanges(period: Period, months: Period): Period[] {
  const ranges: Period[] = [];
  if (period.from !== null && months.from !== null && period.from.getTime() < months.from.getTime())
    ranges.push({ from: period.from, to: months.from });
  if (period.to !== null && months.to !== null && months.to.getTime() < period.to.getTime())
    ranges.push({ from: months.to, to: period.to });
  return ranges;
}
