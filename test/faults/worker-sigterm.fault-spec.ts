/**
 * A worker stopped gracefully (SIGTERM) during a burst: jobs in flight finish or go back to the
 * queue, the process exits on its own within the bound, its output has no "Missing lock" or
 * closed-connection errors, and a worker started afterwards routes the rest, each inquiry once.
 */
import { destroyAgent } from '../../bench/lib/load';
import { matchingLines, Scenario, SHUTDOWN_ERRORS } from './support';

const EXIT_WITHIN_MS = 20_000;

describe('worker stopped with SIGTERM during a burst', () => {
  let scenario: Scenario;

  afterAll(async () => {
    destroyAgent();
    await scenario?.stopAll();
  });

  it('finishes or returns its jobs, exits in time and cleanly, and nothing is lost', async () => {
    scenario = await Scenario.create('term');
    const { accepted, sent, worker, routed } = await scenario.burstThenWorker({ tag: 'term', seed: 9, durationMs: 3000, routedAtLeast: 10 });
    expect(accepted).toHaveLength(sent);
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
    expect(await scenario.waitOutboxDrained()).toBe(0);
    expect(matchingLines(next.logs, SHUTDOWN_ERRORS)).toEqual([]);
  });
});
