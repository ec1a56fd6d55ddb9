/**
 * Worker-only: drains every office queue once a minute. It catches what no event announces, above
 * all a consultant's out-of-office period simply ending, and any drain that failed after a commit.
 * Several workers may sweep at once: the per-office lock serializes them.
 */
import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { IntervalSweep } from '@/common/interval-sweep';
import { QueueDrainService } from './queue-drain.service';

export const QUEUE_SWEEP_INTERVAL_MS = 60_000;

@Injectable()
export class QueueDrainSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(QueueDrainSweeper.name);
  private readonly sweep = new IntervalSweep(QUEUE_SWEEP_INTERVAL_MS, () => this.drainAll());

  constructor(private readonly queueDrain: QueueDrainService) {}

  onApplicationBootstrap(): void {
    this.sweep.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.sweep.stop();
  }

  private async drainAll(): Promise<void> {
    try {
      const done = await this.queueDrain.drainAll(new Date());
      if (done.length) this.logger.log({ assigned: done.length }, 'queue sweep assigned waiting cases');
    } catch (error) {
      this.logger.error({ err: error }, 'queue sweep failed');
    }
  }
}
