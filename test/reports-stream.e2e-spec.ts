/**
 * Reports at the edges of their plumbing: CSV streamed through a server-side cursor across many
 * fetch batches, and REPORTS_DATABASE_URL sending every report query to another database (a
 * replica in production).
 */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { typeormOptions } from '../src/database/typeorm-options';
import { Clock } from '../src/sla/clock';
import { createOffice } from './factories';
import { createBreachedCasesInBulk, createReportCase, csvObjects } from './factories/reports';
import { bearer, createTestApp, createTestDatabase, TestApp } from './setup/test-app';

const NOW = '2027-01-15T12:00:00.000Z';

describe('Reports: streaming', () => {
  let t: TestApp;
  let admin: string;
  let officeId: string;
  const COUNT = 2_500;

  beforeAll(async () => {
    t = await createTestApp();
    t.app.get(Clock).now = () => new Date(NOW);
    admin = await t.adminToken();
    officeId = (await createOffice(t.db, { code: 'RPS' })).id;
    await createBreachedCasesInBulk(t.db, officeId, COUNT, '2027-01-01T00:00:00Z');
  });
  afterAll(() => t.close());

  it('streams every breached case into the SLA CSV, in deadline order, past several cursor batches', async () => {
    const res = await t.http.get('/api/v1/reports/sla').query({ format: 'csv' }).set(bearer(admin)).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = csvObjects(res.text).filter((r) => r.row_type === 'breached_case');
    expect(rows).toHaveLength(COUNT);
    const dues = rows.map((r) => Date.parse(r.first_response_due_at));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(rows[0]).toMatchObject({
      office_code: 'RPS',
      stage: 'new',
      first_response_due_at: '2027-01-01T00:00:00.000Z',
      overdue_hours: '348',
    });

    const json = await t.http.get('/api/v1/reports/sla').set(bearer(admin)).expect(200);
    expect(json.body.breachedOpenCases).toHaveLength(COUNT);
    expect(json.body.totals).toMatchObject({ due: COUNT, missed: COUNT });
  });

  it('closes the cursor and frees its connection when a client hangs up mid-download', async () => {
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    // More hang-ups than the reports pool has connections: a leaked one would make the last request wait forever.
    for (let i = 0; i < 6; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest(
          {
            port,
            host: '127.0.0.1',
            path: '/api/v1/reports/sla?format=csv',
            headers: { authorization: `Bearer ${admin}` },
          },
          (res) => {
            res.once('data', () => {
              req.destroy();
              resolve();
            });
          },
        );
        req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? resolve() : reject(error)));
        req.end();
      });
    }
    const res = await t.http.get('/api/v1/reports/sla').query({ format: 'csv' }).set(bearer(admin)).expect(200);
    expect(res.text.split('\n').length).toBeGreaterThan(COUNT);
    let open: Array<{ state: string }> = [];
    for (let attempt = 0; attempt < 50; attempt++) {
      open = await t.db.query(
        `SELECT state FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'advisory-crm-reports' AND state <> 'idle'`,
      );
      if (open.length === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(open).toEqual([]);
  });

  it('keeps serving after many streamed downloads (connections go back to the pool)', async () => {
    for (let i = 0; i < 6; i++) {
      await t.http.get('/api/v1/reports/sources').query({ format: 'csv' }).set(bearer(admin)).expect(200);
      await t.http.get('/api/v1/reports/sla').query({ format: 'csv', officeId }).set(bearer(admin)).expect(200);
    }
    const res = await t.http.get('/api/v1/reports/pipeline').set(bearer(admin)).expect(200);
    expect(res.body.totals.count).toBe(COUNT);
  });

  it('writes a breached case’s times as Date.toISOString does, microseconds truncated, in JSON and CSV', async () => {
    const [{ id }] = await t.db.query<Array<{ id: string }>>(`SELECT id FROM cases ORDER BY id LIMIT 1`);
    await t.db.query(
      `UPDATE cases SET created_at = '2026-12-30 23:59:59.999999+00', first_response_due_at = '2026-12-31 08:15:30.1239+03'
        WHERE id = $1`,
      [id],
    );
    const [row] = await t.db.query<Array<{ created_at: Date; first_response_due_at: Date }>>(
      `SELECT created_at, first_response_due_at FROM cases WHERE id = $1`,
      [id],
    );
    const expected = {
      createdAt: row.created_at.toISOString(),
      firstResponseDueAt: row.first_response_due_at.toISOString(),
    };
    expect(expected).toEqual({ createdAt: '2026-12-30T23:59:59.999Z', firstResponseDueAt: '2026-12-31T05:15:30.123Z' });

    const json = await t.http.get('/api/v1/reports/sla').set(bearer(admin)).expect(200);
    expect(json.body.breachedOpenCases[0]).toMatchObject({ id, ...expected });
    const csv = await t.http.get('/api/v1/reports/sla').query({ format: 'csv' }).set(bearer(admin)).expect(200);
    expect(csvObjects(csv.text).find((r) => r.case_id === id)).toMatchObject({
      created_at: expected.createdAt,
      first_response_due_at: expected.firstResponseDueAt,
    });
  });
});

describe('Reports: REPORTS_DATABASE_URL', () => {
  let t: TestApp;
  let replica: { url: string; drop: () => Promise<void> };
  let replicaDb: DataSource;
  let replicaOffice: string;

  beforeAll(async () => {
    replica = await createTestDatabase();
    replicaDb = new DataSource(typeormOptions(replica.url, { entities: [], extra: { max: 2 } }));
    await replicaDb.initialize();
    replicaOffice = (await createOffice(replicaDb, { code: 'RPR' })).id;
    await createReportCase(replicaDb, {
      officeId: replicaOffice,
      createdAt: '2026-11-01T09:00:00Z',
      value: { amount: '1.50', currency: 'SGD' },
    });
    t = await createTestApp({ reportsDatabaseUrl: replica.url });
  });
  afterAll(async () => {
    await t.close();
    await replicaDb.destroy();
    await replica.drop();
  });

  it('reads every report from the reports database, not the main one', async () => {
    const admin = await t.adminToken();
    const main = await t.db.query(`SELECT count(*)::int AS n FROM cases`);
    expect(main[0].n).toBe(0);
    const res = await t.http
      .get('/api/v1/reports/pipeline')
      .query({ officeId: replicaOffice })
      .set(bearer(admin))
      .expect(200);
    expect(res.body.totals).toMatchObject({
      count: 1,
      byCurrency: [{ currency: 'SGD', count: 1, value: '1.50', weightedValue: '0.15' }],
    });
    for (const report of ['funnel', 'velocity', 'sla', 'workload', 'aging', 'sources']) {
      await t.http.get(`/api/v1/reports/${report}`).query({ officeId: replicaOffice }).set(bearer(admin)).expect(200);
    }
  });
});
