import { Module } from '@nestjs/common';
import { RoutingModule } from './routing.module';
import { RoutingProcessor } from './routing.processor';

/** The RouteInquiry processor, for worker processes only. */
@Module({ imports: [RoutingModule], providers: [RoutingProcessor] })
export class RoutingWorkerModule {}
