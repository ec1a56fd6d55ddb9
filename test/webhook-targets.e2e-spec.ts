/**
 * Webhook target URLs that pass validation but that the WHATWG URL parser (what delivery connects
 * with) refuses: an IPv6 zone id, a malformed punycode label, U+FFFD in the host. Refused with a
 * 400 naming url at creation, and one stored earlier ends `failed` instead of pending for ever.
 */
import { JOB_OPTIONS, JobName } from '../src/queue/queue.constants';
import { WebhooksService } from '../src/webhooks/webhooks.service';
import { bearer, createTestApp, TestApp } from './setup/test-app';
import { waitFor } from './setup/wait';

jest.setTimeout(60_000);

// Three quick tries, so the last attempt comes within the test's patience.
JOB_OPTIONS[JobName.DeliverWebhook] = {
  ...JOB_OPTIONS[JobName.DeliverWebhook],
  attempts: 3,
  backoff: { type: 'exponential', delay: 100 },
};

const SECRET = 'a-shared-secret-of-32-characters';
const UNPARSABLE = ['http://[fe80::1%25eth0]/hook', 'http://xn--a.example/hook', 'http://\ufffd.example/hook'];

describe.each([false, true])('webhook urls the URL parser refuses (private addresses allowed: %s)', (allow) => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp({ runWorkers: true, allowPrivateWebhookUrls: allow });
    admin = await t.adminToken();
  });
  afterAll(async () => t.close());

  it.each(UNPARSABLE)('refuses %s with a 400 naming url', async (url) => {
    const res = await t.http
      .post('/api/v1/webhooks')
      .set(bearer(admin))
      .send({ url, events: ['case.assigned'], secret: SECRET });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'url', message: expect.any(String) }]);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM webhook_subscriptions`))[0].n).toBe(0);
  });

  it('ends a delivery to such a url stored earlier as failed, with the reason, after its retries', async () => {
    const [hook]: Array<{ id: string }> = await t.db.query(
      `INSERT INTO webhook_subscriptions (url, events, secret) VALUES ($1, '{case.assigned}', $2) RETURNING id`,
      [UNPARSABLE[0], SECRET],
    );
    await t.db.transaction((m) => t.app.get(WebhooksService).emit(m, 'case.assigned', { caseId: 'c-1' }));
    const delivery = await waitFor(async () => {
      const [row]: Array<{ status: string; attempts: number; last_error: string | null }> = await t.db.query(
        `SELECT status, attempts, last_error FROM webhook_deliveries WHERE subscription_id = $1`,
        [hook.id],
      );
      return row?.status === 'failed' ? row : null;
    }, 'the delivery to end failed');
    expect(delivery.attempts).toBe(3);
    expect(delivery.last_error).toMatch(/URL/);
  });
});

describe('webhook targets behind a local NAT64 translator', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp({ allowPrivateWebhookUrls: false });
    admin = await t.adminToken();
  });
  afterAll(async () => t.close());

  // RFC 8215's local-use prefix: a translator inside the network maps it onto private IPv4 (here 10.0.0.1, 127.0.0.1).
  it.each(['http://[64:ff9b:1::a00:1]/hook', 'http://[64:ff9b:1:7f00:0:100::]/hook'])(
    'refuses %s as private',
    async (url) => {
      const res = await t.http
        .post('/api/v1/webhooks')
        .set(bearer(admin))
        .send({ url, events: ['case.assigned'], secret: SECRET })
        .expect(400);
      expect(res.body).toMatchObject({ code: 'webhook.private_url', errors: [{ field: 'url' }] });
    },
  );
});
