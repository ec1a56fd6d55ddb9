import {
  BucketCount,
  percentiles,
  RankedSample,
  rankHistogram,
  WantedRank,
  wantedRanks,
} from './histogram-percentiles';

const bucketOf = (v: number): number => Math.floor(Math.log(1 + v) * 256);

interface Sample {
  series: string;
  bucket: number;
  v: number;
}

/** percentile_cont as Postgres defines it, over all the samples. */
function percentileCont(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = q * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
}

/** A deterministic pseudo-random sequence (no flaky inputs). */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

function histogramOf(samples: Sample[]): BucketCount[] {
  const counts = new Map<string, BucketCount>();
  for (const s of samples) {
    const key = `${s.series}/${s.bucket}`;
    counts.set(key, { series: s.series, bucket: s.bucket, n: (counts.get(key)?.n ?? 0) + 1 });
  }
  return [...counts.values()];
}

/**
 * What the report's last statement answers: each wanted bucket's samples in ascending order,
 * numbered from 0 (row_number() − 1), with the bucket's size; only the wanted ranks are kept.
 */
function readRanks(samples: Sample[], wanted: WantedRank[]): RankedSample[] {
  const out: RankedSample[] = [];
  for (const w of wanted) {
    const inBucket = samples
      .filter((s) => s.series === w.series && s.bucket === w.bucket)
      .map((s) => s.v)
      .sort((a, b) => a - b);
    if (w.k < inBucket.length)
      out.push({ series: w.series, bucket: w.bucket, k: w.k, v: inBucket[w.k], n: inBucket.length });
  }
  return out;
}

describe('percentiles from a histogram and the samples at the wanted ranks', () => {
  it('equals percentile_cont over all samples, for many sizes and shapes', () => {
    const next = random(7);
    for (let round = 0; round < 200; round++) {
      const size = 1 + Math.floor(next() * 400);
      const samples: Sample[] = [];
      for (let i = 0; i < size; i++) {
        const series = next() < 0.5 ? 'new' : 'qualified';
        // Days: many short stays, a long tail, and exact repeats.
        const v = next() < 0.1 ? 3 : next() < 0.7 ? next() * 2 : next() * 400;
        samples.push({ series, bucket: bucketOf(v), v });
      }
      // Two sources counting overlapping buckets (running and settled stays), as the report reads them.
      const half = Math.floor(samples.length / 2);
      const ranked = rankHistogram([...histogramOf(samples.slice(0, half)), ...histogramOf(samples.slice(half))]);
      const got = percentiles(ranked, readRanks(samples, wantedRanks(ranked)));
      for (const series of ['new', 'qualified']) {
        const values = samples.filter((s) => s.series === series).map((s) => s.v);
        for (const q of [0.5, 0.9]) {
          const row = got.find((r) => r.series === series && r.q === q);
          if (values.length === 0) expect(row).toBeUndefined();
          else expect(row).toEqual({ series, total: values.length, q, value: percentileCont(values, q) });
        }
      }
    }
  });

  it('asks for at most the four ranks each series needs, in at most four buckets', () => {
    const samples: Sample[] = Array.from({ length: 10_000 }, (_, i) => ({
      series: 's',
      bucket: bucketOf(i / 10),
      v: i / 10,
    }));
    const wanted = wantedRanks(rankHistogram(histogramOf(samples)));
    expect(wanted.length).toBeLessThanOrEqual(4);
    // Ranks 4999 and 5000 (median) and 8999 and 9000 (p90) of the series.
    expect(percentiles(rankHistogram(histogramOf(samples)), readRanks(samples, wanted))).toEqual([
      { series: 's', total: 10_000, q: 0.5, value: 499.95 },
      { series: 's', total: 10_000, q: 0.9, value: expect.closeTo(899.91, 9) },
    ]);
  });

  it('gives one sample as both percentiles, and leaves out a series with no samples', () => {
    const ranked = rankHistogram([
      { series: 'one', bucket: bucketOf(2.5), n: 1 },
      { series: 'none', bucket: 10, n: 0 },
    ]);
    expect(wantedRanks(ranked)).toEqual([{ series: 'one', bucket: bucketOf(2.5), k: 0, n: 1 }]);
    expect(percentiles(ranked, [{ series: 'one', bucket: bucketOf(2.5), k: 0, n: 1, v: 2.5 }])).toEqual([
      { series: 'one', total: 1, q: 0.5, value: 2.5 },
      { series: 'one', total: 1, q: 0.9, value: 2.5 },
    ]);
  });

  it('refuses samples that do not match the counts rather than answer a wrong percentile', () => {
    const ranked = rankHistogram([{ series: 's', bucket: 5, n: 3 }]);
    // The bucket held one sample when the ranks were read, not three.
    expect(() => percentiles(ranked, [{ series: 's', bucket: 5, k: 1, n: 1, v: 0.01 }])).toThrow(
      /bucket 5 of s counts 3 samples but 1 were read/,
    );
    // A wanted rank the bucket did not reach.
    expect(() => percentiles(ranked, [])).toThrow(/counts 3 samples but fewer were read/);
  });

  it('refuses a bucket no stay can have', () => {
    expect(() => rankHistogram([{ series: 's', bucket: -1, n: 1 }])).toThrow(/not a histogram bucket/);
    expect(() => rankHistogram([{ series: 's', bucket: 1e9, n: 1 }])).toThrow(/not a histogram bucket/);
    // A fractional bucket would be an array property that forEach skips: its samples would vanish from the ranks.
    expect(() => rankHistogram([{ series: 's', bucket: 2.5, n: 1 }])).toThrow(/not a histogram bucket/);
  });
});
