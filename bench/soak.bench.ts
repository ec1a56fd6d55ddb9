/**
 * (e) Soak (`npm run bench -- --soak`): API and worker as separate processes, a steady 20
 * inquiries/s for 10 minutes (bounded), RSS of both sampled every 30 s. Growth is the last sample
 * minus the first one after the warm-up minute, plus the slope over the second half (MB/min), which
 * tells a leak from a heap that has merely not settled.
 */
import { AppProcess } from './lib/app-process';
import { InquiryGenerator } from './lib/inquiries';
import { destroyAgent, steadyLoad } from './lib/load';
import { cloneDatabase, PostgresServer, query } from './lib/services';
import { round } from './lib/stats';

const SAMPLE_EVERY_MS = 30_000;

export interface SoakSample {
  atSeconds: number;
  apiMb: number;
  workerMb: number;
}

export interface SoakResult {
  minutes: number;
  rate: number;
  accepted: number;
  failed: number;
  samples: SoakSample[];
  growthMb: { api: number; worker: number };
  slopeMbPerMin: { api: number; worker: number };
  peakMb: { api: number; worker: number };
}

function slope(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

export async function runSoak(opts: {
  pg: PostgresServer;
  template: string;
  redisUrl: string;
  queuePrefix: string;
  minutes: number;
  rate: number;
  log: (line: string) => void;
}): Promise<SoakResult> {
  const db = await cloneDatabase(opts.pg, opts.template, 'bench_soak');
  await query(db, `UPDATE consultants SET capacity = 1000`);
  const env = { databaseUrl: db, redisUrl: opts.redisUrl, queuePrefix: `${opts.queuePrefix}soak`, logLevel: 'info' };
  const api = await AppProcess.start('api', env);
  const worker = await AppProcess.start('worker', env);
  const samples: SoakSample[] = [];
  const started = Date.now();
  const sample = (): void => {
    const s = { atSeconds: Math.round((Date.now() - started) / 1000), apiMb: round(api.rssMb(), 1), workerMb: round(worker.rssMb(), 1) };
    samples.push(s);
    opts.log(`  ${String(s.atSeconds).padStart(4)} s  api ${s.apiMb} MB  worker ${s.workerMb} MB`);
  };
  try {
    sample();
    // A timer of its own: the load loop's ticks slip when the machine is busy, samples must not.
    const sampler = setInterval(sample, SAMPLE_EVERY_MS);
    const sent = await steadyLoad({
      baseUrl: api.baseUrl,
      ratePerSecond: opts.rate,
      durationMs: opts.minutes * 60_000,
      generator: new InquiryGenerator('soak', 11),
    }).finally(() => clearInterval(sampler));
    if (Date.now() - started - samples[samples.length - 1].atSeconds * 1000 > 5000) sample();
    const settled = samples.filter((s) => s.atSeconds >= 60);
    const first = settled[0] ?? samples[0];
    const last = samples[samples.length - 1];
    const half = samples.filter((s) => s.atSeconds >= (opts.minutes * 60) / 2);
    return {
      minutes: opts.minutes,
      rate: opts.rate,
      accepted: sent.filter((s) => s.status === 201).length,
      failed: sent.filter((s) => s.status !== 201).length,
      samples,
      growthMb: { api: round(last.apiMb - first.apiMb, 1), worker: round(last.workerMb - first.workerMb, 1) },
      slopeMbPerMin: {
        api: round(slope(half.map((s) => [s.atSeconds / 60, s.apiMb])), 2),
        worker: round(slope(half.map((s) => [s.atSeconds / 60, s.workerMb])), 2),
      },
      peakMb: { api: Math.max(...samples.map((s) => s.apiMb)), worker: Math.max(...samples.map((s) => s.workerMb)) },
    };
  } finally {
    destroyAgent();
    await worker.stop('SIGTERM', 15_000);
    await api.stop('SIGTERM', 10_000);
  }
}
