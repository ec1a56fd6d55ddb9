import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { KeptRepeatableJob } from '@/queue/kept-repeatable-job';
import { JOB_OPTIONS, JobName, JobPayloads, QueueName } from '@/queue/queue.constants';
import { Clock } from './clock';
import { SlaService } from './sla.service';

export const SLA_SWEEP_EVERY_MS = 60_000;
/** Fixed, so every worker registers the same repeatable job instead of one each. */
export const SLA_SWEEP_JOB_ID = 'sla-sweep';

@Processor(QueueName.Sla)
export class SlaProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SlaProcessor.name);
  /** The sweep is not caused by a request, so it is registered with Bull directly, not through the outbox. */
  readonly schedule: KeptRepeatableJob;

  constructor(
    private readonly sla: SlaService,
    private readonly clock: Clock,
    @InjectQueue(QueueName.Sla) queue: Queue,
  ) {
    this.schedule = new KeptRepeatableJob(
      queue,
      JobName.SweepSla,
      { ...JOB_OPTIONS[JobName.SweepSla], jobId: SLA_SWEEP_JOB_ID, repeat: { every: SLA_SWEEP_EVERY_MS } },
      this.logger,
    );
  }

  onApplicationBootstrap(): Promise<void> {
    return this.schedule.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.schedule.stop();
  }

  @Process({ name: JobName.CheckSla, concurrency: 4 })
  async check(job: Job<JobPayloads[JobName.CheckSla]>): Promise<void> {
    await this.sla.checkCase(job.data.caseId, this.clock.now(), 'job');
  }

  @Process(JobName.SweepSla)
  async sweep(): Promise<void> {
    const breached = await this.sla.sweep(this.clock.now());
    if (breached > 0) this.logger.log({ breached }, 'SLA sweep breached overdue cases');
  }
}
