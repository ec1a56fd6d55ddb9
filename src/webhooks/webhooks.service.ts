/**
 * Webhook subscriptions (admins) and the producer every module calls: `emit` writes one delivery
 * row per subscription that wants the event, plus an outbox row for its DeliverWebhook job, in the
 * caller's transaction. Payloads carry ids and codes only.
 */
import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuditService } from '@/audit/audit.service';
import type { Actor } from '@/common/auth.decorators';
import { DomainError, NotFoundError } from '@/common/domain-error';
import { Page, toPage, toPageRequest } from '@/common/pagination';
import { AppConfig } from '@/config/app-config';
import { OutboxService } from '@/queue/outbox.service';
import { clearFinishedJob } from '@/queue/finished-job';
import { JobName, QueueName } from '@/queue/queue.constants';
import { Clock } from '@/sla/clock';
import { CreateWebhookDto, DeliveryListQuery, DeliveryView, WebhookListQuery, WebhookView } from './dto/webhook.dto';
import { WebhookBody, WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookEvent, WebhookSubscriptionEntity } from './webhook-subscription.entity';
import { checkWebhookTarget } from './webhook-url';
import { WebhookError } from './webhooks.errors';

export const WEBHOOK_SORTABLE = { createdAt: 'w.created_at', url: 'w.url' };
export const DELIVERY_SORTABLE = { createdAt: 'd.created_at', status: 'd.status', lastAttemptAt: 'd.last_attempt_at' };

export function toWebhookView(w: WebhookSubscriptionEntity): WebhookView {
  return {
    id: w.id,
    url: w.url,
    events: w.events,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}

export function toDeliveryView(d: WebhookDeliveryEntity): DeliveryView {
  return {
    id: d.id,
    webhookId: d.subscriptionId,
    eventId: d.eventId,
    event: d.event,
    payload: d.payload,
    status: d.status,
    attempts: d.attempts,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
  };
}

@Injectable()
export class WebhooksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    @InjectQueue(QueueName.Webhooks) private readonly queue: Queue,
  ) {}

  /**
   * Queues `event` for every subscription that wants it. `data` must hold ids and codes only (it goes
   * to outside systems). Returns the event id, shared by all its deliveries.
   */
  async emit(manager: EntityManager, event: WebhookEvent, data: Record<string, unknown>): Promise<string> {
    const { eventId, body } = this.prepare(event, data);
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO webhook_deliveries (subscription_id, event_id, event, payload)
       SELECT w.id, $1::uuid, $2::text, $3::jsonb FROM webhook_subscriptions w
        WHERE w.deleted_at IS NULL AND $2::text = ANY (w.events)
       RETURNING id`,
      [eventId, event, body],
    );
    for (const { id } of rows) {
      await this.outbox.add(manager, JobName.DeliverWebhook, { deliveryId: id }, `webhook:${id}`);
    }
    return eventId;
  }

  /**
   * The event's id and its body as JSON, for a caller that writes the deliveries in its own
   * statement (routing does: see RoutingService). Same rows as `emit`: one delivery per
   * subscription wanting the event, each with a DeliverWebhook outbox row `webhook:<deliveryId>`.
   */
  prepare(event: WebhookEvent, data: Record<string, unknown>): { eventId: string; body: string } {
    const eventId = randomUUID();
    const body: WebhookBody = { id: eventId, event, createdAt: this.clock.now().toISOString(), data };
    return { eventId, body: JSON.stringify(body) };
  }

  async list(query: WebhookListQuery): Promise<Page<WebhookView>> {
    const req = toPageRequest(query, WEBHOOK_SORTABLE, 'createdAt:desc');
    const [rows, total] = await this.dataSource
      .getRepository(WebhookSubscriptionEntity)
      .createQueryBuilder('w')
      .where('w.deleted_at IS NULL')
      .orderBy(req.orderBy, req.direction)
      .addOrderBy('w.id')
      .skip(req.offset)
      .take(req.pageSize)
      .getManyAndCount();
    return toPage(rows.map(toWebhookView), total, req);
  }

  async get(id: string): Promise<WebhookView> {
    return toWebhookView(await this.load(this.dataSource.manager, id));
  }

  async create(actor: Actor, dto: CreateWebhookDto): Promise<WebhookView> {
    await this.assertAllowedTarget(dto.url);
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(WebhookSubscriptionEntity, {
          url: dto.url,
          events: [...dto.events].sort(),
          secret: dto.secret,
          createdById: actor.id,
        }),
      );
      const view = toWebhookView(saved);
      await this.audit.record(manager, {
        actor,
        action: 'webhook.created',
        entity: 'webhook',
        entityId: saved.id,
        after: view,
      });
      return view;
    });
  }

  /** Stops deliveries at once (pending ones are cancelled when their job runs); the log stays. */
  async remove(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const hook = await this.load(manager, id, true);
      await manager.update(WebhookSubscriptionEntity, { id }, { deletedAt: this.clock.now() });
      await this.audit.record(manager, {
        actor,
        action: 'webhook.deleted',
        entity: 'webhook',
        entityId: id,
        before: toWebhookView(hook),
      });
    });
  }

  /** The delivery log, kept after the subscription is deleted (as DELETE promises): it still answers. */
  async deliveries(id: string, query: DeliveryListQuery): Promise<Page<DeliveryView>> {
    const exists = await this.dataSource.manager.existsBy(WebhookSubscriptionEntity, { id });
    if (!exists) throw new NotFoundError('webhook', id);
    const req = toPageRequest(query, DELIVERY_SORTABLE, 'createdAt:desc');
    const qb = this.dataSource
      .getRepository(WebhookDeliveryEntity)
      .createQueryBuilder('d')
      .where('d.subscription_id = :id', { id })
      .orderBy(req.orderBy, req.direction)
      .addOrderBy('d.id')
      .skip(req.offset)
      .take(req.pageSize);
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    const [rows, total] = await qb.getManyAndCount();
    return toPage(rows.map(toDeliveryView), total, req);
  }

  /**
   * Admins: one event delivered again to a live subscription — one that failed for good (the
   * receiver was down past the day of retries), or one the receiver says it lost. The same body
   * and event id (receivers deduplicate by it), signed with the subscription's secret as it is now.
   */
  async redeliver(actor: Actor, id: string, deliveryId: string): Promise<DeliveryView> {
    await clearFinishedJob(this.queue, `webhook:${deliveryId}`);
    return this.dataSource.transaction(async (manager) => {
      const hook = await this.load(manager, id);
      const delivery = await manager.findOne(WebhookDeliveryEntity, {
        where: { id: deliveryId, subscriptionId: hook.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!delivery) throw new NotFoundError('delivery', deliveryId);
      if (delivery.status === 'pending' || delivery.status === 'cancelled') {
        throw new DomainError(
          'conflict',
          'webhook.delivery_not_finished',
          delivery.status === 'pending'
            ? 'The delivery is still being attempted.'
            : 'The delivery was cancelled with its subscription.',
        );
      }
      await manager.update(WebhookDeliveryEntity, { id: deliveryId }, { status: 'pending', lastError: null });
      await this.outbox.add(manager, JobName.DeliverWebhook, { deliveryId }, `webhook:${deliveryId}`);
      await this.audit.record(manager, {
        actor,
        action: 'webhook.redelivered',
        entity: 'webhook',
        entityId: id,
        before: { deliveryId, status: delivery.status, attempts: delivery.attempts },
        after: { deliveryId, status: 'pending' },
      });
      return toDeliveryView({ ...delivery, status: 'pending', lastError: null });
    });
  }

  private async assertAllowedTarget(url: string): Promise<void> {
    if (this.config.allowPrivateWebhookUrls) return;
    const check = await checkWebhookTarget(new URL(url));
    if (!check.ok) throw check.reason === 'private' ? WebhookError.privateUrl() : WebhookError.unresolvableUrl();
  }

  private async load(manager: EntityManager, id: string, lock = false): Promise<WebhookSubscriptionEntity> {
    const hook = await manager.findOne(WebhookSubscriptionEntity, {
      where: { id, deletedAt: IsNull() },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!hook) throw new NotFoundError('webhook', id);
    return hook;
  }
}
