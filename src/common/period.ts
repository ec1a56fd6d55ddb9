/**
 * A period given as `from` and `to`, the same for every list and report: `from` is inclusive, `to`
 * exclusive, and a date without a time (`2026-03-31`) is a whole UTC day — as `from` its start, as
 * `to` the start of the next day — so `from=2026-01-01&to=2026-03-31` is the first quarter and
 * `from=2026-11-01&to=2026-11-01` is that day. An inverted period is a 400 naming both fields.
 */
import { ValidationFailedError } from './domain-error';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

export interface Period {
  /** Inclusive lower bound, or null for "since the beginning". */
  from: Date | null;
  /** Exclusive upper bound, or null for "up to now and beyond". */
  to: Date | null;
}

const startOfDay = (d: Date): number => d.getTime() - (((d.getTime() % DAY_MS) + DAY_MS) % DAY_MS);

/** Turns `from`/`to` into instants, refusing an inverted period with a 400 that names both fields. */
export function resolvePeriod(query: { from?: string; to?: string }): Period {
  const from = query.from ? new Date(DATE_ONLY.test(query.from) ? `${query.from}T00:00:00Z` : query.from) : null;
  const toIsDay = query.to !== undefined && DATE_ONLY.test(query.to);
  const toStart = query.to ? new Date(toIsDay ? `${query.to}T00:00:00Z` : query.to) : null;
  const to = toStart && toIsDay ? new Date(toStart.getTime() + DAY_MS) : toStart;
  // A day as `to` must not be before the day `from` falls on (to=2026-02-28 with from=2026-03-01 is inverted,
  // although its end, 1 March 00:00, equals from).
  const inverted =
    from && to && toStart && (from.getTime() > to.getTime() || (toIsDay && toStart.getTime() < startOfDay(from)));
  if (inverted) {
    throw new ValidationFailedError(
      [
        { field: 'from', message: 'must not be after to' },
        { field: 'to', message: 'must not be before from' },
      ],
      'The period is inverted: from is after to.',
    );
  }
  return { from, to };
}
