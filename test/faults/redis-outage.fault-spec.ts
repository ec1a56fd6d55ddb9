/**
 * Redis down under load: intake at a steady rate while Redis is stopped (SIGKILL) for 20 s and
 * started again. Every inquiry answered 201 must end routed exactly once, no request may have
 * waited on Redis (intake latency during the outage stays low), and the outbox must drain.
 */
import { InquiryGenerator } from '../../bench/lib/inquiries';
import { destroyAgent, Sent, steadyLoad } from '../../bench/lib/load';
import { summarize } from '../../bench/lib/stats';
import { Scenario, sleep } from './support';

const RATE = 10;
const LOAD_MS = 40_000;
const OUTAGE_FROM_MS = 8_000;
const OUTAGE_MS = 20_000;

describe('Redis stopped for 20 s under steady intake', () => {
  let scenario: Scenario;

  afterAll(async () => {
    destroyAgent();
    await scenario?.stopAll();
  });

  it('answers every request quickly, loses nothing, routes each inquiry once and drains the outbox', async () => {
    scenario = await Scenario.create('redis');
    const api = await scenario.start('api');
    const worker = await scenario.start('worker');

    const outage: { done: Promise<void> | null } = { done: null };
    let downAt = 0;
    let upAt = 0;
    const sent: Sent[] = await steadyLoad({
      baseUrl: api.baseUrl,
      ratePerSecond: RATE,
      durationMs: LOAD_MS,
      generator: new InquiryGenerator('redis-outage', 21),
      onTick: (elapsed) => {
        if (outage.done || elapsed < OUTAGE_FROM_MS) return;
        outage.done = (async () => {
          await scenario.redis.stop();
          downAt = Date.now();
          await sleep(OUTAGE_MS);
          await scenario.redis.start();
          upAt = Date.now();
        })();
      },
    });
    await outage.done;

    const accepted = sent.filter((s) => s.status === 201).map((s) => s.id!);
    const during = sent.filter((s) => s.dueAt >= downAt && s.dueAt < upAt);
    const duringLatency = summarize(during.map((s) => s.doneAt - s.dueAt));
    const statuses = [...new Set(sent.map((s) => s.status))];

    // Every request was answered 201, during the outage too, without waiting on Redis.
    expect(statuses).toEqual([201]);
    expect(during.length).toBeGreaterThanOrEqual(RATE * (OUTAGE_MS / 1000) * 0.9);
    expect(duringLatency.p99).toBeLessThan(1500);

    // Once Redis is back, every accepted inquiry is routed exactly once and the outbox drains.
    const missing = await scenario.waitAllRouted(accepted, 90_000);
    expect(missing).toEqual([]);
    expect(await scenario.waitOutboxDrained()).toBe(0);
    const [{ received }] = await scenario.sql<{ received: number }>(
      `SELECT count(*)::int AS received FROM inquiries WHERE id = ANY($1::uuid[]) AND status <> 'routed'`,
      [accepted],
    );
    expect(received).toBe(0);
    expect(worker.hasExited).toBe(false);
    expect(api.hasExited).toBe(false);
  });
});
