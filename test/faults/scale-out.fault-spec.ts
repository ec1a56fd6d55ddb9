/**
 * README says the API and the worker "both scale out against one Postgres and one Redis". Two API
 * processes take ~220 inquiries (alternately) while two worker processes route them, send mail to a
 * local SMTP receiver and deliver webhooks to a local HTTP receiver (two subscriptions). First-
 * response deadlines are then moved into the past, some with two check jobs each and some left for
 * the minute sweep, and a few inquiries, deliveries and messages are left as Redis would leave
 * them after losing their jobs, for both workers' reconcilers to find in the same minute. Every
 * side effect must happen exactly once: one case, one acknowledgement and one staff alert per
 * inquiry; each message received by the SMTP server once; each event POSTed once per
 * subscription; each overdue case flagged once, with one `sla_breached` event and one breach alert
 * per recipient.
 */
import { createServer as createHttpServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo, createServer as createTcpServer, Server as TcpServer, Socket } from 'node:net';
import { InquiryGenerator } from '../../bench/lib/inquiries';
import { destroyAgent, postInquiry } from '../../bench/lib/load';
import { AppProcess } from '../../bench/lib/app-process';
import { Scenario, sleep } from './support';

const LOST = 20;
const INQUIRIES = 200;
const LOST_MAIL = 10;
/** Deadlines moved into the past with two check jobs each (the deadline's own and a `:moved:` one). */
const CHECKED = 30;
/** Deadlines moved into the past with no job: only the minute SLA sweep finds them. */
const SWEPT = 20;

interface Post {
  hookId: string;
  eventId: string;
  deliveryId: string;
  event: string;
  data: Record<string, unknown>;
}

/** Answers 200 to every POST and keeps what identifies it. */
async function webhookReceiver(): Promise<{ url: string; posts: Post[]; close: () => Promise<void> }> {
  const posts: Post[] = [];
  const header = (req: IncomingMessage, name: string): string => String(req.headers[name] ?? '');
  const server: Server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: Record<string, unknown> };
      posts.push({
        hookId: header(req, 'x-webhook-id'),
        eventId: header(req, 'x-event-id'),
        deliveryId: header(req, 'x-delivery-id'),
        event: header(req, 'x-event-type'),
        data: body.data,
      });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    posts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Just enough SMTP for nodemailer (no TLS, no auth): keeps the X-Notification-Id of every message accepted. */
async function smtpReceiver(): Promise<{ url: string; mails: string[]; close: () => Promise<void> }> {
  const mails: string[] = [];
  const sockets = new Set<Socket>();
  const server: TcpServer = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.setEncoding('utf8');
    const reply = (line: string): boolean => socket.write(`${line}\r\n`);
    let buffer = '';
    let inData = false;
    reply('220 scale-out.test ESMTP');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          mails.push(/^X-Notification-Id:\s*(\S+)/im.exec(message)?.[1] ?? '(no id)');
          reply('250 queued');
          continue;
        }
        const nl = buffer.indexOf('\r\n');
        if (nl < 0) return;
        const verb = buffer.slice(0, nl).slice(0, 4).toUpperCase();
        buffer = buffer.slice(nl + 2);
        if (verb === 'EHLO') reply('250-scale-out.test\r\n250 8BITMIME');
        else if (verb === 'DATA') {
          inData = true;
          reply('354 go ahead');
        } else if (verb === 'QUIT') {
          reply('221 bye');
          socket.end();
          return;
        } else reply('250 ok');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Entries that occur more than once, with their counts. */
function repeated(values: string[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return Object.fromEntries([...counts].filter(([, n]) => n > 1));
}

describe('two API and two worker processes on one Postgres and one Redis', () => {
  let scenario: Scenario;
  let hooks: Awaited<ReturnType<typeof webhookReceiver>> | undefined;
  let smtp: Awaited<ReturnType<typeof smtpReceiver>> | undefined;

  afterAll(async () => {
    destroyAgent();
    await scenario?.stopAll();
    await hooks?.close();
    await smtp?.close();
  });

  it('sends every message, delivers every webhook and breaches every overdue case exactly once', async () => {
    scenario = await Scenario.create('scale');
    hooks = await webhookReceiver();
    smtp = await smtpReceiver();
    const extra = { SMTP_URL: smtp.url, ALLOW_PRIVATE_WEBHOOK_URLS: 'true' };
    // Two integrators' subscriptions to every event, both at the receiver.
    const subscriptions = await scenario.sql<{ id: string }>(
      `INSERT INTO webhook_subscriptions (id, url, events, secret)
       SELECT gen_random_uuid(), $1, ARRAY['inquiry.received', 'case.assigned', 'case.stage_changed', 'case.sla_breached'],
              'scale-out-secret-' || n
         FROM generate_series(1, 2) AS n
       RETURNING id`,
      [hooks.url],
    );
    // Breaches re-route inside the office: the alert, the new consultant's mail and a second case.assigned.
    await scenario.sql(`UPDATE offices SET reassign_on_breach = true`);

    const apis = await Promise.all([scenario.start('api', extra), scenario.start('api', extra)]);
    const generator = new InquiryGenerator('scale', 11);
    const send = async (count: number, offset: number): Promise<string[]> => {
      const ids: string[] = [];
      for (let from = 0; from < count; from += 25) {
        const wave = Array.from({ length: Math.min(25, count - from) }, (_, i) =>
          postInquiry(apis[(offset + from + i) % 2].baseUrl, generator.next()),
        );
        for (const answer of await Promise.all(wave)) {
          expect(answer.status).toBe(201);
          ids.push((JSON.parse(answer.body) as { id: string }).id);
        }
      }
      return ids;
    };

    // Inquiries whose routing job and inquiry.received deliveries the relay handed to a Redis that
    // then lost them, three minutes ago: only the two workers' reconcilers can bring them back.
    const lost = await send(LOST, 0);
    await scenario.sql(
      `UPDATE outbox SET published_at = now() - interval '3 minutes'
        WHERE published_at IS NULL AND (job_id = ANY($1::text[])
           OR payload->>'deliveryId' IN (SELECT id::text FROM webhook_deliveries WHERE payload->'data'->>'inquiryId' = ANY($1::text[])))`,
      [lost],
    );
    await scenario.sql(
      `UPDATE inquiries SET created_at = created_at - interval '3 minutes' WHERE id = ANY($1::uuid[])`,
      [lost],
    );
    await scenario.sql(
      `UPDATE webhook_deliveries SET created_at = created_at - interval '3 minutes' WHERE payload->'data'->>'inquiryId' = ANY($1::text[])`,
      [lost],
    );
    // Staff messages stored three minutes ago whose jobs Redis lost (no outbox row, no Bull job).
    const lostMail = await scenario.sql<{ id: string }>(
      `INSERT INTO notifications (template, locale, recipient_kind, recipient_email, recipient_consultant_id, subject, body, created_at)
       SELECT 'case_assigned', 'en', 'staff', k.email, k.id, 'Scale-out check', 'A message whose job Redis lost.', now() - interval '3 minutes'
         FROM consultants k WHERE k.active AND k.role = 'consultant' ORDER BY k.id LIMIT $1
       RETURNING id`,
      [LOST_MAIL],
    );
    expect(lostMail).toHaveLength(LOST_MAIL);

    const workers = await Promise.all([scenario.start('worker', extra), scenario.start('worker', extra)]);
    const workersAt = Date.now();
    const main = await send(INQUIRIES, 1);
    const accepted = [...lost, ...main];
    expect(await scenario.waitAllRouted(main, 40_000)).toEqual([]);

    // Move deadlines into the past, just after each case's assignment (so the office re-routes it) or
    // creation (a case routing left in the office queue).
    await sleep(1000);
    const cases = await scenario.sql<{ id: string }>(
      `SELECT id FROM cases WHERE inquiry_id = ANY($1::uuid[]) ORDER BY id`,
      [main],
    );
    const checked = cases.slice(0, CHECKED).map((c) => c.id);
    const swept = cases.slice(CHECKED, CHECKED + SWEPT).map((c) => c.id);
    const overdue = [...checked, ...swept];
    // (The deadline given at routing moves with it: a case's deadline is never earlier than that one.)
    await scenario.sql(
      `UPDATE cases SET first_response_due_at = coalesce(assigned_at, created_at) + interval '500 milliseconds',
                        first_response_given_due_at = coalesce(assigned_at, created_at) + interval '500 milliseconds'
        WHERE id = ANY($1::uuid[])`,
      [overdue],
    );
    // The checked ones get their deadline's job now and a second one, as a moved deadline does
    // (scheduleMovedCheck): two jobs per case, which the two workers run side by side.
    await scenario.sql(
      `UPDATE outbox SET available_at = now() WHERE topic = 'check-sla' AND published_at IS NULL AND payload->>'caseId' = ANY($1::text[])`,
      [checked],
    );
    await scenario.sql(
      `INSERT INTO outbox (topic, payload, job_id)
       SELECT 'check-sla', jsonb_build_object('caseId', c.id, 'dueAt', c.first_response_due_at),
              'sla:' || c.id || ':moved:' || (extract(epoch FROM now()) * 1000)::bigint
         FROM cases c WHERE c.id = ANY($1::uuid[])`,
      [checked],
    );

    // The reconcilers run a minute after each worker started, the SLA sweep on the minute (up to a
    // minute after the deadlines moved): wait until everything has happened — with room for a slow
    // CI machine, under the suite's 150 s — then a little longer for anything that would happen twice.
    const deadline = workersAt + 110_000;
    for (;;) {
      const [state] = await scenario.sql<{
        unrouted: number;
        unbreached: number;
        pendingMail: number;
        pendingHooks: number;
        outbox: number;
      }>(
        `SELECT (SELECT count(*)::int FROM inquiries WHERE id = ANY($1::uuid[]) AND status <> 'routed') AS unrouted,
                (SELECT count(*)::int FROM cases WHERE id = ANY($2::uuid[]) AND NOT sla_breached) AS unbreached,
                (SELECT count(*)::int FROM notifications WHERE status = 'pending') AS "pendingMail",
                (SELECT count(*)::int FROM webhook_deliveries WHERE status = 'pending') AS "pendingHooks",
                (SELECT count(*)::int FROM outbox WHERE published_at IS NULL AND available_at <= now()) AS outbox`,
        [accepted, overdue],
      );
      const done = Object.values(state).every((n) => n === 0);
      if (done || Date.now() > deadline) {
        expect(state).toEqual({ unrouted: 0, unbreached: 0, pendingMail: 0, pendingHooks: 0, outbox: 0 });
        break;
      }
      await sleep(500);
    }
    await sleep(3000);

    // Routing: one case and one acknowledgement per inquiry, the lost ones included.
    expect(await scenario.notRoutedOnce(accepted)).toEqual([]);
    const acks = await scenario.sql<{ id: string; n: number }>(
      `SELECT i.id, (SELECT count(*)::int FROM notifications n WHERE n.inquiry_id = i.id AND n.template = 'inquiry_acknowledgement') AS n
         FROM unnest($1::uuid[]) AS i(id)`,
      [accepted],
    );
    expect(acks.filter((a) => a.n !== 1)).toEqual([]);
    // Staff: one "new case" mail per assignment (routing, queue drain, re-route on breach), and for a
    // case routing left in the office queue one alert per manager (the office's address if none).
    const recipients = (office: string): string => `(SELECT count(DISTINCT r.email)::int FROM (
         SELECT k.email FROM consultants k WHERE k.office_id = ${office} AND k.role = 'manager' AND k.active
         UNION ALL
         SELECT o.email FROM offices o WHERE o.id = ${office} AND o.email IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM consultants k WHERE k.office_id = o.id AND k.role = 'manager' AND k.active)) r)`;
    const staff = await scenario.sql<{
      id: string;
      assigned: number;
      assignments: number;
      queueAlerts: number;
      expectedQueueAlerts: number;
      reassigned: number;
    }>(
      `SELECT c.id,
              (SELECT count(*)::int FROM notifications n WHERE n.case_id = c.id AND n.template = 'case_assigned') AS assigned,
              (SELECT count(*)::int FROM case_events e WHERE e.case_id = c.id AND e.kind = 'assigned' AND e.data->>'toConsultantId' IS NOT NULL)
                + (SELECT count(*)::int FROM case_events e WHERE e.case_id = c.id AND e.kind = 'sla_reassigned') AS assignments,
              (SELECT count(*)::int FROM notifications n WHERE n.case_id = c.id AND n.template = 'office_queue') AS "queueAlerts",
              CASE WHEN EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.kind = 'assigned'
                                   AND e.data->>'via' = 'routing' AND e.data->>'toConsultantId' IS NULL)
                   THEN ${recipients('c.office_id')} ELSE 0 END AS "expectedQueueAlerts",
              (SELECT count(*)::int FROM case_events e WHERE e.case_id = c.id AND e.kind = 'sla_reassigned') AS reassigned
         FROM cases c WHERE c.inquiry_id = ANY($1::uuid[])`,
      [accepted],
    );
    expect(staff.filter((c) => c.assigned !== c.assignments || c.queueAlerts !== c.expectedQueueAlerts)).toEqual([]);

    // SLA: each overdue case breached once, one event, one alert per recipient.
    const breaches = await scenario.sql<{
      id: string;
      events: number;
      audits: number;
      alerts: number;
      recipients: number;
      reassigned: number;
    }>(
      `SELECT c.id,
              (SELECT count(*)::int FROM case_events e WHERE e.case_id = c.id AND e.kind = 'sla_breached') AS events,
              (SELECT count(*)::int FROM audit_entries a WHERE a.entity_id = c.id::text AND a.action = 'case.sla_breached') AS audits,
              (SELECT count(*)::int FROM case_events e WHERE e.case_id = c.id AND e.kind = 'sla_reassigned') AS reassigned,
              (SELECT count(*)::int FROM notifications n WHERE n.case_id = c.id AND n.template = 'sla_breach') AS alerts,
              (SELECT count(DISTINCT r.email)::int FROM (
                 SELECT k.email FROM consultants k WHERE k.office_id = c.breached_office_id AND k.role = 'manager' AND k.active
                 UNION ALL
                 SELECT o.email FROM offices o WHERE o.id = c.breached_office_id AND o.email IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM consultants k WHERE k.office_id = o.id AND k.role = 'manager' AND k.active)
                 UNION ALL
                 SELECT k.email FROM case_events e JOIN consultants k ON k.id = (e.data->>'consultantId')::uuid AND k.active
                  WHERE e.case_id = c.id AND e.kind = 'sla_breached') r) AS recipients
         FROM cases c WHERE c.id = ANY($1::uuid[]) OR c.sla_breached`,
      [overdue],
    );
    expect(breaches).toHaveLength(overdue.length);
    expect(
      breaches.filter(
        (b) => b.events !== 1 || b.audits !== 1 || b.reassigned > 1 || b.alerts !== b.recipients || b.recipients === 0,
      ),
    ).toEqual([]);

    // Mail: every message sent, each received by the SMTP server exactly once, nothing else received.
    // (An office-queue alert for a case assigned before it went out is cancelled instead.)
    const notifications = await scenario.sql<{ id: string; status: string; template: string }>(
      `SELECT id, status, template FROM notifications`,
    );
    expect(
      notifications.filter((n) => n.status !== 'sent' && !(n.status === 'cancelled' && n.template === 'office_queue')),
    ).toEqual([]);
    expect(repeated(smtp.mails)).toEqual({});
    const sent = notifications.filter((n) => n.status === 'sent');
    expect([...smtp.mails].sort()).toEqual(sent.map((n) => n.id).sort());

    // Webhooks: every delivery made, each event POSTed exactly once per subscription.
    const deliveries = await scenario.sql<{
      subscription_id: string;
      event_id: string;
      event: string;
      status: string;
      subject: string;
    }>(
      `SELECT subscription_id, event_id, event, status, coalesce(payload->'data'->>'caseId', payload->'data'->>'inquiryId') AS subject
         FROM webhook_deliveries`,
    );
    expect(deliveries.filter((d) => d.status !== 'delivered')).toEqual([]);
    const received = hooks.posts.map((p) => `${p.hookId}/${p.eventId}`);
    expect(repeated(received)).toEqual({});
    expect([...received].sort()).toEqual(deliveries.map((d) => `${d.subscription_id}/${d.event_id}`).sort());
    // … and one event per cause: inquiry.received per inquiry, case.assigned per routing (plus
    // each re-route), case.sla_breached per breached case, for each subscription.
    const perSubject = (event: string): Record<string, number> => {
      const counts: Record<string, number> = {};
      for (const p of hooks!.posts.filter((q) => q.event === event)) {
        const key = `${p.hookId}/${String(p.data.caseId ?? p.data.inquiryId)}`;
        counts[key] = (counts[key] ?? 0) + 1;
      }
      return counts;
    };
    const expectEach = (counts: Record<string, number>, subjects: string[], times: (s: string) => number): void => {
      const wrong = subscriptions.flatMap(({ id }) =>
        subjects
          .filter((s) => (counts[`${id}/${s}`] ?? 0) !== times(s))
          .map((s) => ({ hook: id, subject: s, posts: counts[`${id}/${s}`] ?? 0, expected: times(s) })),
      );
      expect(wrong).toEqual([]);
    };
    expectEach(perSubject('inquiry.received'), accepted, () => 1);
    const reassigned = new Map(staff.map((c) => [c.id, c.reassigned]));
    expectEach(perSubject('case.assigned'), [...reassigned.keys()], (id) => 1 + (reassigned.get(id) ?? 0));
    expectEach(perSubject('case.sla_breached'), overdue, () => 1);
    expect(hooks.posts.filter((p) => p.event === 'case.sla_breached')).toHaveLength(
      overdue.length * subscriptions.length,
    );

    // The lost work came back through the reconcilers; say which worker found it (both may have).
    const found = (w: AppProcess, what: RegExp): number => w.logs.split('\n').filter((l) => what.test(l)).length;
    const summary = workers.map((w) => ({
      pid: w.pid,
      routingRequeued: found(w, /re-queued inquiries that had no routing job/),
      jobsRequeued: found(w, /re-queued pending (mail|webhook deliveries) that had no job/),
      slaSweeps: found(w, /SLA sweep breached overdue cases/),
      errors: found(w, /"level":(50|60)/),
    }));
    process.stdout.write(
      `scale-out: ${accepted.length} inquiries, ${sent.length} mails, ${hooks.posts.length} webhook POSTs, ` +
        `${breaches.length} breaches (${breaches.filter((b) => b.reassigned).length} re-routed); workers ${JSON.stringify(summary)}\n`,
    );
    expect(summary.some((s) => s.routingRequeued > 0)).toBe(true);
    expect(summary.some((s) => s.jobsRequeued > 0)).toBe(true);
  });
});
