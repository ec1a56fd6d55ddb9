/**
 * (b) Inquiry to assigned case: the API and the worker run as separate processes on a clone of the
 * seeded database (consultant capacity raised so the load does not simply fill every consultant),
 * an open-loop driver posts at a steady 20 and then 50 inquiries/s, and afterwards SQL reads each
 * case's `assigned_at` (the routing decision's time, written in the same transaction that creates
 * the case) and `created_at`. Latency is measured from the moment the client had its 201.
 */
import { AppProcess } from './lib/app-process';
import { InquiryGenerator } from './lib/inquiries';
import { destroyAgent, Sent, steadyLoad } from './lib/load';
import { cloneDatabase, PostgresServer, query, sleep } from './lib/services';
import { LatencySummary, round, summarize } from './lib/stats';

export interface FlowStep {
  rate: number;
  seconds: number;
  accepted: number;
  failed: number;
  intake: LatencySummary;
  /** 201 → case created (routed, with or without a consultant); unrouted ones at their lower bound. */
  toCase: LatencySummary;
  /** 201 → case has its consultant. */
  toAssigned: LatencySummary;
  /** 201 → assigned p95 ms of the inquiries sent in each 10-second window of the run. */
  windows: Array<{ fromSecond: number; p95: number }>;
  queued: number;
  unrouted: number;
}

export interface FlowResult {
  steps: FlowStep[];
  memory: { apiAfterWarmupMb: number; workerAfterWarmupMb: number; apiAfterLoadMb: number; workerAfterLoadMb: number };
}

export interface FlowOptions {
  pg: PostgresServer;
  template: string;
  redisUrl: string;
  queuePrefix: string;
  rates: number[];
  seconds: number;
  log: (line: string) => void;
}

/** After the load, unrouted inquiries get this long; any still without a case count at the time waited (censored). */
const DRAIN_TIMEOUT_MS = 30_000;

/** Waits until every accepted inquiry has its case (or the time is up); returns how many have none. */
async function waitRouted(databaseUrl: string, ids: string[], timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ missing }] = await query<{ missing: number }>(
      databaseUrl,
      `SELECT count(*)::int AS missing FROM unnest($1::uuid[]) AS i(id) WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.inquiry_id = i.id)`,
      [ids],
    );
    if (missing === 0 || Date.now() > deadline) return missing;
    await sleep(250);
  }
}

async function measure(databaseUrl: string, sent: Sent[], rate: number, seconds: number): Promise<FlowStep> {
  const accepted = sent.filter((s) => s.status === 201 && s.id);
  const ids = accepted.map((s) => s.id!);
  const unrouted = await waitRouted(databaseUrl, ids, DRAIN_TIMEOUT_MS);
  const rows = await query<{ inquiry_id: string; created_ms: string; assigned_ms: string | null }>(
    databaseUrl,
    `SELECT inquiry_id, (extract(epoch FROM created_at) * 1000)::text AS created_ms,
            (extract(epoch FROM assigned_at) * 1000)::text AS assigned_ms
       FROM cases WHERE inquiry_id = ANY($1::uuid[])`,
    [ids],
  );
  const answeredAt = new Map(accepted.map((s) => [s.id!, s.doneAt]));
  const dueAt = new Map(accepted.map((s) => [s.id!, s.dueAt]));
  const start = Math.min(...sent.map((s) => s.dueAt));
  // 201 → assigned by when the inquiry was sent, in 10-second windows: where in the run the tail sits.
  const byWindow = new Map<number, number[]>();
  const toCase: number[] = [];
  const toAssigned: number[] = [];
  let queued = 0;
  // Inquiries still without a case took at least until now: counting them at that lower bound keeps
  // the percentiles honest when the worker falls behind, instead of dropping the slowest.
  const now = Date.now();
  const routed = new Set(rows.map((r) => r.inquiry_id));
  for (const s of accepted) {
    if (routed.has(s.id!)) continue;
    toCase.push(now - s.doneAt);
    toAssigned.push(now - s.doneAt);
  }
  for (const r of rows) {
    const t0 = answeredAt.get(r.inquiry_id)!;
    toCase.push(Number(r.created_ms) - t0);
    if (r.assigned_ms === null) queued++;
    else {
      toAssigned.push(Number(r.assigned_ms) - t0);
      const w = Math.floor((dueAt.get(r.inquiry_id)! - start) / 10_000);
      byWindow.set(w, [...(byWindow.get(w) ?? []), Number(r.assigned_ms) - t0]);
    }
  }
  const windows = [...byWindow.entries()]
    .sort(([a], [b]) => a - b)
    .map(([w, samples]) => ({ fromSecond: w * 10, p95: round(summarize(samples).p95) }));
  return {
    rate,
    seconds,
    accepted: accepted.length,
    failed: sent.length - accepted.length,
    intake: summarize(sent.filter((s) => s.status === 201).map((s) => s.doneAt - s.dueAt)),
    toCase: summarize(toCase),
    toAssigned: summarize(toAssigned),
    queued,
    unrouted,
    windows,
  };
}

export async function runFlowBench(opts: FlowOptions): Promise<FlowResult> {
  const db = await cloneDatabase(opts.pg, opts.template, 'bench_flow');
  // Ample capacity: the benchmark measures routing speed, not what happens once every consultant is full.
  await query(db, `UPDATE consultants SET capacity = 1000`);
  const env = { databaseUrl: db, redisUrl: opts.redisUrl, queuePrefix: `${opts.queuePrefix}flow`, logLevel: 'info' };
  const api = await AppProcess.start('api', env);
  const worker = await AppProcess.start('worker', env);
  const steps: FlowStep[] = [];
  try {
    opts.log('  warm-up: 5 s at 10/s');
    const warm = await steadyLoad({ baseUrl: api.baseUrl, ratePerSecond: 10, durationMs: 5000, generator: new InquiryGenerator('flow-warm', 3) });
    await measure(db, warm, 10, 5);
    const memory = { apiAfterWarmupMb: round(api.rssMb(), 1), workerAfterWarmupMb: round(worker.rssMb(), 1), apiAfterLoadMb: 0, workerAfterLoadMb: 0 };
    for (const rate of opts.rates) {
      const sent = await steadyLoad({
        baseUrl: api.baseUrl,
        ratePerSecond: rate,
        durationMs: opts.seconds * 1000,
        generator: new InquiryGenerator(`flow-${rate}`, rate),
      });
      const step = await measure(db, sent, rate, opts.seconds);
      steps.push(step);
      opts.log(
        `  ${rate}/s for ${opts.seconds} s: ${step.accepted} accepted, 201→assigned p50 ${round(step.toAssigned.p50)} ms` +
          ` p95 ${round(step.toAssigned.p95)} ms p99 ${round(step.toAssigned.p99)} ms, queued ${step.queued}, unrouted ${step.unrouted}` +
          `; p95 by 10 s window: ${step.windows.map((w) => `${w.fromSecond}s ${w.p95}`).join(', ')}`,
      );
    }
    memory.apiAfterLoadMb = round(api.rssMb(), 1);
    memory.workerAfterLoadMb = round(worker.rssMb(), 1);
    return { steps, memory };
  } finally {
    destroyAgent();
    await worker.stop('SIGTERM', 15_000);
    await api.stop('SIGTERM', 10_000);
  }
}
