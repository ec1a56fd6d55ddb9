/**
 * One-line builders of clients, contacts, inquiries and cases, straight into the spec's database
 * with SQL (the intake and pipeline code that creates them in production lives elsewhere).
 */
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { normalizeCompanyName } from '../../src/clients/company-name';

const unique = (): string => randomBytes(5).toString('hex');

export interface ClientRow {
  id: string;
  name: string;
}

export type ClientInput = Partial<{
  name: string;
  type: 'company' | 'individual';
  countryCode: string | null;
  emailDomain: string | null;
  ownerId: string | null;
  industry: string | null;
}>;

export async function createClient(db: DataSource, c: ClientInput = {}): Promise<ClientRow> {
  const name = c.name ?? `Client ${unique()}`;
  const [row] = await db.query(
    `INSERT INTO clients (name, name_normalized, type, country_code, email_domain, owner_id, industry)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, name`,
    [
      name,
      normalizeCompanyName(name),
      c.type ?? 'company',
      c.countryCode === undefined ? 'CN' : c.countryCode,
      c.emailDomain ?? null,
      c.ownerId ?? null,
      c.industry ?? null,
    ],
  );
  return row as ClientRow;
}

export interface ContactRow {
  id: string;
  email: string;
}

export async function createContact(
  db: DataSource,
  k: { clientId: string } & Partial<{
    fullName: string;
    email: string;
    phone: string | null;
    preferredLanguage: string | null;
  }>,
): Promise<ContactRow> {
  const email = (k.email ?? `contact.${unique()}@example.test`).toLowerCase();
  const [row] = await db.query(
    `INSERT INTO contacts (client_id, full_name, email, phone, preferred_language) VALUES ($1, $2, $3, $4, $5) RETURNING id, email`,
    [k.clientId, k.fullName ?? `Contact ${unique()}`, email, k.phone ?? null, k.preferredLanguage ?? null],
  );
  return row as ContactRow;
}

export interface InquiryRow {
  id: string;
  reference: string;
}

export async function createInquiry(
  db: DataSource,
  i: { clientId: string; contactId: string } & Partial<{ originCountry: string; message: string }>,
): Promise<InquiryRow> {
  const [row] = await db.query(
    `INSERT INTO inquiries (reference, contact_id, client_id, full_name, email, origin_country, message, consent_privacy, consent_at, status)
     SELECT 'INQ-' || extract(year FROM now())::int || '-' || lpad(nextval('inquiry_reference_seq')::text, 6, '0'),
            k.id, $1, k.full_name, k.email, $3, $4, true, now(), 'routed'
       FROM contacts k WHERE k.id = $2
     RETURNING id, reference`,
    [i.clientId, i.contactId, i.originCountry ?? 'RU', i.message ?? 'We need a bank account in Shanghai.'],
  );
  if (!row) throw new Error(`createInquiry: no contact ${i.contactId}`);
  return row as InquiryRow;
}

export interface CaseRow {
  id: string;
  reference: string;
  inquiryId: string;
}

/** A case (with its own inquiry unless one is given) in stage `new` unless told otherwise. */
export async function createCase(
  db: DataSource,
  k: { clientId: string; contactId: string; officeId: string } & Partial<{
    consultantId: string | null;
    stageCode: string;
    inquiryId: string;
    estimatedValue: string;
  }>,
): Promise<CaseRow> {
  const inquiry = k.inquiryId
    ? ((await db.query(`SELECT id, reference FROM inquiries WHERE id = $1`, [k.inquiryId]))[0] as InquiryRow)
    : await createInquiry(db, { clientId: k.clientId, contactId: k.contactId });
  const [row] = await db.query(
    `INSERT INTO cases (reference, inquiry_id, client_id, contact_id, office_id, consultant_id, stage_code, origin_country, estimated_value, currency, assigned_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'RU', $8, $9, CASE WHEN $6::uuid IS NULL THEN NULL ELSE now() END)
     RETURNING id, reference, inquiry_id AS "inquiryId"`,
    [
      inquiry.reference,
      inquiry.id,
      k.clientId,
      k.contactId,
      k.officeId,
      k.consultantId ?? null,
      k.stageCode ?? 'new',
      k.estimatedValue ?? null,
      k.estimatedValue ? 'USD' : null,
    ],
  );
  return row as CaseRow;
}

/** A client with one contact and one case in one line: the usual shape of a client that came through intake. */
export async function createClientWithCase(
  db: DataSource,
  o: ClientInput & {
    officeId: string;
    consultantId?: string | null;
    stageCode?: string;
    contactEmail?: string;
    contactName?: string;
  },
): Promise<{ client: ClientRow; contact: ContactRow; case: CaseRow }> {
  const client = await createClient(db, o);
  const contact = await createContact(db, { clientId: client.id, email: o.contactEmail, fullName: o.contactName });
  const kase = await createCase(db, {
    clientId: client.id,
    contactId: contact.id,
    officeId: o.officeId,
    consultantId: o.consultantId,
    stageCode: o.stageCode,
  });
  return { client, contact, case: kase };
}
