/**
 * How a worker stops (worker processes only): first the outbox relay, so nothing new is enqueued;
 * then each queue closes, which lets the jobs being processed finish; then every job this process
 * had claimed but not started goes back to the queue. All of it before the data source and the
 * Redis clients close (they close in onApplicationShutdown).
 *
 * Why the last step: Bull 4 completes a job and claims the next one in one script. When the queue
 * starts closing while that script runs, the claimed job is dropped, not processed: it stays in
 * `active` under this process's lock until the lock expires (30 s) and another worker's stalled
 * check puts it back, up to a minute later. Every lock Bull takes holds the queue's token, and once
 * the queue is closed nothing of this process runs, so a job still locked with that token is
 * exactly a claimed job nobody will work on.
 */
import { getQueueToken } from '@nestjs/bull';
import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bull';
import type Redis from 'ioredis';
import { OutboxRelayService } from './outbox-relay.service';
import { QueueName } from './queue.constants';
import { RedisService } from './redis.service';

/**
 * KEYS: active, wait, paused, meta-paused. ARGV: the queue's token, the job key prefix (`<prefix>:<queue>:`).
 * Like Bull's own stalled-job script: back to the right end of wait (taken next), or of paused
 * while the queue is paused globally. Returns the ids put back.
 */
const RETURN_CLAIMED = `
local returned = {}
for _, id in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
  local lockKey = ARGV[2] .. id .. ':lock'
  if redis.call('GET', lockKey) == ARGV[1] then
    redis.call('DEL', lockKey)
    redis.call('LREM', KEYS[1], 1, id)
    local target = KEYS[2]
    if redis.call('EXISTS', KEYS[4]) == 1 then target = KEYS[3] end
    redis.call('RPUSH', target, id)
    table.insert(returned, id)
  end
end
return returned`;

@Injectable()
export class QueueShutdownService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(QueueShutdownService.name);
  private readonly queues: Queue[];

  constructor(
    private readonly relay: OutboxRelayService,
    private readonly redis: RedisService,
    moduleRef: ModuleRef,
  ) {
    this.queues = Object.values(QueueName).map((name) => moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await Promise.all(this.queues.map((queue) => this.closeQueue(queue)));
  }

  private async closeQueue(queue: Queue): Promise<void> {
    await queue.close();
    try {
      const returned = await returnClaimedJobs(this.redis.client, queue);
      if (returned.length)
        this.logger.log({ queue: queue.name, jobIds: returned }, 'returned claimed jobs to the queue');
    } catch (error) {
      // Redis unreachable: the locks expire and the next worker's stalled check returns the jobs.
      this.logger.warn({ err: error, queue: queue.name }, 'could not return claimed jobs; stalled checks will');
    }
  }
}

/** Puts back the jobs `queue` holds the lock of; only safe once that instance processes nothing. */
export async function returnClaimedJobs(client: Redis, queue: Queue): Promise<string[]> {
  // `token` is the value of every lock this queue instance takes (Bull 4; not in its typings).
  const { token } = queue as unknown as { token: string };
  const keys = ['active', 'wait', 'paused', 'meta-paused'].map((type) => queue.toKey(type));
  return (await client.eval(RETURN_CLAIMED, keys.length, ...keys, token, queue.toKey(''))) as string[];
}
