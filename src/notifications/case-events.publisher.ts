/**
 * The cases pipeline's CaseEventsPublisher, for real: a stage change becomes the
 * `case.stage_changed` webhook; an assignment (hand-over or queue draining) becomes `case.assigned`
 * and the e-mails to the consultants concerned, or to the office managers when the case went to
 * the queue. Everything is written with the pipeline's own transaction.
 */
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseAssignedEvent, CaseEventsPublisher, CaseStageChangedEvent } from '@/cases/case-hooks';
import { WebhooksService } from '@/webhooks/webhooks.service';
import { NotificationsService } from './notifications.service';

@Injectable()
export class NotifyingCaseEventsPublisher extends CaseEventsPublisher {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly webhooks: WebhooksService,
  ) {
    super();
  }

  async stageChanged(manager: EntityManager, e: CaseStageChangedEvent): Promise<void> {
    await this.webhooks.emit(manager, 'case.stage_changed', {
      caseId: e.caseId,
      reference: e.reference,
      officeId: e.officeId,
      consultantId: e.consultantId,
      fromStage: e.fromStage,
      toStage: e.toStage,
      changedAt: e.at.toISOString(),
    });
  }

  async assigned(manager: EntityManager, e: CaseAssignedEvent): Promise<void> {
    await this.webhooks.emit(manager, 'case.assigned', {
      caseId: e.caseId,
      reference: e.reference,
      officeId: e.toOfficeId,
      consultantId: e.toConsultantId,
      previousOfficeId: e.fromOfficeId,
      previousConsultantId: e.fromConsultantId,
      reason: e.via,
    });
    if (e.via === 'queue_drain') {
      await this.notifications.notifyAssignment(manager, e.caseId, 'queue');
      return;
    }
    await this.notifications.notifyHandover(
      manager,
      e.caseId,
      e.fromConsultantId,
      e.toConsultantId,
      e.reason,
      e.actorId,
    );
    if (e.toConsultantId === null) await this.notifications.notifyQueued(manager, e.caseId, e.actorId);
  }
}
