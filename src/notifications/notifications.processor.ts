import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { JobName, JobPayloads, QueueName } from '@/queue/queue.constants';
import { NotificationSender, TransientSendError } from './notification-sender.service';

@Processor(QueueName.Notifications)
export class NotificationsProcessor {
  constructor(private readonly sender: NotificationSender) {}

  @Process({ name: JobName.SendNotification, concurrency: 4 })
  async send(job: Job<JobPayloads[JobName.SendNotification]>): Promise<void> {
    const outcome = await this.sender.send(job.data.notificationId, {
      attempt: job.attemptsMade + 1,
      maxAttempts: job.opts.attempts ?? 1,
    });
    // Bull keeps the reason in Redis: ids only, never the address.
    if (outcome === 'retry') throw new TransientSendError(`notification ${job.data.notificationId} not sent yet`);
  }
}
