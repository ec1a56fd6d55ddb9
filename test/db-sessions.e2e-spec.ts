/**
 * The settings the application's database sessions start with (src/database/session-settings.ts):
 * no parallel query plans unless DB_PARALLEL_WORKERS asks for them, on the request path's pool and
 * on the reports pool alike (on 2-vCPU VMs a parallel plan ran the firm-wide SLA report and the
 * inquiry list up to three times slower: docs/performance.md, session 13).
 */
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/app-config';
import { ReportsDatabase } from '../src/reports/reports-database';
import { createTestApp, TestApp } from './setup/test-app';

const BASE_ENV = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: 'a-test-secret-that-is-long-enough-0123',
};

/**
 * The plan of a count over a table of 10,000 rows, with parallel plans made as cheap as they can be,
 * in one transaction of the app's pool that is rolled back.
 */
async function countPlan(db: DataSource): Promise<string> {
  const runner = db.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    for (const setting of ['parallel_setup_cost = 0', 'parallel_tuple_cost = 0', 'min_parallel_table_scan_size = 0'])
      await runner.query(`SET LOCAL ${setting}`);
    await runner.query(`CREATE TABLE parallel_probe AS SELECT g FROM generate_series(1, 10000) g`);
    await runner.query(`ANALYZE parallel_probe`);
    const rows: Array<{ 'QUERY PLAN': string }> = await runner.query(`EXPLAIN SELECT count(*) FROM parallel_probe`);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

async function setting(query: (sql: string) => Promise<Array<Record<string, string>>>, name: string): Promise<string> {
  const [row] = await query(`SELECT current_setting('${name}') AS value`);
  return row.value;
}

describe('database sessions', () => {
  describe('by default', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    it('plan every query in one process, on both pools', async () => {
      expect(await setting((sql) => t.db.query(sql), 'max_parallel_workers_per_gather')).toBe('0');
      const reports = t.app.get(ReportsDatabase);
      expect(await setting((sql) => reports.query(sql, []), 'max_parallel_workers_per_gather')).toBe('0');
      // The reports pool keeps its own settings beside it.
      expect(await setting((sql) => reports.query(sql, []), 'default_transaction_read_only')).toBe('on');
      expect(await countPlan(t.db)).not.toMatch(/Gather/);
    });
  });

  describe('with DB_PARALLEL_WORKERS=2', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ dbParallelWorkers: 2 });
    });
    afterAll(() => t.close());

    it('lets a query step use two parallel workers, on both pools', async () => {
      expect(await setting((sql) => t.db.query(sql), 'max_parallel_workers_per_gather')).toBe('2');
      const reports = t.app.get(ReportsDatabase);
      expect(await setting((sql) => reports.query(sql, []), 'max_parallel_workers_per_gather')).toBe('2');
      expect(await countPlan(t.db)).toMatch(/Gather/);
    });
  });

  it('reads DB_PARALLEL_WORKERS as a whole number from 0 to 64, 0 when unset', () => {
    expect(loadConfig(BASE_ENV).dbParallelWorkers).toBe(0);
    expect(loadConfig({ ...BASE_ENV, DB_PARALLEL_WORKERS: '4' }).dbParallelWorkers).toBe(4);
    for (const value of ['many', '-1', '65', '1.5', ''])
      expect(() => loadConfig({ ...BASE_ENV, DB_PARALLEL_WORKERS: value })).toThrow(
        /^Invalid configuration: DB_PARALLEL_WORKERS /,
      );
  });
});
