/**
 * ReportsDatabase.withSharedSnapshot, against real Postgres: statements sent at once on two
 * connections see one snapshot (a row committed in between is invisible to both), the pool is
 * never taken whole by callers waiting for their second connection, and a failure rolls back and
 * gives the connections back.
 */
import { ReportsDatabase } from '../src/reports/reports-database';
import { createTestApp, TestApp } from './setup/test-app';

describe('Reports: statements on two connections reading one snapshot', () => {
  let t: TestApp;
  let reports: ReportsDatabase;

  beforeAll(async () => {
    t = await createTestApp();
    reports = t.app.get(ReportsDatabase);
    await t.db.query(`CREATE TABLE snapshot_probe (n int NOT NULL)`);
    await t.db.query(`INSERT INTO snapshot_probe VALUES (1), (2)`);
  });
  afterAll(() => t.close());

  it('shows both connections the data as of one instant, even what is committed between their statements', async () => {
    const seen = await reports.withSharedSnapshot(2, async ([a, b]) => {
      const before = await a.query<{ n: number }>(`SELECT count(*)::int AS n FROM snapshot_probe`, []);
      await t.db.query(`INSERT INTO snapshot_probe VALUES (3)`);
      const [later, otherConnection, backends] = await Promise.all([
        a.query<{ n: number }>(`SELECT count(*)::int AS n FROM snapshot_probe`, []),
        b.query<{ n: number }>(`SELECT count(*)::int AS n FROM snapshot_probe`, []),
        Promise.all([a, b].map((s) => s.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`, []))),
      ]);
      return { before, later, otherConnection, pids: new Set(backends.map(([r]) => r.pid)) };
    });
    expect(seen.before[0].n).toBe(2);
    expect(seen.later[0].n).toBe(2);
    expect(seen.otherConnection[0].n).toBe(2);
    expect(seen.pids.size).toBe(2);
    // Outside the snapshot the new row is there.
    expect(await reports.query<{ n: number }>(`SELECT count(*)::int AS n FROM snapshot_probe`, [])).toEqual([{ n: 3 }]);
  });

  it('is read-only', async () => {
    await expect(
      reports.withSharedSnapshot(1, ([a]) => a.query(`INSERT INTO snapshot_probe VALUES (4)`, [])),
    ).rejects.toThrow(/read-only/);
  });

  it('never deadlocks the pool: many callers at once, each holding two connections, beside plain queries', async () => {
    const calls = Array.from({ length: 12 }, (_, i) =>
      reports.withSharedSnapshot(2, async ([a, b]) => {
        const [x, y] = await Promise.all([
          a.query<{ i: number }>(`SELECT $1::int AS i FROM pg_sleep(0.02)`, [i]),
          b.query<{ i: number }>(`SELECT $1::int AS i`, [i]),
        ]);
        return x[0].i + y[0].i;
      }),
    );
    const plain = Array.from({ length: 8 }, () => reports.query(`SELECT pg_sleep(0.01)`, []));
    const results = await Promise.race([
      Promise.all([Promise.all(calls), Promise.all(plain)]),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('pool deadlocked')), 10_000).unref()),
    ]);
    expect(results[0]).toEqual(Array.from({ length: 12 }, (_, i) => 2 * i));
  });

  it('rolls back and returns the connections when a statement fails', async () => {
    for (let i = 0; i < 6; i++) {
      await expect(reports.withSharedSnapshot(2, ([a]) => a.query(`SELECT * FROM no_such_table`, []))).rejects.toThrow(
        /no_such_table/,
      );
    }
    // Six failures with two connections each, on a pool of four: all were returned, clean.
    const rows = await reports.withSharedSnapshot(2, ([a, b]) =>
      Promise.all([
        a.query<{ open: boolean }>(`SELECT count(*) = 1 AS open FROM snapshot_probe`, []),
        b.query<{ status: string }>(`SELECT 'ok' AS status`, []),
      ]),
    );
    expect(rows).toEqual([[{ open: false }], [{ status: 'ok' }]]);
  });
});
