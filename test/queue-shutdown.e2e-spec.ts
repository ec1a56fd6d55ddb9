/**
 * A stopping worker puts back the jobs it claimed but never started (see QueueShutdownService):
 * exactly the ones locked with its own queue's token, to wait (or to paused while the queue is
 * paused), never a job another worker holds. Real Redis, plain Bull queues on their own prefix.
 */
import Bull, { Queue } from 'bull';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { returnClaimedJobs } from '../src/queue/queue-shutdown.service';

describe('returning claimed jobs at shutdown', () => {
  const url = process.env.ACRM_TEST_REDIS_URL!;
  let redis: Redis;
  let mine: Queue;
  let theirs: Queue;

  beforeEach(async () => {
    const prefix = `qs_${randomBytes(4).toString('hex')}`;
    redis = new Redis(url);
    mine = new Bull('routing', url, { prefix });
    theirs = new Bull('routing', url, { prefix });
    await Promise.all([mine.isReady(), theirs.isReady()]);
  });

  afterEach(async () => {
    await mine.obliterate({ force: true });
    await Promise.all([mine.close(), theirs.close()]);
    redis.disconnect();
  });

  /** Claims the next job the way a worker does (moved to active under the instance's lock). */
  async function claim(queue: Queue): Promise<string> {
    const job = await queue.getNextJob();
    if (!job) throw new Error('nothing to claim');
    return String(job.id);
  }

  it('puts back only the jobs locked by this queue instance, lock removed, next in line', async () => {
    await mine.add({ n: 1 }, { jobId: 'a' });
    await mine.add({ n: 2 }, { jobId: 'b' });
    await mine.add({ n: 3 }, { jobId: 'c' });
    const claimedByMe = await claim(mine);
    const claimedByThem = await claim(theirs);

    expect(await returnClaimedJobs(redis, mine)).toEqual([claimedByMe]);

    expect(await redis.lrange(mine.toKey('active'), 0, -1)).toEqual([claimedByThem]);
    expect(await redis.exists(mine.toKey(`${claimedByMe}:lock`))).toBe(0);
    expect(await redis.exists(mine.toKey(`${claimedByThem}:lock`))).toBe(1);
    // Right end of wait is taken next: the returned job goes before the one never claimed.
    expect(await redis.lrange(mine.toKey('wait'), 0, -1)).toEqual(['c', claimedByMe]);
    expect(await (await mine.getJob(claimedByMe))!.getState()).toBe('waiting');
    expect(String((await theirs.getNextJob())!.id)).toBe(claimedByMe);
  });

  it('returns to paused while the queue is paused, and nothing when it holds no lock', async () => {
    await mine.add({ n: 1 }, { jobId: 'a' });
    const claimed = await claim(mine);
    await mine.pause();

    expect(await returnClaimedJobs(redis, mine)).toEqual([claimed]);
    expect(await redis.lrange(mine.toKey('paused'), 0, -1)).toEqual([claimed]);
    expect(await redis.llen(mine.toKey('active'))).toBe(0);
    expect(await returnClaimedJobs(redis, mine)).toEqual([]);

    await mine.resume();
    expect(await redis.lrange(mine.toKey('wait'), 0, -1)).toEqual([claimed]);
  });
});
