import { Module } from '@nestjs/common';
import { NotificationsModule } from '@/notifications/notifications.module';
import { WebhooksModule } from '@/webhooks/webhooks.module';
import { SlaProcessor } from './sla.processor';
import { SlaService } from './sla.service';

/** First-response SLA: deadlines, checks and breaches. Exports SlaService for routing. */
@Module({
  imports: [NotificationsModule, WebhooksModule],
  providers: [SlaService],
  exports: [SlaService],
})
export class SlaModule {}

/** The CheckSla/SweepSla processor and the repeatable sweep, for worker processes only. */
@Module({
  imports: [SlaModule],
  providers: [SlaProcessor],
})
export class SlaWorkerModule {}
