import { Module } from '@nestjs/common';
import { OutboxModule } from '@/queue/outbox.module';
import { WebhookDeliverer } from './webhook-deliverer.service';
import { WebhooksController } from './webhooks.controller';
import { WebhooksProcessor } from './webhooks.processor';
import { WebhooksService } from './webhooks.service';

/** Webhook subscriptions (admins), the delivery log, and `emit` for the modules that raise events. */
@Module({
  imports: [OutboxModule],
  controllers: [WebhooksController],
  providers: [WebhooksService],
  exports: [WebhooksService],
})
export class WebhooksModule {}

/** Delivery and its queue processor, for worker processes only (listed in WorkerModule). */
@Module({
  providers: [WebhookDeliverer, WebhooksProcessor],
})
export class WebhooksWorkerModule {}
