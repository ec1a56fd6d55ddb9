/**
 * A worker killed with SIGKILL while it is routing: its active jobs are left locked in Redis and its
 * transactions cut off. After a new worker starts (Bull hands stalled jobs out again), each inquiry
 * must have exactly one case and exactly one acknowledgement to the investor.
 */
import { destroyAgent } from '../../bench/lib/load';
import { Scenario } from './support';

describe('worker killed with SIGKILL mid-job', () => {
  let scenario: Scenario;

  afterAll(async () => {
    destroyAgent();
    await scenario?.stopAll();
  });

  it('leaves every inquiry with exactly one case and one acknowledgement after a restart', async () => {
    scenario = await Scenario.create('kill');
    // Inquiries wait in the outbox, then a worker starts on the whole batch.
    const { accepted, sent, worker: first, routed } = await scenario.burstThenWorker({ tag: 'kill', seed: 5, durationMs: 2000, routedAtLeast: 10 });
    expect(accepted).toHaveLength(sent);
    expect(routed).toBeGreaterThanOrEqual(10);
    expect(routed).toBeLessThan(accepted.length);
    const killed = await first.stop('SIGKILL');
    expect(killed.signal).toBe('SIGKILL');

    await scenario.start('worker');
    // Jobs the killed worker held come back once their lock expires and Bull's stalled check runs.
    const missing = await scenario.waitAllRouted(accepted, 100_000);
    expect(missing).toEqual([]);

    const acks = await scenario.sql<{ inquiry_id: string; n: number }>(
      `SELECT i.id AS inquiry_id,
              (SELECT count(*)::int FROM notifications n WHERE n.inquiry_id = i.id AND n.template = 'inquiry_acknowledgement') AS n
         FROM unnest($1::uuid[]) AS i(id)`,
      [accepted],
    );
    expect(acks.filter((a) => a.n !== 1)).toEqual([]);
    const [{ decisions }] = await scenario.sql<{ decisions: number }>(
      `SELECT count(*)::int AS decisions FROM routing_decisions WHERE inquiry_id = ANY($1::uuid[])`,
      [accepted],
    );
    expect(decisions).toBe(accepted.length);
  });
});
