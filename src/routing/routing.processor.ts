import { OnQueueFailed, Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { JobName, JobPayloads, QueueName } from '@/queue/queue.constants';
import { RoutingService } from './routing.service';

@Processor(QueueName.Routing)
export class RoutingProcessor {
  private readonly logger = new Logger(RoutingProcessor.name);

  constructor(private readonly routing: RoutingService) {}

  @Process({ name: JobName.RouteInquiry, concurrency: 8 })
  async route(job: Job<JobPayloads[JobName.RouteInquiry]>): Promise<string> {
    const outcome = await this.routing.routeInquiry(job.data.inquiryId);
    return outcome.status === 'routed' ? `routed:${outcome.caseId}` : `skipped:${outcome.reason}`;
  }

  /**
   * An inquiry that could not be routed on any attempt is news for whoever runs the firm's CRM: it
   * waits, unassigned, until the reconciler retries it (RETRY_FAILED_AFTER_MS). Ids only.
   */
  @OnQueueFailed()
  onFailed(job: Job<{ inquiryId?: unknown }>, error: Error): void {
    if (job.name !== JobName.RouteInquiry || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    this.logger.error(
      { inquiryId: job.data?.inquiryId, jobId: job.id, attempts: job.attemptsMade, error: error.message },
      'routing failed on every attempt; the inquiry waits for the reconciler to retry it',
    );
  }
}
