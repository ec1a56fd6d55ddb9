/**
 * Report fixtures: cases with a chosen history (stage events at chosen instants, values, first
 * response and deadline, service lines, origin), and bare inquiries of any status, straight into
 * the spec's database. Every case gets the routed inquiry it came from, so the sources report sees
 * cases too.
 */
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

const tag = (): string => randomBytes(5).toString('hex');
let referenceSeq = 0;
const nextReference = (): string => `INQ-2026-${String(700000 + ++referenceSeq)}`;

const CLOSED = new Set(['engaged', 'lost']);

export interface ReportCaseOptions {
  officeId: string;
  consultantId?: string | null;
  createdAt: string;
  /** The moves after the routing event (null → new at createdAt): [stage, ISO instant], in order. */
  moves?: Array<[string, string]>;
  value?: { amount: string; currency: string };
  serviceLines?: string[];
  originCountry?: string;
  source?: string;
  /** undefined = createdAt + 8 hours; null = no deadline. */
  firstResponseDueAt?: string | null;
  firstRespondedAt?: string | null;
  slaBreached?: boolean;
  /** Where a breached case was when it was flagged; default: its office. */
  breachedOfficeId?: string;
}

export interface ReportCase {
  id: string;
  inquiryId: string;
  reference: string;
}

async function clientAndContact(
  db: DataSource,
): Promise<{ clientId: string; contactId: string; email: string; name: string }> {
  const t = tag();
  const [client] = await db.query(
    `INSERT INTO clients (name, name_normalized, type) VALUES ($1, $1, 'company') RETURNING id`,
    [`report client ${t}`],
  );
  const email = `report.${t}@investor.test`;
  const name = `Report Contact ${t}`;
  const [contact] = await db.query(
    `INSERT INTO contacts (client_id, full_name, email) VALUES ($1, $2, $3) RETURNING id`,
    [client.id, name, email],
  );
  return { clientId: client.id, contactId: contact.id, email, name };
}

export async function createReportCase(db: DataSource, o: ReportCaseOptions): Promise<ReportCase> {
  const { clientId, contactId, email, name } = await clientAndContact(db);
  const reference = nextReference();
  const lines = o.serviceLines ?? ['bank_account'];
  const origin = o.originCountry ?? 'RU';
  const moves = o.moves ?? [];
  const stage = moves.length > 0 ? moves[moves.length - 1][0] : 'new';
  const lastAt = moves.length > 0 ? moves[moves.length - 1][1] : o.createdAt;
  // Where its closed stretch began, when a won ↔ lost move since re-dated closed_at (as the stage writer).
  let closedRun = moves.length;
  while (closedRun > 0 && CLOSED.has(moves[closedRun - 1][0])) closedRun--;
  const closedSince = closedRun < moves.length - 1 ? moves[closedRun][1] : null;
  const due =
    o.firstResponseDueAt === undefined
      ? new Date(Date.parse(o.createdAt) + 8 * 3600_000).toISOString()
      : o.firstResponseDueAt;
  const [inquiry] = await db.query(
    `INSERT INTO inquiries (reference, contact_id, client_id, full_name, email, origin_country, service_lines, message, source,
                            consent_privacy, consent_at, status, created_at, routed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'Report fixture inquiry.', $8, true, $9, 'routed', $9, $9) RETURNING id`,
    [reference, contactId, clientId, name, email, origin, lines, o.source ?? 'website', o.createdAt],
  );
  const [c] = await db.query(
    `INSERT INTO cases (reference, inquiry_id, client_id, contact_id, office_id, consultant_id, service_lines, stage_code,
                        estimated_value, currency, lost_reason, origin_country, first_response_due_at, first_responded_at, sla_breached,
                        breached_office_id, assigned_at, closed_at, created_at, updated_at, closed_since)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, CASE WHEN $15 THEN coalesce($20::uuid, $5::uuid) END,
             $16, $17, $18, $19, $21) RETURNING id`,
    [
      reference,
      inquiry.id,
      clientId,
      contactId,
      o.officeId,
      o.consultantId ?? null,
      lines,
      stage,
      o.value?.amount ?? null,
      o.value?.currency ?? null,
      stage === 'lost' ? 'price' : null,
      origin,
      due,
      o.firstRespondedAt ?? null,
      o.slaBreached ?? false,
      o.consultantId ? o.createdAt : null,
      CLOSED.has(stage) ? lastAt : null,
      o.createdAt,
      lastAt,
      o.breachedOfficeId ?? null,
      closedSince,
    ],
  );
  // A breached case was flagged while its consultant held it (the breach check records them).
  if (o.slaBreached) await db.query(`UPDATE cases SET breached_under_id = consultant_id WHERE id = $1`, [c.id]);
  let from: string | null = null;
  for (const [to, at] of [['new', o.createdAt] as [string, string], ...moves]) {
    await db.query(`INSERT INTO stage_events (case_id, from_stage, to_stage, created_at) VALUES ($1, $2, $3, $4)`, [
      c.id,
      from,
      to,
      at,
    ]);
    from = to;
  }
  return { id: c.id, inquiryId: inquiry.id, reference };
}

export interface ReportInquiryOptions {
  createdAt: string;
  status: 'received' | 'spam' | 'duplicate';
  originCountry?: string;
  serviceLines?: string[];
  source?: string;
  /** Required for a duplicate: the inquiry it repeats. */
  duplicateOf?: string;
}

export async function createReportInquiry(db: DataSource, o: ReportInquiryOptions): Promise<string> {
  const { clientId, contactId, email, name } = await clientAndContact(db);
  const [row] = await db.query(
    `INSERT INTO inquiries (reference, contact_id, client_id, full_name, email, origin_country, service_lines, message, source,
                            consent_privacy, consent_at, status, duplicate_of_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'Report fixture inquiry.', $8, true, $9, $10, $11, $9) RETURNING id`,
    [
      nextReference(),
      contactId,
      clientId,
      name,
      email,
      o.originCountry ?? 'RU',
      o.serviceLines ?? [],
      o.source ?? 'website',
      o.createdAt,
      o.status,
      o.duplicateOf ?? null,
    ],
  );
  return row.id as string;
}

export async function createOutOfOffice(db: DataSource, consultantId: string, from: string, to: string): Promise<void> {
  await db.query(`INSERT INTO out_of_office_periods (consultant_id, starts_at, ends_at) VALUES ($1, $2, $3)`, [
    consultantId,
    from,
    to,
  ]);
}

/** A small RFC 4180 reader for asserting CSV answers (quoted fields, doubled quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** CSV rows as objects keyed by the header. */
export function csvObjects(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

/**
 * `count` open, unanswered cases of one office whose deadlines fall one minute apart from
 * `firstDueAt`, with their inquiries, clients and contacts, in a handful of statements.
 */
export async function createBreachedCasesInBulk(
  db: DataSource,
  officeId: string,
  count: number,
  firstDueAt: string,
): Promise<void> {
  const t = tag();
  await db.query(
    `INSERT INTO clients (id, name, name_normalized, type)
     SELECT md5($1 || 'cl' || g)::uuid, 'bulk ' || g, 'bulk ' || g, 'company' FROM generate_series(1, $2::int) g`,
    [t, count],
  );
  await db.query(
    `INSERT INTO contacts (id, client_id, full_name, email)
     SELECT md5($1 || 'ct' || g)::uuid, md5($1 || 'cl' || g)::uuid, 'Bulk ' || g, 'bulk.' || $1 || '.' || g || '@investor.test'
       FROM generate_series(1, $2::int) g`,
    [t, count],
  );
  await db.query(
    `INSERT INTO inquiries (id, reference, contact_id, client_id, full_name, email, origin_country, message, consent_privacy, consent_at,
                            status, created_at, routed_at)
     SELECT md5($1 || 'iq' || g)::uuid, 'B' || left($1, 6) || '-' || g, md5($1 || 'ct' || g)::uuid, md5($1 || 'cl' || g)::uuid, 'Bulk ' || g,
            'bulk.' || $1 || '.' || g || '@investor.test', 'RU', 'Bulk inquiry.', true, $3::timestamptz, 'routed', $3::timestamptz, $3::timestamptz
       FROM generate_series(1, $2::int) g`,
    [t, count, new Date(Date.parse(firstDueAt) - 86_400_000).toISOString()],
  );
  await db.query(
    `INSERT INTO cases (id, reference, inquiry_id, client_id, contact_id, office_id, origin_country, first_response_due_at, sla_breached, breached_office_id,
                       created_at)
     SELECT md5($1 || 'cs' || g)::uuid, 'B' || left($1, 6) || '-' || g, md5($1 || 'iq' || g)::uuid, md5($1 || 'cl' || g)::uuid,
            md5($1 || 'ct' || g)::uuid, $3, 'RU', $4::timestamptz + (g - 1) * interval '1 minute', true, $3, $4::timestamptz - interval '1 day'
       FROM generate_series(1, $2::int) g`,
    [t, count, officeId, firstDueAt],
  );
  await db.query(
    `INSERT INTO stage_events (case_id, from_stage, to_stage, created_at)
     SELECT md5($1 || 'cs' || g)::uuid, NULL, 'new', $3::timestamptz - interval '1 day' FROM generate_series(1, $2::int) g`,
    [t, count, firstDueAt],
  );
}
