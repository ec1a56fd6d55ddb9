/**
 * Notifications end to end, with workers: the acknowledgement rendered in the investor's language,
 * the outbox without SMTP (`logged`), real SMTP delivery to a local server (sent, a permanent 5xx
 * not retried, a transient 4xx retried), and the admin list with its filters and roles.
 */
import { DateTime } from 'luxon';
import { createServer, Server, Socket } from 'node:net';
import { AddressInfo } from 'node:net';
import { NotificationsService } from '../src/notifications/notifications.service';
import { JOB_OPTIONS, JobName } from '../src/queue/queue.constants';
import { createOffice, createUser } from './factories';
import { createCase } from './factories/pipeline';
import { bearer, createTestApp, TestApp } from './setup/test-app';
import { waitFor } from './setup/wait';

jest.setTimeout(60_000);

// Retries within the test's patience: the relay reads the table when it enqueues.
JOB_OPTIONS[JobName.SendNotification] = {
  ...JOB_OPTIONS[JobName.SendNotification],
  backoff: { type: 'fixed', delay: 200 },
};

interface Received {
  to: string;
  data: string;
}

/**
 * A minimal SMTP server on 127.0.0.1: refuses `bounce*` recipients for good (550), `flaky*` ones
 * once for now (451), and accepts everything else.
 */
function startSmtp(): Promise<{ server: Server; port: number; received: Received[] }> {
  const received: Received[] = [];
  const refusedOnce = new Set<string>();
  const server = createServer((socket: Socket) => {
    let buffer = '';
    let inData = false;
    let to = '';
    socket.write('220 test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          received.push({ to, data: buffer.slice(0, end) });
          buffer = buffer.slice(end + 5);
          inData = false;
          socket.write('250 2.0.0 queued\r\n');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250-test\r\n250 8BITMIME\r\n');
        else if (verb === 'MAIL') socket.write('250 2.1.0 ok\r\n');
        else if (verb === 'RCPT') {
          to = /<([^>]*)>/.exec(line)?.[1] ?? '';
          if (to.startsWith('bounce')) socket.write(`550 5.1.1 <${to}>: Recipient address rejected: User unknown\r\n`);
          else if (to.startsWith('flaky') && !refusedOnce.has(to)) {
            refusedOnce.add(to);
            socket.write('451 4.3.0 try again later\r\n');
          } else socket.write('250 2.1.5 ok\r\n');
        } else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') {
          socket.end('221 bye\r\n');
        } else socket.write('250 ok\r\n');
      }
    });
    socket.on('error', () => undefined);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port, received })),
  );
}

const notificationRows = (t: TestApp, caseId: string) =>
  t.db.query(`SELECT * FROM notifications WHERE case_id = $1 ORDER BY created_at, id`, [caseId]) as Promise<
    Array<Record<string, unknown>>
  >;

describe('notifications without SMTP_URL', () => {
  let t: TestApp;
  let notifications: NotificationsService;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp({ runWorkers: true, smtpUrl: null });
    notifications = t.app.get(NotificationsService);
    admin = await t.adminToken();
  });
  afterAll(async () => t.close());

  it('acknowledges a Russian inquiry in Russian, with office, consultant and the deadline in office time', async () => {
    const office = await createOffice(t.db, { name: 'Shanghai', city: 'Shanghai', timezone: 'Asia/Shanghai' });
    const consultant = await createUser(t.db, {
      officeId: office.id,
      fullName: 'Анна Соколова',
      languages: ['ru', 'zh'],
    });
    const due = DateTime.fromISO('2026-03-09T17:00', { zone: 'Asia/Shanghai' }).toJSDate();
    const c = await createCase(t.db, {
      officeId: office.id,
      consultantId: consultant.id,
      fullName: 'Иван Петров',
      message: 'Здравствуйте! Мы хотим открыть корпоративный счёт в банке в Шанхае и зарегистрировать компанию.',
      preferredLanguage: null,
      detectedLanguage: null,
      firstResponseDueAt: due,
    });

    await t.db.transaction((m) => notifications.acknowledgeInquiry(m, c.inquiryId, c.caseId));
    await t.db.transaction((m) => notifications.acknowledgeInquiry(m, c.inquiryId, c.caseId)); // a retried routing job

    const rows = await notificationRows(t, c.caseId);
    expect(rows).toHaveLength(1);
    const ack = rows[0];
    expect(ack).toMatchObject({
      template: 'inquiry_acknowledgement',
      locale: 'ru',
      recipient_kind: 'investor',
      contact_id: c.contactId,
      inquiry_id: c.inquiryId,
      subject: `Ваш запрос ${c.reference} получен`,
    });
    expect(ack.body).toContain('Здравствуйте, Иван Петров!');
    expect(ack.body).toContain('наш офис «Shanghai»');
    expect(ack.body).toContain('С вами свяжется Анна Соколова не позднее чем');
    expect(ack.body).toContain('9 марта 2026');
    expect(ack.body).toContain('17:00 (Asia/Shanghai, UTC+08:00)');

    // No SMTP_URL: kept in the database outbox as `logged`.
    await waitFor(async () => (await notificationRows(t, c.caseId))[0].status === 'logged', 'the logged status');
  });

  it('chooses the preferred language over the message script, and Chinese when detected', async () => {
    const office = await createOffice(t.db);
    const zh = await createCase(t.db, {
      officeId: office.id,
      preferredLanguage: 'zh',
      message: 'We need a bank account in Shanghai please.',
    });
    const detected = await createCase(t.db, {
      officeId: office.id,
      detectedLanguage: 'zh',
      message: 'We need a bank account in Shanghai please.',
    });
    const english = await createCase(t.db, {
      officeId: office.id,
      message: 'We need a bank account in Shanghai please.',
    });
    for (const c of [zh, detected, english])
      await t.db.transaction((m) => notifications.acknowledgeInquiry(m, c.inquiryId, c.caseId));
    expect((await notificationRows(t, zh.caseId))[0]).toMatchObject({
      locale: 'zh',
      subject: `我们已收到您的咨询 ${zh.reference}`,
    });
    expect((await notificationRows(t, detected.caseId))[0]).toMatchObject({ locale: 'zh' });
    expect((await notificationRows(t, english.caseId))[0]).toMatchObject({ locale: 'en' });
  });

  it('notifies the consultant of a new case, the managers of a queued one, and both sides of a hand-over', async () => {
    const office = await createOffice(t.db);
    const manager = await createUser(t.db, { role: 'manager', officeId: office.id });
    const a = await createUser(t.db, { officeId: office.id });
    const b = await createUser(t.db, { officeId: office.id });
    const assigned = await createCase(t.db, { officeId: office.id, consultantId: a.id });
    const queued = await createCase(t.db, { officeId: office.id, consultantId: null });
    await t.db.transaction(async (m) => {
      await notifications.notifyAssignment(m, assigned.caseId);
      await notifications.notifyAssignment(m, queued.caseId);
      await notifications.notifyHandover(m, assigned.caseId, a.id, b.id, 'holiday cover');
    });
    const forAssigned = await notificationRows(t, assigned.caseId);
    // One transaction, one created_at: compare as sets.
    expect(forAssigned.map((n) => `${n.template} ${n.recipient_consultant_id}`).sort()).toEqual(
      [`case_assigned ${a.id}`, `case_handover ${a.id}`, `case_handover ${b.id}`].sort(),
    );
    expect(forAssigned.every((n) => n.locale === 'en' && n.recipient_kind === 'staff')).toBe(true);
    expect((await notificationRows(t, queued.caseId)).map((n) => [n.template, n.recipient_consultant_id])).toEqual([
      ['office_queue', manager.id],
    ]);

    // Whoever makes the change is not told of it: b takes a queued case, a hands one on to b.
    const taken = await createCase(t.db, { officeId: office.id, consultantId: null });
    const passed = await createCase(t.db, { officeId: office.id, consultantId: a.id });
    await t.db.transaction(async (m) => {
      await notifications.notifyHandover(m, taken.caseId, null, b.id, 'taking it', b.id);
      await notifications.notifyHandover(m, passed.caseId, a.id, b.id, 'holiday cover', a.id);
    });
    expect(await notificationRows(t, taken.caseId)).toEqual([]);
    expect((await notificationRows(t, passed.caseId)).map((n) => [n.template, n.recipient_consultant_id])).toEqual([
      ['case_handover', b.id],
    ]);
  });

  it('tells no manager to assign a case that was assigned before the alert went out, nor the one who queued it', async () => {
    const office = await createOffice(t.db);
    const [queuer, other] = [
      await createUser(t.db, { role: 'manager', officeId: office.id }),
      await createUser(t.db, { role: 'manager', officeId: office.id }),
    ];
    const drained = await createCase(t.db, { officeId: office.id, consultantId: null });
    const waiting = await createCase(t.db, { officeId: office.id, consultantId: null });
    // (of another office: with nobody free here the queue drain leaves `waiting` where it is)
    const a = await createUser(t.db, { officeId: (await createOffice(t.db)).id });
    await t.db.transaction(async (m) => {
      await notifications.notifyQueued(m, drained.caseId, queuer.id);
      await notifications.notifyQueued(m, waiting.caseId);
      // The queue drain gives one case to a consultant before the alerts are sent.
      await m.query(`UPDATE cases SET consultant_id = $2 WHERE id = $1`, [drained.caseId, a.id]);
    });
    await waitFor(
      async () => (await notificationRows(t, waiting.caseId)).every((n) => n.status === 'logged'),
      'the alerts handled',
    );
    await waitFor(
      async () => (await notificationRows(t, drained.caseId)).every((n) => n.status !== 'pending'),
      'the stale alert handled',
    );
    expect((await notificationRows(t, drained.caseId)).map((n) => [n.recipient_consultant_id, n.status])).toEqual([
      [other.id, 'cancelled'],
    ]);
    expect(
      (await notificationRows(t, waiting.caseId)).map((n) => [n.recipient_consultant_id, n.status]).sort(),
    ).toEqual(
      [
        [queuer.id, 'logged'],
        [other.id, 'logged'],
      ].sort(),
    );
  });

  it('lists messages for admins, with filters and pages', async () => {
    const office = await createOffice(t.db);
    const c = await createCase(t.db, { officeId: office.id, preferredLanguage: 'ru' });
    await t.db.transaction((m) => notifications.acknowledgeInquiry(m, c.inquiryId, c.caseId));

    const byCase = await t.http.get(`/api/v1/notifications?caseId=${c.caseId}`).set(bearer(admin)).expect(200);
    expect(byCase.body).toMatchObject({ total: 1, page: 1, pageSize: 25 });
    expect(byCase.body.data[0]).toMatchObject({
      caseId: c.caseId,
      template: 'inquiry_acknowledgement',
      locale: 'ru',
      recipientKind: 'investor',
    });
    expect(Object.keys(byCase.body.data[0]).sort()).toEqual(
      [
        'attempts',
        'body',
        'caseId',
        'contactId',
        'createdAt',
        'id',
        'inquiryId',
        'lastError',
        'locale',
        'permanentFailure',
        'recipientConsultantId',
        'recipientEmail',
        'recipientKind',
        'sentAt',
        'status',
        'subject',
        'template',
      ].sort(),
    );

    const acks = await t.http
      .get('/api/v1/notifications?template=inquiry_acknowledgement&pageSize=2&page=1')
      .set(bearer(admin))
      .expect(200);
    expect(acks.body.data).toHaveLength(2);
    expect(acks.body.total).toBeGreaterThanOrEqual(4);
    expect(acks.body.data.every((n: { template: string }) => n.template === 'inquiry_acknowledgement')).toBe(true);

    await waitFor(async () => (await notificationRows(t, c.caseId))[0].status === 'logged', 'logged');
    const logged = await t.http.get('/api/v1/notifications?status=logged&pageSize=100').set(bearer(admin)).expect(200);
    expect(logged.body.data.every((n: { status: string }) => n.status === 'logged')).toBe(true);

    const bad = await t.http
      .get('/api/v1/notifications?status=lost&caseId=nope&pageSize=500')
      .set(bearer(admin))
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['caseId', 'pageSize', 'status']);
  });

  it('is for admins only', async () => {
    const office = await createOffice(t.db);
    for (const role of ['consultant', 'manager'] as const) {
      const user = await createUser(t.db, { role, officeId: office.id });
      const { accessToken } = await t.login(user.email, user.password);
      await t.http.get('/api/v1/notifications').set(bearer(accessToken)).expect(403);
    }
    await t.http.get('/api/v1/notifications').expect(401);
  });
});

describe('notifications over SMTP', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let notifications: NotificationsService;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await createTestApp({
      runWorkers: true,
      smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
      mailFrom: 'Advisory <no-reply@advisory.test>',
    });
    notifications = t.app.get(NotificationsService);
  });
  afterAll(async () => {
    await t.close();
    smtp.server.close();
  });

  async function caseFor(email: string) {
    const office = await createOffice(t.db);
    const consultant = await createUser(t.db, { officeId: office.id, email });
    const c = await createCase(t.db, { officeId: office.id, consultantId: consultant.id });
    await t.db.transaction((m) => notifications.notifyAssignment(m, c.caseId));
    return c;
  }

  it('sends through SMTP_URL and marks the message sent', async () => {
    const c = await caseFor(`ok.${Date.now()}@advisory.test`);
    const [sent] = await waitFor(async () => {
      const rows = await notificationRows(t, c.caseId);
      return rows[0]?.status === 'sent' ? rows : null;
    }, 'sent');
    expect(sent).toMatchObject({ attempts: 1, last_error: null, permanent_failure: false });
    expect(sent.sent_at).toBeInstanceOf(Date);
    const mail = smtp.received.find((r) => r.to === sent.recipient_email);
    expect(mail?.data).toContain(`Subject: New case ${c.reference} assigned to you`);
    expect(mail?.data).toContain('From: Advisory <no-reply@advisory.test>');
    expect(mail?.data.toLowerCase()).toContain(`x-notification-id: ${String(sent.id)}`);
  });

  it('lets the investor answer the acknowledgement: Reply-To is the office handling the case', async () => {
    const office = await createOffice(t.db);
    await t.db.query(`UPDATE offices SET email = $2 WHERE id = $1`, [office.id, 'shanghai@advisory.test']);
    const c = await createCase(t.db, { officeId: office.id, email: `investor.${Date.now()}@example.test` });
    await t.db.transaction((m) => notifications.acknowledgeInquiry(m, c.inquiryId, c.caseId));
    const [sent] = await waitFor(async () => {
      const rows = await notificationRows(t, c.caseId);
      return rows[0]?.status === 'sent' ? rows : null;
    }, 'sent');
    const mail = smtp.received.find((r) => r.to === sent.recipient_email);
    expect(mail?.data).toContain('Reply-To: shanghai@advisory.test');
  });

  it('sends a failed message again when an admin asks, and only a failed one', async () => {
    const c = await caseFor(`again.${Date.now()}@advisory.test`);
    const [sent] = await waitFor(async () => {
      const rows = await notificationRows(t, c.caseId);
      return rows[0]?.status === 'sent' ? rows : null;
    }, 'sent');
    const admin = bearer(await t.adminToken());
    const resend = () => t.http.post(`/api/v1/notifications/${sent.id}/resend`).set(admin);
    expect((await resend().expect(409)).body.code).toBe('notification.not_failed');
    // As if every retry had run out in a long SMTP outage (its finished job still in Bull).
    await t.db.query(`UPDATE notifications SET status = 'failed', last_error = '421 try later' WHERE id = $1`, [
      sent.id,
    ]);
    expect((await resend().expect(200)).body).toMatchObject({ id: sent.id, status: 'pending', lastError: null });
    const before = smtp.received.filter((r) => r.to === sent.recipient_email).length;
    await waitFor(async () => (await notificationRows(t, c.caseId))[0].status === 'sent', 'sent again');
    expect(smtp.received.filter((r) => r.to === sent.recipient_email)).toHaveLength(before + 1);
    await t.http.post('/api/v1/notifications/00000000-0000-4000-8000-000000000000/resend').set(admin).expect(404);
  });

  it('stops at once on a permanent refusal (5xx): failed, permanent, one attempt', async () => {
    const c = await caseFor(`bounce.${Date.now()}@advisory.test`);
    const [failed] = await waitFor(async () => {
      const rows = await notificationRows(t, c.caseId);
      return rows[0]?.status === 'failed' ? rows : null;
    }, 'failed');
    expect(failed).toMatchObject({ attempts: 1, permanent_failure: true });
    expect(failed.last_error).toMatch(/^550 /);
    expect(failed.last_error).not.toContain('@');
    await new Promise((r) => setTimeout(r, 800)); // longer than the test backoff: no retry comes
    expect((await notificationRows(t, c.caseId))[0]).toMatchObject({ attempts: 1, status: 'failed' });
  });

  it('retries a temporary refusal (4xx) with backoff and then sends', async () => {
    const c = await caseFor(`flaky.${Date.now()}@advisory.test`);
    const [sent] = await waitFor(async () => {
      const rows = await notificationRows(t, c.caseId);
      return rows[0]?.status === 'sent' ? rows : null;
    }, 'sent after a retry');
    expect(sent).toMatchObject({ attempts: 2, permanent_failure: false });
  });
});
