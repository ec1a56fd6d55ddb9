/**
 * The intake baseline for `npm run bench`: POST /api/v1/inquiries written with nothing but
 * node:http and pg. It validates the body by hand (the same fields and limits as API.md's
 * InquiryInput, unknown fields refused) and, in one transaction, does what the API's intake does:
 * the per-email advisory lock, contact lookup, client by email domain or company name (created if
 * new), contact upsert, the duplicate check, the reference from `inquiry_reference_seq`, the
 * inquiry row and its outbox row; Idempotency-Key replays answer the first inquiry. What it leaves
 * out is the framework: routing, DI, class-validator, problem+json, metrics, rate limiting — and the
 * inquiry.received webhook fan-out, which the benchmark runs with no subscription (an empty scan).
 *
 * Run: DATABASE_URL=… PORT=… node -r ts-node/register/transpile-only bench/baseline-server.ts
 */
import { createHash } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Pool, PoolClient } from 'pg';

const BODY_LIMIT = 64 * 1024;
const FIELDS = new Set([
  'fullName', 'email', 'phone', 'company', 'originCountry', 'targetCountry', 'targetCity', 'serviceLines',
  'message', 'preferredLanguage', 'source', 'consent', 'website',
]);
const SOURCES = new Set(['website', 'referral', 'event', 'partner', 'email', 'other']);
const LANGUAGES = new Set(['en', 'ru', 'zh']);
const FREE_MAIL = new Set(['gmail.com', 'outlook.com', 'hotmail.com', 'yahoo.com', 'icloud.com', 'yandex.ru', 'ya.ru', 'mail.ru',
  'inbox.ru', 'list.ru', 'bk.ru', 'rambler.ru', 'qq.com', 'foxmail.com', '163.com', '126.com', 'sina.com', 'aliyun.com', 'rediffmail.com']);
const LEGAL_SUFFIXES = new Set(['llc', 'ltd', 'limited', 'inc', 'gmbh', 'ag', 'sa', 'plc', 'co', 'corp', 'group', 'ооо', 'ао', 'зао', '有限公司']);
const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;
const COUNTRY = /^[A-Z]{2}$/;
const UNPAIRED = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

interface Input {
  fullName: string;
  email: string;
  phone: string | null;
  company: string | null;
  originCountry: string;
  targetCountry: string | null;
  targetCity: string | null;
  serviceLines: string[];
  message: string;
  preferredLanguage: string | null;
  source: string;
  marketing: boolean;
  textVersion: string | null;
  spam: boolean;
}

type FieldError = { field: string; message: string };

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20, application_name: 'acrm-bench-baseline' });

/** Thrown inside the transaction when ticked service lines are unknown or inactive: a 400, not a 500. */
class UnknownServiceLines extends Error {}

const length = (s: string): number => [...s].length;

function text(body: Record<string, unknown>, field: string, errors: FieldError[], min: number, max: number, required: boolean): string | null {
  const raw = body[field];
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '' && !required)) {
    if (required) errors.push({ field, message: 'is required' });
    return null;
  }
  if (typeof raw !== 'string') {
    errors.push({ field, message: 'must be a string' });
    return null;
  }
  const value = raw.trim();
  const n = length(value);
  if (n < min || n > max) errors.push({ field, message: `must be ${min}–${max} characters long` });
  if (value.includes('\u0000') || UNPAIRED.test(value)) errors.push({ field, message: 'must not contain NUL or unpaired surrogates' });
  return value;
}

function validate(body: unknown): { input?: Input; errors: FieldError[] } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { errors: [{ field: '', message: 'must be an object' }] };
  const b = body as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const key of Object.keys(b)) if (!FIELDS.has(key)) errors.push({ field: key, message: 'is not allowed' });
  const fullName = text(b, 'fullName', errors, 2, 200, true);
  const email = text(b, 'email', errors, 3, 254, true)?.toLowerCase() ?? null;
  if (email && !EMAIL.test(email)) errors.push({ field: 'email', message: 'must be a valid email address' });
  let phone = text(b, 'phone', errors, 0, 40, false);
  if (phone) {
    phone = phone.replace(/[\s().-]/g, '');
    if (!/^\+[1-9]\d{6,14}$/.test(phone)) errors.push({ field: 'phone', message: 'must be a valid phone number' });
  }
  const company = text(b, 'company', errors, 0, 200, false);
  for (const [field, value] of [['fullName', fullName], ['company', company]] as const) {
    if (value && /\p{Cc}/u.test(value)) errors.push({ field, message: 'must be one line, without control characters' });
  }
  const originCountry = text(b, 'originCountry', errors, 2, 2, true);
  if (originCountry && !COUNTRY.test(originCountry)) errors.push({ field: 'originCountry', message: 'must be ISO 3166-1 alpha-2' });
  const targetCountry = text(b, 'targetCountry', errors, 2, 2, false);
  if (targetCountry && !COUNTRY.test(targetCountry)) errors.push({ field: 'targetCountry', message: 'must be ISO 3166-1 alpha-2' });
  const targetCity = text(b, 'targetCity', errors, 0, 100, false);
  if (targetCity && /\p{Cc}/u.test(targetCity)) errors.push({ field: 'targetCity', message: 'must be one line, without control characters' });
  const message = text(b, 'message', errors, 10, 5000, true);
  let serviceLines: string[] = [];
  if (b.serviceLines !== undefined) {
    if (!Array.isArray(b.serviceLines) || b.serviceLines.length > 12 || b.serviceLines.some((s) => typeof s !== 'string')) {
      errors.push({ field: 'serviceLines', message: 'must be at most 12 service-line codes' });
    } else {
      serviceLines = [...new Set(b.serviceLines as string[])];
    }
  }
  const preferredLanguage = b.preferredLanguage ?? null;
  if (preferredLanguage !== null && !(typeof preferredLanguage === 'string' && LANGUAGES.has(preferredLanguage))) {
    errors.push({ field: 'preferredLanguage', message: 'must be en, ru or zh' });
  }
  const source = b.source ?? 'website';
  if (!(typeof source === 'string' && SOURCES.has(source))) errors.push({ field: 'source', message: 'is not a known source' });
  const consent = b.consent as Record<string, unknown> | undefined;
  if (!consent || typeof consent !== 'object' || consent.privacy !== true) errors.push({ field: 'consent.privacy', message: 'must be true' });
  const marketing = consent?.marketing ?? false;
  if (typeof marketing !== 'boolean') errors.push({ field: 'consent.marketing', message: 'must be a boolean' });
  const textVersion = consent && typeof consent.textVersion === 'string' ? consent.textVersion.trim() : null;
  const spam = typeof b.website === 'string' ? b.website.trim() !== '' : b.website !== undefined && b.website !== null;
  if (errors.length) return { errors };
  return {
    errors,
    input: {
      fullName: fullName!, email: email!, phone, company, originCountry: originCountry!, targetCountry, targetCity, serviceLines,
      message: message!, preferredLanguage: preferredLanguage as string | null, source: source as string, marketing: marketing as boolean,
      textVersion, spam,
    },
  };
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function normalizeCompany(name: string): string {
  const words = name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[.,«»"'()]/g, ' ').split(/\s+/).filter(Boolean);
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1])) words.pop();
  return words.join(' ').slice(0, 200);
}

async function lock(db: PoolClient, key: string): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
}

async function resolveClient(db: PoolClient, input: Input): Promise<string> {
  const existing = await db.query<{ client_id: string }>('SELECT client_id FROM contacts WHERE email = $1', [input.email]);
  if (existing.rows[0]) {
    // A client merged into another is represented by the one it was merged into.
    const current = await db.query<{ id: string }>(
      `WITH RECURSIVE chain AS (
         SELECT id, merged_into_id, 0 AS depth FROM clients WHERE id = $1
         UNION ALL
         SELECT c.id, c.merged_into_id, chain.depth + 1 FROM clients c JOIN chain ON c.id = chain.merged_into_id WHERE chain.depth < 20)
       SELECT id FROM chain WHERE merged_into_id IS NULL LIMIT 1`,
      [existing.rows[0].client_id],
    );
    return current.rows[0]?.id ?? existing.rows[0].client_id;
  }
  const domain = input.email.slice(input.email.lastIndexOf('@') + 1);
  const corporate = FREE_MAIL.has(domain) ? null : domain;
  if (corporate) {
    const found = await db.query<{ id: string }>('SELECT id FROM clients WHERE email_domain = $1 AND merged_into_id IS NULL', [corporate]);
    if (found.rows[0]) return found.rows[0].id;
  }
  if (input.company) {
    const key = normalizeCompany(input.company);
    await lock(db, `intake:company:${key}`);
    const byName = await db.query<{ id: string }>(
      `SELECT id FROM clients WHERE name_normalized = $1 AND type = 'company' AND merged_into_id IS NULL ORDER BY created_at, id LIMIT 1`,
      [key],
    );
    if (byName.rows[0]) return byName.rows[0].id;
  }
  if (corporate) {
    const name = input.company ?? corporate;
    const created = await db.query<{ id: string }>(
      `INSERT INTO clients (name, name_normalized, type, country_code, email_domain) VALUES ($1, $2, 'company', $3, $4)
       ON CONFLICT (email_domain) WHERE merged_into_id IS NULL AND email_domain IS NOT NULL DO NOTHING RETURNING id`,
      [name, normalizeCompany(name), input.originCountry, corporate],
    );
    if (created.rows[0]) return created.rows[0].id;
    const again = await db.query<{ id: string }>('SELECT id FROM clients WHERE email_domain = $1 AND merged_into_id IS NULL', [corporate]);
    return again.rows[0].id;
  }
  const name = input.company ?? input.fullName;
  const created = await db.query<{ id: string }>(
    'INSERT INTO clients (name, name_normalized, type, country_code) VALUES ($1, $2, $3, $4) RETURNING id',
    [name, normalizeCompany(name), input.company ? 'company' : 'individual', input.originCountry],
  );
  return created.rows[0].id;
}

interface Created {
  id: string;
  reference: string;
  status: string;
}

async function store(input: Input, key: string | null, hash: string, ip: string | null, userAgent: string | null): Promise<Created> {
  const db = await pool.connect();
  try {
    await db.query('BEGIN');
    if (input.serviceLines.length) {
      const known = await db.query<{ code: string }>('SELECT code FROM service_lines WHERE code = ANY($1) AND active', [input.serviceLines]);
      if (known.rowCount !== input.serviceLines.length) throw new UnknownServiceLines();
    }
    await lock(db, `intake:email:${input.email}`);
    const clientId = await resolveClient(db, input);
    const contact = await db.query<{ id: string }>(
      `INSERT INTO contacts (client_id, full_name, email, phone, preferred_language) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (email) DO UPDATE SET phone = COALESCE(contacts.phone, EXCLUDED.phone),
         preferred_language = COALESCE(contacts.preferred_language, EXCLUDED.preferred_language), updated_at = now()
       RETURNING id`,
      [clientId, input.fullName, input.email, input.phone, input.preferredLanguage],
    );
    let duplicateOf: string | null = null;
    if (!input.spam) {
      const dup = await db.query<{ id: string; duplicate_of_id: string | null }>(
        `SELECT id, duplicate_of_id FROM inquiries WHERE email = $1 AND message = $2 AND status <> 'spam'
           AND created_at > now() - interval '24 hours' ORDER BY created_at, id LIMIT 1`,
        [input.email, input.message],
      );
      duplicateOf = dup.rows[0] ? (dup.rows[0].duplicate_of_id ?? dup.rows[0].id) : null;
    }
    const status = input.spam ? 'spam' : duplicateOf ? 'duplicate' : 'received';
    const seq = await db.query<{ n: string; year: number }>(
      `SELECT nextval('inquiry_reference_seq')::text AS n, extract(year FROM now() AT TIME ZONE 'UTC')::int AS year`,
    );
    const reference = `INQ-${seq.rows[0].year}-${seq.rows[0].n.padStart(6, '0')}`;
    const inserted = await db.query<{ id: string }>(
      `INSERT INTO inquiries (reference, contact_id, client_id, full_name, email, phone, company, origin_country, target_country,
         target_city, service_lines, message, preferred_language, source, consent_privacy, consent_marketing,
         consent_text_version, consent_at, consent_ip, user_agent, status, duplicate_of_id, idempotency_key, request_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, true, $15, $16, now(), $17, $18, $19, $20, $21, $22)
       RETURNING id`,
      [reference, contact.rows[0].id, clientId, input.fullName, input.email, input.phone, input.company, input.originCountry,
        input.targetCountry, input.targetCity, input.serviceLines, input.message, input.preferredLanguage, input.source,
        input.marketing, input.textVersion, ip, userAgent?.slice(0, 500) ?? null, status, duplicateOf, key, hash],
    );
    const id = inserted.rows[0].id;
    if (status === 'received') {
      await db.query(`INSERT INTO outbox (topic, payload, job_id) VALUES ('route-inquiry', $1::jsonb, $2)`, [JSON.stringify({ inquiryId: id }), id]);
    }
    await db.query('COMMIT');
    return { id, reference, status: status === 'spam' ? 'received' : status };
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    db.release();
  }
}

async function byKey(key: string): Promise<(Created & { request_hash: string }) | null> {
  const found = await pool.query<Created & { request_hash: string }>(
    'SELECT id, reference, status, request_hash FROM inquiries WHERE idempotency_key = $1',
    [key],
  );
  return found.rows[0] ?? null;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  const type = status >= 400 ? 'application/problem+json' : 'application/json';
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

async function handle(req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, { title: 'Unsupported Media Type', status: 415 });
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return send(res, 400, { title: 'Bad Request', status: 400, detail: 'malformed JSON' });
  }
  const { input, errors } = validate(body);
  if (!input) return send(res, 400, { title: 'Bad Request', status: 400, errors });
  const headerKey = req.headers['idempotency-key'];
  const key = typeof headerKey === 'string' ? headerKey : null;
  if (key !== null && (key.length < 1 || key.length > 100)) return send(res, 400, { title: 'Bad Request', status: 400 });
  const hash = createHash('sha256').update(canonical(body)).digest('hex');
  const replay = (earlier: Created & { request_hash: string }): void =>
    earlier.request_hash === hash
      ? send(res, 201, { id: earlier.id, reference: earlier.reference, status: earlier.status }, { location: `/api/v1/inquiries/${earlier.id}` })
      : send(res, 409, { title: 'Conflict', status: 409 });
  if (key) {
    const earlier = await byKey(key);
    if (earlier) return replay(earlier);
  }
  try {
    const created = await store(input, key, hash, req.socket.remoteAddress ?? null, req.headers['user-agent'] ?? null);
    send(res, 201, created, { location: `/api/v1/inquiries/${created.id}` });
  } catch (error) {
    if (error instanceof UnknownServiceLines) return send(res, 400, { title: 'Bad Request', status: 400, errors: [{ field: 'serviceLines' }] });
    const winner = key && (error as { code?: string }).code === '23505' ? await byKey(key) : null;
    if (winner) return replay(winner);
    throw error;
  }
}

const server = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/api/v1/inquiries') {
    if (req.method === 'GET' && req.url === '/health/live') return send(res, 200, { status: 'ok' });
    return send(res, 404, { title: 'Not Found', status: 404 });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= BODY_LIMIT) chunks.push(chunk);
  });
  req.on('end', () => {
    if (size > BODY_LIMIT) return send(res, 413, { title: 'Payload Too Large', status: 413 });
    handle(req, res, Buffer.concat(chunks)).catch(() => send(res, 500, { title: 'Internal Server Error', status: 500 }));
  });
});

async function main(): Promise<void> {
  await pool.query('SELECT 1');
  const port = Number(process.env.PORT ?? 3100);
  server.keepAliveTimeout = 60_000;
  server.listen(port, '127.0.0.1', () => process.stdout.write(`baseline listening on ${port}\n`));
  process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
}

main().catch((error: unknown) => {
  process.stderr.write(`baseline failed: ${String(error)}\n`);
  process.exit(1);
});
