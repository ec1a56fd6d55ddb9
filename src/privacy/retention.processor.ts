import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bull';
import { KeptRepeatableJob } from '@/queue/kept-repeatable-job';
import { JOB_OPTIONS, JobName, QueueName } from '@/queue/queue.constants';
import { Clock } from '@/sla/clock';
import { RetentionService } from './retention.service';

/** Daily at 03:17 UTC, a quiet hour for every office from Moscow to Jakarta. */
export const RETENTION_CRON = '17 3 * * *';
/** Fixed, so every worker registers the same repeatable job instead of one each. */
export const RETENTION_JOB_ID = 'retention-sweep';

/** Worker-only: registers the daily retention sweep and runs it. */
@Processor(QueueName.Privacy)
export class RetentionProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RetentionProcessor.name);
  /** Not caused by a request, so registered with Bull directly rather than through the outbox. */
  readonly schedule: KeptRepeatableJob;

  constructor(
    private readonly retention: RetentionService,
    private readonly clock: Clock,
    @InjectQueue(QueueName.Privacy) queue: Queue,
  ) {
    this.schedule = new KeptRepeatableJob(
      queue,
      JobName.SweepRetention,
      { ...JOB_OPTIONS[JobName.SweepRetention], jobId: RETENTION_JOB_ID, repeat: { cron: RETENTION_CRON, tz: 'UTC' } },
      this.logger,
    );
  }

  onApplicationBootstrap(): Promise<void> {
    return this.schedule.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.schedule.stop();
  }

  @Process(JobName.SweepRetention)
  async sweep(): Promise<void> {
    await this.retention.sweep(this.clock.now());
  }
}
