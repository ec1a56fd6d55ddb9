/**
 * `npm start` with nothing configured (embedded Postgres and Redis in ./.data), stopped with
 * SIGTERM: the application closes before its embedded Postgres stops, so no connection of its
 * pools is cut under it (no "terminating connection due to administrator command", no closed-pool
 * errors); the process exits as SIGTERM would (143), leaves no Postgres running, and a second start
 * on the same data comes up with everything it had. And a project in a directory other users
 * cannot enter (a `mktemp -d`) still starts when root runs it, its cluster kept where Postgres' own
 * user can reach it.
 */
import { ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmdirSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../bench/lib/app-process';
import { killOnExit } from '../../bench/lib/children';
import { freePort } from '../../src/database/embedded-services';
import { within } from '../../bench/lib/services';
import { matchingLines, SHUTDOWN_ERRORS } from './support';

/** What a Postgres or Redis stopped under the application leaves in its output. */
const CUT_CONNECTION =
  /terminating connection due to administrator command|idle .*connection failed|Stream isn't writeable/i;

class StartProcess {
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;

  constructor(
    readonly dir: string,
    readonly port: number,
  ) {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      LOG_LEVEL: 'info',
    };
    // Its own process group, as a terminal gives the command it runs: ctrlC() signals the whole group.
    this.child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'start.js')], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    killOnExit(this.child);
    const keep = (chunk: Buffer): void => void (this.output += chunk.toString('utf8'));
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async ready(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const res = await fetch(`${this.url}/health/ready`).catch(() => null);
      if (res?.ok) return;
      const early = await within(this.exited, 500);
      if (early) throw new Error(`npm start exited during start-up (${JSON.stringify(early)}):\n${this.output}`);
    }
    throw new Error(`npm start not ready within ${timeoutMs} ms:\n${this.output}`);
  }

  async adminToken(): Promise<string> {
    const password = readFileSync(join(this.dir, '.data', 'admin-password'), 'utf8').trim();
    const res = await fetch(`${this.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@example.com', password }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { accessToken: string }).accessToken;
  }

  async get(path: string, token: string): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${this.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: await res.json() };
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** What Ctrl-C in a terminal does: SIGINT to every process of the foreground group. */
  ctrlC(): void {
    process.kill(-this.child.pid!, 'SIGINT');
  }
}

async function exitWithin(
  start: StartProcess,
  ms: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const exit = await within(start.exited, ms);
  if (!exit) throw new Error(`npm start did not exit within ${ms} ms of SIGTERM:\n${start.output}`);
  return exit;
}

/** Reads with idle connections left behind in both pools, which a Postgres stopped first would cut. */
async function useBothPools(start: StartProcess): Promise<number> {
  const token = await start.adminToken();
  for (const report of ['velocity', 'sla', 'sources']) {
    expect((await start.get(`/api/v1/reports/${report}`, token)).status).toBe(200);
  }
  return ((await start.get('/api/v1/offices', token)).body as { data: unknown[] }).data.length;
}

/** Stops `start` with `stop` and returns how it went: exit, cut connections, shutdown errors. */
async function stopAndRead(start: StartProcess, stop: () => void): Promise<Record<string, unknown>> {
  stop();
  const exit = await exitWithin(start, 30_000);
  return {
    exit,
    cut: matchingLines(start.output, CUT_CONNECTION),
    errors: matchingLines(start.output, SHUTDOWN_ERRORS),
  };
}

async function answers(port: number): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('npm start with nothing configured', () => {
  const dir = mkdtempSync(join(tmpdir(), 'acrm-start-'));
  // A clone is usually mode 755; mkdtemp makes 700, which the embedded Postgres' own user could not enter under root.
  chmodSync(dir, 0o755);
  let current: StartProcess | undefined;

  afterAll(async () => {
    current?.signal('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('closes the application before its embedded services on SIGTERM and on Ctrl-C, and starts again on the same data', async () => {
    current = new StartProcess(dir, await freePort());
    await current.ready(120_000);
    const offices = await useBothPools(current);
    const pgPort = Number(/embedded Postgres on port (\d+)/.exec(current.output)?.[1]);
    expect(pgPort).toBeGreaterThan(0);

    // `kill <pid>`: the signal reaches start.js only.
    const start = current;
    expect(await stopAndRead(start, () => start.signal('SIGTERM'))).toEqual({
      exit: { code: 143, signal: null },
      cut: [],
      errors: [],
    });
    expect(start.output).toMatch(/"signal":"SIGTERM".*"msg":"shutting down"/);
    expect(existsSync(join(dir, '.data', 'postgres', 'postmaster.pid'))).toBe(false);
    expect(await answers(pgPort)).toBe(false);

    // Ctrl-C in a terminal: SIGINT to the whole process group. The services, in a session of their own, wait their turn.
    const again = (current = new StartProcess(dir, await freePort()));
    await again.ready(120_000);
    expect(await useBothPools(again)).toBe(offices);
    expect(await stopAndRead(again, () => again.ctrlC())).toEqual({
      exit: { code: 130, signal: null },
      cut: [],
      errors: [],
    });
    expect(existsSync(join(dir, '.data', 'postgres', 'postmaster.pid'))).toBe(false);
    expect(await answers(pgPort)).toBe(false);
  });

  it('starts in a directory other users cannot enter: under root the cluster lives in /var/lib/advisory-crm, linked from .data', async () => {
    const closed = mkdtempSync(join(tmpdir(), 'acrm-closed-')); // mode 700
    const project = join(closed, 'project');
    mkdirSync(project);
    const link = join(project, '.data', 'postgres');
    let outside: string | null = null;
    try {
      current = new StartProcess(project, await freePort());
      await current.ready(120_000);
      const offices = await current.get('/api/v1/offices', await current.adminToken());
      expect(offices.status).toBe(200);
      if (process.getuid?.() === 0) {
        expect(lstatSync(link).isSymbolicLink()).toBe(true);
        outside = readlinkSync(link);
        expect(outside).toMatch(/^\/var\/lib\/advisory-crm\/[0-9a-f]{16}\/postgres$/);
        expect(existsSync(join(outside, 'PG_VERSION'))).toBe(true);
        expect(current.output).toContain(`data in ${outside}, linked from .data/postgres`);
      } else {
        // Postgres runs as this user, who owns the directory: nothing to move.
        expect(lstatSync(link).isDirectory()).toBe(true);
      }
      current.signal('SIGTERM');
      expect(await exitWithin(current, 30_000)).toEqual({ code: 143, signal: null });
    } finally {
      current?.signal('SIGKILL');
      if (outside) {
        rmSync(join(outside, '..'), { recursive: true, force: true });
        // /var/lib/advisory-crm itself, unless something else is kept there.
        if (readdirSync(join(outside, '..', '..')).length === 0) rmdirSync(join(outside, '..', '..'));
      }
      rmSync(closed, { recursive: true, force: true });
    }
  });
});
