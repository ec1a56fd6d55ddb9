import { Module } from '@nestjs/common';
import { NotificationsModule } from '@/notifications/notifications.module';
import { ServiceLinesModule } from '@/service-lines/service-lines.module';
import { SlaModule } from '@/sla/sla.module';
import { WebhooksModule } from '@/webhooks/webhooks.module';
import { RoutingDecisionsService } from './routing-decisions.service';
import { RoutingRulesService } from './routing-rules.service';
import { RoutingController } from './routing.controller';
import { RoutingRepository } from './routing.repository';
import { RoutingService } from './routing.service';

@Module({
  imports: [ServiceLinesModule, SlaModule, NotificationsModule, WebhooksModule],
  controllers: [RoutingController],
  providers: [RoutingService, RoutingRepository, RoutingRulesService, RoutingDecisionsService],
  exports: [RoutingService, RoutingRepository],
})
export class RoutingModule {}
