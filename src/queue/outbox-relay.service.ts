/**
 * Moves outbox rows to Bull (worker processes only). Every ~50 ms it claims a small batch of
 * pending rows with FOR UPDATE SKIP LOCKED (so several workers share the work without doubles),
 * enqueues each as a job whose id is the row's job_id (so a row relayed twice is still one job),
 * and marks them published in the same transaction. While Redis is unreachable rows stay pending
 * with `attempts` and `last_error` recorded, and the loop backs off; nothing is ever dropped.
 */
import { getQueueToken } from '@nestjs/bull';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bull';
import { DataSource, EntityManager } from 'typeorm';
import { JOB_OPTIONS, JOB_QUEUE, JobName } from './queue.constants';

const BATCH_SIZE = 50;
const POLL_MS = 50;
const MAX_BACKOFF_MS = 5000;
const ADD_TIMEOUT_MS = 2000;
/** A row that fails while Redis answers waits 2^attempts s (at most this long) before its next try. */
const MAX_ROW_BACKOFF_SECONDS = 60;

interface OutboxRow {
  id: string;
  topic: JobName;
  payload: Record<string, unknown>;
  job_id: string | null;
}

type Outcome = { ok: true } | { ok: false; error: string; redisDown: boolean };

export interface RelayResult {
  published: number;
  failed: number;
}

@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayService.name);
  private readonly queues: ReadonlyMap<string, Queue>;
  private loopDone: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;
  private failures = 0;

  constructor(
    private readonly dataSource: DataSource,
    moduleRef: ModuleRef,
  ) {
    // Resolved from JOB_QUEUE rather than injected one by one, so a new job name needs no change here.
    this.queues = new Map(
      Object.values(JobName).map((name) => [
        name,
        moduleRef.get<Queue>(getQueueToken(JOB_QUEUE[name]), { strict: false }),
      ]),
    );
  }

  onApplicationBootstrap(): void {
    this.loopDone = this.loop();
  }

  /**
   * Stops before queues and the data source close (they close in onApplicationShutdown): the batch
   * in flight finishes, so no row is left half-handled. QueueShutdownService calls it first too.
   */
  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loopDone;
  }

  /** One claim-publish-mark round; the loop calls it, and tests may too. */
  async relayOnce(): Promise<RelayResult> {
    return this.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, topic, payload, job_id FROM outbox
          WHERE published_at IS NULL AND available_at <= now() AND topic = ANY($1)
          ORDER BY available_at, id
          LIMIT $2
          FOR UPDATE SKIP LOCKED`,
        [[...this.queues.keys()], BATCH_SIZE],
      );
      if (rows.length === 0) return { published: 0, failed: 0 };
      const outcomes = await Promise.all(rows.map((row) => this.publish(row)));
      await this.record(manager, rows, outcomes);
      const failed = outcomes.filter((o) => !o.ok).length;
      return { published: rows.length - failed, failed };
    });
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let delay = POLL_MS;
      try {
        const { published, failed } = await this.relayOnce();
        if (failed > 0) {
          delay = this.backoff(`${failed} outbox rows could not be enqueued`);
        } else {
          if (this.failures > 0) this.logger.log('outbox relay recovered');
          this.failures = 0;
          if (published === BATCH_SIZE) delay = 0;
        }
      } catch (error) {
        delay = this.backoff(`outbox relay round failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!this.stopping) await this.sleep(delay);
    }
  }

  private backoff(message: string): number {
    this.failures++;
    // Logged on the first failure and then rarely: an outage should not flood the log.
    if (this.failures === 1 || this.failures % 50 === 0) this.logger.warn(`${message} (attempt ${this.failures})`);
    return Math.min(POLL_MS * 2 ** Math.min(this.failures, 10), MAX_BACKOFF_MS);
  }

  private async publish(row: OutboxRow): Promise<Outcome> {
    const queue = this.queues.get(row.topic);
    if (!queue) return { ok: false, error: `no queue for ${row.topic}`, redisDown: false };
    // Adding while disconnected would pile commands up in ioredis's offline queue: skip instead.
    const status = queue.client.status;
    if (status !== 'ready') return { ok: false, error: `Redis is not connected (${status})`, redisDown: true };
    try {
      await withTimeout(
        queue.add(row.topic, row.payload, { ...JOB_OPTIONS[row.topic], ...(row.job_id ? { jobId: row.job_id } : {}) }),
        ADD_TIMEOUT_MS,
      );
      return { ok: true };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, error: message, redisDown: queue.client.status !== 'ready' };
    }
  }

  private async record(manager: EntityManager, rows: OutboxRow[], outcomes: Outcome[]): Promise<void> {
    const published = rows.filter((_, i) => outcomes[i].ok).map((r) => r.id);
    if (published.length) {
      await manager.query(
        `UPDATE outbox SET published_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1::bigint[])`,
        [published],
      );
    }
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.ok) continue;
      // While Redis is down every row fails alike: the loop's backoff paces retries and rows keep
      // their place. A row failing on its own is pushed back so it cannot hold up the others.
      await manager.query(
        `UPDATE outbox SET attempts = attempts + 1, last_error = left($2, 500),
                available_at = CASE WHEN $3 THEN available_at
                                    ELSE now() + make_interval(secs => least(power(2, attempts), $4)) END
          WHERE id = $1`,
        [rows[i].id, outcome.error, outcome.redisDown, MAX_ROW_BACKOFF_SECONDS],
      );
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`enqueue timed out after ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
