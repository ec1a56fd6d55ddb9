/**
 * Personal data, end to end with workers: an investor submits two inquiries through the public API
 * (one a honeypot spam), routing makes a case, staff write about them, mail and webhooks go out.
 * The export returns all of it; the erasure leaves no trace of their email, name, phone, message,
 * browser or idempotency key in any text column of any table nor in any Redis key, while the case
 * keeps its facts for reports. Also: who may export and erase, idempotency, cancelled mail.
 */
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { NotificationsService } from '../src/notifications/notifications.service';
import { QueueName } from '../src/queue/queue.constants';
import { createOffice, createUser, OfficeRow, UserRow } from './factories';
import { createCase } from './factories/cases';
import { inquiryBody } from './factories/inquiries';
import { mintToken, scanDatabase, scanRedis } from './factories/security';
import { waitFor } from './setup/wait';
import { bearer, createTestApp, TestApp } from './setup/test-app';

jest.setTimeout(120_000);

const tag = randomBytes(4).toString('hex');
const person = {
  fullName: `Ivan Erasov ${tag}`,
  email: `ivan.erasov.${tag}@gmail.com`,
  phone: '+7 916 555-12-34',
  e164: '+79165551234',
  message: `Please open a corporate bank account in Shanghai for our steel trading, reference note ${tag}.`,
  userAgent: `PrivacyTestBrowser/${tag}`,
  idempotencyKey: `idem-${tag}`,
};
const NEEDLES = [
  person.email,
  person.fullName,
  person.e164,
  `reference note ${tag}`,
  person.userAgent,
  person.idempotencyKey,
];

describe('personal data: export and erasure with workers', () => {
  let t: TestApp;
  let admin: string;
  let office: OfficeRow;
  let manager: UserRow;
  let managerToken: string;
  let otherManagerToken: string;
  let consultantToken: string;
  let contactId: string;
  let consultantId: string;
  let caseId: string;
  let caseBefore: Record<string, unknown>;
  let receiver: Server;
  const received: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ runWorkers: true, allowPrivateWebhookUrls: true });
    admin = await t.adminToken();
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push(body);
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    await t.http
      .post('/api/v1/webhooks')
      .set(bearer(admin))
      .send({
        url,
        events: ['inquiry.received', 'case.assigned', 'case.stage_changed', 'case.sla_breached'],
        secret: 'a-webhook-secret-of-32-characters',
      })
      .expect(201);

    office = await createOffice(t.db, {
      isDefault: true,
      languages: ['en', 'ru', 'zh'],
      serviceLines: ['bank_account', 'company_formation', 'tax'],
    });
    const consultant = await createUser(t.db, {
      officeId: office.id,
      languages: ['ru', 'en'],
      serviceLines: ['bank_account'],
    });
    consultantId = consultant.id;
    manager = await createUser(t.db, { officeId: office.id, role: 'manager', languages: ['en'], capacity: 0 });
    const otherOffice = await createOffice(t.db, { city: 'Moscow', countryCode: 'RU', timezone: 'Europe/Moscow' });
    const otherManager = await createUser(t.db, { officeId: otherOffice.id, role: 'manager' });
    managerToken = mintToken(t, { id: manager.id, role: 'manager', officeId: office.id });
    otherManagerToken = mintToken(t, { id: otherManager.id, role: 'manager', officeId: otherOffice.id });
    consultantToken = mintToken(t, { id: consultant.id, role: 'consultant', officeId: office.id });

    const submitted = await t.http
      .post('/api/v1/inquiries')
      .set('User-Agent', person.userAgent)
      .set('Idempotency-Key', person.idempotencyKey)
      .send(
        inquiryBody({ fullName: person.fullName, email: person.email, phone: person.phone, message: person.message }),
      )
      .expect(201);
    await t.http
      .post('/api/v1/inquiries')
      .set('User-Agent', person.userAgent)
      .send(
        inquiryBody({
          fullName: person.fullName,
          email: person.email,
          message: `${person.message} (again)`,
          website: 'http://spam.example',
        }),
      )
      .expect(201);

    const routed = await waitFor(async () => {
      const rows: Array<{ id: string; contact_id: string }> = await t.db.query(
        `SELECT c.id, c.contact_id FROM cases c WHERE c.inquiry_id = $1`,
        [submitted.body.id],
      );
      return rows[0];
    }, 'the inquiry routed');
    caseId = routed.id;
    contactId = routed.contact_id;

    // Staff write about the person on their case: a note, a stage move and a hand-over with reasons.
    const versionOf = async (): Promise<number> =>
      (await t.http.get(`/api/v1/cases/${caseId}`).set(bearer(admin)).expect(200)).body.version as number;
    await t.http
      .post(`/api/v1/cases/${caseId}/activities`)
      .set(bearer(admin))
      .send({
        type: 'call',
        direction: 'outbound',
        body: `Spoke to ${person.fullName} on ${person.e164}; wants an account by May.`,
      })
      .expect(201);
    await t.http
      .post(`/api/v1/cases/${caseId}/stage`)
      .set(bearer(admin))
      .send({
        stage: 'qualified',
        reason: `${person.fullName} confirmed the budget`,
        estimatedValue: { amount: '25000.00', currency: 'USD' },
        version: await versionOf(),
      })
      .expect(200);
    await t.http
      .post(`/api/v1/cases/${caseId}/assign`)
      .set(bearer(admin))
      .send({
        consultantId: null,
        reason: `${person.fullName} asked for a Mandarin speaker`,
        version: await versionOf(),
      })
      .expect(200);

    await waitFor(async () => {
      const [{ pending }] = await t.db.query(
        `SELECT (SELECT count(*) FROM outbox WHERE published_at IS NULL AND available_at <= now())::int
              + (SELECT count(*) FROM notifications WHERE status = 'pending')::int
              + (SELECT count(*) FROM webhook_deliveries WHERE status = 'pending')::int AS pending`,
      );
      return pending === 0;
    }, 'mail and webhooks to settle');
    const [row] = await t.db.query(
      `SELECT office_id, stage_code, estimated_value, currency, created_at, service_lines, origin_country FROM cases WHERE id = $1`,
      [caseId],
    );
    caseBefore = row;
  });

  afterAll(async () => {
    receiver?.close();
    await t?.close();
  });

  it('holds the person’s data before the erasure (the control for the scans below)', async () => {
    const hits = await scanDatabase(t.db, NEEDLES);
    const found = new Set(hits.map((h) => h.needle));
    expect([...found].sort()).toEqual([...NEEDLES].sort());
    expect(received.length).toBeGreaterThan(0);
  });

  it('exports every personal datum to an admin and to the manager of the case’s office', async () => {
    for (const token of [admin, managerToken]) {
      const res = await t.http.get(`/api/v1/contacts/${contactId}/export`).set(bearer(token)).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const body = res.body;
      expect(body.contact).toMatchObject({
        id: contactId,
        fullName: person.fullName,
        email: person.email,
        phone: person.e164,
      });
      expect(body.client).toMatchObject({ name: person.fullName, type: 'individual', website: null });
      expect(body.formerClients).toEqual([]);
      expect(body.inquiries).toHaveLength(2);
      const routedInquiry = body.inquiries.find((i: { status: string }) => i.status === 'routed');
      expect(routedInquiry).toMatchObject({
        detected: expect.objectContaining({ language: expect.any(String) }),
        duplicateOfId: null,
        routing: { officeId: office.id, strategy: expect.any(String), summary: expect.any(String) },
      });
      expect(body.inquiries[0]).toMatchObject({
        fullName: person.fullName,
        email: person.email,
        message: person.message,
        consent: {
          privacy: true,
          textVersion: '2026-01',
          userAgent: person.userAgent,
          ip: expect.any(String),
          at: expect.any(String),
        },
      });
      expect(body.inquiries.map((i: { status: string }) => i.status).sort()).toEqual(['routed', 'spam']);
      expect(body.cases).toEqual([
        expect.objectContaining({
          id: caseId,
          officeId: office.id,
          // handed to the queue by an admin, and drained straight back to the office's one consultant
          consultantId: consultantId,
          stage: 'qualified',
          estimatedValue: { amount: '25000.00', currency: 'USD' },
          priority: expect.any(String),
          serviceLines: expect.any(Array),
          lostReason: null,
        }),
      ]);
      expect(body.activities).toEqual([
        expect.objectContaining({
          caseId,
          type: 'call',
          body: expect.stringContaining(person.fullName),
          dueAt: null,
          completedAt: null,
        }),
      ]);
      expect(body.caseNotes.map((n: { kind: string }) => n.kind).sort()).toEqual(['hand_over', 'stage_change']);
      expect(body.notifications).toEqual([
        expect.objectContaining({ template: 'inquiry_acknowledgement', recipientEmail: person.email, locale: 'ru' }),
      ]);
      expect(body.webhookDeliveries.length).toBeGreaterThanOrEqual(2);
      for (const d of body.webhookDeliveries) {
        const text = JSON.stringify(d.payload);
        for (const needle of NEEDLES) expect(text).not.toContain(needle);
      }
      expect(body.notes.join(' ')).toMatch(/ids and codes only/);
    }
  });

  it('refuses the export to consultants (403) and to managers of other offices (404, as if absent)', async () => {
    await t.http.get(`/api/v1/contacts/${contactId}/export`).set(bearer(consultantToken)).expect(403);
    await t.http.get(`/api/v1/contacts/${contactId}/export`).set(bearer(otherManagerToken)).expect(404);
    await t.http.get(`/api/v1/contacts/00000000-0000-4000-8000-000000000000/export`).set(bearer(admin)).expect(404);
  });

  it('lets only admins erase', async () => {
    await t.http.post(`/api/v1/contacts/${contactId}/erase`).set(bearer(consultantToken)).expect(403);
    await t.http.post(`/api/v1/contacts/${contactId}/erase`).set(bearer(managerToken)).expect(403);
    const [{ erased_at }] = await t.db.query(`SELECT erased_at FROM contacts WHERE id = $1`, [contactId]);
    expect(erased_at).toBeNull();
  });

  it('erases: no table column and no Redis key holds any of the person’s data afterwards', async () => {
    const res = await t.http.post(`/api/v1/contacts/${contactId}/erase`).set(bearer(admin)).expect(200);
    expect(res.body).toMatchObject({
      contactId,
      alreadyErased: false,
      counts: { inquiries: 2, cases: 1, activities: 1, clientsRenamed: 1 },
    });
    expect(res.body.counts.caseNotes).toBeGreaterThanOrEqual(2);

    expect(await scanDatabase(t.db, NEEDLES)).toEqual([]);
    const redis = await scanRedis(t.config.redisUrl, t.config.queuePrefix, NEEDLES);
    expect(redis.keys).toBeGreaterThan(0);
    expect(redis.hits).toEqual([]);
  });

  it('keeps the case’s non-personal facts and events for reports', async () => {
    const [after] = await t.db.query(
      `SELECT office_id, stage_code, estimated_value, currency, created_at, service_lines, origin_country FROM cases WHERE id = $1`,
      [caseId],
    );
    expect(after).toEqual(caseBefore);
    const [{ events }] = await t.db.query(`SELECT count(*)::int AS events FROM stage_events WHERE case_id = $1`, [
      caseId,
    ]);
    expect(events).toBe(2);
    const contact = await t.http.get(`/api/v1/contacts/${contactId}`).set(bearer(admin)).expect(200);
    expect(contact.body).toMatchObject({
      fullName: 'Erased contact',
      email: `erased+${contactId}@invalid.example`,
      phone: null,
      erasedAt: expect.any(String),
    });
    await t.http.patch(`/api/v1/contacts/${contactId}`).set(bearer(admin)).send({ fullName: 'Back Again' }).expect(409);
  });

  it('audits the erasure without the erased data, visible to the office’s manager', async () => {
    const res = await t.http
      .get(`/api/v1/audit?entity=contact&entityId=${contactId}`)
      .set(bearer(managerToken))
      .expect(200);
    const erased = res.body.data.find((e: { action: string }) => e.action === 'contact.erased');
    expect(erased).toMatchObject({ after: { via: 'request', counts: { inquiries: 2 } } });
    const text = JSON.stringify(res.body);
    for (const needle of NEEDLES) expect(text).not.toContain(needle);
  });

  it('is idempotent: erasing again answers 200 and changes nothing more', async () => {
    const res = await t.http.post(`/api/v1/contacts/${contactId}/erase`).set(bearer(admin)).expect(200);
    expect(res.body).toMatchObject({
      alreadyErased: true,
      counts: { activities: 0, caseNotes: 0, clientsRenamed: 0, webhookDeliveries: 0 },
    });
    expect(await scanDatabase(t.db, NEEDLES)).toEqual([]);
  });

  it('does not stop the person from writing again: a new inquiry makes a new contact', async () => {
    const res = await t.http
      .post('/api/v1/inquiries')
      .send(inquiryBody({ fullName: person.fullName, email: person.email }))
      .expect(201);
    const [row] = await t.db.query(`SELECT contact_id FROM inquiries WHERE id = $1`, [res.body.id]);
    expect(row.contact_id).not.toBe(contactId);
  });
});

describe('personal data: erasing cancels mail still waiting', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('cancels pending mail, drops its outbox row and its queued job (which held only the id)', async () => {
    const office = await createOffice(t.db);
    const c = await createCase(t.db, { officeId: office.id });
    const notificationId = await t.db.transaction((manager) =>
      t.app.get(NotificationsService).acknowledgeInquiry(manager, c.inquiryId, c.id),
    );
    expect(notificationId).toEqual(expect.any(String));
    const queue = t.app.get<Queue>(getQueueToken(QueueName.Notifications));
    await queue.add(
      'send-notification',
      { notificationId },
      { jobId: `notification:${notificationId}`, delay: 3_600_000 },
    );
    const job = await queue.getJob(`notification:${notificationId}`);
    expect(JSON.stringify(job?.data)).toBe(JSON.stringify({ notificationId }));

    await t.http
      .post(`/api/v1/contacts/${c.contactId}/erase`)
      .set(bearer(await t.adminToken()))
      .expect(200);

    const [n] = await t.db.query(`SELECT status, recipient_email, body FROM notifications WHERE id = $1`, [
      notificationId,
    ]);
    expect(n).toEqual({ status: 'cancelled', recipient_email: '[erased]', body: '[erased]' });
    const outbox = await t.db.query(`SELECT 1 FROM outbox WHERE payload->>'notificationId' = $1`, [notificationId]);
    expect(outbox).toEqual([]);
    expect(await queue.getJob(`notification:${notificationId}`)).toBeNull();
  });
});

describe('personal data: erasure follows the person through merges and into other people’s text', () => {
  let t: TestApp;
  let admin: string;
  const mark = randomBytes(4).toString('hex');
  const someone = {
    fullName: `Pavel Merged ${mark}`,
    email: `pavel.merged.${mark}@gmail.com`,
    phone: '+7 916 555-77-88',
    e164: '+79165557788',
    website: `https://pavel-${mark}.example`,
    targetCity: `Shanghai, ${mark} family office`,
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  it('erases the individual client a merge left behind, its website on the survivor, the merge’s audit and quotes of their email and phone', async () => {
    const office = await createOffice(t.db, { isDefault: true });
    const submitted = await t.http
      .post('/api/v1/inquiries')
      .send(
        inquiryBody({
          fullName: someone.fullName,
          email: someone.email,
          phone: someone.phone,
          targetCity: someone.targetCity,
        }),
      )
      .expect(201);
    const [{ contact_id: contactId, client_id: ownClient }] = await t.db.query(
      `SELECT contact_id, client_id FROM inquiries WHERE id = $1`,
      [submitted.body.id],
    );
    await t.http
      .patch(`/api/v1/clients/${ownClient}`)
      .set(bearer(admin))
      .send({ website: someone.website })
      .expect(200);
    // The firm files Pavel under his company: the merge moves him and gives the company his website.
    const company = await t.http
      .post('/api/v1/clients')
      .set(bearer(admin))
      .send({ name: `Merged Trading ${mark}`, type: 'company', countryCode: 'RU' })
      .expect(201);
    await t.http
      .post(`/api/v1/clients/${company.body.id}/merge`)
      .set(bearer(admin))
      .send({ otherClientId: ownClient })
      .expect(200);
    // A colleague's case at the company quotes him, the phone written as people write it.
    const colleague = await createCase(t.db, { officeId: office.id, clientId: company.body.id });
    await t.http
      .post(`/api/v1/cases/${colleague.id}/activities`)
      .set(bearer(admin))
      .send({ type: 'note', body: `cc ${someone.email.toUpperCase()} (${someone.phone}) on the tax answer` })
      .expect(201);
    // The export names the client the merge moved him from, with its website.
    const exported = await t.http.get(`/api/v1/contacts/${contactId}/export`).set(bearer(admin)).expect(200);
    expect(exported.body.client).toMatchObject({ id: company.body.id, website: someone.website });
    expect(exported.body.formerClients).toEqual([
      expect.objectContaining({ id: ownClient, name: someone.fullName, type: 'individual', website: someone.website }),
    ]);
    // The company is folded into its holding later: the website travels on.
    const holding = await t.http
      .post('/api/v1/clients')
      .set(bearer(admin))
      .send({ name: `Merged Holding ${mark}`, type: 'company', countryCode: 'RU' })
      .expect(201);
    await t.http
      .post(`/api/v1/clients/${holding.body.id}/merge`)
      .set(bearer(admin))
      .send({ otherClientId: company.body.id })
      .expect(200);
    const needles = [someone.fullName, someone.email, someone.e164, someone.website, `${mark} family office`];
    expect(new Set((await scanDatabase(t.db, needles)).map((h) => h.needle))).toEqual(new Set(needles));

    const res = await t.http.post(`/api/v1/contacts/${contactId}/erase`).set(bearer(admin)).expect(200);
    expect(res.body.counts).toMatchObject({ clientsRenamed: 1, mentionsElsewhere: 1 });

    expect(await scanDatabase(t.db, needles)).toEqual([]);
    const [note] = await t.db.query(`SELECT body FROM activities WHERE case_id = $1`, [colleague.id]);
    expect(note.body).toBe('cc [erased] ([erased]) on the tax answer');
    const survivor = await t.http.get(`/api/v1/clients/${holding.body.id}`).set(bearer(admin)).expect(200);
    expect(survivor.body).toMatchObject({ name: `Merged Holding ${mark}`, website: null });
    const [between] = await t.db.query(`SELECT name, website FROM clients WHERE id = $1`, [company.body.id]);
    expect(between).toEqual({ name: `Merged Trading ${mark}`, website: null });
    const [merged] = await t.db.query(`SELECT name, website, merged_into_id FROM clients WHERE id = $1`, [ownClient]);
    expect(merged).toEqual({ name: 'Erased client', website: null, merged_into_id: holding.body.id });
    // The inquiry keeps the city routing understood, not what he typed.
    const [inquiry] = await t.db.query(`SELECT target_city FROM inquiries WHERE id = $1`, [submitted.body.id]);
    expect(inquiry.target_city).toBeNull();
  });
});
