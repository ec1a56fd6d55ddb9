/**
 * A hand-written comparison server (bench/*-server.ts) in a process of its own, like the API:
 * started with ts-node on a database, stopped with SIGTERM.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../src/database/embedded-services';
import { ROOT } from './app-process';
import { killOnExit } from './children';
import { waitForPort, within } from './services';

export class ScriptServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
  ) {}

  /** Starts `bench/<script>` on `databaseUrl` and waits until it listens. */
  static async start(script: string, databaseUrl: string): Promise<ScriptServer> {
    const port = await freePort();
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'bench', script)], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, PORT: String(port), NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    killOnExit(child);
    await waitForPort(port, 30_000);
    return new ScriptServer(child, `http://127.0.0.1:${port}`);
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await within(exited, 5000);
    this.child.kill('SIGKILL');
  }
}
