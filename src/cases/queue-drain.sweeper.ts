/**
 * Worker-only: drains every office queue once a minute. It catches what no event announces, above
 * all a consultant's out-of-office period simply ending, and any drain that failed after a commit.
 * Several workers may sweep at once: the per-office lock serializes them.
 */
import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { QueueDrainService } from './queue-drain.service';

export const QUEUE_SWEEP_INTERVAL_MS = 60_000;

@Injectable()
export class QueueDrainSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(QueueDrainSweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly queueDrain: QueueDrainService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), QUEUE_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One sweep; skipped while the previous one still runs. */
  tick(now: Date = new Date()): Promise<void> {
    this.running ??= this.queueDrain
      .drainAll(now)
      .then((done) => {
        if (done.length) this.logger.log({ assigned: done.length }, 'queue sweep assigned waiting cases');
      })
      .catch((error: unknown) => this.logger.error({ err: error }, 'queue sweep failed'))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }
}
