/**
 * A message or delivery queued again (an admin's "send again", or LostJobsReconciler) keeps its
 * job id (`notification:<id>`, `webhook:<id>`), and Bull ignores a job whose id it still holds —
 * completed and failed jobs are kept for a while. The finished job is removed first so the new one
 * is taken. Answers whether the way is clear: false while the old job still waits or runs (then
 * nothing is needed), or when Redis could not be asked (LostJobsReconciler clears it later).
 */
import type { Queue } from 'bull';

export async function clearFinishedJob(queue: Queue, jobId: string): Promise<boolean> {
  try {
    const job = await queue.getJob(jobId);
    if (!job) return true;
    if (!(await job.isCompleted()) && !(await job.isFailed())) return false;
    await job.remove();
    return true;
  } catch {
    return false;
  }
}
