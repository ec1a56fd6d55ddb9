/** Valid public inquiry bodies in one line, and row counts for "nothing was written" checks. */
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

export interface InquiryBody {
  fullName: string;
  email: string;
  phone?: string;
  company?: string;
  originCountry: string;
  targetCountry?: string;
  targetCity?: string;
  serviceLines?: string[];
  message: string;
  preferredLanguage?: string;
  source?: string;
  consent: { privacy: boolean; marketing?: boolean; textVersion?: string };
  website?: unknown;
  [extra: string]: unknown;
}

/** A fresh address on a free-mail domain, so each inquiry is a new individual unless told otherwise. */
export const uniqueEmail = (domain = 'gmail.com'): string => `investor.${randomBytes(5).toString('hex')}@${domain}`;

export function inquiryBody(overrides: Partial<InquiryBody> = {}): InquiryBody {
  return {
    fullName: 'Ivan Petrov',
    email: uniqueEmail(),
    originCountry: 'RU',
    targetCountry: 'CN',
    targetCity: 'Shanghai',
    serviceLines: ['bank_account'],
    message: `We would like to open a corporate bank account in Shanghai (${randomBytes(3).toString('hex')}).`,
    preferredLanguage: 'ru',
    source: 'website',
    consent: { privacy: true, marketing: false, textVersion: '2026-01' },
    ...overrides,
  };
}

export interface IntakeCounts {
  inquiries: number;
  contacts: number;
  clients: number;
  outbox: number;
}

export async function intakeCounts(db: DataSource): Promise<IntakeCounts> {
  const [row] = await db.query(
    `SELECT (SELECT count(*) FROM inquiries)::int AS inquiries, (SELECT count(*) FROM contacts)::int AS contacts,
            (SELECT count(*) FROM clients)::int AS clients, (SELECT count(*) FROM outbox)::int AS outbox`,
  );
  return row as IntakeCounts;
}
