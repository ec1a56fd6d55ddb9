/**
 * The built application (`dist/`) as child processes: the HTTP process (`dist/src/main.js`) and the
 * queue worker (`dist/src/worker.js`), each with its own environment, its output kept in memory
 * (bounded) so tests can search it, and its resident set size read from /proc.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../src/database/embedded-services';
import { killOnExit } from './children';
import { sleep, within } from './services';

export const ROOT = join(__dirname, '..', '..');
const OUTPUT_LIMIT = 8 * 1024 * 1024;

/**
 * Builds dist/ when it is missing or older than src/ or migrations/ (the same check as `npm start`).
 * When the build fails but a dist/ exists (sources half-edited in a shared work tree), the existing
 * build is used and the answer says so; with no dist/ at all the failure stands.
 */
export function ensureBuilt(): string {
  const entries = ['main.js', 'worker.js'].map((e) => join(ROOT, 'dist', 'src', e));
  try {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-if-needed.js')], { cwd: ROOT, stdio: 'inherit' });
  } catch (error) {
    if (!entries.every((e) => existsSync(e))) throw error;
    const builtAt = statSync(entries[0]).mtime.toISOString();
    process.stdout.write(`warning: the build failed; using the existing dist/ built ${builtAt}\n`);
    return `build failed, existing dist/ from ${builtAt}`;
  }
  for (const e of entries) if (!existsSync(e)) throw new Error(`${e} is missing after the build`);
  return `dist/ built ${statSync(entries[0]).mtime.toISOString()}`;
}

export interface AppEnv {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  logLevel?: string;
  /** Extra variables, e.g. PUBLIC_RATE_LIMIT. */
  extra?: Record<string, string>;
}

export const JWT_SECRET = 'bench-and-fault-tests-secret-0123456789abcdef';
export const ADMIN_EMAIL = 'admin@bench.example';
export const ADMIN_PASSWORD = 'bench-admin-password';

function childEnv(env: AppEnv, kind: 'api' | 'worker', port: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    PORT: String(port),
    DATABASE_URL: env.databaseUrl,
    REDIS_URL: env.redisUrl,
    JWT_SECRET,
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    DEMO_DATA: 'false',
    DB_MIGRATE_ON_START: 'false',
    RUN_WORKERS: kind === 'worker' ? 'true' : 'false',
    LOG_LEVEL: env.logLevel ?? 'info',
    QUEUE_PREFIX: env.queuePrefix,
    // Benchmarks and fault tests send thousands of requests from one address.
    PUBLIC_RATE_LIMIT: '100000',
    PUBLIC_RATE_WINDOW_SECONDS: '1',
    ...env.extra,
  };
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** ms from the stop signal to the exit (or from start, if it exited by itself). */
  afterMs: number;
}

export class AppProcess {
  private output = '';
  private exitInfo: ExitInfo | null = null;
  private readonly exited: Promise<ExitInfo>;
  private signalledAt = 0;

  private constructor(
    readonly kind: 'api' | 'worker',
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    const startedAt = Date.now();
    const keep = (chunk: Buffer): void => {
      this.output += chunk.toString('utf8');
      if (this.output.length > OUTPUT_LIMIT) this.output = this.output.slice(-OUTPUT_LIMIT / 2);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal, afterMs: Date.now() - (this.signalledAt || startedAt) };
        resolve(this.exitInfo);
      });
    });
  }

  /** Starts `node dist/src/main.js` (kind api) or `node dist/src/worker.js` and waits until it is ready. */
  static async start(
    kind: 'api' | 'worker',
    env: AppEnv,
    opts: { port?: number; readyTimeoutMs?: number; nodeArgs?: string[] } = {},
  ): Promise<AppProcess> {
    const port = opts.port ?? (await freePort());
    const script = join(ROOT, 'dist', 'src', kind === 'api' ? 'main.js' : 'worker.js');
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), script], { cwd: ROOT, env: childEnv(env, kind, port), stdio: ['ignore', 'pipe', 'pipe'] });
    killOnExit(child);
    const app = new AppProcess(kind, port, child);
    await app.waitReady(opts.readyTimeoutMs ?? 60_000);
    return app;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get logs(): string {
    return this.output;
  }

  get hasExited(): boolean {
    return this.exitInfo !== null;
  }

  /** Resident set size in MB, from /proc (NaN once the process is gone). */
  rssMb(): number {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
      return kb / 1024;
    } catch {
      return Number.NaN;
    }
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exitInfo) throw new Error(`${this.kind} exited during start-up (${JSON.stringify(this.exitInfo)}):\n${this.output.slice(-4000)}`);
      if (this.kind === 'worker' ? this.output.includes('advisory-crm worker is running') : await this.live()) return;
      await sleep(100);
    }
    this.child.kill('SIGKILL');
    throw new Error(`${this.kind} not ready after ${timeoutMs} ms:\n${this.output.slice(-4000)}`);
  }

  private async live(): Promise<boolean> {
    try {
      const res = await fetch(`${this.baseUrl}/health/live`, { signal: AbortSignal.timeout(1000) });
      return res.ok;
    } catch {
      return false;
    }
  }

  /** Sends `signal` and waits at most `timeoutMs` for the exit; SIGKILLs after that. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<ExitInfo & { timedOut: boolean }> {
    if (this.exitInfo) return { ...this.exitInfo, timedOut: false };
    this.signalledAt = Date.now();
    this.child.kill(signal);
    const info = await within(this.exited, timeoutMs);
    if (info) return { ...info, timedOut: false };
    this.child.kill('SIGKILL');
    return { ...(await this.exited), timedOut: true };
  }
}
