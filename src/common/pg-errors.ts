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
