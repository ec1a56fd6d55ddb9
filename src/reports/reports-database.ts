/**
 * The connection pool reports read through: `REPORTS_DATABASE_URL` (a read replica) when set,
 * otherwise the main database. It is a pool of its own either way, so long report queries can
 * never take the request path's connections, and its sessions are tuned for reporting: read-only,
 * no JIT (at a million cases plan costs pass jit_above_cost, and compiling would be added to every
 * report for little gain on these plans), a larger `work_mem` so the sorts behind percentiles and
 * the (case, stage) de-duplication stay in memory, UTC (ISO weeks, day buckets) and a statement timeout.
 */
import { isDatabaseUnavailable } from '@/common/pg-errors';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import { AppConfig } from '@/config/app-config';
import { ReportError } from './reports.errors';

const SESSION_OPTIONS = [
  'default_transaction_read_only=on',
  'jit=off',
  'work_mem=64MB',
  'timezone=UTC',
  'statement_timeout=60000',
]
  .map((o) => `-c ${o}`)
  .join(' ');

function translate(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (isDatabaseUnavailable(error)) return ReportError.databaseUnavailable();
  if (code === '57014') return ReportError.tooSlow();
  return error;
}

@Injectable()
export class ReportsDatabase implements OnModuleDestroy {
  private readonly logger = new Logger(ReportsDatabase.name);
  private readonly pool: Pool;

  constructor(config: AppConfig) {
    this.pool = new Pool({
      connectionString: config.reportsDatabaseUrl ?? config.databaseUrl,
      max: 4,
      idleTimeoutMillis: 30_000,
      application_name: 'advisory-crm-reports',
      options: SESSION_OPTIONS,
    });
    // An idle client losing its server must not take the process down; the next query reconnects.
    this.pool.on('error', (error) => this.logger.warn({ err: error }, 'idle reports connection failed'));
  }

  async query<T>(sql: string, params: unknown[]): Promise<T[]> {
    try {
      return (await this.pool.query(sql, params)).rows as T[];
    } catch (error) {
      throw translate(error);
    }
  }

  /**
   * Rows of a query through a server-side cursor, `batchSize` at a time, so a large CSV never sits
   * in memory. The connection is held until the consumer finishes or stops early (a client that
   * disconnects mid-download ends the iteration, which closes the cursor and releases it).
   */
  async *cursor<T>(sql: string, params: unknown[], batchSize = 1000): AsyncGenerator<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw translate(error);
    }
    let state: 'reading' | 'done' | 'broken' = 'reading';
    try {
      await client.query('BEGIN');
      await client.query(`DECLARE report_cursor NO SCROLL CURSOR FOR ${sql}`, params);
      for (;;) {
        const { rows } = await client.query(`FETCH ${batchSize} FROM report_cursor`);
        for (const row of rows) yield row as T;
        if (rows.length < batchSize) break;
      }
      await client.query('COMMIT');
      state = 'done';
    } catch (error) {
      state = 'broken';
      throw translate(error);
    } finally {
      if (state === 'done') client.release();
      else if (state === 'broken') client.release(true);
      else {
        // Stopped early: end the transaction, which closes the cursor, before the client is reused.
        await client.query('ROLLBACK').then(
          () => client.release(),
          () => client.release(true),
        );
      }
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}
