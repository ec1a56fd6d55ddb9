/**
 * Webhooks end to end, with workers: subscriptions (admins only, secret write-only, audit), a
 * signed delivery to a local receiver retried after it fails twice, the delivery log, events a
 * subscription did not ask for, deletion, and private targets refused when not allowed.
 */
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { JOB_OPTIONS, JobName } from '../src/queue/queue.constants';
import { SlaService } from '../src/sla/sla.service';
import { verifyWebhookSignature } from '../src/webhooks/webhook-signature';
import { WebhooksService } from '../src/webhooks/webhooks.service';
import { createOffice, createUser } from './factories';
import { inquiryBody } from './factories/inquiries';
import { createCase } from './factories/pipeline';
import { bearer, createTestApp, TestApp } from './setup/test-app';
import { waitFor } from './setup/wait';

jest.setTimeout(60_000);

// Retries within the test's patience: the relay reads the table when it enqueues.
JOB_OPTIONS[JobName.DeliverWebhook] = {
  ...JOB_OPTIONS[JobName.DeliverWebhook],
  backoff: { type: 'exponential', delay: 100 },
};

const SECRET = 'a-shared-secret-of-32-characters';

interface Hit {
  raw: string;
  headers: IncomingHttpHeaders;
}

/** A receiver on 127.0.0.1 that answers 500 to the first `failures` requests, then 200. */
function startReceiver(failures: number): Promise<{ server: Server; url: string; hits: Hit[] }> {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ raw: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      res.statusCode = hits.length <= failures ? 500 : 200;
      res.end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, hits }),
    ),
  );
}

describe('webhooks', () => {
  let t: TestApp;
  let admin: string;
  let webhooks: WebhooksService;

  beforeAll(async () => {
    t = await createTestApp({ runWorkers: true, allowPrivateWebhookUrls: true });
    admin = await t.adminToken();
    webhooks = t.app.get(WebhooksService);
  });
  afterAll(async () => t.close());

  const subscribe = async (url: string, events: string[]) =>
    (await t.http.post('/api/v1/webhooks').set(bearer(admin)).send({ url, events, secret: SECRET }).expect(201))
      .body as { id: string };

  it('creates, lists, reads and deletes subscriptions; the secret is never returned; both writes are audited', async () => {
    const created = await t.http
      .post('/api/v1/webhooks')
      .set(bearer(admin))
      .send({
        url: 'https://hooks.integrator.example/acrm',
        events: ['case.assigned', 'inquiry.received'],
        secret: SECRET,
      })
      .expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      url: 'https://hooks.integrator.example/acrm',
      events: ['case.assigned', 'inquiry.received'],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const id = created.body.id as string;
    const list = await t.http.get('/api/v1/webhooks').set(bearer(admin)).expect(200);
    expect(list.body.data.map((w: { id: string }) => w.id)).toContain(id);
    expect(JSON.stringify(list.body)).not.toContain(SECRET);
    expect(
      JSON.stringify((await t.http.get(`/api/v1/webhooks/${id}`).set(bearer(admin)).expect(200)).body),
    ).not.toContain(SECRET);

    await t.http.delete(`/api/v1/webhooks/${id}`).set(bearer(admin)).expect(204);
    await t.http.get(`/api/v1/webhooks/${id}`).set(bearer(admin)).expect(404);
    // The delivery log stays readable after the subscription is gone.
    await t.http.get(`/api/v1/webhooks/${id}/deliveries`).set(bearer(admin)).expect(200);
    await t.http.get(`/api/v1/webhooks/00000000-0000-4000-8000-000000000000/deliveries`).set(bearer(admin)).expect(404);
    await t.http.delete(`/api/v1/webhooks/${id}`).set(bearer(admin)).expect(404);
    const audit: Array<{ action: string; after: unknown; before: unknown }> = await t.db.query(
      `SELECT action, before, after FROM audit_entries WHERE entity = 'webhook' AND entity_id = $1 ORDER BY id`,
      [id],
    );
    expect(audit.map((a) => a.action)).toEqual(['webhook.created', 'webhook.deleted']);
    expect(JSON.stringify(audit)).not.toContain(SECRET);
  });

  it('validates url, events and secret, naming every field', async () => {
    const res = await t.http
      .post('/api/v1/webhooks')
      .set(bearer(admin))
      .send({ url: 'ftp://example.com/x', events: ['case.deleted'], secret: 'short', extra: 1 })
      .expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
      'events',
      'extra',
      'secret',
      'url',
    ]);
    const empty = await t.http
      .post('/api/v1/webhooks')
      .set(bearer(admin))
      .send({ url: 'https://example.com', events: [], secret: SECRET })
      .expect(400);
    expect(empty.body.errors.map((e: { field: string }) => e.field)).toEqual(['events']);
    const credentials = await t.http
      .post('/api/v1/webhooks')
      .set(bearer(admin))
      .send({ url: 'https://user:pass@hooks.partner.example/acrm', events: ['case.assigned'], secret: SECRET })
      .expect(400);
    expect(credentials.body.errors).toEqual([
      { field: 'url', message: 'must be an http(s) URL without a user name or password' },
    ]);
  });

  it('is for admins only', async () => {
    const office = await createOffice(t.db);
    const hook = await subscribe('https://example.com/hook', ['case.assigned']);
    for (const role of ['consultant', 'manager'] as const) {
      const user = await createUser(t.db, { role, officeId: office.id });
      const { accessToken } = await t.login(user.email, user.password);
      await t.http.get('/api/v1/webhooks').set(bearer(accessToken)).expect(403);
      await t.http
        .post('/api/v1/webhooks')
        .set(bearer(accessToken))
        .send({ url: 'https://example.com', events: ['case.assigned'], secret: SECRET })
        .expect(403);
      await t.http.delete(`/api/v1/webhooks/${hook.id}`).set(bearer(accessToken)).expect(403);
      await t.http.get(`/api/v1/webhooks/${hook.id}/deliveries`).set(bearer(accessToken)).expect(403);
    }
    await t.http.get('/api/v1/webhooks').expect(401);
  });

  it('delivers a signed event, retried with backoff after the receiver fails twice, and logs every attempt', async () => {
    const receiver = await startReceiver(2);
    try {
      const hook = await subscribe(receiver.url, ['case.sla_breached']);
      const other = await subscribe(receiver.url.replace('/hooks', '/other'), ['inquiry.received']);
      // A real producer: an SLA breach emits case.sla_breached.
      const office = await createOffice(t.db);
      const consultant = await createUser(t.db, { officeId: office.id });
      const c = await createCase(t.db, {
        officeId: office.id,
        consultantId: consultant.id,
        firstResponseDueAt: new Date(Date.now() - 1000),
      });
      expect(await t.app.get(SlaService).checkCase(c.caseId, new Date())).toBe('breached');

      await waitFor(async () => receiver.hits.length >= 3, 'three delivery attempts');
      const eventIds = new Set(receiver.hits.map((h) => h.headers['x-event-id']));
      expect(eventIds.size).toBe(1);
      for (const [i, hit] of receiver.hits.entries()) {
        expect(hit.headers['content-type']).toBe('application/json');
        expect(verifyWebhookSignature(SECRET, hit.raw, hit.headers['x-signature'] as string)).toBe(true);
        expect(hit.headers['x-webhook-id']).toBe(hook.id);
        expect(hit.headers['x-delivery-attempt']).toBe(String(i + 1));
      }
      const body = JSON.parse(receiver.hits[2].raw);
      expect(body).toEqual({
        id: [...eventIds][0],
        event: 'case.sla_breached',
        createdAt: expect.any(String),
        data: {
          caseId: c.caseId,
          reference: c.reference,
          officeId: office.id,
          consultantId: consultant.id,
          firstResponseDueAt: expect.any(String),
        },
      });
      expect(JSON.stringify(body)).not.toMatch(/@|Investor/);

      const log = await waitFor(async () => {
        const res = await t.http.get(`/api/v1/webhooks/${hook.id}/deliveries`).set(bearer(admin)).expect(200);
        return res.body.data[0]?.status === 'delivered' ? res.body : null;
      }, 'the delivery log');
      expect(log.total).toBe(1);
      expect(log.data[0]).toMatchObject({
        webhookId: hook.id,
        eventId: body.id,
        event: 'case.sla_breached',
        attempts: 3,
        lastStatusCode: 200,
        lastError: null,
        payload: body,
      });
      expect(receiver.hits).toHaveLength(3);
      // The subscription that did not ask for this event got nothing.
      const none = await t.http.get(`/api/v1/webhooks/${other.id}/deliveries`).set(bearer(admin)).expect(200);
      expect(none.body.total).toBe(0);

      // The receiver lost it: an admin delivers it again, same body and event id, newly signed.
      const deliveryId = log.data[0].id as string;
      const again = await t.http
        .post(`/api/v1/webhooks/${hook.id}/deliveries/${deliveryId}/redeliver`)
        .set(bearer(admin))
        .expect(200);
      expect(again.body).toMatchObject({ id: deliveryId, status: 'pending' });
      await waitFor(async () => receiver.hits.length >= 4, 'the delivery made again');
      expect(receiver.hits[3].raw).toBe(receiver.hits[2].raw);
      expect(
        verifyWebhookSignature(SECRET, receiver.hits[3].raw, receiver.hits[3].headers['x-signature'] as string),
      ).toBe(true);
      await waitFor(async () => {
        const res = await t.http.get(`/api/v1/webhooks/${hook.id}/deliveries`).set(bearer(admin)).expect(200);
        return res.body.data[0]?.status === 'delivered';
      }, 'delivered again');
      // Not another webhook's delivery, not an unknown one; not for consultants.
      await t.http
        .post(`/api/v1/webhooks/${other.id}/deliveries/${deliveryId}/redeliver`)
        .set(bearer(admin))
        .expect(404);
      await t.http
        .post(`/api/v1/webhooks/${hook.id}/deliveries/00000000-0000-4000-8000-000000000000/redeliver`)
        .set(bearer(admin))
        .expect(404);
      const [audit] = await t.db.query(
        `SELECT after FROM audit_entries WHERE action = 'webhook.redelivered' AND entity_id = $1`,
        [hook.id],
      );
      expect(audit.after).toEqual({ deliveryId, status: 'pending' });
    } finally {
      receiver.server.close();
    }
  });

  it('sends inquiry.received for a genuine inquiry and a repeat, and for spam only once a person releases it', async () => {
    const receiver = await startReceiver(0);
    try {
      const hook = await subscribe(receiver.url, ['inquiry.received']);
      const payloads = async (): Promise<Array<{ event: string; data: Record<string, unknown> }>> =>
        (
          await t.http.get(`/api/v1/webhooks/${hook.id}/deliveries`).query({ pageSize: 100 }).set(bearer(admin))
        ).body.data
          .map((d: { payload: { event: string; data: Record<string, unknown> } }) => d.payload)
          .reverse();
      const post = async (body: object) =>
        (await t.http.post('/api/v1/inquiries').send(body).expect(201)).body as { id: string; reference: string };

      const first = inquiryBody({ fullName: 'Anna Volkova', company: 'Uralmash LLC' });
      const genuine = await post(first);
      const repeat = await post({ ...first });
      const spam = await post(inquiryBody({ website: 'https://cheap.example' }));
      await waitFor(async () => (await payloads()).length >= 2, 'two inquiry.received deliveries');
      let got = await payloads();
      expect(got).toEqual([
        expect.objectContaining({
          event: 'inquiry.received',
          data: {
            inquiryId: genuine.id,
            reference: genuine.reference,
            status: 'received',
            duplicateOfId: null,
            originCountry: 'RU',
            targetCountry: 'CN',
            serviceLines: ['bank_account'],
            source: 'website',
            receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          },
        }),
        expect.objectContaining({
          data: expect.objectContaining({ inquiryId: repeat.id, status: 'duplicate', duplicateOfId: genuine.id }),
        }),
      ]);
      // Ids and codes only: nothing of the investor's name, address or company.
      expect(JSON.stringify(got)).not.toMatch(/@|Anna|Volkova|Uralmash/);
      await waitFor(async () => receiver.hits.length >= 2, 'both delivered');
      expect(receiver.hits.map((h) => JSON.parse(h.raw).data.inquiryId)).toEqual(
        expect.arrayContaining([genuine.id, repeat.id]),
      );

      await t.http.post(`/api/v1/inquiries/${spam.id}/release`).set(bearer(admin)).expect(200);
      await waitFor(async () => (await payloads()).length >= 3, 'the released inquiry');
      got = await payloads();
      expect(got).toHaveLength(3);
      expect(got[2].data).toMatchObject({ inquiryId: spam.id, reference: spam.reference, status: 'received' });
    } finally {
      receiver.server.close();
    }
  });

  it('gives every case.assigned one shape, and a reopened case’s stage change its holder after the move', async () => {
    // The only office in Mongolia, for an inquiry about Mongolia: routing cannot pick another one.
    const office = await createOffice(t.db, { countryCode: 'MN', coverageCities: [], serviceLines: ['bank_account'] });
    const consultant = await createUser(t.db, { officeId: office.id, serviceLines: ['bank_account'] });
    await subscribe('http://127.0.0.1:9/closed', ['case.assigned', 'case.stage_changed']);
    const inquiry = await t.http
      .post('/api/v1/inquiries')
      .send(
        inquiryBody({
          targetCountry: 'MN',
          targetCity: undefined,
          message: 'We need a corporate bank account for our Mongolian subsidiary.',
        }),
      )
      .expect(201);
    const routed = await waitFor(async () => {
      const [row] = await t.db.query(`SELECT id, reference FROM cases WHERE inquiry_id = $1`, [inquiry.body.id]);
      return row as { id: string; reference: string } | undefined;
    }, 'the case');
    type Payload = { data: Record<string, unknown>; createdAt: string };
    const payloads = async (event: string): Promise<Payload[]> => {
      const rows: Array<{ payload: Payload }> = await t.db.query(
        `SELECT DISTINCT ON (event_id) payload FROM webhook_deliveries
          WHERE event = $1 AND payload->'data'->>'caseId' = $2 ORDER BY event_id, created_at`,
        [event, routed.id],
      );
      return rows.map((r) => r.payload);
    };
    expect((await payloads('case.assigned')).map((p) => p.data)).toEqual([
      {
        caseId: routed.id,
        reference: routed.reference,
        inquiryId: inquiry.body.id,
        officeId: office.id,
        consultantId: consultant.id,
        previousOfficeId: null,
        previousConsultantId: null,
        reason: 'routing',
        strategy: expect.any(String),
      },
    ]);

    // Lost, its consultant leaves the firm, a manager reopens it: it goes to the queue.
    const version = async () =>
      (await t.http.get(`/api/v1/cases/${routed.id}`).set(bearer(admin)).expect(200)).body.version as number;
    await t.http
      .post(`/api/v1/cases/${routed.id}/stage`)
      .set(bearer(admin))
      .send({ stage: 'lost', lostReason: 'timing', version: await version() })
      .expect(200);
    await t.http.delete(`/api/v1/consultants/${consultant.id}`).set(bearer(admin)).expect(200);
    await t.http
      .post(`/api/v1/cases/${routed.id}/stage`)
      .set(bearer(admin))
      .send({ stage: 'new', reason: 'they wrote again', version: await version() })
      .expect(200);
    const changes = (await payloads('case.stage_changed')).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    expect(changes.map((p) => [p.data.toStage, p.data.consultantId])).toEqual([
      ['lost', consultant.id],
      ['new', null],
    ]);
    const requeued = (await payloads('case.assigned')).map((p) => p.data).find((d) => d.reason !== 'routing');
    expect(requeued).toEqual({
      caseId: routed.id,
      reference: routed.reference,
      officeId: office.id,
      consultantId: null,
      previousOfficeId: office.id,
      previousConsultantId: consultant.id,
      reason: 'hand_over',
    });
  });

  it('records a failing receiver and cancels deliveries of a deleted subscription', async () => {
    const hook = await subscribe('http://127.0.0.1:9/closed-port', ['case.stage_changed']);
    await t.db.transaction((m) =>
      webhooks.emit(m, 'case.stage_changed', { caseId: 'c-1', fromStage: 'new', toStage: 'contacted' }),
    );
    const failing = await waitFor(async () => {
      const res = await t.http
        .get(`/api/v1/webhooks/${hook.id}/deliveries?status=pending`)
        .set(bearer(admin))
        .expect(200);
      return res.body.data[0]?.attempts >= 2 ? res.body.data[0] : null;
    }, 'failed attempts');
    expect(failing.lastError).toMatch(/ECONNREFUSED/);
    expect(failing.lastStatusCode).toBeNull();

    await t.http.delete(`/api/v1/webhooks/${hook.id}`).set(bearer(admin)).expect(204);
    await waitFor(async () => {
      const [row] = await t.db.query(`SELECT status FROM webhook_deliveries WHERE id = $1`, [failing.id]);
      return row.status === 'cancelled';
    }, 'the cancellation');
  });
});

describe('webhook targets when private addresses are not allowed', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp({ runWorkers: true, allowPrivateWebhookUrls: false });
    admin = await t.adminToken();
  });
  afterAll(async () => t.close());

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://[::1]/hook',
    'http://10.1.2.3/hook',
    'http://192.168.0.10/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://[fe80::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
  ])('refuses %s with a 400 naming url', async (url) => {
    const res = await t.http
      .post('/api/v1/webhooks')
      .set(bearer(admin))
      .send({ url, events: ['case.assigned'], secret: SECRET })
      .expect(400);
    expect(res.body).toMatchObject({ code: 'webhook.private_url', errors: [{ field: 'url' }] });
    expect((await t.db.query(`SELECT count(*)::int AS n FROM webhook_subscriptions`))[0].n).toBe(0);
  });

  it('checks the address again at delivery: a private target stored earlier is never called', async () => {
    const receiver = await startReceiver(0);
    try {
      // As if the setting had been on when they were created, or their DNS answer changed since.
      const hooks: Array<{ id: string }> = await t.db.query(
        `INSERT INTO webhook_subscriptions (url, events, secret) VALUES ($1, '{case.assigned}', $3), ($2, '{case.assigned}', $3) RETURNING id`,
        [receiver.url, receiver.url.replace('127.0.0.1', 'localhost'), SECRET],
      );
      await t.db.transaction((m) => t.app.get(WebhooksService).emit(m, 'case.assigned', { caseId: 'c-2' }));
      const deliveries = await waitFor(async () => {
        const rows: Array<{ attempts: number; last_error: string }> = await t.db.query(
          `SELECT attempts, last_error FROM webhook_deliveries WHERE subscription_id = ANY($1::uuid[])`,
          [hooks.map((h) => h.id)],
        );
        return rows.length === 2 && rows.every((r) => r.attempts >= 1) ? rows : null;
      }, 'the refused attempts');
      for (const d of deliveries) expect(d.last_error).toMatch(/EBLOCKED/);
      expect(receiver.hits).toHaveLength(0);
    } finally {
      receiver.server.close();
    }
  });

  it('accepts a public address', async () => {
    await t.http
      .post('/api/v1/webhooks')
      .set(bearer(admin))
      .send({ url: 'https://1.1.1.1/hook', events: ['case.assigned'], secret: SECRET })
      .expect(201);
  });
});
