/**
 * An open-loop load driver: posts inquiries at a fixed rate for a fixed time, whether or not
 * earlier requests have answered (so a slow server cannot slow the load down and hide its own
 * latency), and records for each request when it was due, when it was answered, its status and
 * the inquiry id of a 201. Bounded: rate × duration requests, each with a timeout.
 */
import { Agent, request } from 'node:http';
import { GeneratedInquiry, InquiryGenerator } from './inquiries';
import { sleep } from './services';

export interface Sent {
  /** Epoch ms at which the request was scheduled. */
  dueAt: number;
  /** Epoch ms of the answer (or of the failure). */
  doneAt: number;
  status: number;
  /** The inquiry id of a 201. */
  id: string | null;
  error?: string;
}

export interface PostResult {
  status: number;
  body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

export function postInquiry(baseUrl: string, inquiry: GeneratedInquiry, timeoutMs = 10_000): Promise<PostResult> {
  const payload = Buffer.from(JSON.stringify(inquiry.body));
  const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': payload.length };
  if (inquiry.idempotencyKey) headers['idempotency-key'] = inquiry.idempotencyKey;
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}/api/v1/inquiries`, { method: 'POST', headers, agent, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * A GET on the same keep-alive agent, its body read to the end: the status and the body's size.
 * The reports benchmark times the API with it (Node's fetch adds a few tenths of a millisecond of
 * its own per call, which would count against the API).
 */
export function httpGet(url: string, headers: Record<string, string>, timeoutMs = 60_000): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent, timeout: timeoutMs }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

export interface SteadyLoadOptions {
  baseUrl: string;
  ratePerSecond: number;
  durationMs: number;
  generator: InquiryGenerator;
  timeoutMs?: number;
  /** Called once a second with the results so far (progress, fault injection). */
  onTick?: (elapsedMs: number, sent: readonly Sent[]) => void;
}

export async function steadyLoad(opts: SteadyLoadOptions): Promise<Sent[]> {
  const total = Math.round((opts.ratePerSecond * opts.durationMs) / 1000);
  const interval = 1000 / opts.ratePerSecond;
  const start = Date.now();
  const results: Sent[] = [];
  const pending: Array<Promise<void>> = [];
  let nextTick = 1000;
  for (let i = 0; i < total; i++) {
    const dueAt = start + i * interval;
    const wait = dueAt - Date.now();
    if (wait > 0) await sleep(wait);
    const inquiry = opts.generator.next();
    pending.push(
      postInquiry(opts.baseUrl, inquiry, opts.timeoutMs).then(
        ({ status, body }) => {
          let id: string | null = null;
          if (status === 201) id = (JSON.parse(body) as { id: string }).id;
          results.push({ dueAt, doneAt: Date.now(), status, id });
        },
        (error: Error) => {
          results.push({ dueAt, doneAt: Date.now(), status: 0, id: null, error: error.message });
        },
      ),
    );
    if (opts.onTick && Date.now() - start >= nextTick) {
      opts.onTick(Date.now() - start, results);
      nextTick += 1000;
    }
  }
  await Promise.all(pending);
  return results;
}

export function destroyAgent(): void {
  agent.destroy();
}

/** A JSON POST on the same keep-alive agent, answered with JSON (set-up calls, not timed). */
export function postJson(url: string, body: unknown, timeoutMs = 60_000): Promise<unknown> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': payload.length }, agent, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 0) >= 300) reject(new Error(`POST ${url}: HTTP ${res.statusCode} ${text}`));
          else resolve(JSON.parse(text));
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}
