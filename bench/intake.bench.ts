/**
 * (a) Intake throughput and latency: autocannon posts varied inquiries (en/ru/zh, half with an
 * Idempotency-Key, corporate and free-mail senders) to the API process (dist/src/main.js, no
 * workers) and to the plain node:http + pg baseline (bench/baseline-server.ts), each on its own
 * clone of the same seeded database. Rounds alternate which server goes first; the figures are
 * medians over the rounds. Then both are driven at half the baseline's median maximum rate
 * (autocannon `overallRate`) and their p99s compared.
 */
import autocannon from 'autocannon';
import { AppProcess } from './lib/app-process';
import { InquiryGenerator } from './lib/inquiries';
import { median, ratio, round } from './lib/stats';
import { cloneDatabase, PostgresServer } from './lib/services';
import { ScriptServer } from './lib/script-server';

export interface IntakeRun {
  server: 'api' | 'baseline';
  mode: 'max' | 'half';
  round: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  requests: number;
}

export interface IntakeResult {
  runs: IntakeRun[];
  max: { api: { rps: number; p50: number; p99: number }; baseline: { rps: number; p50: number; p99: number }; throughputRatio: number };
  half: { rate: number; api: { p50: number; p99: number }; baseline: { p50: number; p99: number }; p99Ratio: number };
  memory: { apiAfterWarmupMb: number; apiAfterLoadMb: number };
}

export interface IntakeOptions {
  pg: PostgresServer;
  template: string;
  redisUrl: string;
  queuePrefix: string;
  rounds: number;
  seconds: number;
  connections: number;
  log: (line: string) => void;
}

/** One autocannon run against `baseUrl` with a fresh generator. */
async function cannon(baseUrl: string, tag: string, seconds: number, connections: number, overallRate?: number): Promise<autocannon.Result> {
  const generator = new InquiryGenerator(tag, 7);
  return autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    timeout: 10,
    ...(overallRate ? { overallRate } : {}),
    requests: [
      {
        method: 'POST',
        path: '/api/v1/inquiries',
        setupRequest: (req) => {
          const next = generator.next();
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (next.idempotencyKey) headers['idempotency-key'] = next.idempotencyKey;
          return { ...req, headers, body: JSON.stringify(next.body) };
        },
      },
    ],
  });
}

function toRun(server: IntakeRun['server'], mode: IntakeRun['mode'], round: number, r: autocannon.Result): IntakeRun {
  return {
    server,
    mode,
    round,
    rps: round2(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    requests: r.requests.total,
  };
}

const round2 = (n: number): number => round(n, 1);

export async function runIntakeBench(opts: IntakeOptions): Promise<IntakeResult> {
  const apiDb = await cloneDatabase(opts.pg, opts.template, 'bench_intake_api');
  const baseDb = await cloneDatabase(opts.pg, opts.template, 'bench_intake_base');
  const api = await AppProcess.start('api', { databaseUrl: apiDb, redisUrl: opts.redisUrl, queuePrefix: opts.queuePrefix, logLevel: 'info' });
  const baseline = await ScriptServer.start('baseline-server.ts', baseDb);
  const runs: IntakeRun[] = [];
  try {
    opts.log('  warm-up (3 s each)');
    const warm = [await cannon(api.baseUrl, 'warm-a', 3, opts.connections), await cannon(baseline.baseUrl, 'warm-b', 3, opts.connections)];
    for (const w of warm) if (w.non2xx > 0) opts.log(`  warning: ${w.non2xx} non-2xx answers during warm-up`);
    const apiAfterWarmupMb = api.rssMb();

    const targets = [
      { server: 'api' as const, url: api.baseUrl },
      { server: 'baseline' as const, url: baseline.baseUrl },
    ];
    for (let round = 1; round <= opts.rounds; round++) {
      for (const t of round % 2 ? targets : [...targets].reverse()) {
        const r = toRun(t.server, 'max', round, await cannon(t.url, `max-${round}`, opts.seconds, opts.connections));
        runs.push(r);
        opts.log(`  max  round ${round} ${t.server.padEnd(8)} ${r.rps} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  non-2xx ${r.non2xx}`);
      }
    }
    const maxOf = (server: IntakeRun['server']) => {
      const rs = runs.filter((r) => r.server === server && r.mode === 'max');
      return { rps: median(rs.map((r) => r.rps)), p50: median(rs.map((r) => r.p50)), p99: median(rs.map((r) => r.p99)) };
    };
    const maxApi = maxOf('api');
    const maxBase = maxOf('baseline');
    const rate = Math.max(1, Math.floor(maxBase.rps / 2));
    for (let round = 1; round <= opts.rounds; round++) {
      for (const t of round % 2 ? targets : [...targets].reverse()) {
        const r = toRun(t.server, 'half', round, await cannon(t.url, `half-${round}`, opts.seconds, opts.connections, rate));
        runs.push(r);
        opts.log(`  half round ${round} ${t.server.padEnd(8)} ${r.rps} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  non-2xx ${r.non2xx}`);
      }
    }
    const halfOf = (server: IntakeRun['server']) => {
      const rs = runs.filter((r) => r.server === server && r.mode === 'half');
      return { p50: median(rs.map((r) => r.p50)), p99: median(rs.map((r) => r.p99)) };
    };
    const halfApi = halfOf('api');
    const halfBase = halfOf('baseline');
    return {
      runs,
      max: { api: maxApi, baseline: maxBase, throughputRatio: ratio(maxApi.rps, maxBase.rps) },
      half: { rate, api: halfApi, baseline: halfBase, p99Ratio: ratio(halfApi.p99, halfBase.p99) },
      memory: { apiAfterWarmupMb: round(apiAfterWarmupMb, 1), apiAfterLoadMb: round(api.rssMb(), 1) },
    };
  } finally {
    await api.stop('SIGTERM', 10_000);
    await baseline.stop();
  }
}
