/**
 * "Nothing accepted is ever lost", for mail and webhook deliveries as RoutingReconciler is for
 * routing: Postgres holds every message and delivery as `pending` until it is sent, but once the
 * relay handed its job to Bull only Redis holds the job — a Redis that restarts empty (no
 * persistence, as in CI and the dev set-up) forgets it, and the row stayed pending for ever, the
 * investor's acknowledgement unsent. Every minute, a pending row a few minutes old whose job is in
 * neither Redis nor the outbox (or finished in Redis) gets a fresh outbox row with the same job id.
 * Sending is idempotent
 * (the sender and deliverer skip anything no longer pending), so a spare job is harmless. Worker only.
 */
import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { WorkerSweeper } from '@/common/interval-sweep';
import { clearFinishedJob } from './finished-job';
import { JobName, QueueName } from './queue.constants';

export const LOST_JOBS_INTERVAL_MS = 60_000;
/** Long enough for the relay (it polls every 50 ms) and Bull to have taken a new row's job. */
const STUCK_AFTER = '2 minutes';
const BATCH = 200;
/** Rows looked at per kind and round: deliveries retrying for a day must not hide lost ones behind them. */
const MAX_ROWS = 5000;

interface PendingWork {
  what: string;
  table: 'notifications' | 'webhook_deliveries';
  name: JobName.SendNotification | JobName.DeliverWebhook;
  jobPrefix: string;
  payloadKey: 'notificationId' | 'deliveryId';
  queue: Queue;
}

@Injectable()
export class LostJobsReconciler extends WorkerSweeper {
  private readonly logger = new Logger(LostJobsReconciler.name);
  private readonly kinds: PendingWork[];

  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Notifications) notifications: Queue,
    @InjectQueue(QueueName.Webhooks) webhooks: Queue,
  ) {
    super(LOST_JOBS_INTERVAL_MS);
    this.kinds = [
      {
        what: 'mail',
        table: 'notifications',
        name: JobName.SendNotification,
        jobPrefix: 'notification:',
        payloadKey: 'notificationId',
        queue: notifications,
      },
      {
        what: 'webhook deliveries',
        table: 'webhook_deliveries',
        name: JobName.DeliverWebhook,
        jobPrefix: 'webhook:',
        payloadKey: 'deliveryId',
        queue: webhooks,
      },
    ];
  }

  protected async sweepOnce(): Promise<void> {
    await this.requeueLost().catch((error: unknown) =>
      this.logger.warn({ err: error }, 'reconciling mail and webhook jobs failed; next round retries'),
    );
  }

  /** Re-queues pending messages and deliveries that have no job anywhere; answers their ids. */
  async requeueLost(): Promise<string[]> {
    const requeued: string[] = [];
    for (const kind of this.kinds) {
      const lost: string[] = [];
      // Oldest first, page after page (keyset on created_at, id): rows still retrying with a job
      // in Redis are passed over, not allowed to fill the window for good. Rows whose job still
      // waits in the outbox are left out (ix_outbox_pending: unpublished rows only).
      let after: { createdAt: Date; id: string } | null = null;
      for (let seen = 0; seen < MAX_ROWS;) {
        const rows: Array<{ id: string; created_at: Date }> = await this.dataSource.query(
          `SELECT w.id, w.created_at FROM ${kind.table} w
            WHERE w.status = 'pending' AND w.created_at < now() - $1::interval
              AND ($4::timestamptz IS NULL OR (w.created_at, w.id) > ($4::timestamptz, $5::uuid))
              AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.published_at IS NULL AND o.job_id = $2 || w.id)
            ORDER BY w.created_at, w.id
            LIMIT $3`,
          [STUCK_AFTER, kind.jobPrefix, BATCH, after?.createdAt ?? null, after?.id ?? null],
        );
        for (const { id } of rows) {
          // No job, or one that finished while the row is pending (queued again by an admin while
          // Redis could not drop the old job, which this removes): either way nothing will send it.
          if (await clearFinishedJob(kind.queue, `${kind.jobPrefix}${id}`)) lost.push(id);
        }
        seen += rows.length;
        if (rows.length < BATCH) break;
        const last = rows[rows.length - 1];
        after = { createdAt: last.created_at, id: last.id };
      }
      if (lost.length === 0) continue;
      await this.dataSource.query(
        `INSERT INTO outbox (topic, payload, job_id)
         SELECT $1::text, jsonb_build_object($2::text, id), $3 || id FROM unnest($4::uuid[]) AS id`,
        [kind.name, kind.payloadKey, kind.jobPrefix, lost],
      );
      this.logger.warn({ count: lost.length }, `re-queued pending ${kind.what} that had no job`);
      requeued.push(...lost);
    }
    return requeued;
  }
}
