/**
 * Queue and job names, their typed payloads (ids only: no personal data in Redis), and the one
 * table of job options. Processors register against these constants; start-up checks that
 * every job name has exactly one handler.
 */
import type { JobOptions } from 'bull';

export enum QueueName {
  Routing = 'routing',
}

/** Add a name here together with its processor: start-up refuses a job name without exactly one handler. */
export enum JobName {
  RouteInquiry = 'route-inquiry',
}

export interface JobPayloads {
  [JobName.RouteInquiry]: { inquiryId: string };
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.RouteInquiry]: QueueName.Routing,
};

const base: JobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: 1000,
  removeOnFail: false,
};

export const JOB_OPTIONS: Record<JobName, JobOptions> = {
  [JobName.RouteInquiry]: base,
};
