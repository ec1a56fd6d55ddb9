import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { JobName, JobPayloads, QueueName } from '@/queue/queue.constants';
import { WebhookDeliverer } from './webhook-deliverer.service';

export class WebhookRetryError extends Error {}

@Processor(QueueName.Webhooks)
export class WebhooksProcessor {
  constructor(private readonly deliverer: WebhookDeliverer) {}

  @Process({ name: JobName.DeliverWebhook, concurrency: 8 })
  async deliver(job: Job<JobPayloads[JobName.DeliverWebhook]>): Promise<void> {
    const outcome = await this.deliverer.deliver(job.data.deliveryId, {
      attempt: job.attemptsMade + 1,
      maxAttempts: job.opts.attempts ?? 1,
    });
    if (outcome === 'retry') throw new WebhookRetryError(`webhook delivery ${job.data.deliveryId} not accepted yet`);
  }
}
