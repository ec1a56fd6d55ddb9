import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '@/common/base.columns';

export const WEBHOOK_EVENTS = ['inquiry.received', 'case.assigned', 'case.stage_changed', 'case.sla_breached'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** An integrator's endpoint and the events it wants. DELETE sets `deleted_at`: the delivery log stays. */
@Entity('webhook_subscriptions')
export class WebhookSubscriptionEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_webhook_subscriptions' })
  id: string;

  @Column({ type: 'varchar', length: 2000 })
  url: string;

  @Column({ type: 'text', array: true })
  events: WebhookEvent[];

  /** The HMAC key: needed in clear to sign, so never returned by the API. */
  @Column({ type: 'varchar', length: 200, select: false })
  secret: string;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}
