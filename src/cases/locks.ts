/**
 * The locks that keep assignments within capacity. Routing, hand-over and queue draining all take
 * the same transaction-scoped advisory lock per office before they read consultants' load, so two
 * of them can never both see the same free slot. Always take it before any consultant row lock.
 */
import { EntityManager } from 'typeorm';

/** The text hashed into the advisory-lock key for an office: shared with routing, keep it stable. */
export function officeLockKey(officeId: string): string {
  return `route:${officeId}`;
}

/** Blocks until this transaction holds the office's assignment lock; released at commit or rollback. */
export async function lockOfficeAssignments(manager: EntityManager, officeId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [officeLockKey(officeId)]);
}
