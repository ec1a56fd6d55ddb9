/**
 * The last line of "nothing accepted is ever lost": an inquiry still `received` a few minutes after
 * it arrived, with no routing job in Redis (Redis restarted empty, a job was removed by hand), gets
 * a fresh outbox row. Routing is idempotent, so a spare job is harmless; an inquiry whose job sits
 * in the failed set is left there for inspection rather than retried forever. Worker only.
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

  /** Re-queues stuck inquiries that have no job at all; returns their ids. */
  async requeueLost(): Promise<string[]> {
    const stuck: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM inquiries WHERE status = 'received' AND created_at < now() - $1::interval ORDER BY created_at LIMIT $2`,
      [STUCK_AFTER, BATCH],
    );
    const requeued: string[] = [];
    for (const { id } of stuck) {
      if (await this.queue.getJob(id)) continue;
      await this.outbox.add(this.dataSource.manager, JobName.RouteInquiry, { inquiryId: id }, id);
      requeued.push(id);
    }
    if (requeued.length) this.logger.warn({ count: requeued.length }, 're-queued inquiries that had no routing job');
    return requeued;
  }
}
