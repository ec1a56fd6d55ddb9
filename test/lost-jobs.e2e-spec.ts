/**
 * Mail and webhook deliveries whose job Redis lost (a Redis restarted empty after the relay had
 * handed the job over) are queued again from Postgres, where they wait as `pending`: only those
 * with no job anywhere, and only once. Then, with workers, a lost acknowledgement is really sent.
 */
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { NotificationsService } from '../src/notifications/notifications.service';
import { LostJobsReconciler } from '../src/queue/lost-jobs.reconciler';
import { QueueName } from '../src/queue/queue.constants';
import { WebhooksService } from '../src/webhooks/webhooks.service';
import { createOffice } from './factories';
import { createCase } from './factories/cases';
import { bearer, createTestApp, TestApp } from './setup/test-app';
import { waitFor } from './setup/wait';

jest.setTimeout(60_000);

async function scenario(t: TestApp) {
  const office = await createOffice(t.db);
  const acknowledge = async () => {
    const c = await createCase(t.db, { officeId: office.id });
    const id = await t.db.transaction((m) => t.app.get(NotificationsService).acknowledgeInquiry(m, c.inquiryId, c.id));
    return id as string;
  };
  const [lostMail, queuedMail, freshMail] = [await acknowledge(), await acknowledge(), await acknowledge()];
  await t.http
    .post('/api/v1/webhooks')
    .set(bearer(await t.adminToken()))
    .send({ url: 'http://127.0.0.1:9/hook', events: ['case.assigned'], secret: 'a-webhook-secret-of-32-characters' })
    .expect(201);
  await t.db.transaction((m) => t.app.get(WebhooksService).emit(m, 'case.assigned', { caseId: 'lost' }));
  const [delivery] = await t.db.query(`SELECT id FROM webhook_deliveries WHERE payload->'data'->>'caseId' = 'lost'`);
  // The relay handed every job to Redis, which then lost them — but for one message's, still there.
  await t.db.query(`UPDATE outbox SET published_at = now() WHERE published_at IS NULL`);
  await t.db.query(`UPDATE notifications SET created_at = now() - interval '10 minutes' WHERE id <> $1`, [freshMail]);
  await t.db.query(`UPDATE webhook_deliveries SET created_at = now() - interval '10 minutes'`);
  await t.app
    .get<Queue>(getQueueToken(QueueName.Notifications))
    .add(
      'send-notification',
      { notificationId: queuedMail },
      { jobId: `notification:${queuedMail}`, delay: 3_600_000 },
    );
  return { lostMail, queuedMail, freshMail, lostDelivery: delivery.id as string };
}

const reconcilerOf = (t: TestApp) =>
  new LostJobsReconciler(
    t.db,
    t.app.get<Queue>(getQueueToken(QueueName.Notifications)),
    t.app.get<Queue>(getQueueToken(QueueName.Webhooks)),
  );

describe('mail and webhook jobs Redis lost', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('are queued again from the outbox, only those with no job anywhere, and only once', async () => {
    const s = await scenario(t);
    const reconciler = reconcilerOf(t);
    expect((await reconciler.requeueLost()).sort()).toEqual([s.lostMail, s.lostDelivery].sort());
    const queued = await t.db.query(
      `SELECT topic, payload, job_id FROM outbox WHERE published_at IS NULL ORDER BY topic`,
    );
    expect(queued).toEqual([
      { topic: 'deliver-webhook', payload: { deliveryId: s.lostDelivery }, job_id: `webhook:${s.lostDelivery}` },
      { topic: 'send-notification', payload: { notificationId: s.lostMail }, job_id: `notification:${s.lostMail}` },
    ]);
    // Their new rows wait for the relay: nothing is queued twice.
    expect(await reconciler.requeueLost()).toEqual([]);
  });

  it('looks past any number of older rows still retrying with their job', async () => {
    const [hook] = await t.db.query(`SELECT id FROM webhook_subscriptions LIMIT 1`);
    const insert = (ageMinutes: number) =>
      t.db.query(
        `INSERT INTO webhook_deliveries (subscription_id, event_id, event, payload, created_at)
         SELECT $1, gen_random_uuid(), 'case.assigned', '{"data": {}}', now() - make_interval(mins => $2) - make_interval(secs => g)
           FROM generate_series(1, $3) g RETURNING id`,
        [hook.id, ageMinutes, ageMinutes === 60 ? 450 : 1],
      );
    // 450 deliveries retrying for an hour (their jobs wait in Redis), then one whose job is gone.
    const retrying: Array<{ id: string }> = await insert(60);
    const queue = t.app.get<Queue>(getQueueToken(QueueName.Webhooks));
    await Promise.all(
      retrying.map((d) =>
        queue.add('deliver-webhook', { deliveryId: d.id }, { jobId: `webhook:${d.id}`, delay: 3_600_000 }),
      ),
    );
    const [lost] = await insert(10);
    expect(await reconcilerOf(t).requeueLost()).toEqual([lost.id]);
  });
});

describe('mail Redis lost, with workers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ runWorkers: true, smtpUrl: null });
  });
  afterAll(() => t.close());

  it('is sent once the job is queued again', async () => {
    const office = await createOffice(t.db);
    const c = await createCase(t.db, { officeId: office.id });
    // Written and "handed to Redis" in one transaction, so the running relay never sees the row:
    // the job is lost as when Redis restarts empty.
    const lost = await t.db.transaction(async (m) => {
      const id = await t.app.get(NotificationsService).acknowledgeInquiry(m, c.inquiryId, c.id);
      await m.query(`UPDATE outbox SET published_at = now() WHERE job_id = $1`, [`notification:${id}`]);
      await m.query(`UPDATE notifications SET created_at = now() - interval '10 minutes' WHERE id = $1`, [id]);
      return id as string;
    });
    const status = async () => (await t.db.query(`SELECT status FROM notifications WHERE id = $1`, [lost]))[0].status;
    expect(await status()).toBe('pending');
    expect(await reconcilerOf(t).requeueLost()).toEqual([lost]);
    await waitFor(async () => (await status()) === 'logged', 'the lost message sent');
  });
});
