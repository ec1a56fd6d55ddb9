/**
 * Lock-outs after repeated failed sign-ins, per account and per client IP, kept in Postgres
 * so they hold across API instances and restarts. Keys hold a hash of the email, never the email.
 */
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuthError } from './auth.errors';

const WINDOW_MS = 15 * 60_000;
const LOCK_MS = 15 * 60_000;
const LIMITS = { account: 5, ip: 20 } as const;

type Kind = keyof typeof LIMITS;

@Injectable()
export class LoginThrottleService {
  constructor(private readonly dataSource: DataSource) {}

  keys(email: string, ip: string): Array<{ kind: Kind; key: string }> {
    const hashed = createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 40);
    return [
      { kind: 'account', key: `account:${hashed}` },
      { kind: 'ip', key: `ip:${ip}`.slice(0, 100) },
    ];
  }

  /**
   * Counts a sign-in attempt against the account and the client IP before its password is checked,
   * and throws 429 with Retry-After while either is locked or the attempt is over its limit. Checked
   * first and counted after the check, parallel guesses all passed the check before the first was
   * counted (17 of 30 had their password tried against a limit of 5). A successful attempt is taken
   * back by succeeded(); a failed one stays counted.
   */
  async begin(email: string, ip: string, now = new Date()): Promise<void> {
    await this.assertNotLocked(email, ip, now);
    let refusedUntil = 0;
    for (const { kind, key } of this.keys(email, ip)) {
      // One statement: restart the window when it is over, count otherwise, lock at the limit.
      const [row]: Array<{ failures: number; locked_until: Date | null }> = await this.dataSource.query(
        `INSERT INTO login_attempts (key, failures, window_started_at, locked_until)
         VALUES ($1, 1, $2, NULL)
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN login_attempts.window_started_at < $3 THEN 1 ELSE login_attempts.failures + 1 END,
           window_started_at = CASE WHEN login_attempts.window_started_at < $3 THEN $2 ELSE login_attempts.window_started_at END,
           locked_until = CASE
             WHEN login_attempts.window_started_at >= $3 AND login_attempts.failures + 1 >= $4 THEN $5::timestamptz
             ELSE login_attempts.locked_until END
         RETURNING failures, locked_until`,
        [key, now, new Date(now.getTime() - WINDOW_MS), LIMITS[kind], new Date(now.getTime() + LOCK_MS)],
      );
      if (row.failures > LIMITS[kind]) {
        const until = row.locked_until ? new Date(row.locked_until).getTime() : now.getTime() + LOCK_MS;
        refusedUntil = Math.max(refusedUntil, until);
      }
    }
    if (refusedUntil > 0) throw AuthError.tooManyAttempts((refusedUntil - now.getTime()) / 1000);
  }

  /** Takes a successful attempt back: the account starts afresh, the address loses one count (and a lock it set). */
  async succeeded(email: string, ip: string): Promise<void> {
    const [account, address] = this.keys(email, ip);
    await this.dataSource.query(`DELETE FROM login_attempts WHERE key = $1`, [account.key]);
    await this.dataSource.query(
      `UPDATE login_attempts
          SET failures = greatest(failures - 1, 0),
              locked_until = CASE WHEN failures - 1 < $2 THEN NULL ELSE locked_until END
        WHERE key = $1`,
      [address.key, LIMITS[address.kind]],
    );
  }

  /** Throws 429 with Retry-After while any of the keys is locked. */
  private async assertNotLocked(email: string, ip: string, now: Date): Promise<void> {
    const keys = this.keys(email, ip).map((k) => k.key);
    const rows: Array<{ locked_until: Date | null }> = await this.dataSource.query(
      `SELECT locked_until FROM login_attempts WHERE key = ANY($1) AND locked_until > $2`,
      [keys, now],
    );
    if (rows.length > 0) {
      const until = Math.max(...rows.map((r) => new Date(r.locked_until as Date).getTime()));
      throw AuthError.tooManyAttempts((until - now.getTime()) / 1000);
    }
  }
}
