import { Module } from '@nestjs/common';
import { OutboxModule } from '@/queue/outbox.module';
import { WebhooksModule } from '@/webhooks/webhooks.module';
import { NotifyingCaseEventsPublisher } from './case-events.publisher';
import { NotificationSender } from './notification-sender.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsProcessor } from './notifications.processor';
import { NotificationsService } from './notifications.service';

/**
 * E-mail: templates, the database outbox of messages, the admin list, and (in workers) sending.
 * Also exports the cases pipeline's CaseEventsPublisher (webhooks + e-mail for stage changes and
 * assignments): bind it with `{ provide: CaseEventsPublisher, useExisting: NotifyingCaseEventsPublisher }`.
 */
@Module({
  imports: [OutboxModule, WebhooksModule],
  controllers: [NotificationsController],
  providers: [NotificationsService, NotifyingCaseEventsPublisher],
  exports: [NotificationsService, NotifyingCaseEventsPublisher],
})
export class NotificationsModule {}

/** The sender and its queue processor, for worker processes only (listed in WorkerModule). */
@Module({
  providers: [NotificationSender, NotificationsProcessor],
})
export class NotificationsWorkerModule {}
