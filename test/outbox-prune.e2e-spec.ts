/**
 * The worker's hourly outbox pruning: published rows older than a week go, in batches; rows
 * published lately and rows never published (however old, or due in the future) stay.
 */
import { OutboxPruneSweeper } from '../src/queue/outbox-prune.sweeper';
import { createTestApp, TestApp } from './setup/test-app';

describe('Outbox pruning', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('deletes only the rows published more than a week ago', async () => {
    await t.db.query(`DELETE FROM outbox`);
    await t.db.query(
      `INSERT INTO outbox (topic, payload, job_id, created_at, available_at, published_at)
       SELECT 'route-inquiry', '{}'::jsonb, 'old-' || g, now() - interval '30 days', now() - interval '30 days',
              now() - interval '8 days'
         FROM generate_series(1, 5007) AS g`,
    );
    await t.db.query(
      `INSERT INTO outbox (topic, payload, job_id, created_at, available_at, published_at) VALUES
         ('route-inquiry', '{}', 'recent', now() - interval '6 days', now() - interval '6 days', now() - interval '6 days'),
         ('route-inquiry', '{}', 'never-published', now() - interval '30 days', now() - interval '30 days', NULL),
         ('check-sla', '{}', 'due-later', now(), now() + interval '3 days', NULL)`,
    );

    // More than one batch of 5,000.
    expect(await new OutboxPruneSweeper(t.db).prune()).toBe(5007);

    const left: Array<{ job_id: string }> = await t.db.query(`SELECT job_id FROM outbox ORDER BY job_id`);
    expect(left.map((r) => r.job_id)).toEqual(['due-later', 'never-published', 'recent']);
    expect(await new OutboxPruneSweeper(t.db).prune()).toBe(0);
  });
});
