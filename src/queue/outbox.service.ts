/**
 * Writes outbox rows inside the caller's transaction: the job exists exactly when the change that
 * causes it commits, and the request never waits on Redis. The worker's relay moves rows to Bull.
 */
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { JobName, JobPayloads } from './queue.constants';

@Injectable()
export class OutboxService {
  /** `jobId` becomes the Bull job id, so relaying a row twice still enqueues one job. */
  async add<N extends JobName>(manager: EntityManager, name: N, payload: JobPayloads[N], jobId: string): Promise<void> {
    await manager.query(`INSERT INTO outbox (topic, payload, job_id) VALUES ($1, $2::jsonb, $3)`, [
      name,
      JSON.stringify(payload),
      jobId,
    ]);
  }
}
