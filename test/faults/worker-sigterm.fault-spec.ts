/**
 * A worker stopped gracefully (SIGTERM) during a burst: jobs in flight finish or go back to the
 * queue, the process exits on its own within the bound, its output has no "Missing lock" or
 * closed-connection errors, and a worker started afterwards routes the rest, each inquiry once.
 */
import { InquiryGenerator } from '../../bench/lib/inquiries';
import { destroyAgent, steadyLoad } from '../../bench/lib/load';
import { matchingLines, Scenario, SHUTDOWN_ERRORS, sleep } from './support';

const EXIT_WITHIN_MS = 20_000;

describe('worker stopped with SIGTERM during a burst', () => {
  let scenario: Scenario;

  afterAll(async () => {
    destroyAgent();
    await scenario?.stopAll();
  });

  it('finishes or returns its jobs, exits in time and cleanly, and nothing is lost', async () => {
    scenario = await Scenario.create('term');
    const api = await scenario.start('api');
    const sent = await steadyLoad({ baseUrl: api.baseUrl, ratePerSecond: 40, durationMs: 3000, generator: new InquiryGenerator('term', 9) });
    const accepted = sent.filter((s) => s.status === 201).map((s) => s.id!);
    expect(accepted).toHaveLength(sent.length);

    const worker = await scenario.start('worker');
    const deadline = Date.now() + 30_000;
    let routed = 0;
    while (Date.now() < deadline) {
      [{ routed }] = await scenario.sql<{ routed: number }>(`SELECT count(*)::int AS routed FROM cases`);
      if (routed >= 10) break;
      await sleep(50);
    }
    expect(routed).toBeLessThan(accepted.length);

    const exit = await worker.stop('SIGTERM', EXIT_WITHIN_MS);
    expect(exit.timedOut).toBe(false);
    expect(exit.afterMs).toBeLessThan(EXIT_WITHIN_MS);
    expect(matchingLines(worker.logs, SHUTDOWN_ERRORS)).toEqual([]);
    // In-flight jobs finished or went back to the queue: none is left active (locked by a dead worker).
    const leftActive = await scenario.routingListLength('active');

    const next = await scenario.start('worker');
    // Generous: a job left active would only come back after its lock expires (30 s) and a stalled check runs.
    const missing = await scenario.waitAllRouted(accepted, 90_000);
    const states = await scenario.routingJobStates(missing.map((m) => m.id));
    expect({ leftActive, missing, states }).toEqual({ leftActive: 0, missing: [], states: {} });
    expect(await scenario.pendingOutbox()).toBe(0);
    expect(matchingLines(next.logs, SHUTDOWN_ERRORS)).toEqual([]);
  });
});
