/**
 * (d) Reports: each report endpoint of API.md timed on a synthetic data set (100k cases by
 * default: clients, contacts, inquiries, cases in every stage over two years, their stage events),
 * five calls each as an admin, median and max. A hook until the reports module exists: with no
 * src/reports (or no route answering in dist/) it reports itself skipped, and the data generator
 * below is ready for it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { ADMIN_EMAIL, ADMIN_PASSWORD, AppProcess, ROOT } from './lib/app-process';
import { cloneDatabase, PostgresServer } from './lib/services';
import { median, round } from './lib/stats';

export const REPORTS = ['pipeline', 'funnel', 'velocity', 'sla', 'workload', 'aging', 'sources'] as const;

export interface ReportTiming {
  name: string;
  status: number;
  medianMs: number;
  maxMs: number;
}

export interface ReportsResult {
  skipped?: string;
  cases: number;
  generateSeconds?: number;
  endpoints: ReportTiming[];
}

/** Fills a seeded database with `cases` routed cases (and what they hang on), spread over two years. */
export async function generateCaseHistory(databaseUrl: string, cases: number): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('BEGIN');
    await db.query('SELECT setseed(0.42)');
    await db.query(
      `CREATE TEMP TABLE gen ON COMMIT DROP AS
       SELECT g, gen_random_uuid() AS inquiry_id, gen_random_uuid() AS case_id,
              now() - random() * interval '720 days' AS created_at,
              (ARRAY['new','contacted','qualified','proposal','engaged','engaged','lost','lost'])[1 + floor(random() * 8)::int] AS stage,
              random() AS r_cons, random() AS r_sla, random() AS r_val, random() AS r_mix
         FROM generate_series(0, $1 - 1) g`,
      [cases],
    );
    await db.query(`CREATE TEMP TABLE gclients ON COMMIT DROP AS SELECT k, gen_random_uuid() AS id FROM generate_series(0, $1 / 6) k`, [cases]);
    await db.query(`CREATE TEMP TABLE gcontacts ON COMMIT DROP AS SELECT k, gen_random_uuid() AS id FROM generate_series(0, $1 / 2) k`, [cases]);
    await db.query(
      `INSERT INTO clients (id, name, name_normalized, type, country_code)
       SELECT id, 'Bench client ' || k, 'bench client ' || k, 'company', (ARRAY['RU','CN','KZ','IN','DE','US','SG','VN'])[1 + k % 8]
         FROM gclients`,
    );
    await db.query(
      `INSERT INTO contacts (id, client_id, full_name, email)
       SELECT c.id, cl.id, 'Bench contact ' || c.k, 'bench' || c.k || '@bench-reports.example'
         FROM gcontacts c JOIN gclients cl ON cl.k = c.k / 3`,
    );
    await db.query(
      `INSERT INTO inquiries (id, reference, contact_id, client_id, full_name, email, origin_country, service_lines, message,
                              source, consent_privacy, consent_at, status, created_at, routed_at)
       SELECT g.inquiry_id, 'BEN-' || lpad(g.g::text, 8, '0'), c.id, cl.id, 'Bench contact ' || c.k,
              'bench' || c.k || '@bench-reports.example', (ARRAY['RU','CN','KZ','IN','DE','US','SG','VN'])[1 + floor(g.r_mix * 8)::int],
              ARRAY[(ARRAY['company_formation','bank_account','tax','accounting','visa_immigration','due_diligence'])[1 + floor(g.r_val * 6)::int]],
              'A benchmark inquiry', (ARRAY['website','referral','event','partner'])[1 + floor(g.r_sla * 4)::int],
              true, g.created_at, 'routed', g.created_at, g.created_at + interval '1 minute'
         FROM gen g JOIN gcontacts c ON c.k = g.g / 2 JOIN gclients cl ON cl.k = c.k / 3`,
    );
    await db.query(
      `WITH staff AS (
         SELECT array_agg(id ORDER BY id) AS ids, array_agg(office_id ORDER BY id) AS offices, count(*)::int AS n
           FROM consultants WHERE active AND role = 'consultant' AND office_id IS NOT NULL)
       INSERT INTO cases (id, reference, inquiry_id, client_id, contact_id, office_id, consultant_id, service_lines, stage_code,
                          origin_country, estimated_value, currency, lost_reason, first_response_due_at, first_responded_at,
                          sla_breached, assigned_at, closed_at, created_at, updated_at)
       SELECT g.case_id, i.reference, i.id, i.client_id, i.contact_id,
              staff.offices[1 + floor(g.r_cons * staff.n)::int],
              CASE WHEN g.stage = 'new' AND g.r_mix < 0.1 THEN NULL ELSE staff.ids[1 + floor(g.r_cons * staff.n)::int] END,
              i.service_lines, g.stage, i.origin_country,
              CASE WHEN g.stage IN ('proposal','engaged') THEN round((1000 + g.r_val * 500000)::numeric, 2) END,
              CASE WHEN g.stage IN ('proposal','engaged') THEN (ARRAY['USD','EUR','CNY'])[1 + floor(g.r_mix * 3)::int] END,
              CASE WHEN g.stage = 'lost' THEN (ARRAY['price','no_response','competitor','timing'])[1 + floor(g.r_val * 4)::int] END,
              g.created_at + interval '8 hours',
              CASE WHEN g.stage <> 'new' THEN g.created_at + g.r_sla * interval '12 hours' END,
              CASE WHEN g.stage <> 'new' THEN g.r_sla > 0.66 ELSE g.created_at < now() - interval '8 hours' END,
              CASE WHEN g.stage = 'new' AND g.r_mix < 0.1 THEN NULL ELSE g.created_at + interval '1 minute' END,
              CASE WHEN g.stage IN ('engaged','lost') THEN g.created_at + interval '30 days' END,
              g.created_at, g.created_at
         FROM gen g JOIN inquiries i ON i.id = g.inquiry_id CROSS JOIN staff`,
    );
    await db.query(
      `INSERT INTO stage_events (case_id, from_stage, to_stage, reason, created_at)
       SELECT g.case_id, CASE WHEN k = 1 THEN NULL ELSE p.path[k - 1] END, p.path[k], CASE WHEN k = 1 THEN 'routed' END,
              g.created_at + (k - 1) * (interval '3 days' + g.r_val * interval '5 days')
         FROM gen g
         CROSS JOIN LATERAL (SELECT CASE g.stage
                  WHEN 'new' THEN ARRAY['new'] WHEN 'contacted' THEN ARRAY['new','contacted']
                  WHEN 'qualified' THEN ARRAY['new','contacted','qualified']
                  WHEN 'proposal' THEN ARRAY['new','contacted','qualified','proposal']
                  WHEN 'engaged' THEN ARRAY['new','contacted','qualified','proposal','engaged']
                  ELSE ARRAY['new','contacted','lost'] END AS path) p
         CROSS JOIN LATERAL generate_series(1, array_length(p.path, 1)) k`,
    );
    await db.query('COMMIT');
    await db.query('ANALYZE');
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await db.end();
  }
}

async function login(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
  });
  if (!res.ok) throw new Error(`admin login failed: HTTP ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

export async function runReportsBench(opts: {
  pg: PostgresServer;
  template: string;
  redisUrl: string;
  queuePrefix: string;
  cases: number;
  log: (line: string) => void;
}): Promise<ReportsResult> {
  if (!existsSync(join(ROOT, 'src', 'reports')) || !existsSync(join(ROOT, 'dist', 'src', 'reports'))) {
    opts.log('  skipped: there is no src/reports module yet (the data generator and timings are ready in bench/reports.bench.ts)');
    return { skipped: 'no src/reports module yet', cases: 0, endpoints: [] };
  }
  const db = await cloneDatabase(opts.pg, opts.template, 'bench_reports');
  const api = await AppProcess.start('api', { databaseUrl: db, redisUrl: opts.redisUrl, queuePrefix: `${opts.queuePrefix}rep`, logLevel: 'warn' });
  try {
    const token = await login(api.baseUrl);
    const probe = await fetch(`${api.baseUrl}/api/v1/reports/pipeline`, { headers: { authorization: `Bearer ${token}` } });
    if (probe.status === 404) {
      opts.log('  skipped: GET /api/v1/reports/pipeline answers 404 (the reports module is not wired into the app yet)');
      return { skipped: 'reports module not wired into the app yet (404)', cases: 0, endpoints: [] };
    }
    const t0 = Date.now();
    await generateCaseHistory(db, opts.cases);
    const generateSeconds = round((Date.now() - t0) / 1000, 1);
    opts.log(`  generated ${opts.cases} cases in ${generateSeconds} s`);
    const endpoints: ReportTiming[] = [];
    const from = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
    for (const name of REPORTS) {
      const times: number[] = [];
      let status = 0;
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        const res = await fetch(`${api.baseUrl}/api/v1/reports/${name}?from=${from}`, {
          headers: { authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(60_000),
        });
        await res.arrayBuffer();
        times.push(performance.now() - started);
        status = res.status;
        if (status === 404) break;
      }
      const timing = { name, status, medianMs: round(median(times), 1), maxMs: round(Math.max(...times), 1) };
      endpoints.push(timing);
      opts.log(`  ${name.padEnd(9)} HTTP ${status}  median ${timing.medianMs} ms  max ${timing.maxMs} ms`);
    }
    return { cases: opts.cases, generateSeconds, endpoints };
  } finally {
    await api.stop('SIGTERM', 10_000);
  }
}
