/**
 * Replaying a report's recorded statements through plain `pg`, the way the reports benchmark's
 * baseline and its two floor servers (bench/bare-report-server.ts, bench/nest-floor-server.ts) all
 * do it: the reports pool's session settings, one connection per statement of a batch, batches in
 * order and the statements of one batch at the same time.
 */
import { Client } from 'pg';
import { asStartupOptions, DEFAULT_DB_PARALLEL_WORKERS } from '../../src/database/session-settings';
import { reportSessionSettings } from '../../src/reports/report-session';

/** A statement the reports repository issued, and the batch it ran in (statements issued while another was in flight share one). */
export interface RecordedStatement {
  sql: string;
  params: unknown[];
  batch: number;
}

/** Connections to hold: the most statements any report sends at once. */
export const REPLAY_CONNECTIONS = 3;

/**
 * `count` connected clients with the reports pool's session settings, as the API under test has them
 * (it runs with the default DB_PARALLEL_WORKERS unless `parallelWorkers` says otherwise).
 */
export function connectReplayClients(
  databaseUrl: string,
  count = REPLAY_CONNECTIONS,
  parallelWorkers = DEFAULT_DB_PARALLEL_WORKERS,
): Promise<Client[]> {
  const options = asStartupOptions(reportSessionSettings(parallelWorkers));
  return Promise.all(
    Array.from({ length: count }, async () => {
      const client = new Client({ connectionString: databaseUrl, options });
      await client.connect();
      return client;
    }),
  );
}

/** The statements grouped by batch, batches in the order they were issued. */
export function batchesOf<T extends RecordedStatement>(statements: T[]): T[][] {
  const byBatch = new Map<number, T[]>();
  for (const s of statements) byBatch.set(s.batch, [...(byBatch.get(s.batch) ?? []), s]);
  return [...byBatch.keys()].sort((a, b) => a - b).map((b) => byBatch.get(b)!);
}

/** Runs the batches in order, the statements of one batch at the same time on their own connections; their rows, in order. */
export async function runBatches(clients: Client[], batches: RecordedStatement[][]): Promise<unknown[][]> {
  const results: unknown[][] = [];
  for (const batch of batches) {
    results.push(...(await Promise.all(batch.map(async (s, i) => (await clients[i].query(s.sql, s.params)).rows))));
  }
  return results;
}
