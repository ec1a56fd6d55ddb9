/**
 * Cases as routing leaves them (inquiry, client, contact, case in `new` with the null→new stage
 * event and an 'assigned' event, optionally the routing decision), straight into the spec's database.
 */
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

export interface CaseFactoryOptions {
  officeId: string;
  consultantId?: string | null;
  stage?: string;
  serviceLines?: string[];
  /** The inquiry's detected language. */
  language?: string;
  createdAt?: Date;
  clientId?: string;
  clientName?: string;
  clientOwnerId?: string | null;
  contactName?: string;
  contactEmail?: string;
  priority?: 'low' | 'normal' | 'high' | 'urgent';
  estimatedValue?: { amount: string; currency: string };
  slaBreached?: boolean;
  firstResponseDueAt?: Date | null;
  withRoutingDecision?: boolean;
}

export interface CaseFixture {
  id: string;
  reference: string;
  inquiryId: string;
  clientId: string;
  contactId: string;
  officeId: string;
}

const tag = (): string => randomBytes(4).toString('hex');

export async function createClient(
  db: DataSource,
  name = `Client ${tag()}`,
  ownerId: string | null = null,
): Promise<string> {
  const [row] = await db.query(
    `INSERT INTO clients (name, name_normalized, type, owner_id) VALUES ($1::varchar, lower($1::varchar), 'company', $2) RETURNING id`,
    [name, ownerId],
  );
  return row.id as string;
}

export async function createCase(db: DataSource, o: CaseFactoryOptions): Promise<CaseFixture> {
  const createdAt = o.createdAt ?? new Date();
  const consultantId = o.consultantId ?? null;
  const clientId = o.clientId ?? (await createClient(db, o.clientName, o.clientOwnerId ?? null));
  const email = (o.contactEmail ?? `contact.${tag()}@investor.test`).toLowerCase();
  const fullName = o.contactName ?? `Contact ${tag()}`;
  const [contact] = await db.query(
    `INSERT INTO contacts (client_id, full_name, email) VALUES ($1, $2, $3) RETURNING id`,
    [clientId, fullName, email],
  );
  const [{ reference }] = await db.query(
    `SELECT 'INQ-' || to_char(now(), 'YYYY') || '-' || lpad(nextval('inquiry_reference_seq')::text, 6, '0') AS reference`,
  );
  const detected = {
    language: o.language ?? 'en',
    serviceLines: o.serviceLines ?? ['bank_account'],
    city: null,
    targetCountry: null,
  };
  const [inquiry] = await db.query(
    `INSERT INTO inquiries (reference, contact_id, client_id, full_name, email, origin_country, message, consent_privacy, consent_at,
                            status, detected, created_at, routed_at)
     VALUES ($1, $2, $3, $4, $5, 'RU', 'We need a bank account in Shanghai.', true, $6, 'routed', $7::jsonb, $6, $6) RETURNING id`,
    [reference, contact.id, clientId, fullName, email, createdAt, JSON.stringify(detected)],
  );
  const [c] = await db.query(
    `INSERT INTO cases (reference, inquiry_id, client_id, contact_id, office_id, consultant_id, service_lines, stage_code, priority,
                        estimated_value, currency, origin_country, first_response_due_at, sla_breached, breached_office_id, assigned_at,
                        created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'RU', $12, $13, CASE WHEN $13 THEN $5::uuid END, $14, $15, $15)
     RETURNING id`,
    [
      reference,
      inquiry.id,
      clientId,
      contact.id,
      o.officeId,
      consultantId,
      o.serviceLines ?? ['bank_account'],
      o.stage ?? 'new',
      o.priority ?? 'normal',
      o.estimatedValue?.amount ?? null,
      o.estimatedValue?.currency ?? null,
      o.firstResponseDueAt === undefined ? new Date(createdAt.getTime() + 8 * 3600_000) : o.firstResponseDueAt,
      o.slaBreached ?? false,
      consultantId ? createdAt : null,
      createdAt,
    ],
  );
  await db.query(
    `INSERT INTO stage_events (case_id, from_stage, to_stage, actor_id, created_at) VALUES ($1, NULL, 'new', NULL, $2)`,
    [c.id, createdAt],
  );
  await db.query(
    `INSERT INTO case_events (case_id, kind, actor_id, data, created_at) VALUES ($1, 'assigned', NULL, $2::jsonb, $3)`,
    [
      c.id,
      JSON.stringify({
        via: 'routing',
        fromConsultantId: null,
        toConsultantId: consultantId,
        fromOfficeId: null,
        toOfficeId: o.officeId,
      }),
      createdAt,
    ],
  );
  if (o.withRoutingDecision) {
    await db.query(
      `INSERT INTO routing_decisions (inquiry_id, case_id, strategy, office_id, consultant_id, explanation, policy_version, decided_at)
       VALUES ($1, $2, 'territory', $3, $4, $5::jsonb, 1, $6)`,
      [
        inquiry.id,
        c.id,
        o.officeId,
        consultantId,
        JSON.stringify({ summary: 'Routed by territory to the Shanghai office.' }),
        createdAt,
      ],
    );
  }
  return { id: c.id, reference, inquiryId: inquiry.id, clientId, contactId: contact.id, officeId: o.officeId };
}
