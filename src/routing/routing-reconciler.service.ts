/**
 * The last line of "nothing accepted is ever lost": an inquiry still `received` a few minutes after
 * it arrived, with no routing job in Redis (Redis restarted empty, a job was removed by hand), gets
 * a fresh outbox row. Routing is idempotent, so a spare job is harmless. An inquiry whose job used
 * up its attempts (the routing processor logs that as an error) is tried again every
 * RETRY_FAILED_AFTER_MS: whatever stopped it — a broken office calendar, a database outage longer
 * than the job's backoff — is usually fixed by then, and an inquiry left in the failed set
 * was never seen again. Worker only.
 */
import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { WorkerSweeper } from '@/common/interval-sweep';
import { OutboxService } from '@/queue/outbox.service';
import { JobName, QueueName } from '@/queue/queue.constants';

export const RECONCILE_INTERVAL_MS = 60_000;
const STUCK_AFTER = '2 minutes';
export const RETRY_FAILED_AFTER_MS = 15 * 60_000;
const BATCH = 200;

@Injectable()
export class RoutingReconciler extends WorkerSweeper {
  private readonly logger = new Logger(RoutingReconciler.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    @InjectQueue(QueueName.Routing) private readonly queue: Queue,
  ) {
    super(RECONCILE_INTERVAL_MS);
  }

  protected async sweepOnce(): Promise<void> {
    await this.requeueLost().catch((error: unknown) =>
      this.logger.warn({ err: error }, 'routing reconciliation failed; next round retries'),
    );
  }

  /**
   * Re-queues stuck inquiries that have no job at all, and retries those whose job failed for good
   * at least RETRY_FAILED_AFTER_MS ago; returns the ids of both.
   */
  async requeueLost(now = Date.now()): Promise<string[]> {
    const stuck: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM inquiries WHERE status = 'received' AND created_at < now() - $1::interval ORDER BY created_at LIMIT $2`,
      [STUCK_AFTER, BATCH],
    );
    const requeued: string[] = [];
    const retried: string[] = [];
    for (const { id } of stuck) {
      const job = await this.queue.getJob(id);
      if (!job) {
        await this.outbox.add(this.dataSource.manager, JobName.RouteInquiry, { inquiryId: id }, id);
        requeued.push(id);
      } else if (job.finishedOn && now - job.finishedOn >= RETRY_FAILED_AFTER_MS && (await job.isFailed())) {
        await job.retry();
        retried.push(id);
      }
    }
    if (requeued.length) this.logger.warn({ count: requeued.length }, 're-queued inquiries that had no routing job');
    if (retried.length) {
      this.logger.warn({ inquiryIds: retried }, 'retrying inquiries whose routing failed on every attempt');
    }
    return [...requeued, ...retried];
  }
}
