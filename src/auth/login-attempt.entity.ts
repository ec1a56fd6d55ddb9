import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Failed-login counters per account (hashed email) and per IP, for lock-outs that survive restarts. */
@Entity('login_attempts')
export class LoginAttemptEntity {
  @PrimaryColumn({ type: 'varchar', length: 100, primaryKeyConstraintName: 'pk_login_attempts' })
  key: string;

  @Column({ type: 'integer', default: 0 })
  failures: number;

  @Column({ type: 'timestamptz' })
  windowStartedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;
}
