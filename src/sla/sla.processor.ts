import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { JOB_OPTIONS, JobName, JobPayloads, QueueName } from '@/queue/queue.constants';
import { Clock } from './clock';
import { SlaService } from './sla.service';

export const SLA_SWEEP_EVERY_MS = 60_000;
/** Fixed, so every worker registers the same repeatable job instead of one each. */
export const SLA_SWEEP_JOB_ID = 'sla-sweep';

@Processor(QueueName.Sla)
export class SlaProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(SlaProcessor.name);

  constructor(
    private readonly sla: SlaService,
    private readonly clock: Clock,
    @InjectQueue(QueueName.Sla) private readonly queue: Queue,
  ) {}

  /** The sweep is not caused by a request, so it is registered with Bull directly, not through the outbox. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.queue.add(
        JobName.SweepSla,
        {},
        { ...JOB_OPTIONS[JobName.SweepSla], jobId: SLA_SWEEP_JOB_ID, repeat: { every: SLA_SWEEP_EVERY_MS } },
      );
    } catch (error) {
      // Redis down at start: Bull reconnects, and the delayed checks still fire; log and go on.
      this.logger.error({ err: error }, 'could not register the SLA sweep');
    }
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
