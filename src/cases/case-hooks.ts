/**
 * Extension points the case pipeline calls inside its own transactions, so other features react to
 * case changes without the cases module importing them. Each is an abstract class used as the DI
 * token; CasesModule binds the defaults below, and a feature that needs more rebinds the token there.
 */
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '@/audit/audit.service';

export abstract class CaseLifecycleHooks {
  /** The case has just moved into a won stage (same transaction as the move). */
  abstract onEngaged(manager: EntityManager, caseId: string): Promise<void>;
}

/**
 * PRODUCT rule: a client's first engaged case makes its consultant the client's owner, unless the
 * client already has one. "First" means no other case of the client ever entered a won stage.
 */
@Injectable()
export class DefaultCaseLifecycleHooks extends CaseLifecycleHooks {
  constructor(private readonly audit: AuditService) {
    super();
  }

  async onEngaged(manager: EntityManager, caseId: string): Promise<void> {
    const rows: Array<{ client_id: string; owner_id: string; office_id: string }> = await manager.query(
      `WITH target AS (
         SELECT c.client_id, c.consultant_id, c.office_id FROM cases c WHERE c.id = $1 AND c.consultant_id IS NOT NULL
       ), owned AS (
         UPDATE clients cl
            SET owner_id = t.consultant_id, updated_at = now(), version = cl.version + 1
           FROM target t
          WHERE cl.id = t.client_id
            AND cl.owner_id IS NULL
            AND NOT EXISTS (
                  SELECT 1 FROM stage_events e
                    JOIN stages s ON s.code = e.to_stage AND s.category = 'won'
                    JOIN cases o ON o.id = e.case_id
                   WHERE o.client_id = t.client_id AND o.id <> $1)
         RETURNING cl.id AS client_id, cl.owner_id
       )
       SELECT owned.client_id, owned.owner_id, target.office_id FROM owned, target`,
      [caseId],
    );
    for (const row of rows) {
      await this.audit.record(manager, {
        actor: null,
        action: 'client.owner_assigned',
        entity: 'client',
        entityId: row.client_id,
        officeId: row.office_id,
        before: { ownerId: null },
        after: { ownerId: row.owner_id, reason: 'first_engaged_case', caseId },
      });
    }
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

/** Publishes nothing until the webhooks and notifications features bind their own publisher. */
@Injectable()
export class NoopCaseEventsPublisher extends CaseEventsPublisher {
  async stageChanged(): Promise<void> {}
  async assigned(): Promise<void> {}
}
