/**
 * The replacement values of an erasure and the one statement that anonymizes inquiries, shared by
 * the erase endpoint and the retention sweep so both leave the same traces.
 */
import { EntityManager } from 'typeorm';
import { ERASED } from './personal-data-scrub';

export const ERASED_CONTACT_NAME = 'Erased contact';
export const ERASED_CLIENT_NAME = 'Erased client';
/** RFC 2606 reserves `.invalid`: nothing is ever delivered there, and the address stays unique per row. */
export const ERASED_EMAIL_DOMAIN = 'invalid.example';

export const erasedEmail = (id: string): string => `erased+${id}@${ERASED_EMAIL_DOMAIN}`;

/** True for values an erasure wrote: they identify nobody and must not become scrub tokens. */
export function isPlaceholder(value: string | null | undefined): boolean {
  if (!value) return true;
  const v = value.trim().toLowerCase();
  return v === ERASED || v === ERASED_CONTACT_NAME.toLowerCase() || v.endsWith(`@${ERASED_EMAIL_DOMAIN}`);
}

/**
 * Replaces what the investor typed and the request metadata (IP, user agent, idempotency key, body
 * hash) on the given inquiries — the target city, free text, becomes the gazetteer's name routing
 * detected in it (none when nothing was detected); keeps reference, countries, service lines,
 * source, status, detected facts, consent flags and times, so reports and the pipeline still add
 * up. Idempotent.
 */
export async function anonymizeInquiries(manager: EntityManager, ids: string[], now: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await updateReturning(
    manager,
    `UPDATE inquiries
        SET full_name = $3, email = 'erased+' || id || '@${ERASED_EMAIL_DOMAIN}', phone = NULL, company = NULL,
            message = $4, target_city = detected->>'city', consent_ip = NULL, user_agent = NULL, idempotency_key = NULL, request_hash = NULL,
            anonymized_at = COALESCE(anonymized_at, $2)
      WHERE id = ANY($1::uuid[])
      RETURNING id`,
    [ids, now, ERASED_CONTACT_NAME, ERASED],
  );
  return rows.length;
}

/** The rows of an UPDATE or DELETE … RETURNING (TypeORM answers those as [rows, count]). */
export async function updateReturning<T = { id: string }>(
  manager: EntityManager,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  const result: unknown = await manager.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}
