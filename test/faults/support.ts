/**
 * What the fault specs share: a scenario (own database cloned from the suite's template, own
 * Redis, API and worker from dist/ as child processes), polling with a deadline, and the SQL that
 * states the invariants (one case per accepted inquiry, one acknowledgement, a drained outbox).
 */
import Redis from 'ioredis';
import { AppEnv, AppProcess } from '../../bench/lib/app-process';
import { InquiryGenerator } from '../../bench/lib/inquiries';
import { steadyLoad } from '../../bench/lib/load';
import { cloneDatabase, databaseUrl, PostgresServer, query, RedisProcess, sleep } from '../../bench/lib/services';

let scenarios = 0;

function suitePostgres(): PostgresServer {
  const server = process.env.ACRM_FAULTS_PG_URL;
  if (!server) throw new Error('run through `npm run test:faults` (its global setup starts Postgres)');
  return { url: (db) => databaseUrl(server, db), external: false, stop: async () => undefined };
}

export class Scenario {
  readonly processes: AppProcess[] = [];

  private constructor(
    readonly db: string,
    readonly redis: RedisProcess,
    readonly env: AppEnv,
  ) {}

  /** A fresh database and Redis; consultant capacity raised unless the spec sets its own. */
  static async create(name: string, opts: { persistentRedis?: boolean; ampleCapacity?: boolean } = {}): Promise<Scenario> {
    const pg = suitePostgres();
    const dbName = `fault_${name}_${process.pid}_${++scenarios}`;
    const db = await cloneDatabase(pg, process.env.ACRM_FAULTS_TEMPLATE ?? 'faults_tpl', dbName);
    if (opts.ampleCapacity ?? true) await query(db, `UPDATE consultants SET capacity = 1000`);
    const redis = await RedisProcess.start({ persistent: opts.persistentRedis ?? true });
    return new Scenario(db, redis, { databaseUrl: db, redisUrl: redis.url, queuePrefix: `f${scenarios}`, logLevel: 'info' });
  }

  async start(kind: 'api' | 'worker', extra: Record<string, string> = {}): Promise<AppProcess> {
    const app = await AppProcess.start(kind, { ...this.env, extra });
    this.processes.push(app);
    return app;
  }

  /**
   * The worker specs' opening: an API takes a burst at 40/s while no worker runs (the inquiries
   * wait in the outbox), then a worker starts on the whole batch; answers once it has routed at
   * least `routedAtLeast` of them (or 30 s passed), so the caller can stop it mid-batch.
   */
  async burstThenWorker(opts: { tag: string; seed: number; durationMs: number; routedAtLeast: number }): Promise<{
    accepted: string[];
    sent: number;
    worker: AppProcess;
    routed: number;
  }> {
    const api = await this.start('api');
    const generator = new InquiryGenerator(opts.tag, opts.seed);
    const sent = await steadyLoad({ baseUrl: api.baseUrl, ratePerSecond: 40, durationMs: opts.durationMs, generator });
    const accepted = sent.filter((s) => s.status === 201).map((s) => s.id!);
    const worker = await this.start('worker');
    const deadline = Date.now() + 30_000;
    let routed = 0;
    while (Date.now() < deadline) {
      [{ routed }] = await this.sql<{ routed: number }>(`SELECT count(*)::int AS routed FROM cases`);
      if (routed >= opts.routedAtLeast) break;
      await sleep(50);
    }
    return { accepted, sent: sent.length, worker, routed };
  }

  sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    return query<T>(this.db, text, params);
  }

  /** Ids of the given inquiries that do not have exactly one case. */
  async notRoutedOnce(ids: string[]): Promise<Array<{ id: string; cases: number }>> {
    return this.sql<{ id: string; cases: number }>(
      `SELECT i.id, (SELECT count(*)::int FROM cases c WHERE c.inquiry_id = i.id) AS cases
         FROM unnest($1::uuid[]) AS i(id)
        WHERE (SELECT count(*) FROM cases c WHERE c.inquiry_id = i.id) <> 1`,
      [ids],
    );
  }

  /** Waits until every inquiry has its case, at most `timeoutMs`; answers those still without one. */
  async waitAllRouted(ids: string[], timeoutMs: number): Promise<Array<{ id: string; cases: number }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const missing = await this.notRoutedOnce(ids);
      if (missing.length === 0 || Date.now() > deadline) return missing;
      await sleep(500);
    }
  }

  /**
   * Waits until every outbox row that is due has been handed to Redis; answers how many still
   * wait. The rows the last routings wrote are a relay poll away when the cases appear, so this
   * polls too. Rows due later (a first-response check at its deadline) are not counted.
   */
  async waitOutboxDrained(timeoutMs = 30_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [{ n }] = await this.sql<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL AND available_at <= now()`);
      if (n === 0 || Date.now() > deadline) return n;
      await sleep(250);
    }
  }

  /** Where Bull holds each routing job (by job id = inquiry id): wait, active, delayed, failed, completed or none. */
  async routingJobStates(ids: string[]): Promise<Record<string, string>> {
    const redis = new Redis(this.redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    try {
      const base = `${this.env.queuePrefix}:routing`;
      const [wait, active, delayed, failed, completed] = await Promise.all([
        redis.lrange(`${base}:wait`, 0, -1),
        redis.lrange(`${base}:active`, 0, -1),
        redis.zrange(`${base}:delayed`, 0, -1),
        redis.zrange(`${base}:failed`, 0, -1),
        redis.zrange(`${base}:completed`, 0, -1),
      ]);
      const sets = { wait, active, delayed, failed, completed };
      const states: Record<string, string> = {};
      for (const id of ids) {
        const where = Object.entries(sets).find(([, members]) => members.includes(id));
        const reason = where?.[0] === 'failed' ? ` (${(await redis.hget(`${base}:${id}`, 'failedReason')) ?? ''})` : '';
        states[id] = where ? `${where[0]}${reason}` : 'none';
      }
      return states;
    } finally {
      redis.disconnect();
    }
  }

  /** Length of one of the routing queue's Bull lists (`active`, `wait`). */
  async routingListLength(list: 'active' | 'wait'): Promise<number> {
    const redis = new Redis(this.redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    try {
      return await redis.llen(`${this.env.queuePrefix}:routing:${list}`);
    } finally {
      redis.disconnect();
    }
  }

  async stopAll(): Promise<void> {
    for (const p of this.processes.reverse()) await p.stop('SIGKILL', 5000).catch(() => undefined);
    await this.redis.destroy();
  }
}

/** Output lines that betray a job or connection mishandled at shutdown or during an outage. */
export const SHUTDOWN_ERRORS = /Missing lock|Connection is closed|Connection terminated|Driver not Connected|Client was closed|Cannot use a pool after|QueryRunnerAlreadyReleased|Pool is closed|ended by the server/i;

export function matchingLines(output: string, pattern: RegExp): string[] {
  return output.split('\n').filter((line) => pattern.test(line));
}

export { sleep };
