/** One-line builders of clients, contacts, inquiries and cases, straight into the spec's database. */
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

const unique = (): string => randomBytes(5).toString('hex');
let referenceSeq = 0;

export interface PipelineRow {
  clientId: string;
  contactId: string;
  inquiryId: string;
  reference: string;
}

export interface InquiryOptions {
  fullName: string;
  email: string;
  company: string;
  originCountry: string;
  message: string;
  preferredLanguage: 'en' | 'ru' | 'zh' | null;
  detectedLanguage: 'en' | 'ru' | 'zh' | null;
  serviceLines: string[];
  createdAt: Date;
}

/** A client, its contact and one inquiry from them. */
export async function createInquiry(db: DataSource, o: Partial<InquiryOptions> = {}): Promise<PipelineRow> {
  const tag = unique();
  const company = o.company ?? `Company ${tag}`;
  const [client] = await db.query(
    `INSERT INTO clients (name, name_normalized, type, country_code) VALUES ($1, $2, 'company', $3) RETURNING id`,
    [company, company.toLowerCase(), o.originCountry ?? 'RU'],
  );
  const email = (o.email ?? `investor.${tag}@example.com`).toLowerCase();
  const fullName = o.fullName ?? `Investor ${tag}`;
  const [contact] = await db.query(
    `INSERT INTO contacts (client_id, full_name, email, preferred_language) VALUES ($1, $2, $3, $4) RETURNING id`,
    [client.id, fullName, email, o.preferredLanguage ?? null],
  );
  // 9xxxxx: clear of the numbers the real reference sequence hands out in a spec's database.
  const reference = `INQ-2026-${900000 + ++referenceSeq}`;
  const serviceLines = o.serviceLines ?? ['bank_account'];
  const detected = o.detectedLanguage
    ? { language: o.detectedLanguage, serviceLines, city: 'Shanghai', targetCountry: 'CN' }
    : null;
  const [inquiry] = await db.query(
    `INSERT INTO inquiries (reference, contact_id, client_id, full_name, email, company, origin_country, service_lines, message,
                            preferred_language, consent_privacy, consent_at, status, detected, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, true, $11, 'routed', $12::jsonb, $11) RETURNING id`,
    [
      reference,
      contact.id,
      client.id,
      fullName,
      email,
      company,
      o.originCountry ?? 'RU',
      serviceLines,
      o.message ?? 'We would like to open a corporate bank account in Shanghai.',
      o.preferredLanguage ?? null,
      o.createdAt ?? new Date(),
      detected ? JSON.stringify(detected) : null,
    ],
  );
  return { clientId: client.id, contactId: contact.id, inquiryId: inquiry.id, reference };
}

export interface CaseRow extends PipelineRow {
  caseId: string;
}

export interface CaseOptions extends InquiryOptions {
  officeId: string;
  consultantId: string | null;
  stage: string;
  firstResponseDueAt: Date | null;
  /** The deadline given when the case came to its office; routing's, the deadline itself, unless set. */
  firstResponseGivenDueAt: Date | null;
  firstRespondedAt: Date | null;
}

/** An inquiry and the case routed from it. */
export async function createCase(db: DataSource, o: Partial<CaseOptions> & { officeId: string }): Promise<CaseRow> {
  const inquiry = await createInquiry(db, o);
  const [row] = await db.query(
    `INSERT INTO cases (reference, inquiry_id, client_id, contact_id, office_id, consultant_id, service_lines, stage_code,
                        origin_country, first_response_due_at, first_responded_at, assigned_at, first_response_given_due_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, CASE WHEN $6::uuid IS NULL THEN NULL ELSE now() END, $12)
     RETURNING id`,
    [
      inquiry.reference,
      inquiry.inquiryId,
      inquiry.clientId,
      inquiry.contactId,
      o.officeId,
      o.consultantId ?? null,
      o.serviceLines ?? ['bank_account'],
      o.stage ?? 'new',
      o.originCountry ?? 'RU',
      o.firstResponseDueAt ?? null,
      o.firstRespondedAt ?? null,
      o.firstResponseGivenDueAt === undefined ? (o.firstResponseDueAt ?? null) : o.firstResponseGivenDueAt,
    ],
  );
  return { ...inquiry, caseId: row.id };
}
