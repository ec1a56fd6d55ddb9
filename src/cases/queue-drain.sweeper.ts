/**
 * Worker-only: drains every office queue once a minute. It catches what no event announces, above
 * all a consultant's out-of-office period simply ending, and any drain that failed after a commit.
 * Several workers may sweep at once: the per-office lock serializes them.
 */
import { Injectable, Logger } from '@nestjs/common';
import { WorkerSweeper } from '@/common/interval-sweep';
import { QueueDrainService } from './queue-drain.service';

export const QUEUE_SWEEP_INTERVAL_MS = 60_000;

@Injectable()
export class QueueDrainSweeper extends WorkerSweeper {
  private readonly logger = new Logger(QueueDrainSweeper.name);

  constructor(private readonly queueDrain: QueueDrainService) {
    super(QUEUE_SWEEP_INTERVAL_MS);
  }

  protected async sweepOnce(): Promise<void> {
    try {
      const done = await this.queueDrain.drainAll(new Date());
      if (done.length) this.logger.log({ assigned: done.length }, 'queue sweep assigned waiting cases');
    } catch (error) {
      this.logger.error({ err: error }, 'queue sweep failed');
    }
  }
}
