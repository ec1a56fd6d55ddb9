/**
 * Extension points the case pipeline calls inside its own transactions, so other features react to
 * case changes without the cases module importing them. Each is an abstract class used as the DI
 * token; CasesModule binds the defaults below, and a feature that needs more rebinds the token there.
 */
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ClientsService } from '@/clients/clients.service';

export abstract class CaseLifecycleHooks {
  /** The case has just moved into a won stage (same transaction as the move). */
  abstract onEngaged(manager: EntityManager, caseId: string): Promise<void>;
}

/**
 * PRODUCT rule: when a client's case reaches a won stage and the client has no owner yet, that
 * case's consultant becomes the owner. The clients feature owns the rule; the pipeline only calls it.
 */
@Injectable()
export class ClientOwnerLifecycleHooks extends CaseLifecycleHooks {
  constructor(private readonly clients: ClientsService) {
    super();
  }

  async onEngaged(manager: EntityManager, caseId: string): Promise<void> {
    await this.clients.onCaseEngaged(manager, caseId);
  }
}

export interface CaseStageChangedEvent {
  caseId: string;
  reference: string;
  officeId: string;
  consultantId: string | null;
  fromStage: string;
  toStage: string;
  actorId: string | null;
  at: Date;
}

export interface CaseAssignedEvent {
  caseId: string;
  reference: string;
  fromOfficeId: string;
  toOfficeId: string;
  fromConsultantId: string | null;
  toConsultantId: string | null;
  /** `hand_over` (staff) or `queue_drain` (automatic). */
  via: 'hand_over' | 'queue_drain';
  actorId: string | null;
  reason: string | null;
  at: Date;
}

/**
 * Where case events leave the pipeline for webhooks and notifications: implementations write
 * outbox rows with `manager`, so an event exists exactly when the change committed.
 */
export abstract class CaseEventsPublisher {
  abstract stageChanged(manager: EntityManager, event: CaseStageChangedEvent): Promise<void>;
  abstract assigned(manager: EntityManager, event: CaseAssignedEvent): Promise<void>;
}
