/**
 * A staff member's reassignment of a case, as history and as news: the `assigned` case event the
 * timeline shows and the case.assigned publication (webhook, e-mails), both in the caller's
 * transaction. Written by hand-overs and by reopening a case whose consultant is gone.
 */
import { EntityManager } from 'typeorm';
import { CaseAssignedEvent, CaseEventsPublisher } from './case-hooks';

export async function recordStaffAssignment(
  manager: EntityManager,
  publisher: CaseEventsPublisher,
  e: CaseAssignedEvent & { actorId: string },
  details: Record<string, unknown> = {},
): Promise<void> {
  const move = {
    fromConsultantId: e.fromConsultantId,
    toConsultantId: e.toConsultantId,
    fromOfficeId: e.fromOfficeId,
    toOfficeId: e.toOfficeId,
  };
  await manager.query(
    `INSERT INTO case_events (case_id, kind, actor_id, data) VALUES ($1, 'assigned', $2, $3::jsonb)`,
    [e.caseId, e.actorId, JSON.stringify({ via: e.via, ...move, reason: e.reason, by: e.actorId, ...details })],
  );
  await publisher.assigned(manager, e);
}
