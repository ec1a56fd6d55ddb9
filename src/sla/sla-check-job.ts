/** The CheckSla job of a case's first-response deadline, as the outbox row that schedules it. */
import type { EntityManager } from 'typeorm';
import { JobName, JobPayloads } from '@/queue/queue.constants';

export const checkJobId = (caseId: string, dueAt: Date): string => `sla:${caseId}:${dueAt.getTime()}`;

/** The outbox row of a case's CheckSla job (routing writes it within its own statement). */
export function checkOutboxRow(
  caseId: string,
  dueAt: Date,
): { topic: JobName.CheckSla; payload: string; jobId: string; availableAt: Date } {
  const payload: JobPayloads[JobName.CheckSla] = { caseId, dueAt: dueAt.toISOString() };
  return {
    topic: JobName.CheckSla,
    payload: JSON.stringify(payload),
    jobId: checkJobId(caseId, dueAt),
    availableAt: dueAt,
  };
}

/**
 * Schedules the check of a deadline in the caller's transaction: the outbox row becomes available
 * at the deadline. A repeat writes a second row with the same job id, which Bull drops while it
 * holds that job (the outbox has no unique job id); a check that runs twice breaches once anyway.
 */
export async function scheduleCheckAt(manager: EntityManager, caseId: string, dueAt: Date): Promise<void> {
  const row = checkOutboxRow(caseId, dueAt);
  await manager.query(`INSERT INTO outbox (topic, payload, job_id, available_at) VALUES ($1, $2::jsonb, $3, $4)`, [
    row.topic,
    row.payload,
    row.jobId,
    row.availableAt,
  ]);
}

/**
 * Schedules the check of a deadline that moved: an office calendar change, a hand-over to another
 * office. One still ahead is checked when due, as scheduleCheckAt does: its job id cannot have run
 * yet. One already past is checked at once, under a job id of its own: the case's job at that
 * deadline may have run already, while the case had a later one and nothing was due (a holiday
 * added and removed again, a case sent back to its first office), and Bull ignores a job whose id
 * it still holds (it keeps completed ones), so the breach would wait for the minute sweep.
 * A job left at a deadline the case no longer has does no harm: the check reads the case's
 * deadline, not the job's.
 */
export async function scheduleMovedCheck(
  manager: EntityManager,
  caseId: string,
  dueAt: Date,
  now: Date,
): Promise<void> {
  if (dueAt.getTime() > now.getTime()) return scheduleCheckAt(manager, caseId, dueAt);
  const row = checkOutboxRow(caseId, dueAt);
  await manager.query(`INSERT INTO outbox (topic, payload, job_id, available_at) VALUES ($1, $2::jsonb, $3, $4)`, [
    row.topic,
    row.payload,
    `${row.jobId}:moved:${now.getTime()}`,
    now,
  ]);
}
