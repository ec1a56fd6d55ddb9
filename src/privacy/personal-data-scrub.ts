/**
 * Scrubbing of stored JSON (audit before/after, webhook payloads) for an erasure: pure, so the
 * rules are unit-tested apart from the database. A string that contains one of the person's
 * identifying values, or sits under a key that holds free text about them, becomes ERASED.
 */

import { escapeRegex } from '@/common/sql';

export const ERASED = '[erased]';

export interface ScrubRules {
  /** Identifying values (email, phone, name…), matched case-insensitively inside any string. */
  tokens: string[];
  /** Keys whose string values are replaced whatever they say (free text such as `body`, `reason`). */
  keys?: string[];
}

/** Values too short to be identifying would erase unrelated text ("Li" in "Limited"). */
const MIN_TOKEN_LENGTH = 4;

export function usableTokens(values: Array<string | null | undefined>): string[] {
  const seen = new Set<string>();
  for (const v of values) {
    const t = v?.trim().toLowerCase();
    if (t && t.length >= MIN_TOKEN_LENGTH && t !== ERASED) seen.add(t);
  }
  return [...seen];
}

/** A scrubbed copy of `value`, and whether anything changed. */
export function scrubJson(value: unknown, rules: ScrubRules): { value: unknown; changed: boolean } {
  const tokens = rules.tokens.map((t) => t.toLowerCase());
  const keys = new Set(rules.keys ?? []);
  let changed = false;
  const visit = (v: unknown, key: string | null): unknown => {
    if (typeof v === 'string') {
      const lower = v.toLowerCase();
      if (v !== ERASED && ((key !== null && keys.has(key)) || tokens.some((t) => lower.includes(t)))) {
        changed = true;
        return ERASED;
      }
      return v;
    }
    if (Array.isArray(v)) return v.map((item) => visit(item, key));
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, visit(item, k)]));
    }
    return v;
  };
  const result = visit(value, null);
  return { value: result, changed };
}

/**
 * A regular expression (Postgres ARE, also valid in JS; match it case-insensitively) finding a
 * person's email addresses and phone numbers in someone else's text — whole, never inside a longer
 * address or number: `info@acme.co` is not cut out of `info@acme.com` or `xinfo@acme.co`, and
 * +79165551234 not out of +791655512345. A phone matches with or without its `+` and with spaces,
 * dashes, dots or brackets between its digits (`+7 916 555-12-34`). Null when there is nothing to
 * look for.
 */
export function mentionPattern(emails: string[], phones: string[]): string | null {
  const parts: string[] = [];
  for (const email of new Set(emails.map((e) => e.trim().toLowerCase()).filter((e) => e.includes('@')))) {
    parts.push(`(?<![a-z0-9._%+-])${escapeRegex(email)}(?![a-z0-9_-]|\\.[a-z0-9])`);
  }
  for (const phone of new Set(phones.map((p) => p.replace(/\D/g, '')).filter((d) => d.length >= 7))) {
    parts.push(`(?<![0-9+])\\+?${phone.split('').join('[\\s().-]*')}(?![0-9])`);
  }
  return parts.length > 0 ? parts.join('|') : null;
}

/**
 * SQL over `case_events`: an event whose `reason` a staff member wrote — a reassignment
 * (`assigned`: a hand-over, or a reopening that put the case back in the queue). The system's own
 * events keep a code there instead (`sla_reassigned`: `sla_breach`; `sla_deadline_moved`:
 * `office_calendar`): not anyone's words, not exported as notes, and left for the timeline.
 */
export const HAND_OVER_NOTE = `kind = 'assigned' AND jsonb_typeof(data->'reason') = 'string'`;
