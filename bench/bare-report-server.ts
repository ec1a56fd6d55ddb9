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
import { batchesOf, connectReplayClients, runBatches, type RecordedStatement } from './lib/statement-replay';

const calls = new Map<string, RecordedStatement[][]>();
let nextId = 0;

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
  const clients = await connectReplayClients(url);

  const server = createServer((req, res) => {
    void (async () => {
      try {
        if (req.method === 'POST' && req.url === '/calls') {
          const statements = JSON.parse(await readBody(req)) as RecordedStatement[];
          const id = String(nextId++);
          calls.set(id, batchesOf(statements));
          send(res, 201, { id });
          return;
        }
        const match = req.method === 'GET' ? /^\/calls\/(\d+)$/.exec(req.url ?? '') : null;
        const call = match ? calls.get(match[1]) : undefined;
        if (!call) return send(res, 404, { error: 'no such call' });
        calls.delete(match![1]);
        send(res, 200, await runBatches(clients, call));
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
