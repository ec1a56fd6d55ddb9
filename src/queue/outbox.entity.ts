import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Work to hand to Redis, written in the same transaction as the change that causes it.
 * The relay claims unpublished rows (FOR UPDATE SKIP LOCKED), enqueues them and marks them
 * published, so a Redis outage delays work but never loses it.
 */
@Entity('outbox')
@Index('ix_outbox_pending', ['availableAt'], { where: `"published_at" IS NULL` })
export class OutboxEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'pk_outbox' })
  id: string;

  /** A JobName, or an event name (`inquiry.received`, …) fanned out to webhooks. */
  @Column({ type: 'varchar', length: 60 })
  topic: string;

  /** ids only, never personal data. */
  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  /** Bull jobId: makes enqueueing idempotent when a row is relayed twice. */
  @Column({ type: 'varchar', length: 120, nullable: true })
  jobId: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  availableAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
