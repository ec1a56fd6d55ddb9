import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { JobName, JobPayloads, QueueName } from '@/queue/queue.constants';
import { RoutingService } from './routing.service';

@Processor(QueueName.Routing)
export class RoutingProcessor {
  constructor(private readonly routing: RoutingService) {}

  @Process({ name: JobName.RouteInquiry, concurrency: 8 })
  async route(job: Job<JobPayloads[JobName.RouteInquiry]>): Promise<string> {
    const outcome = await this.routing.routeInquiry(job.data.inquiryId);
    return outcome.status === 'routed' ? `routed:${outcome.caseId}` : `skipped:${outcome.reason}`;
  }
}
