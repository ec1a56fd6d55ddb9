/**
 * Queue and job names, their typed payloads (ids only: no personal data in Redis), and the one
 * table of job options. Processors register against these constants; start-up checks that
 * every job name has exactly one handler.
 */
import type { JobOptions } from 'bull';

export enum QueueName {
  Routing = 'routing',
  Sla = 'sla',
  Notifications = 'notifications',
  Webhooks = 'webhooks',
  Privacy = 'privacy',
}

/** Add a name here together with its processor: start-up refuses a job name without exactly one handler. */
export enum JobName {
  RouteInquiry = 'route-inquiry',
  /**
   * Delayed until a case's first-response deadline; jobId `sla:<caseId>:<dueAt ms>`, and
   * `…:moved:<ms>` for a deadline moved into the past (checked at once: scheduleMovedCheck).
   */
  CheckSla = 'check-sla',
  /** Repeatable, every minute: breaches every overdue case a delayed CheckSla missed. */
  SweepSla = 'sweep-sla',
  SendNotification = 'send-notification',
  DeliverWebhook = 'deliver-webhook',
  /** Repeatable, daily: anonymizes inquiries past retention and erases contacts left with nothing else. */
  SweepRetention = 'sweep-retention',
}

export interface JobPayloads {
  [JobName.RouteInquiry]: { inquiryId: string };
  [JobName.CheckSla]: { caseId: string; dueAt: string };
  [JobName.SweepSla]: Record<string, never>;
  [JobName.SendNotification]: { notificationId: string };
  [JobName.DeliverWebhook]: { deliveryId: string };
  [JobName.SweepRetention]: Record<string, never>;
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.RouteInquiry]: QueueName.Routing,
  [JobName.CheckSla]: QueueName.Sla,
  [JobName.SweepSla]: QueueName.Sla,
  [JobName.SendNotification]: QueueName.Notifications,
  [JobName.DeliverWebhook]: QueueName.Webhooks,
  [JobName.SweepRetention]: QueueName.Privacy,
};

const base: JobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: 1000,
  removeOnFail: false,
};

export const JOB_OPTIONS: Record<JobName, JobOptions> = {
  [JobName.RouteInquiry]: base,
  [JobName.CheckSla]: base,
  // The next sweep a minute later does the same work: a failed one is not worth retrying.
  [JobName.SweepSla]: { attempts: 1, removeOnComplete: true, removeOnFail: 100 },
  // Retries after 30 s, 1.5 min, 3.5 min … the tenth about 17 h after the first try; an SMTP 5xx stops at once.
  [JobName.SendNotification]: { ...base, attempts: 11, backoff: { type: 'exponential', delay: 30_000 } },
  // Bull waits (2^n − 1) × 42.5 s after the n-th failure: the tenth and last retry comes ~24 h after the first try.
  [JobName.DeliverWebhook]: { ...base, attempts: 11, backoff: { type: 'exponential', delay: 42_500 } },
  // Batches commit as they go, so a retry only finishes the rest; the next day's run catches up anyway.
  [JobName.SweepRetention]: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 60_000 },
    removeOnComplete: true,
    removeOnFail: 30,
  },
};
