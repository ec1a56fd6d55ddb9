/**
 * The embedded Postgres and Redis of `npm start`, in a process of their own.
 *
 * Ctrl-C in a terminal signals the whole foreground process group. Started by `npm start`
 * directly, Postgres and Redis would be in that group and stop at once — fast shutdown, every
 * connection cut — while the application is still answering requests and handing jobs back. So
 * `start.ts` runs them here, in a new session (`detached`): a terminal's signals never reach this
 * process, and the services stop only when `start.ts` says so, after the application has closed,
 * or when `start.ts` is gone (the IPC channel closes), or on a signal sent to this process itself.
 *
 * Protocol (IPC): the parent sends one `HostRequest`; this process answers one `HostReply` once the
 * services are up (or `{ error }`), then stops them on `'stop'`, on disconnect, or on SIGTERM /
 * SIGINT / SIGHUP, and exits.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { SHUTDOWN_SIGNALS } from '../common/shutdown';
import {
  ensureDatabase,
  freePort,
  portIsFree,
  postgresDataDir,
  startEmbeddedPostgres,
  startEmbeddedRedis,
  takeSignalsFromEmbeddedPostgres,
} from './embedded-services';

export interface HostRequest {
  /** The project's `.data` directory. */
  dataDir: string;
  postgres: boolean;
  redis: boolean;
  /** The port Postgres takes when it is free (another one otherwise). */
  postgresPort: number;
  database: string;
}

export interface HostReply {
  databaseUrl?: string;
  redisUrl?: string;
  /** Lines for the start banner: where each service runs and keeps its data. */
  described: string[];
}

async function start(request: HostRequest, stops: Array<() => Promise<void>>): Promise<HostReply> {
  const reply: HostReply = { described: [] };
  if (request.postgres) {
    const port = (await portIsFree(request.postgresPort)) ? request.postgresPort : await freePort();
    const preferred = join(request.dataDir, 'postgres');
    const dataDir = postgresDataDir(preferred);
    const pg = await startEmbeddedPostgres(dataDir, { port, persistent: true });
    takeSignalsFromEmbeddedPostgres();
    stops.unshift(pg.stop);
    await ensureDatabase(pg.url('postgres'), request.database);
    reply.databaseUrl = pg.url(request.database);
    const where = dataDir === preferred ? '.data/postgres' : `${dataDir}, linked from .data/postgres`;
    reply.described.push(`Postgres on port ${port} (data in ${where})`);
  }
  if (request.redis) {
    const redis = await startEmbeddedRedis({ dataDir: join(request.dataDir, 'redis') });
    stops.unshift(redis.stop);
    reply.redisUrl = redis.url;
    reply.described.push(`Redis at ${redis.url} (data in .data/redis)`);
  }
  return reply;
}

export interface EmbeddedHost {
  reply: HostReply;
  /** Stops the services and waits for their process to end. */
  stop(): Promise<void>;
}

/** Starts the services in a process of their own, in its own session (see above). */
export async function startEmbeddedHost(request: HostRequest): Promise<EmbeddedHost> {
  const child = fork(__filename, [], { detached: true, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const reply = new Promise<HostReply>((resolve, reject) => {
    child.once('message', (m: HostReply | { error: string }) =>
      'error' in m ? reject(new Error(m.error)) : resolve(m),
    );
    child.once('exit', (code) =>
      reject(new Error(`the embedded services' process exited during start-up (code ${code})`)),
    );
  });
  child.send(request);
  return {
    reply: await reply,
    stop: async () => {
      if (child.connected) child.send('stop');
      await exited;
    },
  };
}

function host(): void {
  const stops: Array<() => Promise<void>> = [];
  let stopping: Promise<void> | null = null;
  const stopAll = (): Promise<void> =>
    (stopping ??= (async () => {
      for (const stop of stops) await stop().catch((error: unknown) => process.stderr.write(`${String(error)}\n`));
      process.exit(0);
    })());
  for (const signal of SHUTDOWN_SIGNALS) process.on(signal, () => void stopAll());
  process.on('disconnect', () => void stopAll());
  process.on('message', (message: HostRequest | 'stop') => {
    if (message === 'stop') {
      void stopAll();
      return;
    }
    start(message, stops).then(
      (reply) => process.send?.(reply),
      (error: unknown) => {
        process.send?.({ error: error instanceof Error ? error.message : String(error) });
        void stopAll();
      },
    );
  });
}

if (require.main === module) host();
