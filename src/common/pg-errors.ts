/** Recognizes Postgres constraint violations so services can turn them into clear 409s/400s. */
import { QueryFailedError } from 'typeorm';

interface PgDriverError {
  code?: string;
  constraint?: string;
}

export function pgConstraint(error: unknown, sqlState: '23505' | '23503' | '23514'): string | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driver = error.driverError as PgDriverError;
  return driver.code === sqlState ? (driver.constraint ?? '') : null;
}

export const isUniqueViolation = (error: unknown, constraint?: string): boolean => {
  const c = pgConstraint(error, '23505');
  return c !== null && (constraint === undefined || c === constraint);
};

/** Connection failures and shutdowns: the database, not the request, is at fault (503). */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ETIMEDOUT',
  'ECONNRESET',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/** True when the error says Postgres cannot be reached right now (not that the query was wrong). */
export function isDatabaseUnavailable(error: unknown): boolean {
  const candidates = [error, error instanceof QueryFailedError ? error.driverError : undefined];
  for (const e of candidates) {
    if (!e || typeof e !== 'object') continue;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    const message = (e as { message?: unknown }).message;
    if (
      typeof message === 'string' &&
      /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test(message)
    )
      return true;
  }
  return false;
}

/**
 * Postgres rolled the transaction back because it crossed another one (a deadlock, or a
 * serialization failure): nothing was written, and the same request sent again normally succeeds.
 */
export function isTransactionConflict(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as PgDriverError).code;
  return code === '40P01' || code === '40001';
}
