/**
 * Exact `percentile_cont` from a histogram and a few ranked samples: the arithmetic behind
 * firm-wide velocity, where the counts come from two statements run at once (the stays still
 * running, and the settled ones), and a third statement reads, of the buckets holding the wanted
 * ranks, just the samples at those ranks. Same definition as Postgres: for q over n sorted
 * samples, the value at rank q·(n − 1), linear between the samples at its floor and ceiling ranks.
 */

/** Samples of one series in one histogram bucket (⌊256·ln(1 + v)⌋, ascending with v). */
export interface BucketCount {
  series: string;
  bucket: number;
  n: number;
}

/**
 * A sample wanted for a percentile: the one at rank `k` (from 0) among the `n` samples of its
 * bucket, in ascending order.
 */
export interface WantedRank {
  series: string;
  bucket: number;
  k: number;
  n: number;
}

/** The sample at rank `k` of its bucket, and how many samples the bucket held when it was read. */
export interface RankedSample extends WantedRank {
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

/** ⌊256·ln(1 + v)⌋ passes 4,000 only for v over 6·10⁶ (days or hours): no stay is that long. */
const MAX_BUCKET = 4_000;

interface Ranked {
  total: number;
  /** Ascending buckets, each with the samples below it. */
  buckets: Array<{ bucket: number; n: number; below: number }>;
}

/**
 * Sums the counts per series and bucket (several sources may count the same bucket) and ranks
 * them. Buckets are small non-negative integers (under 2,000 for stays of up to ten years), so a
 * series' counts are an array indexed by bucket: tens of thousands of counts are summed and ordered
 * without a map entry or a sort each.
 */
export function rankHistogram(counts: Iterable<BucketCount>): Map<string, Ranked> {
  const sums = new Map<string, number[]>();
  for (const c of counts) {
    if (!Number.isInteger(c.bucket) || c.bucket < 0 || c.bucket > MAX_BUCKET) {
      throw new Error(`velocity: ${c.bucket} is not a histogram bucket`);
    }
    let series = sums.get(c.series);
    if (!series) sums.set(c.series, (series = []));
    series[c.bucket] = (series[c.bucket] ?? 0) + Number(c.n);
  }
  const ranked = new Map<string, Ranked>();
  for (const [series, byBucket] of sums) {
    let below = 0;
    const buckets: Ranked['buckets'] = [];
    byBucket.forEach((n, bucket) => {
      // forEach skips the holes of the sparse array; empty buckets have no rank.
      if (n <= 0) return;
      buckets.push({ bucket, n, below });
      below += n;
    });
    if (below > 0) ranked.set(series, { total: below, buckets });
  }
  return ranked;
}

/** The ranks either side of q·(total − 1), as Postgres computes them (float8). */
const ranksOf = (q: number, total: number): [number, number] => [
  Math.floor(q * (total - 1)),
  Math.ceil(q * (total - 1)),
];

/** The bucket of a series holding a rank of the whole series. */
function bucketOf(ranked: Ranked, rank: number): Ranked['buckets'][number] {
  const { buckets } = ranked;
  let lo = 0;
  let hi = buckets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (buckets[mid].below <= rank) lo = mid;
    else hi = mid - 1;
  }
  return buckets[lo];
}

const key = (series: string, bucket: number, k: number): string => `${series}\u0000${bucket}\u0000${k}`;

/** The samples the percentiles need: the floor and ceiling ranks of every quantile of every series, each once. */
export function wantedRanks(ranked: Map<string, Ranked>): WantedRank[] {
  const wanted = new Map<string, WantedRank>();
  for (const [series, r] of ranked) {
    for (const q of QUANTILES) {
      for (const rank of ranksOf(q, r.total)) {
        const b = bucketOf(r, rank);
        wanted.set(key(series, b.bucket, rank - b.below), { series, bucket: b.bucket, k: rank - b.below, n: b.n });
      }
    }
  }
  return [...wanted.values()];
}

/**
 * The percentiles of every series, from the samples at the wanted ranks. A wanted sample missing,
 * or read from a bucket whose size does not match its count (the statements did not read one
 * snapshot), is an error, never a wrong figure.
 */
export function percentiles(ranked: Map<string, Ranked>, samples: Iterable<RankedSample>): SeriesPercentile[] {
  const read = new Map<string, RankedSample>();
  for (const s of samples) read.set(key(s.series, Number(s.bucket), Number(s.k)), s);
  const rows: SeriesPercentile[] = [];
  for (const [series, r] of ranked) {
    const valueAt = (rank: number): number => {
      const b = bucketOf(r, rank);
      const sample = read.get(key(series, b.bucket, rank - b.below));
      if (!sample || Number(sample.n) !== b.n) {
        throw new Error(
          `velocity: bucket ${b.bucket} of ${series} counts ${b.n} samples but ${sample ? Number(sample.n) : 'fewer'} were read`,
        );
      }
      return Number(sample.v);
    };
    for (const q of QUANTILES) {
      const [lo, hi] = ranksOf(q, r.total);
      const low = valueAt(lo);
      rows.push({ series, total: r.total, q, value: low + (q * (r.total - 1) - lo) * (valueAt(hi) - low) });
    }
  }
  return rows;
}
