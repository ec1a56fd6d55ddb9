import { Module } from '@nestjs/common';
import { OutboxModule } from '@/queue/outbox.module';
import { RoutingReconciler } from './routing-reconciler.service';
import { RoutingModule } from './routing.module';
import { RoutingProcessor } from './routing.processor';

/** The RouteInquiry processor and the lost-job reconciler, for worker processes only. */
@Module({ imports: [RoutingModule, OutboxModule], providers: [RoutingProcessor, RoutingReconciler] })
export class RoutingWorkerModule {}
