import { Module } from '@nestjs/common';
import { ClientsModule } from '@/clients/clients.module';
import { NotificationsModule } from '@/notifications/notifications.module';
import { NotifyingCaseEventsPublisher } from '@/notifications/case-events.publisher';
import { ServiceLinesModule } from '@/service-lines/service-lines.module';
import { ActivitiesService } from './activities.service';
import { CaseActivitiesController } from './case-activities.controller';
import { CaseEventsPublisher, CaseLifecycleHooks, ClientOwnerLifecycleHooks } from './case-hooks';
import { CasePipelineService } from './case-pipeline.service';
import { CasesController } from './cases.controller';
import { CasesRepository } from './cases.repository';
import { CasesService } from './cases.service';
import { HandOverService } from './hand-over.service';
import { QueueDrainService } from './queue-drain.service';
import { TimelineService } from './timeline.service';

/**
 * Cases: list and detail, edits, stage moves, activities, timeline, hand-over and queue draining.
 * The hooks are bound here: case events go out as webhooks and e-mails (notifications feature),
 * and engagement applies the clients feature's owner rule.
 */
@Module({
  imports: [ServiceLinesModule, ClientsModule, NotificationsModule],
  controllers: [CasesController, CaseActivitiesController],
  providers: [
    CasesRepository,
    CasesService,
    CasePipelineService,
    ActivitiesService,
    TimelineService,
    HandOverService,
    QueueDrainService,
    { provide: CaseLifecycleHooks, useClass: ClientOwnerLifecycleHooks },
    { provide: CaseEventsPublisher, useExisting: NotifyingCaseEventsPublisher },
  ],
  exports: [CasesService, CasePipelineService, QueueDrainService, CaseEventsPublisher],
})
export class CasesModule {}
