/**
 * Pure rules of intake: which text can be stored exactly, how lengths are counted, the contact
 * dedupe key, the reference format, and how a request body is fingerprinted for Idempotency-Key.
 * Company names, email domains and phone numbers use the shared rules in src/clients/, so intake
 * and staff edits compute the same dedupe keys.
 */
import { createHash } from 'node:crypto';

/** A lone surrogate half: cannot be encoded as UTF-8, so it would never be stored exactly. */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text Postgres can store byte for byte: no NUL (Postgres refuses it) and no unpaired surrogates. */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !UNPAIRED_SURROGATE.test(value);
}

/** Length in Unicode code points, as Postgres counts varchar(n): an emoji is one character. */
export function codePointLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/** The contact dedupe key: trimmed, lower-case. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Cuts to at most `max` code points (never splitting a surrogate pair). */
export function truncate(value: string, max: number): string {
  return codePointLength(value) <= max ? value : [...value].slice(0, max).join('');
}

/** JSON with object keys sorted at every level: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Fingerprint of a request body for Idempotency-Key: the same inquiry sent twice hashes the same. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/** INQ-YYYY-NNNNNN; past a million in a year the number simply grows a digit (never truncated). */
export function formatReference(year: number, sequenceValue: number | string): string {
  return `INQ-${year}-${String(sequenceValue).padStart(6, '0')}`;
}
