/** One-line builders of valid rows, straight into the spec's database. */
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

let seq = 0;
const unique = (): string => `${Date.now().toString(36)}${(seq++).toString(36)}${randomBytes(2).toString('hex')}`;

export interface OfficeRow {
  id: string;
  code: string;
}

export async function createOffice(
  db: DataSource,
  o: Partial<{
    code: string;
    name: string;
    countryCode: string;
    city: string;
    timezone: string;
    serviceLines: string[];
    languages: string[];
    coverageCities: string[];
    isDefault: boolean;
    active: boolean;
    slaHours: number;
    reassignOnBreach: boolean;
  }> = {},
): Promise<OfficeRow> {
  const code =
    o.code ??
    `T${unique()
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .slice(-8)}`;
  const [row] = await db.query(
    `INSERT INTO offices (code, name, country_code, city, timezone, languages, coverage_cities, is_default, active, first_response_sla_hours, reassign_on_breach)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id, code`,
    [
      code,
      o.name ?? `Office ${code}`,
      o.countryCode ?? 'CN',
      o.city ?? 'Shanghai',
      o.timezone ?? 'Asia/Shanghai',
      o.languages ?? ['en', 'zh'],
      o.coverageCities ?? [o.city ?? 'Shanghai'],
      o.isDefault ?? false,
      o.active ?? true,
      o.slaHours ?? 8,
      o.reassignOnBreach ?? false,
    ],
  );
  for (const sl of o.serviceLines ?? ['bank_account', 'company_formation', 'tax']) {
    await db.query(`INSERT INTO office_service_lines (office_id, service_line_code) VALUES ($1, $2)`, [row.id, sl]);
  }
  return row as OfficeRow;
}

export interface UserRow {
  id: string;
  email: string;
  password: string;
  officeId: string | null;
}

const hashes = new Map<string, Promise<string>>();

export async function createUser(
  db: DataSource,
  u: Partial<{
    role: 'consultant' | 'manager' | 'admin';
    officeId: string | null;
    email: string;
    fullName: string;
    languages: string[];
    serviceLines: string[];
    capacity: number;
    active: boolean;
    password: string;
    lastAssignedAt: Date | null;
  }> = {},
): Promise<UserRow> {
  const password = u.password ?? 'consultant-password-1';
  if (!hashes.has(password))
    hashes.set(password, argon2.hash(password, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2 }));
  const email = (u.email ?? `user.${unique()}@advisory.test`).toLowerCase();
  const role = u.role ?? 'consultant';
  const [row] = await db.query(
    `INSERT INTO consultants (full_name, email, office_id, role, languages, capacity, active, password_hash, last_assigned_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      u.fullName ?? `Staff ${email.split('@')[0]}`,
      email,
      u.officeId ?? null,
      role,
      u.languages ?? ['en'],
      u.capacity ?? 10,
      u.active ?? true,
      await hashes.get(password),
      u.lastAssignedAt ?? null,
    ],
  );
  for (const sl of u.serviceLines ?? ['bank_account']) {
    await db.query(`INSERT INTO consultant_service_lines (consultant_id, service_line_code) VALUES ($1, $2)`, [
      row.id,
      sl,
    ]);
  }
  return { id: row.id as string, email, password, officeId: u.officeId ?? null };
}
