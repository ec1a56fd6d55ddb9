/**
 * (d, continued) The staff lists on the reports benchmark's million-case history: what consultants
 * and managers open all day — the case list newest first, a consultant's own cases by deadline, an
 * office queue, breached cases, searches by reference, client name and contact name, inquiries
 * and clients — each called through the API as an admin, after two warm-up calls. No target: the
 * figures sit beside the HTTP floor of the same run (GET /health/live, what any call pays).
 */
import { Client } from 'pg';
import { httpGet } from './lib/load';
import { round, summarize } from './lib/stats';

export interface ListTiming {
  name: string;
  status: number;
  calls: number;
  p50: number;
  p95: number;
}

interface Sample {
  office: string;
  consultant: string;
  reference: string;
  clientWord: string;
  contactName: string;
}

async function sample(databaseUrl: string): Promise<Sample> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const one = async (sql: string): Promise<Record<string, string>> => (await db.query(sql)).rows[0];
    const office = (await one(`SELECT office_id AS v FROM cases GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)).v;
    const consultant = (
      await one(
        `SELECT consultant_id AS v FROM cases WHERE closed_at IS NULL AND consultant_id IS NOT NULL
          GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
      )
    ).v;
    const reference = (await one(`SELECT reference AS v FROM cases ORDER BY created_at DESC LIMIT 1 OFFSET 5000`)).v;
    const client = (await one(`SELECT name AS v FROM clients ORDER BY created_at DESC LIMIT 1 OFFSET 777`)).v;
    const contactName = (await one(`SELECT full_name AS v FROM contacts ORDER BY created_at LIMIT 1 OFFSET 4242`)).v;
    // The generator names clients "<words> <number>": the number is what tells one from another.
    return { office, consultant, reference, clientWord: client.split(/\s+/).slice(-1)[0], contactName };
  } finally {
    await db.end();
  }
}

export async function timeLists(opts: {
  databaseUrl: string;
  baseUrl: string;
  auth: Record<string, string>;
  calls: number;
  log: (line: string) => void;
}): Promise<ListTiming[]> {
  const s = await sample(opts.databaseUrl);
  const q = encodeURIComponent;
  const lists: Array<[name: string, path: string]> = [
    ['cases, newest first', '/cases?pageSize=25'],
    ['cases of one consultant by deadline', `/cases?consultantId=${s.consultant}&sort=firstResponseDueAt:asc`],
    ['office queue', `/cases?officeId=${s.office}&consultantId=none`],
    ['breached cases of an office', `/cases?slaBreached=true&officeId=${s.office}`],
    ['case search, reference', `/cases?q=${q(s.reference)}`],
    ['case search, client name', `/cases?q=${q(s.clientWord)}`],
    ['case search, contact name', `/cases?q=${q(s.contactName)}`],
    ['inquiries, newest first', '/inquiries?pageSize=25'],
    ['inquiry search, no match', '/inquiries?q=nobody-by-this-name'],
    ['inquiry search, contact name', `/inquiries?q=${q(s.contactName)}`],
    ['clients by name', '/clients?sort=name:asc'],
    ['client search', `/clients?q=${q(s.clientWord)}`],
  ];
  const timings: ListTiming[] = [];
  for (const [name, path] of lists) {
    const ms: number[] = [];
    let status = 0;
    for (let i = 0; i < opts.calls + 2; i++) {
      const started = performance.now();
      status = (await httpGet(`${opts.baseUrl}/api/v1${path}`, opts.auth)).status;
      if (i >= 2) ms.push(performance.now() - started);
    }
    const m = summarize(ms);
    const timing = { name, status, calls: opts.calls, p50: round(m.p50, 1), p95: round(m.p95, 1) };
    timings.push(timing);
    opts.log(`  list ${name.padEnd(36)} HTTP ${status}  p50 ${timing.p50} p95 ${timing.p95} ms`);
  }
  return timings;
}
