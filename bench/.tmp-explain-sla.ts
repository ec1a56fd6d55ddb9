import { Client } from 'pg';
import { ReportsRepository } from '@/reports/reports.repository';

async function main() {
  let captured: { sql: string; params: unknown[] } | null = null;
  const db = { query: async (sql: string, params: unknown[]) => { captured = { sql, params }; return []; } } as any;
  const repo = new ReportsRepository(db);
  const pg = new Client({ connectionString: process.env.DATABASE_URL });
  await pg.connect();
  const [o] = (await pg.query(`SELECT office_id AS id FROM cases GROUP BY office_id ORDER BY count(*) DESC LIMIT 1`)).rows;
  const [k] = (await pg.query(`SELECT consultant_id AS id FROM cases WHERE consultant_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)).rows;
  const now = new Date();
  const cells: Record<string, any> = {
    firm: { period: { from: new Date(now.getTime() - 365 * 864e5), to: null }, officeIds: null, consultantId: null, serviceLine: null, originCountry: null },
    office: { period: { from: new Date('2026-07-01'), to: new Date('2026-10-01') }, officeIds: [o.id], consultantId: null, serviceLine: null, originCountry: null },
    consultant: { period: { from: new Date('2026-10-01'), to: new Date('2026-11-01') }, officeIds: null, consultantId: k.id, serviceLine: null, originCountry: null },
  };
  for (const [name, f] of Object.entries(cells)) {
    if (process.argv[2] && process.argv[2] !== name) continue;
    await repo.slaCompliance(f, now);
    const c = captured!;
    for (let i = 0; i < 3; i++) await pg.query(c.sql, c.params as any[]);
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 10; i++) await pg.query(c.sql, c.params as any[]);
    const ms = Number(process.hrtime.bigint() - t0) / 1e7;
    const plan = (await pg.query(`EXPLAIN (ANALYZE, BUFFERS) ${c.sql}`, c.params as any[])).rows.map((r) => r['QUERY PLAN']).join('\n');
    console.log(`== ${name}: ${ms.toFixed(2)} ms avg\n${process.env.PLAN ? plan : ''}`);
  }
  await pg.end();
}
main();
