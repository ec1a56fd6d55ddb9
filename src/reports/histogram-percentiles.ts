/**
 * Exact `percentile_cont` from a histogram and the samples of a few of its buckets: the
 * arithmetic behind firm-wide velocity, where the counts come from two statements run at once
 * (the stays still running, and the settled ones) and only the buckets holding the wanted ranks
 * are read sample by sample. Same definition as Postgres: for q over n sorted samples, the value
 * at rank q·(n − 1), linear between the samples at its floor and ceiling ranks.
 */

/** Samples of one series in one histogram bucket (⌊256·ln(1 + v)⌋, ascending with v). */
export interface BucketCount {
  series: string;
  bucket: number;
  n: number;
}

/** A bucket holding a wanted rank, and how many samples of its series lie in lower buckets. */
export interface WantedBucket {
  series: string;
  bucket: number;
  below: number;
}

export interface Sample {
  series: string;
  bucket: number;
  v: number;
}

export interface SeriesPercentile {
  series: string;
  /** Samples in the series. */
  total: number;
  q: number;
  value: number;
}

export const QUANTILES = [0.5, 0.9] as const;

interface Ranked {
  total: number;
  /** Ascending buckets, each with the samples below it. */
  buckets: Array<{ bucket: number; n: number; below: number }>;
}

/** Sums the counts per series and bucket (several sources may count the same bucket) and ranks them. */
export function rankHistogram(counts: Iterable<BucketCount>): Map<string, Ranked> {
  const sums = new Map<string, Map<number, number>>();
  for (const c of counts) {
    const series = sums.get(c.series) ?? new Map<number, number>();
    series.set(c.bucket, (series.get(c.bucket) ?? 0) + Number(c.n));
    sums.set(c.series, series);
  }
  const ranked = new Map<string, Ranked>();
  for (const [series, buckets] of sums) {
    let below = 0;
    const ordered = [...buckets]
      .filter(([, n]) => n > 0)
      .sort(([a], [b]) => a - b)
      .map(([bucket, n]) => {
        const entry = { bucket, n, below };
        below += n;
        return entry;
      });
    if (below > 0) ranked.set(series, { total: below, buckets: ordered });
  }
  return ranked;
}

/** The ranks either side of q·(total − 1), as Postgres computes them (float8). */
const ranksOf = (q: number, total: number): [number, number] => [
  Math.floor(q * (total - 1)),
  Math.ceil(q * (total - 1)),
];

/** The buckets holding the floor and ceiling ranks of every quantile of every series. */
export function wantedBuckets(ranked: Map<string, Ranked>): WantedBucket[] {
  const wanted = new Map<string, WantedBucket>();
  for (const [series, { total, buckets }] of ranked) {
    for (const q of QUANTILES) {
      for (const rank of ranksOf(q, total)) {
        const b = buckets.find((x) => rank >= x.below && rank < x.below + x.n)!;
        wanted.set(`${series}\u0000${b.bucket}`, { series, bucket: b.bucket, below: b.below });
      }
    }
  }
  return [...wanted.values()];
}

/**
 * The percentiles of every series, from the samples of the wanted buckets (all of them, in any
 * order). A bucket whose samples do not match its count — the statements did not read one
 * snapshot — is an error, never a wrong figure.
 */
export function percentiles(ranked: Map<string, Ranked>, samples: Iterable<Sample>): SeriesPercentile[] {
  const inBucket = new Map<string, number[]>();
  for (const s of samples) {
    const key = `${s.series}\u0000${s.bucket}`;
    const values = inBucket.get(key) ?? [];
    values.push(Number(s.v));
    inBucket.set(key, values);
  }
  for (const values of inBucket.values()) values.sort((x, y) => x - y);
  const rows: SeriesPercentile[] = [];
  for (const [series, { total, buckets }] of ranked) {
    const valueAt = (rank: number): number => {
      const b = buckets.find((x) => rank >= x.below && rank < x.below + x.n)!;
      const values = inBucket.get(`${series}\u0000${b.bucket}`) ?? [];
      if (values.length !== b.n) {
        throw new Error(
          `velocity: bucket ${b.bucket} of ${series} counts ${b.n} samples but ${values.length} were read`,
        );
      }
      return values[rank - b.below];
    };
    for (const q of QUANTILES) {
      const [lo, hi] = ranksOf(q, total);
      const low = valueAt(lo);
      rows.push({ series, total, q, value: low + (q * (total - 1) - lo) * (valueAt(hi) - low) });
    }
  }
  return rows;
}
