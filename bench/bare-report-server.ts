/**
 * The reports benchmark's floor: the least any HTTP API can add to a report's statements on this
 * machine. Written with nothing but node:http and pg, in a process of its own like the API, it
 * runs statements it was given earlier and answers their rows as JSON — no routing, no token
 * check, no validation, no report building. The benchmark times it call by call beside the API
 * and the statements through `pg` alone, so a ratio the API cannot reach can be told apart from
 * one no server could reach.
 *
 *   POST /calls        body: [{ sql, params, batch }] → { id }   (untimed set-up)
 *   GET  /calls/:id    runs the batches in order, the statements of one batch at the same time on
 *                      their own connections (as the `pg` replay does), and answers the rows
 *
 * Run: DATABASE_URL=… PORT=… node -r ts-node/register/transpile-only bench/bare-report-server.ts
 */
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Client } from 'pg';

interface Statement {
  sql: string;
  params: unknown[];
  batch: number;
}

/** The reports pool's session settings (src/reports/reports-database.ts), as the `pg` replay uses them. */
const SESSION = ['jit=off', 'work_mem=64MB', 'timezone=UTC', 'statement_timeout=60000', 'default_transaction_read_only=on'];
const CONNECTIONS = 3;

const calls = new Map<string, Statement[][]>();
let nextId = 0;

function batches(statements: Statement[]): Statement[][] {
  const byBatch = new Map<number, Statement[]>();
  for (const s of statements) byBatch.set(s.batch, [...(byBatch.get(s.batch) ?? []), s]);
  return [...byBatch.keys()].sort((a, b) => a - b).map((b) => byBatch.get(b)!);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  const clients = await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      const c = new Client({ connectionString: url, options: SESSION.map((o) => `-c ${o}`).join(' ') });
      await c.connect();
      return c;
    }),
  );

  const server = createServer((req, res) => {
    void (async () => {
      try {
        if (req.method === 'POST' && req.url === '/calls') {
          const statements = JSON.parse(await readBody(req)) as Statement[];
          const id = String(nextId++);
          calls.set(id, batches(statements));
          send(res, 201, { id });
          return;
        }
        const match = req.method === 'GET' ? /^\/calls\/(\d+)$/.exec(req.url ?? '') : null;
        const call = match ? calls.get(match[1]) : undefined;
        if (!call) return send(res, 404, { error: 'no such call' });
        calls.delete(match![1]);
        const results: unknown[][] = [];
        for (const batch of call) {
          const rows = await Promise.all(batch.map(async (s, i) => (await clients[i].query(s.sql, s.params)).rows));
          results.push(...rows);
        }
        send(res, 200, results);
      } catch (error) {
        send(res, 500, { error: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
  server.keepAliveTimeout = 60_000;
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => process.stdout.write('listening\n'));
  const stop = (): void => {
    server.close();
    void Promise.all(clients.map((c) => c.end())).then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
