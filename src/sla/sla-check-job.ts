/** The CheckSla job of a case's first-response deadline, as the outbox row that schedules it. Pure. */
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
