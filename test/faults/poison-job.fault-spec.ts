/**
 * A poison message: a routing job whose data is corrupt fails on every attempt, ends in the failed
 * set (kept for inspection, with its reason) after its attempts, and never holds up the queue:
 * inquiries posted meanwhile are routed. Bull's backoff between attempts is skipped by promoting the
 * delayed job, so the spec does not wait minutes for the exponential delays.
 */
import Queue from 'bull';
import { JOB_OPTIONS, JobName, QueueName } from '../../src/queue/queue.constants';
import { InquiryGenerator } from '../../bench/lib/inquiries';
import { destroyAgent, steadyLoad } from '../../bench/lib/load';
import { Scenario, sleep } from './support';

describe('a corrupt routing job', () => {
  let scenario: Scenario;
  let queue: Queue.Queue | undefined;

  afterAll(async () => {
    destroyAgent();
    await queue?.close();
    await scenario?.stopAll();
  });

  it('fails after its attempts, stays in the failed set and does not block other jobs', async () => {
    scenario = await Scenario.create('poison');
    const api = await scenario.start('api');
    await scenario.start('worker');
    queue = new Queue(QueueName.Routing, scenario.env.redisUrl, { prefix: scenario.env.queuePrefix });
    const options = JOB_OPTIONS[JobName.RouteInquiry];
    const poison = await queue.add(JobName.RouteInquiry, { inquiryId: 'not-a-uuid' }, { ...options, jobId: 'poison-1' });

    const sent = await steadyLoad({ baseUrl: api.baseUrl, ratePerSecond: 10, durationMs: 3000, generator: new InquiryGenerator('poison', 4) });
    const accepted = sent.filter((s) => s.status === 201).map((s) => s.id!);

    const deadline = Date.now() + 60_000;
    let state = await poison.getState();
    while (state !== 'failed' && Date.now() < deadline) {
      if (state === 'delayed') {
        const job = await queue.getJob('poison-1');
        await job?.promote().catch(() => undefined);
      }
      await sleep(200);
      state = await poison.getState();
    }
    const failed = await queue.getJob('poison-1');
    expect(state).toBe('failed');
    expect(failed?.attemptsMade).toBe(options.attempts);
    expect(failed?.failedReason).toBeTruthy();
    expect(await scenario.waitAllRouted(accepted, 60_000)).toEqual([]);
  });
});
