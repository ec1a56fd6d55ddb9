/**
 * The connection pool reports read through: `REPORTS_DATABASE_URL` (a read replica) when set,
 * otherwise the main database. It is a pool of its own either way, so long report queries can
 * never take the request path's connections, and its sessions are tuned for reporting
 * (report-session.ts: read-only, no JIT, a larger work_mem, UTC, a statement timeout).
 */
import { isDatabaseUnavailable } from '@/common/pg-errors';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import { AppConfig } from '@/config/app-config';
import { asStartupOptions } from '@/database/session-settings';
import { reportSessionSettings } from './report-session';
import { ReportError } from './reports.errors';

function translate(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (isDatabaseUnavailable(error)) return ReportError.databaseUnavailable();
  if (code === '57014') return ReportError.tooSlow();
  return error;
}

/** Something statements can be sent to: the pool, or one connection of a shared snapshot. */
export interface Queryable {
  query(sql: string, params: unknown[]): Promise<{ rows: unknown[] }>;
}

/** One connection of `withSharedSnapshot`. */
export interface SnapshotSession {
  query<T>(sql: string, params: unknown[]): Promise<T[]>;
}

const POOL_SIZE = 4;
/** Connections one `withSharedSnapshot` call holds at most. */
const MAX_SESSIONS = 2;

@Injectable()
export class ReportsDatabase implements OnModuleDestroy {
  private readonly logger = new Logger(ReportsDatabase.name);
  private readonly pool: Pool;
  /**
   * Calls of `withSharedSnapshot` running now, and those waiting their turn. At most
   * POOL_SIZE / MAX_SESSIONS run at once, so callers each holding one connection while waiting for
   * another can never take the whole pool between them.
   */
  private snapshotCalls = 0;
  private readonly snapshotQueue: Array<() => void> = [];

  constructor(config: AppConfig) {
    this.pool = new Pool({
      connectionString: config.reportsDatabaseUrl ?? config.databaseUrl,
      max: POOL_SIZE,
      idleTimeoutMillis: 30_000,
      application_name: 'advisory-crm-reports',
      options: asStartupOptions(reportSessionSettings(config.dbParallelWorkers)),
    });
    // An idle client losing its server must not take the process down; the next query reconnects.
    // Logged by its SQLSTATE only: the error carries the whole client (connection settings, buffers).
    this.pool.on('error', (error) =>
      this.logger.warn({ code: (error as { code?: unknown }).code ?? null }, 'idle reports connection failed'),
    );
  }

  async query<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.execute<T>(this.pool, sql, params);
  }

  /** Every statement of `query` and of snapshot sessions passes here (the benchmark records them). */
  protected async execute<T>(target: Queryable, sql: string, params: unknown[]): Promise<T[]> {
    try {
      return (await target.query(sql, params)).rows as T[];
    } catch (error) {
      throw translate(error);
    }
  }

  /**
   * Runs `fn` with `count` connections (at most two) that read one snapshot, so a report can send
   * statements at the same time — each on its own core — and still see the data as a single
   * statement would: the first connection opens a read-only REPEATABLE READ transaction and exports
   * its snapshot, the others import it (on a replica too: a hot standby exports snapshots since
   * Postgres 10).
   */
  async withSharedSnapshot<T>(count: number, fn: (sessions: SnapshotSession[]) => Promise<T>): Promise<T> {
    if (count < 1 || count > MAX_SESSIONS) throw new Error(`withSharedSnapshot: 1 to ${MAX_SESSIONS} sessions`);
    await this.snapshotTurn();
    const clients: PoolClient[] = [];
    let broken = false;
    try {
      try {
        for (let i = 0; i < count; i++) clients.push(await this.pool.connect());
        const [first, ...others] = clients;
        await first.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const [{ snapshot }] = (await first.query<{ snapshot: string }>('SELECT pg_export_snapshot() AS snapshot'))
          .rows;
        if (!/^[0-9A-F-]+$/i.test(snapshot)) throw new Error(`unexpected snapshot id ${snapshot}`);
        await Promise.all(
          others.map((c) =>
            c.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '${snapshot}'`),
          ),
        );
      } catch (error) {
        broken = true;
        throw translate(error);
      }
      const sessions = clients.map((client): SnapshotSession => ({
        query: <R>(sql: string, params: unknown[]) => this.execute<R>(client, sql, params),
      }));
      try {
        return await fn(sessions);
      } catch (error) {
        broken = true;
        throw error;
      }
    } finally {
      await Promise.all(
        clients.map((c) =>
          (broken ? c.query('ROLLBACK') : c.query('COMMIT')).then(
            () => c.release(),
            () => c.release(true),
          ),
        ),
      );
      this.snapshotDone();
    }
  }

  private async snapshotTurn(): Promise<void> {
    if (this.snapshotCalls < POOL_SIZE / MAX_SESSIONS) {
      this.snapshotCalls++;
      return;
    }
    await new Promise<void>((resolve) => this.snapshotQueue.push(resolve));
  }

  private snapshotDone(): void {
    const next = this.snapshotQueue.shift();
    if (next) next();
    else this.snapshotCalls--;
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
