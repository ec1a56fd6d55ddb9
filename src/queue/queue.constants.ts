/**
 * Queue and job names, their typed payloads (ids only: no personal data in Redis), and the one
 * table of job options. Processors register against these constants; start-up checks that
 * every job name has exactly one handler.
 */
import type { JobOptions } from 'bull';

export enum QueueName {
  Routing = 'routing',
  Notifications = 'notifications',
  Webhooks = 'webhooks',
  Sla = 'sla',
  Maintenance = 'maintenance',
}

export enum JobName {
  RouteInquiry = 'route-inquiry',
  SendNotification = 'send-notification',
  DeliverWebhook = 'deliver-webhook',
  CheckSla = 'check-sla',
  SweepSla = 'sweep-sla',
  DrainQueue = 'drain-queue',
  Retention = 'retention',
}

export interface JobPayloads {
  [JobName.RouteInquiry]: { inquiryId: string };
  [JobName.SendNotification]: { notificationId: string };
  [JobName.DeliverWebhook]: { deliveryId: string };
  [JobName.CheckSla]: { caseId: string };
  [JobName.SweepSla]: Record<string, never>;
  [JobName.DrainQueue]: { officeId: string };
  [JobName.Retention]: Record<string, never>;
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.RouteInquiry]: QueueName.Routing,
  [JobName.SendNotification]: QueueName.Notifications,
  [JobName.DeliverWebhook]: QueueName.Webhooks,
  [JobName.CheckSla]: QueueName.Sla,
  [JobName.SweepSla]: QueueName.Sla,
  [JobName.DrainQueue]: QueueName.Routing,
  [JobName.Retention]: QueueName.Maintenance,
};

const base: JobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: 1000,
  removeOnFail: false,
};

export const JOB_OPTIONS: Record<JobName, JobOptions> = {
  [JobName.RouteInquiry]: base,
  [JobName.SendNotification]: { ...base, attempts: 10, backoff: { type: 'exponential', delay: 5000 } },
  // 2^16 s ≈ 18 h for the 17th try: together about a day of retries, as webhooks promise.
  [JobName.DeliverWebhook]: { ...base, attempts: 17, backoff: { type: 'exponential', delay: 2000 } },
  [JobName.CheckSla]: base,
  [JobName.SweepSla]: { ...base, attempts: 1, removeOnComplete: 10, removeOnFail: 100 },
  [JobName.DrainQueue]: base,
  [JobName.Retention]: { ...base, attempts: 3, removeOnComplete: 10 },
};
