/**
 * Loads the demo network (28 offices, their staff and a few routing rules) into an empty system.
 * Idempotent: rows are keyed by office code and staff email, so running it again changes nothing.
 */
import * as argon2 from 'argon2';
import { DataSource, EntityManager } from 'typeorm';
import { DEMO_CONSULTANTS, DEMO_OFFICES, DEMO_PASSWORD_HINT, DEMO_RULES } from './demo-data';

export const DEMO_PASSWORD = DEMO_PASSWORD_HINT;

export interface DemoSeedResult {
  offices: number;
  consultants: number;
  rules: number;
}

export async function seedDemoData(dataSource: DataSource): Promise<DemoSeedResult> {
  const hash = await argon2.hash(DEMO_PASSWORD, {
    type: argon2.argon2id,
    memoryCost: 19456,
    timeCost: 2,
    parallelism: 1,
  });
  return dataSource.transaction(async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('acrm:demo-seed'))`);
    const officeIds = new Map<string, string>();
    let offices = 0;
    for (const o of DEMO_OFFICES) {
      const rows: Array<{ id: string; inserted: boolean }> = await manager.query(
        `INSERT INTO offices (code, name, country_code, city, timezone, email, languages, coverage_cities, business_days,
                              opens_at, closes_at, holidays, extra_working_days, first_response_sla_hours, reassign_on_breach, is_default, active)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::date[], $13::date[], $14, $15, $16, $17)
         ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code
         RETURNING id, (xmax = 0) AS inserted`,
        [
          o.code,
          o.name,
          o.countryCode,
          o.city,
          o.timezone,
          o.email,
          o.languages,
          o.coverageCities,
          o.businessHours.days,
          o.businessHours.open,
          o.businessHours.close,
          o.holidays,
          o.extraWorkingDays,
          o.firstResponseSlaHours,
          o.reassignOnBreach,
          o.isDefault && !(await hasOtherDefault(manager, o.code)),
          o.active,
        ],
      );
      officeIds.set(o.code, rows[0].id);
      if (rows[0].inserted) {
        offices++;
        await manager.query(
          `INSERT INTO office_service_lines (office_id, service_line_code) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
          [rows[0].id, o.serviceLines],
        );
      }
    }
    const consultantIds = new Map<string, string>();
    let consultants = 0;
    for (const c of DEMO_CONSULTANTS) {
      const rows: Array<{ id: string; inserted: boolean }> = await manager.query(
        `INSERT INTO consultants (full_name, email, office_id, role, languages, capacity, active, password_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email
         RETURNING id, (xmax = 0) AS inserted`,
        [c.fullName, c.email, officeIds.get(c.officeCode), c.role, c.languages, c.capacity, c.active, hash],
      );
      consultantIds.set(c.key, rows[0].id);
      if (rows[0].inserted) {
        consultants++;
        await manager.query(
          `INSERT INTO consultant_service_lines (consultant_id, service_line_code) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
          [rows[0].id, c.serviceLines],
        );
      }
    }
    let rules = 0;
    for (const r of DEMO_RULES) {
      const exists = await manager.query(`SELECT 1 FROM routing_rules WHERE name = $1`, [r.name]);
      if (exists.length) continue;
      await manager.query(
        `INSERT INTO routing_rules (name, priority, active, conditions, office_id, consultant_id) VALUES ($1, $2, true, $3::jsonb, $4, $5)`,
        [
          r.name,
          r.priority,
          JSON.stringify(r.conditions),
          officeIds.get(r.action.officeCode),
          r.action.consultantKey ? consultantIds.get(r.action.consultantKey) : null,
        ],
      );
      rules++;
    }
    return { offices, consultants, rules };
  });
}

/** An operator's own default-intake office wins over the demo's. */
async function hasOtherDefault(manager: EntityManager, code: string): Promise<boolean> {
  const rows = await manager.query(`SELECT 1 FROM offices WHERE is_default AND code <> $1`, [code]);
  return rows.length > 0;
}

/** A few logins worth trying, for the start-up banner. */
export function demoLogins(): Array<{ role: string; email: string; office: string }> {
  const pick = (officeCode: string, role: 'manager' | 'consultant') =>
    DEMO_CONSULTANTS.find((c) => c.officeCode === officeCode && c.role === role);
  return [pick('SHA', 'manager'), pick('SHA', 'consultant'), pick('MOW', 'consultant')]
    .filter((c): c is NonNullable<typeof c> => c !== undefined)
    .map((c) => ({ role: c.role, email: c.email, office: c.officeCode }));
}
