import { Module } from '@nestjs/common';
import { RateLimitModule } from '@/public/rate-limit.module';
import { OutboxModule } from '@/queue/outbox.module';
import { RoutingModule } from '@/routing/routing.module';
import { ServiceLinesModule } from '@/service-lines/service-lines.module';
import { InquiriesController } from './inquiries.controller';
import { InquiriesRepository } from './inquiries.repository';
import { InquiriesService } from './inquiries.service';
import { IntakeService } from './intake.service';

/** Public intake of inquiries and their staff views. Routing them is the routing module's job (its detection fills in an unrouted inquiry's detail). */
@Module({
  imports: [ServiceLinesModule, OutboxModule, RateLimitModule, RoutingModule],
  controllers: [InquiriesController],
  providers: [IntakeService, InquiriesService, InquiriesRepository],
  exports: [InquiriesService],
})
export class InquiriesModule {}
