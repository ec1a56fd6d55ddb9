import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** The body sent for one event: receivers deduplicate by `id`, the event id. */
export interface WebhookBody {
  id: string;
  event: string;
  createdAt: string;
  data: Record<string, unknown>;
}

/** One event for one subscription, and how its delivery went. */
@Entity('webhook_deliveries')
@Index('ix_webhook_deliveries_subscription', ['subscriptionId', 'createdAt'])
@Index('uq_webhook_deliveries_event', ['subscriptionId', 'eventId'], { unique: true })
// The deliveries still to make, oldest first: what LostJobsReconciler reads every minute.
@Index('ix_webhook_deliveries_pending', ['createdAt'], { where: `"status" = 'pending'` })
@Check('ck_webhook_deliveries_status', `"status" IN ('pending', 'delivered', 'failed', 'cancelled')`)
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_webhook_deliveries' })
  id: string;

  @Column({ type: 'uuid' })
  subscriptionId: string;

  @ManyToOne(() => WebhookSubscriptionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subscription_id', foreignKeyConstraintName: 'fk_webhook_deliveries_subscription' })
  subscription?: WebhookSubscriptionEntity;

  /** Shared by every subscription's delivery of the same event. */
  @Column({ type: 'uuid' })
  eventId: string;

  @Column({ type: 'varchar', length: 40 })
  event: string;

  /** Exactly the JSON sent, ids and codes only. */
  @Column({ type: 'jsonb' })
  payload: WebhookBody;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'integer', nullable: true })
  lastStatusCode: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
