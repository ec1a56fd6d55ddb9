/**
 * Worker-only: once an hour deletes the outbox rows handed to Redis more than a week ago. Nothing
 * reads a published row again (Bull holds the job from then on; the job id stops doubles), so
 * they only grow the table the relay scans around. Unpublished rows are never touched, however
 * old. Batches in id order (the primary key, where the oldest rows come first) keep each delete
 * short; one run stops after a bounded number of batches and the next hour goes on.
 */
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WorkerSweeper } from '@/common/interval-sweep';

export const OUTBOX_PRUNE_INTERVAL_MS = 60 * 60_000;
export const OUTBOX_KEEP = '7 days';
const BATCH = 5000;
const MAX_BATCHES = 40;

@Injectable()
export class OutboxPruneSweeper extends WorkerSweeper {
  private readonly logger = new Logger(OutboxPruneSweeper.name);

  constructor(private readonly dataSource: DataSource) {
    super(OUTBOX_PRUNE_INTERVAL_MS);
  }

  protected async sweepOnce(): Promise<void> {
    try {
      const deleted = await this.prune();
      if (deleted) this.logger.log({ deleted }, 'pruned published outbox rows');
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox prune failed; the next one retries');
    }
  }

  /** Deletes published rows older than OUTBOX_KEEP; answers how many. */
  async prune(): Promise<number> {
    let deleted = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const [, count]: [unknown, number] = await this.dataSource.query(
        `DELETE FROM outbox WHERE id IN (
           SELECT id FROM outbox WHERE published_at < now() - $1::interval ORDER BY id LIMIT $2)`,
        [OUTBOX_KEEP, BATCH],
      );
      deleted += count;
      if (count < BATCH) break;
    }
    return deleted;
  }
}
