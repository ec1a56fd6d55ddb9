/**
 * First-response SLA end to end, with workers: the deadline in the office's calendar, a breach by
 * the CheckSla job and by the sweep (job removed), idempotency, and reassign-on-breach. Time is
 * moved with the injectable Clock, never by sleeping.
 */
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { DateTime } from 'luxon';
import { JobName, QueueName } from '../src/queue/queue.constants';
import { Clock } from '../src/sla/clock';
import { SLA_SWEEP_EVERY_MS, SLA_SWEEP_JOB_ID, SlaProcessor } from '../src/sla/sla.processor';
import { checkJobId, SlaService } from '../src/sla/sla.service';
import { createOffice, createUser } from './factories';
import { createCase } from './factories/pipeline';
import { bearer, createTestApp, TestApp } from './setup/test-app';
import { waitFor } from './setup/wait';

const shanghai = (iso: string): Date => DateTime.fromISO(iso, { zone: 'Asia/Shanghai' }).toJSDate();

jest.setTimeout(60_000);

describe('first-response SLA', () => {
  let t: TestApp;
  let sla: SlaService;
  let clock: Clock;
  let queue: Queue;

  beforeAll(async () => {
    t = await createTestApp({ runWorkers: true });
    sla = t.app.get(SlaService);
    clock = t.app.get(Clock);
    queue = t.app.get<Queue>(getQueueToken(QueueName.Sla));
    // The minute sweep is started by hand below, so a breach here is never a race between job and
    // sweep: its registration is dropped, and the worker's minute check that would bring it back stopped.
    await t.app.get(SlaProcessor).schedule.stop();
    await queue.removeRepeatable(JobName.SweepSla, { every: SLA_SWEEP_EVERY_MS, jobId: SLA_SWEEP_JOB_ID });
  });

  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => t.close());

  const breachEvents = (caseId: string) =>
    t.db.query(`SELECT data FROM case_events WHERE case_id = $1 AND kind = 'sla_breached'`, [caseId]) as Promise<
      Array<{ data: Record<string, unknown> }>
    >;
  /** The case's breach events, once there is one (the job or sweep runs in the worker). */
  const breachAwaited = (caseId: string, what = 'the breach', timeoutMs?: number) =>
    waitFor(
      async () => {
        const rows = await breachEvents(caseId);
        return rows.length ? rows : null;
      },
      what,
      timeoutMs,
    );
  const caseRow = async (caseId: string) =>
    (
      await t.db.query(`SELECT consultant_id, sla_breached, version, first_response_due_at FROM cases WHERE id = $1`, [
        caseId,
      ])
    )[0] as {
      consultant_id: string | null;
      sla_breached: boolean;
      version: number;
      first_response_due_at: Date | null;
    };

  it('stores a deadline in business hours for an inquiry received on a Friday night (Shanghai)', async () => {
    const office = await createOffice(t.db, { timezone: 'Asia/Shanghai', slaHours: 4 });
    const c = await createCase(t.db, { officeId: office.id });
    const receivedAt = shanghai('2026-03-06T22:00'); // Friday 22:00
    const due = await t.db.transaction((m) => sla.startFirstResponseClock(m, c.caseId, receivedAt));

    const expected = shanghai('2026-03-09T13:00'); // Monday 09:00 + 4 h
    expect(due.toISOString()).toBe(expected.toISOString());
    expect((await caseRow(c.caseId)).first_response_due_at?.toISOString()).toBe(expected.toISOString());
    const [job] = await t.db.query(`SELECT topic, payload, job_id, available_at FROM outbox WHERE job_id = $1`, [
      checkJobId(c.caseId, expected),
    ]);
    expect(job).toMatchObject({
      topic: JobName.CheckSla,
      payload: { caseId: c.caseId, dueAt: expected.toISOString() },
    });
    expect(new Date(job.available_at).toISOString()).toBe(expected.toISOString());
  });

  it('the CheckSla job breaches an unanswered case at its deadline and alerts consultant and managers', async () => {
    const office = await createOffice(t.db);
    const manager = await createUser(t.db, { role: 'manager', officeId: office.id });
    const consultant = await createUser(t.db, { officeId: office.id });
    const dueAt = new Date(Date.now() + 500);
    const c = await createCase(t.db, { officeId: office.id, consultantId: consultant.id, firstResponseDueAt: dueAt });
    await t.db.transaction((m) => sla.scheduleCheck(m, c.caseId, dueAt));

    const [event] = await breachAwaited(c.caseId);
    expect(event.data).toMatchObject({
      detectedBy: 'job',
      consultantId: consultant.id,
      officeId: office.id,
      dueAt: dueAt.toISOString(),
    });
    expect((await caseRow(c.caseId)).sla_breached).toBe(true);
    const alerts: Array<{ recipient_consultant_id: string; template: string }> = await t.db.query(
      `SELECT recipient_consultant_id, template FROM notifications WHERE case_id = $1 ORDER BY recipient_consultant_id`,
      [c.caseId],
    );
    expect(alerts.map((a) => a.recipient_consultant_id).sort()).toEqual([consultant.id, manager.id].sort());
    expect(alerts.every((a) => a.template === 'sla_breach')).toBe(true);
    const [audit] = await t.db.query(
      `SELECT actor_kind, action, after FROM audit_entries WHERE entity = 'case' AND entity_id = $1`,
      [c.caseId],
    );
    expect(audit).toMatchObject({ actor_kind: 'system', action: 'case.sla_breached', after: { slaBreached: true } });
  });

  it('the sweep catches a case whose delayed job was lost', async () => {
    const office = await createOffice(t.db);
    const consultant = await createUser(t.db, { officeId: office.id });
    const dueAt = new Date(Date.now() + 2 * 3600_000);
    const c = await createCase(t.db, { officeId: office.id, consultantId: consultant.id, firstResponseDueAt: dueAt });
    await t.db.transaction((m) => sla.scheduleCheck(m, c.caseId, dueAt));
    // The job is lost: neither in the outbox nor in Bull.
    await t.db.query(`DELETE FROM outbox WHERE job_id = $1`, [checkJobId(c.caseId, dueAt)]);
    expect(await queue.getJob(checkJobId(c.caseId, dueAt))).toBeNull();

    jest.spyOn(clock, 'now').mockReturnValue(new Date(dueAt.getTime() + 60_000));
    await queue.add(JobName.SweepSla, {});
    const [event] = await breachAwaited(c.caseId, 'the sweep');
    expect(event.data).toMatchObject({ detectedBy: 'sweep' });
  });

  it('registers the minute sweep again when Redis has lost it (a Redis restarted empty)', async () => {
    const schedule = t.app.get(SlaProcessor).schedule;
    const sweeps = async () => (await queue.getRepeatableJobs()).filter((j) => j.id === SLA_SWEEP_JOB_ID);
    expect(await sweeps()).toEqual([]);
    expect(await schedule.ensure()).toBe(true);
    expect(await sweeps()).toEqual([expect.objectContaining({ name: JobName.SweepSla, every: SLA_SWEEP_EVERY_MS })]);
    // Registered once, however often the check runs (every worker runs it).
    expect(await schedule.ensure()).toBe(false);
    expect(await sweeps()).toHaveLength(1);
    await queue.removeRepeatable(JobName.SweepSla, { every: SLA_SWEEP_EVERY_MS, jobId: SLA_SWEEP_JOB_ID });
  });

  it('leaves answered, closed and not-yet-due cases alone', async () => {
    const office = await createOffice(t.db);
    const past = new Date(Date.now() - 60_000);
    const answered = await createCase(t.db, {
      officeId: office.id,
      firstResponseDueAt: past,
      firstRespondedAt: new Date(Date.now() - 120_000),
    });
    const lost = await createCase(t.db, { officeId: office.id, firstResponseDueAt: past, stage: 'lost' });
    const future = await createCase(t.db, { officeId: office.id, firstResponseDueAt: new Date(Date.now() + 3600_000) });
    const noDeadline = await createCase(t.db, { officeId: office.id, firstResponseDueAt: null });
    for (const c of [answered, lost, future, noDeadline]) {
      expect(await sla.checkCase(c.caseId, new Date())).toBe('not_breached');
      expect(await breachEvents(c.caseId)).toHaveLength(0);
    }
    expect(await sla.checkCase('00000000-0000-4000-8000-000000000000', new Date())).toBe('missing');
  });

  it('flags a case answered after its deadline as breached even before the check ran, without an alert', async () => {
    const office = await createOffice(t.db);
    const consultant = await createUser(t.db, { officeId: office.id });
    const { accessToken } = await t.login(consultant.email, consultant.password);
    const late = await createCase(t.db, {
      officeId: office.id,
      consultantId: consultant.id,
      firstResponseDueAt: new Date(Date.now() - 60_000),
    });
    const early = await createCase(t.db, {
      officeId: office.id,
      consultantId: consultant.id,
      firstResponseDueAt: new Date(Date.now() + 3600_000),
    });
    for (const c of [late, early]) {
      await t.http
        .post(`/api/v1/cases/${c.caseId}/activities`)
        .set('Authorization', `Bearer ${accessToken}`)
        .send({ type: 'call', direction: 'outbound', body: 'Called the investor back.' })
        .expect(201);
    }
    expect((await caseRow(late.caseId)).sla_breached).toBe(true);
    expect((await caseRow(early.caseId)).sla_breached).toBe(false);
    // the miss is theirs: they held the case when they answered late
    const under = await t.db.query(`SELECT id, breached_under_id FROM cases WHERE id = ANY($1) ORDER BY id`, [
      [late.caseId, early.caseId],
    ]);
    expect(
      Object.fromEntries(
        under.map((r: { id: string; breached_under_id: string | null }) => [r.id, r.breached_under_id]),
      ),
    ).toEqual({
      [late.caseId]: consultant.id,
      [early.caseId]: null,
    });
    // Answered: no breach event, alert or re-routing, and the check at the deadline leaves it be.
    expect(await sla.checkCase(late.caseId, new Date())).toBe('not_breached');
    expect(await breachEvents(late.caseId)).toHaveLength(0);
  });

  it('is idempotent: checks run twice, concurrently and by the sweep breach once', async () => {
    const office = await createOffice(t.db);
    await createUser(t.db, { role: 'manager', officeId: office.id });
    const consultant = await createUser(t.db, { officeId: office.id });
    const c = await createCase(t.db, {
      officeId: office.id,
      consultantId: consultant.id,
      firstResponseDueAt: new Date(Date.now() - 1000),
    });
    const now = new Date();

    const outcomes = await Promise.all([
      sla.checkCase(c.caseId, now),
      sla.checkCase(c.caseId, now),
      sla.checkCase(c.caseId, now),
    ]);
    outcomes.push(await sla.checkCase(c.caseId, now));
    await sla.sweep(now);

    expect(outcomes.filter((o) => o === 'breached')).toHaveLength(1);
    expect(await breachEvents(c.caseId)).toHaveLength(1);
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM notifications WHERE case_id = $1`, [
      c.caseId,
    ]);
    expect(count).toBe(2);
    const [{ audits }] = await t.db.query(
      `SELECT count(*)::int AS audits FROM audit_entries WHERE entity_id = $1 AND action = 'case.sla_breached'`,
      [c.caseId],
    );
    expect(audits).toBe(1);
  });

  it('reassigns on breach to another available consultant of the office (ROUTING.md §5)', async () => {
    const office = await createOffice(t.db, { reassignOnBreach: true });
    const slow = await createUser(t.db, {
      officeId: office.id,
      languages: ['ru', 'en'],
      lastAssignedAt: new Date(Date.now() - 3600_000),
    });
    const full = await createUser(t.db, { officeId: office.id, languages: ['ru'], capacity: 0 });
    const inactive = await createUser(t.db, { officeId: office.id, languages: ['ru'], active: false });
    const wrongLine = await createUser(t.db, { officeId: office.id, languages: ['ru'], serviceLines: ['tax'] });
    const english = await createUser(t.db, { officeId: office.id, languages: ['en'] });
    const russian = await createUser(t.db, { officeId: office.id, languages: ['ru', 'en'] });
    const elsewhere = await createUser(t.db, { officeId: (await createOffice(t.db)).id, languages: ['ru'] });
    const c = await createCase(t.db, {
      officeId: office.id,
      consultantId: slow.id,
      detectedLanguage: 'ru',
      serviceLines: ['bank_account'],
      firstResponseDueAt: new Date(Date.now() - 1000),
    });
    await t.db.query(`UPDATE cases SET assigned_at = now() - interval '1 hour' WHERE id = $1`, [c.caseId]);
    const before = await caseRow(c.caseId);
    await t.db.query(
      `INSERT INTO webhook_subscriptions (url, events, secret) VALUES ('http://127.0.0.1:9/closed', '{case.assigned}', $1)`,
      ['a-webhook-secret-of-32-characters'],
    );

    expect(await sla.checkCase(c.caseId, new Date())).toBe('breached');
    const [hook] = await t.db.query(
      `SELECT payload->'data' AS data FROM webhook_deliveries WHERE event = 'case.assigned' AND payload->'data'->>'caseId' = $1`,
      [c.caseId],
    );
    expect(hook.data).toEqual({
      caseId: c.caseId,
      reference: expect.any(String),
      officeId: office.id,
      consultantId: russian.id,
      previousOfficeId: office.id,
      previousConsultantId: slow.id,
      reason: 'sla_breach',
    });

    const after = await caseRow(c.caseId);
    expect(after.consultant_id).toBe(russian.id);
    expect(after.version).toBe(before.version + 1);
    expect([full.id, inactive.id, wrongLine.id, english.id, elsewhere.id]).not.toContain(after.consultant_id);
    const [moved] = await t.db.query(`SELECT data FROM case_events WHERE case_id = $1 AND kind = 'sla_reassigned'`, [
      c.caseId,
    ]);
    expect(moved.data).toMatchObject({ fromConsultantId: slow.id, toConsultantId: russian.id, reason: 'sla_breach' });
    const [assigned] = await t.db.query(
      `SELECT template FROM notifications WHERE case_id = $1 AND recipient_consultant_id = $2`,
      [c.caseId, russian.id],
    );
    expect(assigned.template).toBe('case_assigned');
    // The one who let it pass is told where it went, not asked to act on a case they no longer hold.
    const [alert] = await t.db.query(
      `SELECT body FROM notifications WHERE case_id = $1 AND recipient_consultant_id = $2 AND template = 'sla_breach'`,
      [c.caseId, slow.id],
    );
    const [{ full_name: russianName }] = await t.db.query(`SELECT full_name FROM consultants WHERE id = $1`, [
      russian.id,
    ]);
    expect(alert.body).toContain(`it now lies with ${russianName}, who has been asked to contact the investor now`);
    expect(alert.body).not.toContain('Please contact the investor now');
    const [audit] = await t.db.query(
      `SELECT before, after FROM audit_entries WHERE entity_id = $1 AND action = 'case.sla_reassigned'`,
      [c.caseId],
    );
    expect(audit).toMatchObject({ before: { consultantId: slow.id }, after: { consultantId: russian.id } });

    // Who let it pass is kept on the case, and the SLA report charges the miss to them, not to the
    // consultant given the case after — per consultant and under the consultant filter alike.
    const [under] = await t.db.query(`SELECT breached_under_id FROM cases WHERE id = $1`, [c.caseId]);
    expect(under.breached_under_id).toBe(slow.id);
    const adminToken = await t.adminToken();
    const slaReport = (query: Record<string, string>) =>
      t.http
        .get('/api/v1/reports/sla')
        .query({ officeId: office.id, ...query })
        .set(bearer(adminToken))
        .expect(200);
    expect((await slaReport({})).body.byConsultant).toEqual([
      expect.objectContaining({ consultantId: slow.id, due: 1, met: 0, missed: 1 }),
    ]);
    expect((await slaReport({ consultantId: slow.id })).body.totals).toMatchObject({ due: 1, missed: 1 });
    expect((await slaReport({ consultantId: russian.id })).body.totals).toMatchObject({ due: 0, missed: 0 });
    // The breached list is who must act now: the case's current consultant.
    expect((await slaReport({ consultantId: russian.id })).body.breachedOpenCases).toEqual([
      expect.objectContaining({ id: c.caseId, consultantId: russian.id }),
    ]);
  });

  it('keeps the case with a consultant given it after its deadline had passed: they let nothing pass', async () => {
    const office = await createOffice(t.db, { reassignOnBreach: true });
    const chosen = await createUser(t.db, { officeId: office.id, languages: ['ru'] });
    await createUser(t.db, { officeId: office.id, languages: ['ru'] });
    const c = await createCase(t.db, {
      officeId: office.id,
      consultantId: chosen.id, // assigned now, a minute after the deadline
      detectedLanguage: 'ru',
      firstResponseDueAt: new Date(Date.now() - 60_000),
    });
    expect(await sla.checkCase(c.caseId, new Date())).toBe('breached');
    expect(await caseRow(c.caseId)).toMatchObject({ consultant_id: chosen.id, sla_breached: true });
    expect(
      await t.db.query(`SELECT 1 FROM case_events WHERE case_id = $1 AND kind = 'sla_reassigned'`, [c.caseId]),
    ).toHaveLength(0);
  });

  it('charges a miss to whoever held the case when its deadline passed, not to a consultant given it after', async () => {
    const office = await createOffice(t.db);
    const [before, after] = [
      await createUser(t.db, { officeId: office.id }),
      await createUser(t.db, { officeId: office.id }),
    ];
    const handedLate = async () => {
      const c = await createCase(t.db, {
        officeId: office.id,
        consultantId: after.id,
        firstResponseDueAt: new Date(Date.now() - 3600_000),
      });
      const assigned = (to: string, at: Date) =>
        t.db.query(`INSERT INTO case_events (case_id, kind, data, created_at) VALUES ($1, 'assigned', $2::jsonb, $3)`, [
          c.caseId,
          JSON.stringify({ via: 'hand_over', fromConsultantId: null, toConsultantId: to, by: null }),
          at,
        ]);
      await assigned(before.id, new Date(Date.now() - 2 * 3600_000));
      await assigned(after.id, new Date(Date.now() - 60_000)); // handed over after the deadline
      await t.db.query(`UPDATE cases SET assigned_at = now() - interval '1 minute' WHERE id = $1`, [c.caseId]);
      return c;
    };
    const under = async (id: string) =>
      (await t.db.query(`SELECT breached_under_id FROM cases WHERE id = $1`, [id]))[0].breached_under_id;

    // Flagged by the check (the sweep, here) after the hand-over…
    const swept = await handedLate();
    expect(await sla.checkCase(swept.caseId, new Date(), 'sweep')).toBe('breached');
    expect(await under(swept.caseId)).toBe(before.id);
    // …or by the new holder's late answer.
    const answered = await handedLate();
    await t.http
      .post(`/api/v1/cases/${answered.caseId}/activities`)
      .set(bearer(await t.adminToken()))
      .send({ type: 'call', direction: 'outbound', body: 'Called back.' })
      .expect(201);
    expect(await under(answered.caseId)).toBe(before.id);
  });

  it('leaves a miss with the office that let it pass when the breached case is sent to another office', async () => {
    const [first, next] = [await createOffice(t.db), await createOffice(t.db)];
    const slow = await createUser(t.db, { officeId: first.id, fullName: 'Slow First' });
    const taker = await createUser(t.db, { officeId: next.id, fullName: 'Taker Next' });
    const managerOf = async (officeId: string) => {
      const m = await createUser(t.db, { officeId, role: 'manager', password: 'manager-password-1' });
      return (await t.login(m.email, 'manager-password-1')).accessToken;
    };
    const [firstManager, nextManager] = [await managerOf(first.id), await managerOf(next.id)];
    const admin = await t.adminToken();
    const dueAt = new Date('2025-06-16T10:00:30Z'); // a minute no other case of this file is due in
    const missed = async () =>
      createCase(t.db, { officeId: first.id, consultantId: slow.id, firstResponseDueAt: dueAt });

    // One flagged by the check, one by a late answer; then a manager sends both to the other office.
    const flagged = await missed();
    expect(await sla.checkCase(flagged.caseId, new Date(), 'sweep')).toBe('breached');
    const answeredLate = await missed();
    await t.http
      .post(`/api/v1/cases/${answeredLate.caseId}/activities`)
      .set(bearer(admin))
      .send({ type: 'call', direction: 'outbound', body: 'Called back.' })
      .expect(201);
    for (const c of [flagged, answeredLate]) {
      const { version } = (await t.db.query(`SELECT version FROM cases WHERE id = $1`, [c.caseId]))[0];
      await t.http
        .post(`/api/v1/cases/${c.caseId}/assign`)
        .set(bearer(admin))
        .send({ consultantId: taker.id, officeId: next.id, reason: 'Client prefers the other office', version })
        .expect(200);
    }
    const offices = await t.db.query(`SELECT office_id, breached_office_id FROM cases WHERE id = ANY($1::uuid[])`, [
      [flagged.caseId, answeredLate.caseId],
    ]);
    expect(offices).toEqual([
      { office_id: next.id, breached_office_id: first.id },
      { office_id: next.id, breached_office_id: first.id },
    ]);

    const window = { from: '2025-06-16T10:00:00Z', to: '2025-06-16T10:01:00Z' };
    const report = async (token: string, query: Record<string, string> = {}) =>
      (
        await t.http
          .get('/api/v1/reports/sla')
          .query({ ...window, ...query })
          .set(bearer(token))
          .expect(200)
      ).body as {
        totals: { due: number; missed: number };
        byOffice: Array<{ officeId: string; due: number; missed: number }>;
        byConsultant: Array<{ consultantId: string | null; missed: number }>;
      };
    const misses = { due: 2, met: 0, missed: 2, pending: 0, compliance: 0 };
    // The first office's figures keep both misses, under the consultant who let them pass…
    for (const r of [await report(admin), await report(admin, { officeId: first.id }), await report(firstManager)]) {
      expect(r.totals).toEqual(misses);
      expect(r.byOffice).toEqual([expect.objectContaining({ officeId: first.id, ...misses })]);
      expect(r.byConsultant).toEqual([expect.objectContaining({ consultantId: slow.id, ...misses })]);
    }
    // …and the office that took them over let nothing pass, nor sees the other office's consultant.
    for (const r of [await report(admin, { officeId: next.id }), await report(nextManager)]) {
      expect(r.totals).toEqual({ due: 0, met: 0, missed: 0, pending: 0, compliance: null });
      expect(r.byOffice).toEqual([]);
      expect(r.byConsultant).toEqual([]);
    }
  });

  it('does not give a queued case, at its breach, back to the consultant who handed it back', async () => {
    const office = await createOffice(t.db, { reassignOnBreach: true });
    const returner = await createUser(t.db, { officeId: office.id });
    const c = await createCase(t.db, {
      officeId: office.id,
      consultantId: null,
      firstResponseDueAt: new Date(Date.now() - 60_000),
    });
    await t.db.query(
      `INSERT INTO case_events (case_id, kind, data, created_at) VALUES ($1, 'assigned', $2::jsonb, now() - interval '1 hour')`,
      [
        c.caseId,
        JSON.stringify({ via: 'hand_over', fromConsultantId: returner.id, toConsultantId: null, by: returner.id }),
      ],
    );
    expect(await sla.checkCase(c.caseId, new Date())).toBe('breached');
    expect(await caseRow(c.caseId)).toMatchObject({ consultant_id: null, sla_breached: true });
  });

  it('keeps the case with its consultant when nobody else in the office is available', async () => {
    const office = await createOffice(t.db, { reassignOnBreach: true });
    const only = await createUser(t.db, { officeId: office.id });
    await createUser(t.db, { officeId: office.id, capacity: 0 });
    const c = await createCase(t.db, {
      officeId: office.id,
      consultantId: only.id,
      firstResponseDueAt: new Date(Date.now() - 1000),
    });
    expect(await sla.checkCase(c.caseId, new Date())).toBe('breached');
    expect((await caseRow(c.caseId)).consultant_id).toBe(only.id);
    expect(
      await t.db.query(`SELECT 1 FROM case_events WHERE case_id = $1 AND kind = 'sla_reassigned'`, [c.caseId]),
    ).toHaveLength(0);
  });

  it('breaches at once, by its check, a case whose closure is called off after the deadline it arrived with', async () => {
    const admin = await t.adminToken();
    const office = await createOffice(t.db, { timezone: 'UTC', slaHours: 8 });
    const consultant = await createUser(t.db, { officeId: office.id });
    // Monday of last week, 09:00: due 17:00 that day, long gone (relative to today, so the closure
    // below stays within the year an office may declare).
    const receivedAt = new Date();
    receivedAt.setUTCHours(9, 0, 0, 0);
    receivedAt.setUTCDate(receivedAt.getUTCDate() - 7 - ((receivedAt.getUTCDay() + 6) % 7));
    const arrivedWith = new Date(receivedAt.getTime() + 8 * 3600_000);
    const c = await createCase(t.db, {
      officeId: office.id,
      consultantId: consultant.id,
      createdAt: receivedAt,
      firstResponseDueAt: arrivedWith,
    });
    const patch = (body: object) =>
      t.http.patch(`/api/v1/offices/${office.id}`).set(bearer(admin)).send(body).expect(200);

    // The office declares itself closed from that Monday until a fortnight from now: due later.
    const closed: string[] = [];
    for (let d = receivedAt.getTime(); d < Date.now() + 14 * 86_400_000; d += 86_400_000)
      closed.push(new Date(d).toISOString().slice(0, 10));
    await patch({ holidays: closed });
    const later = (await caseRow(c.caseId)).first_response_due_at!;
    expect(later.getTime()).toBeGreaterThan(Date.now());
    // The check at the first deadline ran meanwhile and found nothing due (Bull keeps its job).
    const first = await queue.add(
      JobName.CheckSla,
      { caseId: c.caseId, dueAt: arrivedWith.toISOString() },
      { jobId: checkJobId(c.caseId, arrivedWith) },
    );
    await first.finished();
    expect((await caseRow(c.caseId)).sla_breached).toBe(false);

    // The closure is called off: the case is late under the rules it arrived with, and its check
    // breaches it now — not a minute later by the sweep (stopped here).
    await patch({ holidays: [] });
    expect((await caseRow(c.caseId)).first_response_due_at?.toISOString()).toBe(arrivedWith.toISOString());
    const [event] = await breachAwaited(c.caseId, 'the breach', 15_000);
    expect(event.data).toMatchObject({ detectedBy: 'job', dueAt: arrivedWith.toISOString() });
    // The check at the later deadline, when it comes, does no harm.
    expect(await sla.checkCase(c.caseId, new Date(later.getTime() + 1000))).toBe('not_breached');
    expect(await breachEvents(c.caseId)).toHaveLength(1);
  });

  it('breaches at once, by its check, a case sent back to an office whose deadline for it has passed', async () => {
    const admin = await t.adminToken();
    const first = await createOffice(t.db, { timezone: 'UTC', slaHours: 8 });
    const second = await createOffice(t.db, { timezone: 'UTC', slaHours: 8 });
    const back = await createUser(t.db, { officeId: first.id });
    // Received Monday 16 November 2026, 09:00: the first office's deadline, 17:00 that day, is long
    // gone; the case was moved to the second office in time, which gave it a later one.
    const receivedAt = new Date('2026-11-16T09:00:00Z');
    const firstDue = new Date('2026-11-16T17:00:00Z');
    const c = await createCase(t.db, {
      officeId: second.id,
      createdAt: receivedAt,
      firstResponseDueAt: new Date(Date.now() + 86_400_000),
    });
    // The check at the first office's deadline ran and found nothing due (Bull keeps its job).
    const job = await queue.add(
      JobName.CheckSla,
      { caseId: c.caseId, dueAt: firstDue.toISOString() },
      { jobId: checkJobId(c.caseId, firstDue) },
    );
    await job.finished();
    expect((await caseRow(c.caseId)).sla_breached).toBe(false);

    await t.http
      .post(`/api/v1/cases/${c.caseId}/assign`)
      .set(bearer(admin))
      .send({ consultantId: back.id, officeId: first.id, reason: 'Back to the first office', version: 1 })
      .expect(200);
    expect((await caseRow(c.caseId)).first_response_due_at?.toISOString()).toBe(firstDue.toISOString());
    const [event] = await breachAwaited(c.caseId, 'the breach', 15_000);
    expect(event.data).toMatchObject({ detectedBy: 'job', dueAt: firstDue.toISOString() });
  });
});

describe('first-response deadline of a case moved to another office', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
  });
  afterAll(async () => t.close());

  it('is counted again in the new office’s calendar from the inquiry’s arrival, with its own check', async () => {
    const singapore = await createOffice(t.db, { timezone: 'Asia/Singapore', slaHours: 8 });
    const moscow = await createOffice(t.db, { timezone: 'Europe/Moscow', countryCode: 'RU', slaHours: 8 });
    const mover = await createUser(t.db, { officeId: moscow.id });
    // Saturday 6 March 2027, 17:51 UTC — months from the move, so a deadline counted from the move
    // rather than the arrival would differ: Singapore answers by Monday 09:00 + 8 h there
    // (09:00 UTC), Moscow by Monday 09:00 + 8 h there (14:00 UTC).
    const receivedAt = new Date('2027-03-06T17:51:00Z');
    const fresh = await createCase(t.db, {
      officeId: singapore.id,
      createdAt: receivedAt,
      firstResponseDueAt: new Date('2027-03-08T09:00:00Z'),
    });
    const answered = await createCase(t.db, {
      officeId: singapore.id,
      createdAt: receivedAt,
      firstResponseDueAt: new Date('2027-03-08T09:00:00Z'),
      firstRespondedAt: new Date('2027-03-06T18:00:00Z'),
    });
    const breached = await createCase(t.db, {
      officeId: singapore.id,
      createdAt: receivedAt,
      firstResponseDueAt: new Date('2027-03-08T09:00:00Z'),
    });
    await t.db.query(`UPDATE cases SET sla_breached = true, breached_office_id = office_id WHERE id = $1`, [
      breached.caseId,
    ]);
    const move = (caseId: string) =>
      t.http
        .post(`/api/v1/cases/${caseId}/assign`)
        .set(bearer(admin))
        .send({ consultantId: mover.id, officeId: moscow.id, reason: 'Client prefers Moscow', version: 1 })
        .expect(200);

    const moved = (await move(fresh.caseId)).body;
    expect(moved).toMatchObject({ officeId: moscow.id, firstResponseDueAt: '2027-03-08T14:00:00.000Z' });
    const due = new Date('2027-03-08T14:00:00Z');
    const [job] = await t.db.query(`SELECT available_at FROM outbox WHERE job_id = $1`, [
      checkJobId(fresh.caseId, due),
    ]);
    expect(new Date(job.available_at).toISOString()).toBe(due.toISOString());
    const [event] = await t.db.query(`SELECT data FROM case_events WHERE case_id = $1 AND kind = 'assigned'`, [
      fresh.caseId,
    ]);
    expect(event.data).toMatchObject({ toOfficeId: moscow.id, firstResponseDueAt: due.toISOString() });

    // Answered already: the deadline is history and stays as it was.
    expect((await move(answered.caseId)).body.firstResponseDueAt).toBe('2027-03-08T09:00:00.000Z');
    // Breached already: the miss happened in the old office, and no new check is scheduled for it.
    expect((await move(breached.caseId)).body.firstResponseDueAt).toBe('2027-03-08T09:00:00.000Z');
    expect(await t.db.query(`SELECT 1 FROM outbox WHERE job_id = $1`, [checkJobId(breached.caseId, due)])).toHaveLength(
      0,
    );
  });

  const dueOf = async (caseId: string) =>
    (await t.db.query(`SELECT first_response_due_at AS d FROM cases WHERE id = $1`, [caseId]))[0].d.toISOString();
  const patchOffice = (officeId: string, body: object) =>
    t.http.patch(`/api/v1/offices/${officeId}`).set(bearer(admin)).send(body).expect(200);

  it('follows a closure both ways: declared, the deadline moves later; called off, it is given back exactly', async () => {
    const shanghai = await createOffice(t.db, { timezone: 'Asia/Shanghai', slaHours: 8 });
    // Monday 1 March 2027, 09:00 in Shanghai: due 17:00 there (09:00 UTC).
    const receivedAt = new Date('2027-03-01T01:00:00Z');
    const due = new Date('2027-03-01T09:00:00Z');
    const waiting = await createCase(t.db, { officeId: shanghai.id, createdAt: receivedAt, firstResponseDueAt: due });
    const answered = await createCase(t.db, {
      officeId: shanghai.id,
      createdAt: receivedAt,
      firstResponseDueAt: due,
      firstRespondedAt: new Date('2027-03-01T02:00:00Z'),
    });
    const patch = (body: object) => patchOffice(shanghai.id, body);
    const jobs = async (caseId: string, at: Date) =>
      (await t.db.query(`SELECT 1 FROM outbox WHERE job_id = $1`, [checkJobId(caseId, at)])).length;

    // The office closes on 1 March: the waiting case is due Tuesday 17:00 there, with its own check.
    await patch({ holidays: ['2027-03-01'] });
    const later = new Date('2027-03-02T09:00:00Z');
    expect(await dueOf(waiting.caseId)).toBe(later.toISOString());
    expect(await jobs(waiting.caseId, later)).toBe(1);
    expect(await dueOf(answered.caseId)).toBe(due.toISOString());

    // The closure is called off: the deadline it arrived with, to the millisecond, and a check at it.
    await patch({ holidays: [] });
    expect(await dueOf(waiting.caseId)).toBe(due.toISOString());
    expect(await jobs(waiting.caseId, due)).toBe(1);
    expect(await dueOf(answered.caseId)).toBe(due.toISOString());

    // The case's timeline tells its consultant both moves and who made them; the answered case has none.
    const moves = async (caseId: string) =>
      (await t.http.get(`/api/v1/cases/${caseId}/timeline`).set(bearer(admin)).expect(200)).body.data.filter(
        (i: { kind: string }) => i.kind === 'sla_deadline_moved',
      );
    const by = { id: expect.any(String), fullName: expect.any(String) };
    expect(await moves(waiting.caseId)).toEqual([
      {
        kind: 'sla_deadline_moved',
        at: expect.any(String),
        actor: by,
        data: { from: later.toISOString(), to: due.toISOString(), reason: 'office_calendar', officeId: shanghai.id },
      },
      {
        kind: 'sla_deadline_moved',
        at: expect.any(String),
        actor: by,
        data: { from: due.toISOString(), to: later.toISOString(), reason: 'office_calendar', officeId: shanghai.id },
      },
    ]);
    expect(await moves(answered.caseId)).toEqual([]);
  });

  it('gives back a deadline a make-up working day removed by mistake had moved later', async () => {
    const shanghai = await createOffice(t.db, { timezone: 'Asia/Shanghai', slaHours: 8 });
    await patchOffice(shanghai.id, { extraWorkingDays: ['2027-03-06'] });
    // Friday 5 March 2027, 17:00 in Shanghai, with Saturday a working day: one hour on Friday and
    // seven on Saturday, due Saturday 16:00 there (08:00 UTC), as routing counted it.
    const receivedAt = new Date('2027-03-05T09:00:00Z');
    const due = new Date('2027-03-06T08:00:00Z');
    const waiting = await createCase(t.db, { officeId: shanghai.id, createdAt: receivedAt, firstResponseDueAt: due });

    await patchOffice(shanghai.id, { extraWorkingDays: [] });
    expect(await dueOf(waiting.caseId)).toBe('2027-03-08T08:00:00.000Z'); // Monday 16:00
    await patchOffice(shanghai.id, { extraWorkingDays: ['2027-03-06'] });
    expect(await dueOf(waiting.caseId)).toBe(due.toISOString());
  });

  it('recounts a deadline with a shorter SLA, but never earlier than the one the case arrived with', async () => {
    const shanghai = await createOffice(t.db, { timezone: 'Asia/Shanghai', slaHours: 8 });
    // Monday 1 March 2027, 09:00 in Shanghai: due 17:00 there (09:00 UTC).
    const receivedAt = new Date('2027-03-01T01:00:00Z');
    const due = new Date('2027-03-01T09:00:00Z');
    const waiting = await createCase(t.db, { officeId: shanghai.id, createdAt: receivedAt, firstResponseDueAt: due });
    const patch = (body: object) => patchOffice(shanghai.id, body);

    await patch({ holidays: ['2027-03-01'] });
    expect(await dueOf(waiting.caseId)).toBe('2027-03-02T09:00:00.000Z'); // Tuesday 17:00
    // Four hours now: Tuesday 13:00 — earlier than the closure made it, later than it arrived with.
    await patch({ firstResponseSlaHours: 4 });
    expect(await dueOf(waiting.caseId)).toBe('2027-03-02T05:00:00.000Z');
    // Without the closure four hours would be Monday 13:00: the case keeps Monday 17:00, the
    // deadline it was on time under.
    await patch({ holidays: [] });
    expect(await dueOf(waiting.caseId)).toBe(due.toISOString());
    await patch({ firstResponseSlaHours: 2, businessHours: { days: [1, 2, 3, 4, 5], open: '08:00', close: '20:00' } });
    expect(await dueOf(waiting.caseId)).toBe(due.toISOString());
    // A longer SLA still moves it later.
    await patch({ firstResponseSlaHours: 12 });
    expect(await dueOf(waiting.caseId)).toBe('2027-03-02T01:00:00.000Z'); // Monday 09:00–20:00, Tuesday 08:00–09:00
  });

  it('takes the current deadline of a case from before the given deadline was kept as its floor, and keeps it', async () => {
    const shanghai = await createOffice(t.db, { timezone: 'Asia/Shanghai', slaHours: 8 });
    // Monday 1 March 2027, 09:00 in Shanghai, due 17:00 there (09:00 UTC) — but an earlier closure
    // (under the rule of before: only ever later) had moved it to Tuesday 17:00.
    const receivedAt = new Date('2027-03-01T01:00:00Z');
    const movedBefore = new Date('2027-03-02T09:00:00Z');
    const old = await createCase(t.db, {
      officeId: shanghai.id,
      createdAt: receivedAt,
      firstResponseDueAt: movedBefore,
      firstResponseGivenDueAt: null,
    });
    // A shorter SLA would make it Monday 13:00: the deadline it has is all there is to go by.
    await patchOffice(shanghai.id, { firstResponseSlaHours: 4 });
    expect(await dueOf(old.caseId)).toBe(movedBefore.toISOString());
    // A longer one moves it later, and the deadline it had is kept as the one given.
    await patchOffice(shanghai.id, { firstResponseSlaHours: 20 });
    expect(await dueOf(old.caseId)).toBe('2027-03-03T03:00:00.000Z'); // 9 h Monday, 9 h Tuesday, Wednesday 11:00
    const [row] = await t.db.query(`SELECT first_response_given_due_at AS given FROM cases WHERE id = $1`, [
      old.caseId,
    ]);
    expect(row.given.toISOString()).toBe(movedBefore.toISOString());
    await patchOffice(shanghai.id, { firstResponseSlaHours: 8 });
    expect(await dueOf(old.caseId)).toBe(movedBefore.toISOString());
  });

  it('takes the new office’s deadline, not the old one’s, as the floor of its calendar changes after a hand-over', async () => {
    const singapore = await createOffice(t.db, { timezone: 'Asia/Singapore', countryCode: 'SG', slaHours: 16 });
    const moscow = await createOffice(t.db, { timezone: 'Europe/Moscow', countryCode: 'RU', slaHours: 4 });
    const mover = await createUser(t.db, { officeId: moscow.id });
    // Monday 1 March 2027, 09:00 in Singapore (04:00 in Moscow). Singapore: 9 h on Monday and 7 on
    // Tuesday, due Tuesday 16:00 there (08:00 UTC). Moscow: Monday 09:00 + 4 h there (10:00 UTC).
    const receivedAt = new Date('2027-03-01T01:00:00Z');
    const c = await createCase(t.db, {
      officeId: singapore.id,
      createdAt: receivedAt,
      firstResponseDueAt: new Date('2027-03-02T08:00:00Z'),
    });
    const inMoscow = '2027-03-01T10:00:00.000Z';
    await t.http
      .post(`/api/v1/cases/${c.caseId}/assign`)
      .set(bearer(admin))
      .send({ consultantId: mover.id, officeId: moscow.id, reason: 'Client prefers Moscow', version: 1 })
      .expect(200);
    expect(await dueOf(c.caseId)).toBe(inMoscow);
    const [row] = await t.db.query(`SELECT first_response_given_due_at AS given FROM cases WHERE id = $1`, [c.caseId]);
    expect(row.given.toISOString()).toBe(inMoscow);

    const patch = (body: object) => patchOffice(moscow.id, body);
    await patch({ holidays: ['2027-03-01'] });
    expect(await dueOf(c.caseId)).toBe('2027-03-02T10:00:00.000Z');
    // Back to Moscow's deadline — not Singapore's later one.
    await patch({ holidays: [] });
    expect(await dueOf(c.caseId)).toBe(inMoscow);
    await patch({ firstResponseSlaHours: 2 });
    expect(await dueOf(c.caseId)).toBe(inMoscow);
  });
});
