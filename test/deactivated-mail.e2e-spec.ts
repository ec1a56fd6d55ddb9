/**
 * Staff mail is for active staff: routing and the hand-over write none to a deactivated consultant,
 * and one written before the deactivation — waiting out an SMTP outage, or failed and sent again by
 * an admin — is cancelled when its turn comes, not mailed to the former employee.
 */
import { createServer, Server, Socket } from 'node:net';
import { AddressInfo } from 'node:net';
import { NotificationsService } from '../src/notifications/notifications.service';
import { createOffice, createUser } from './factories';
import { createCase } from './factories/pipeline';
import { bearer, createTestApp, TestApp } from './setup/test-app';
import { waitFor } from './setup/wait';

jest.setTimeout(60_000);

/** An SMTP server on 127.0.0.1 that accepts everything and keeps each message's recipient. */
function startSmtp(): Promise<{ server: Server; port: number; received: string[] }> {
  const received: string[] = [];
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
          received.push(to);
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
        else if (verb === 'RCPT') {
          to = /<([^>]*)>/.exec(line)?.[1] ?? '';
          socket.write('250 2.1.5 ok\r\n');
        } else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
    socket.on('error', () => undefined);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port, received })),
  );
}

const messageOf = (t: TestApp, id: string) =>
  t.db.query(`SELECT status, last_error FROM notifications WHERE id = $1`, [id]).then((r) => r[0]) as Promise<{
    status: string;
    last_error: string | null;
  }>;

/** A consultant, their case, and the "new case" message to them (its id). */
async function assignedMessage(t: TestApp) {
  const office = await createOffice(t.db);
  const consultant = await createUser(t.db, { officeId: office.id });
  const c = await createCase(t.db, { officeId: office.id, consultantId: consultant.id });
  await t.db.transaction((m) => t.app.get(NotificationsService).notifyAssignment(m, c.caseId));
  const [{ id }] = await t.db.query(`SELECT id FROM notifications WHERE case_id = $1`, [c.caseId]);
  return { consultant, id: id as string };
}

describe('mail to a consultant deactivated after it was written, over SMTP', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ runWorkers: true, smtpUrl: `smtp://127.0.0.1:${smtp.port}` });
    admin = bearer(await t.adminToken());
  });
  afterAll(async () => {
    await t.close();
    smtp.server.close();
  });

  it('is not sent when an admin sends it again after they left', async () => {
    const { consultant, id } = await assignedMessage(t);
    await waitFor(async () => (await messageOf(t, id)).status === 'sent', 'the first send');
    // As if every retry had run out in a long SMTP outage; then the consultant leaves.
    await t.db.query(`UPDATE notifications SET status = 'failed', last_error = '421 try later' WHERE id = $1`, [id]);
    await t.http.delete(`/api/v1/consultants/${consultant.id}`).set(admin).expect(200);
    const sentBefore = smtp.received.filter((to) => to === consultant.email).length;

    await t.http.post(`/api/v1/notifications/${id}/resend`).set(admin).expect(200);
    const after = await waitFor(async () => {
      const m = await messageOf(t, id);
      return m.status !== 'pending' ? m : null;
    }, 'the message to be settled');
    expect(after).toEqual({ status: 'cancelled', last_error: 'not sent: the recipient was deactivated' });
    expect(smtp.received.filter((to) => to === consultant.email)).toHaveLength(sentBefore);
  });
});

describe('mail to a consultant deactivated after it was written, without SMTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ runWorkers: true });
  });
  afterAll(() => t.close());

  it('is cancelled, not logged as kept for them', async () => {
    // Written and queued, and the consultant deactivated, before the worker takes it.
    const office = await createOffice(t.db);
    const consultant = await createUser(t.db, { officeId: office.id });
    const c = await createCase(t.db, { officeId: office.id, consultantId: consultant.id });
    await t.db.transaction(async (m) => {
      await t.app.get(NotificationsService).notifyAssignment(m, c.caseId);
      await m.query(`UPDATE consultants SET active = false WHERE id = $1`, [consultant.id]);
    });
    const [{ id }] = await t.db.query(`SELECT id FROM notifications WHERE case_id = $1`, [c.caseId]);
    const after = await waitFor(async () => {
      const m = await messageOf(t, id);
      return m.status !== 'pending' ? m : null;
    }, 'the message to be settled');
    expect(after).toEqual({ status: 'cancelled', last_error: 'not sent: the recipient was deactivated' });
  });
});
