/**
 * What the race specs wait for before they let a held lock go: backends of the spec's own database
 * waiting for a lock, all of them or those running a statement that contains one of `fragments`.
 */
import type { DataSource } from 'typeorm';
import { waitFor } from './wait';

/** How many backends of `db`'s database wait for a lock (in a statement containing one of `fragments`, when given). */
export async function lockWaiters(db: DataSource, fragments: string[] = []): Promise<number> {
  const [{ count }]: Array<{ count: number }> = await db.query(
    `SELECT count(*)::int AS count FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock'
        AND (cardinality($1::text[]) = 0 OR query LIKE ANY($1::text[]))`,
    [fragments.map((f) => `%${f}%`)],
  );
  return count;
}

/** Resolves once a backend of `db`'s database waits for a lock in a statement containing one of `fragments`. */
export const blockedOn = (db: DataSource, ...fragments: string[]): Promise<true> =>
  waitFor(async () => (await lockWaiters(db, fragments)) > 0, `a statement waiting on ${fragments.join(' or ')}`);

/** Resolves once `n` backends of `db`'s database wait for a lock. */
export const waitingOnLocks = (db: DataSource, n: number): Promise<true> =>
  waitFor(async () => (await lockWaiters(db)) >= n, `${n} statements waiting for a lock`);
