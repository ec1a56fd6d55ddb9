/**
 * Routing end to end: inquiries go in through the public API, the worker's relay and routing job
 * turn them into cases, and the stored decision explains the choice. Real Postgres and Redis.
 */
import { DataSource } from 'typeorm';
import { seedDemoData } from '../src/database/demo-seed';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { OfficeEntity } from '../src/offices/office.entity';
import { OutboxService } from '../src/queue/outbox.service';
import { RoutingReconciler } from '../src/routing/routing-reconciler.service';
import { RoutingService } from '../src/routing/routing.service';
import { computeFirstResponseDue } from '../src/sla/sla-calendar';
import { createOffice, createUser } from './factories';
import { bearer, createTestApp, TestApp } from './setup/test-app';
import { waitFor } from './setup/wait';

const inquiry = (over: Record<string, unknown> = {}) => ({
  fullName: 'Oleg Ivanov',
  email: `o.ivanov.${Math.random().toString(36).slice(2)}@uralmash-trade.ru`,
  originCountry: 'RU',
  message: 'Здравствуйте! Нам нужно открыть банковский счёт в Шанхае.',
  consent: { privacy: true },
  ...over,
});

const caseOf = (db: DataSource, inquiryId: string) => async () => {
  const [row] = await db.query(`SELECT id, office_id, consultant_id FROM cases WHERE inquiry_id = $1`, [inquiryId]);
  return row as { id: string; office_id: string; consultant_id: string | null } | undefined;
};

describe('Routing on the demo network (worker running)', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp({ runWorkers: true });
    await seedDemoData(t.db);
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  it('routes a Russian bank-account inquiry about Shanghai to a Russian-speaking banker in SHA, with an explanation', async () => {
    const res = await t.http.post('/api/v1/inquiries').send(inquiry()).expect(201);
    const routed = await waitFor(caseOf(t.db, res.body.id), 'the case', 15_000);
    const [office] = await t.db.query(`SELECT code FROM offices WHERE id = $1`, [routed.office_id]);
    expect(office.code).toBe('SHA');
    const [consultant] = await t.db.query(
      `SELECT k.languages, array_agg(s.service_line_code) AS lines FROM consultants k
         JOIN consultant_service_lines s ON s.consultant_id = k.id WHERE k.id = $1 GROUP BY k.id`,
      [routed.consultant_id],
    );
    expect(consultant.languages).toContain('ru');
    expect(consultant.lines).toContain('bank_account');

    const decision = await t.http.get(`/api/v1/cases/${routed.id}/routing`).set(bearer(admin)).expect(200);
    expect(decision.body).toMatchObject({
      strategy: 'territory',
      officeId: routed.office_id,
      consultantId: routed.consultant_id,
      detected: {
        language: 'ru',
        serviceLines: ['bank_account'],
        city: 'Shanghai',
        sources: { language: 'message', city: 'message' },
      },
      policyVersion: 1,
    });
    expect(decision.body.summary).toMatch(/SHA|Shanghai/);
    expect(decision.body.candidates.length).toBeGreaterThan(1);
    expect(decision.body.candidates.filter((c: { chosen: boolean }) => c.chosen)).toHaveLength(1);

    const detail = await t.http.get(`/api/v1/inquiries/${res.body.id}`).set(bearer(admin)).expect(200);
    expect(detail.body).toMatchObject({
      status: 'routed',
      caseId: routed.id,
      detected: { language: 'ru', city: 'Shanghai', serviceLines: ['bank_account'] },
    });

    const [c] = await t.db.query(`SELECT stage_code, first_response_due_at, assigned_at FROM cases WHERE id = $1`, [
      routed.id,
    ]);
    expect(c.stage_code).toBe('new');
    expect(c.first_response_due_at).toBeInstanceOf(Date);
    const events = await t.db.query(`SELECT from_stage, to_stage FROM stage_events WHERE case_id = $1`, [routed.id]);
    expect(events).toEqual([{ from_stage: null, to_stage: 'new' }]);
    // The router writes the stage path of that first event with the case (so the stage-path trigger has nothing to
    // rewrite); it must say what the event says.
    const [facts] = await t.db.query(
      `SELECT c.stage_path = ARRAY['new']::varchar[] AS path,
              c.stage_path_at = ARRAY[e.created_at] AS path_at,
              c.stage_entered_at = e.created_at AS entered,
              c.stages_reached = (SELECT 1::bigint << s.bit FROM stages s WHERE s.code = 'new') AS mask
         FROM cases c JOIN stage_events e ON e.case_id = c.id WHERE c.id = $1`,
      [routed.id],
    );
    expect(facts).toEqual({ path: true, path_at: true, entered: true, mask: true });
    const audit = await t.db.query(
      `SELECT actor_kind FROM audit_entries WHERE entity = 'case' AND entity_id = $1 AND action = 'case.routed'`,
      [routed.id],
    );
    expect(audit).toEqual([{ actor_kind: 'system' }]);
    // The timeline tells it in the order it happened: routed, then the first stage, then assigned.
    const timeline = await t.http.get(`/api/v1/cases/${routed.id}/timeline`).set(bearer(admin)).expect(200);
    expect(timeline.body.data.map((i: { kind: string }) => i.kind)).toEqual(['assigned', 'stage_changed', 'routed']);
  });

  it('routes the same inquiry once, however often the job runs', async () => {
    const res = await t.http.post('/api/v1/inquiries').send(inquiry()).expect(201);
    const routed = await waitFor(caseOf(t.db, res.body.id), 'the case', 15_000);
    const routing = t.app.get(RoutingService);
    const again = await Promise.all([routing.routeInquiry(res.body.id), routing.routeInquiry(res.body.id)]);
    expect(again.map((o) => o.status)).toEqual(['skipped', 'skipped']);
    const cases = await t.db.query(`SELECT id FROM cases WHERE inquiry_id = $1`, [res.body.id]);
    expect(cases).toEqual([{ id: routed.id }]);
    expect(
      await t.db.query(`SELECT count(*)::int AS n FROM routing_decisions WHERE inquiry_id = $1`, [res.body.id]),
    ).toEqual([{ n: 1 }]);
    // Its timeline event has the shape of every assignment (hand-over, queue drain): one renderer.
    const [event] = await t.db.query(
      `SELECT actor_id, data FROM case_events WHERE case_id = $1 AND kind = 'assigned'`,
      [routed.id],
    );
    const [kase] = await t.db.query(`SELECT office_id, consultant_id FROM cases WHERE id = $1`, [routed.id]);
    expect(event).toEqual({
      actor_id: null,
      data: {
        via: 'routing',
        fromConsultantId: null,
        toConsultantId: kase.consultant_id,
        fromOfficeId: null,
        toOfficeId: kase.office_id,
        reason: null,
        by: null,
        strategy: expect.any(String),
      },
    });
  });

  it('simulates a decision without writing anything', async () => {
    const count = async () =>
      (
        await t.db.query(
          `SELECT (SELECT count(*) FROM cases) + (SELECT count(*) FROM inquiries) + (SELECT count(*) FROM outbox) AS n`,
        )
      )[0].n;
    const before = await count();
    const res = await t.http
      .post('/api/v1/routing/simulate')
      .set(bearer(admin))
      .send(
        inquiry({
          message: '我们计划在北京注册公司，并需要税务咨询。',
          originCountry: 'US',
          email: 'li.wei@pacificgoods.com',
        }),
      )
      .expect(200);
    expect(res.body).toMatchObject({
      strategy: 'territory',
      detected: { language: 'zh', city: 'Beijing', serviceLines: ['company_formation', 'tax'] },
    });
    const [office] = await t.db.query(`SELECT code FROM offices WHERE id = $1`, [res.body.officeId]);
    expect(office.code).toBe('BJS');
    expect(await count()).toBe(before);
    // What intake refuses, simulate refuses: an unknown service-line code is named, not dropped.
    const unknown = await t.http
      .post('/api/v1/routing/simulate')
      .set(bearer(admin))
      .send(inquiry({ serviceLines: ['no_such_line'] }))
      .expect(400);
    expect(unknown.body.errors).toEqual([
      { field: 'serviceLines', message: 'holds unknown or inactive service-line codes: no_such_line' },
    ]);
    // ... and what intake would keep as spam, unrouted, has no decision to show.
    const bot = await t.http
      .post('/api/v1/routing/simulate')
      .set(bearer(admin))
      .send(inquiry({ website: 'http://spam.example' }))
      .expect(422);
    expect(bot.body).toMatchObject({ code: 'routing.would_be_spam', errors: [{ field: 'website' }] });
  });

  it('passes over a client owner who is a manager and says so by name, simulated and stored', async () => {
    const [chen] = await t.db.query(`SELECT id FROM consultants WHERE email = 'jing.chen@advisory.example'`);
    await t.http
      .post('/api/v1/clients')
      .set(bearer(admin))
      .send({
        name: 'Manager-owned Trading',
        type: 'company',
        countryCode: 'RU',
        emailDomain: 'mgr-owned.ru',
        ownerId: chen.id,
      })
      .expect(201);
    const expectPassedOver = (decision: { strategy: string; affinity: unknown; summary: string }) => {
      expect(decision.strategy).toBe('territory');
      expect(decision.affinity).toMatchObject({ ownerId: chen.id, used: false, skipped: ['not_a_consultant'] });
      expect(decision.summary).toContain(
        "the client's owner Chen Jing is a manager or admin, who takes no routed cases",
      );
    };

    const body = inquiry({ email: 'a.petrov@mgr-owned.ru' });
    const sim = await t.http.post('/api/v1/routing/simulate').set(bearer(admin)).send(body).expect(200);
    expectPassedOver(sim.body);

    const res = await t.http.post('/api/v1/inquiries').send(body).expect(201);
    const routed = await waitFor(caseOf(t.db, res.body.id), 'the case', 15_000);
    const stored = await t.http.get(`/api/v1/cases/${routed.id}/routing`).set(bearer(admin)).expect(200);
    expectPassedOver(stored.body);
  });

  it("gives the case to the owner of the email domain's client when the contact's own client's owner cannot take it", async () => {
    // ROUTING.md §2: "the contact's normalized email, or the company's email domain". Ivan wrote
    // once as "Petrov Consulting", which became his client; the firm later filed his company's
    // domain under another client, owned by a consultant in Moscow.
    const [chen] = await t.db.query(`SELECT id FROM consultants WHERE email = 'jing.chen@advisory.example'`);
    const [moscow] = await t.db.query(
      `SELECT k.id, k.full_name, k.office_id FROM consultants k JOIN offices o ON o.id = k.office_id
        WHERE o.code = 'MOW' AND k.role = 'consultant' AND k.active ORDER BY k.email LIMIT 1`,
    );
    const email = 'ivan@petrov-group.ru';
    const first = await t.http
      .post('/api/v1/inquiries')
      .send(inquiry({ email, fullName: 'Ivan Petrov', company: 'Petrov Consulting' }))
      .expect(201);
    await waitFor(caseOf(t.db, first.body.id), 'the first case', 15_000);
    const [own] = await t.db.query(`SELECT client_id FROM contacts WHERE email = $1`, [email]);
    await t.http
      .patch(`/api/v1/clients/${own.client_id}`)
      .set(bearer(admin))
      .send({ emailDomain: null, ownerId: chen.id })
      .expect(200);
    const company = await t.http
      .post('/api/v1/clients')
      .set(bearer(admin))
      .send({
        name: 'Petrov Group',
        type: 'company',
        countryCode: 'RU',
        emailDomain: 'petrov-group.ru',
        ownerId: moscow.id,
      })
      .expect(201);

    const expectDomainOwner = (decision: {
      strategy: string;
      consultantId: string;
      affinity: unknown;
      summary: string;
    }) => {
      expect(decision).toMatchObject({ strategy: 'affinity', consultantId: moscow.id, officeId: moscow.office_id });
      expect(decision.affinity).toEqual({
        clientId: company.body.id,
        ownerId: moscow.id,
        used: true,
        skipped: [],
        passedOver: [{ clientId: own.client_id, ownerId: chen.id, skipped: ['not_a_consultant'] }],
      });
      expect(decision.summary).toContain(`Assigned to ${moscow.full_name} at MOW`);
      expect(decision.summary).toContain(
        "(the client's owner Chen Jing is a manager or admin, who takes no routed cases)",
      );
    };
    // (another question: the same one again would be a repeat, not a new case)
    const body = inquiry({ email, fullName: 'Ivan Petrov', message: 'Нужен аудит нашей дочерней компании в Москве.' });
    const sim = await t.http.post('/api/v1/routing/simulate').set(bearer(admin)).send(body).expect(200);
    expectDomainOwner(sim.body);

    const res = await t.http.post('/api/v1/inquiries').send(body).expect(201);
    const routed = await waitFor(caseOf(t.db, res.body.id), 'the case', 15_000);
    expect(routed.consultant_id).toBe(moscow.id);
    const stored = await t.http.get(`/api/v1/cases/${routed.id}/routing`).set(bearer(admin)).expect(200);
    expectDomainOwner(stored.body);
    // The case stays with the contact's own client: affinity chose the consultant, not the client.
    const [held] = await t.db.query(`SELECT client_id FROM cases WHERE id = $1`, [routed.id]);
    expect(held.client_id).toBe(own.client_id);
  });
});

describe('Routing under concurrency and rules', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  it('never pushes anyone past capacity: 50 inquiries into an office with room for 20', async () => {
    const office = await createOffice(t.db, {
      code: 'CAP1',
      countryCode: 'VN',
      city: 'Hanoi',
      timezone: 'Asia/Bangkok',
      coverageCities: ['Hanoi'],
      serviceLines: ['tax'],
      isDefault: true,
    });
    const staff = await Promise.all(
      [8, 7, 5].map((capacity) => createUser(t.db, { officeId: office.id, capacity, serviceLines: ['tax'] })),
    );
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const res = await t.http
        .post('/api/v1/inquiries')
        .send(
          inquiry({
            email: `cap${i}@firm${i}.example`,
            originCountry: 'VN',
            targetCity: 'Hanoi',
            serviceLines: ['tax'],
            message: `Tax filing support needed, request number ${i}.`,
          }),
        )
        .expect(201);
      ids.push(res.body.id);
    }
    const routing = t.app.get(RoutingService);
    const outcomes = await Promise.all(ids.map((id) => routing.routeInquiry(id)));
    expect(outcomes.every((o) => o.status === 'routed')).toBe(true);
    const load = await t.db.query(
      `SELECT k.capacity, count(c.id)::int AS open FROM consultants k LEFT JOIN cases c ON c.consultant_id = k.id WHERE k.office_id = $1 GROUP BY k.id`,
      [office.id],
    );
    for (const l of load) expect(l.open).toBeLessThanOrEqual(l.capacity);
    expect(load.reduce((s: number, l: { open: number }) => s + l.open, 0)).toBe(20);
    const [queue] = await t.db.query(
      `SELECT count(*)::int AS n FROM cases WHERE office_id = $1 AND consultant_id IS NULL`,
      [office.id],
    );
    expect(queue.n).toBe(30);
    expect(staff).toHaveLength(3);
  });

  it('applies an admin rule, explains it, and lets managers manage only their office\u2019s rules', async () => {
    const moscow = await createOffice(t.db, {
      code: 'MOW9',
      countryCode: 'RU',
      city: 'Moscow',
      timezone: 'Europe/Moscow',
      coverageCities: ['Moscow'],
      serviceLines: ['legal_compliance'],
    });
    const lead = await createUser(t.db, {
      officeId: moscow.id,
      languages: ['ru', 'en'],
      serviceLines: ['legal_compliance'],
    });
    const rule = await t.http
      .post('/api/v1/routing/rules')
      .set(bearer(admin))
      .send({
        name: 'Sanctions go to Moscow',
        priority: 10,
        conditions: { keywords: ['sanctions', 'санкции'] },
        action: { officeId: moscow.id, consultantId: lead.id },
      })
      .expect(201);
    const sim = await t.http
      .post('/api/v1/routing/simulate')
      .set(bearer(admin))
      .send(
        inquiry({
          email: 'j.schulz@hafenlogistik.de',
          originCountry: 'DE',
          message: 'Can you advise on sanctions exposure before we open a bank account in Shanghai?',
        }),
      )
      .expect(200);
    expect(sim.body).toMatchObject({
      strategy: 'rule',
      ruleId: rule.body.id,
      officeId: moscow.id,
      consultantId: lead.id,
    });

    const other = await createOffice(t.db, { code: 'OTH9' });
    const manager = await createUser(t.db, { officeId: other.id, role: 'manager' });
    const m = (await t.login(manager.email, manager.password)).accessToken;
    expect((await t.http.get(`/api/v1/routing/rules/${rule.body.id}`).set(bearer(m))).status).toBe(404);
    expect((await t.http.get('/api/v1/routing/rules').set(bearer(m))).body.total).toBe(0);
    const own = await t.http
      .post('/api/v1/routing/rules')
      .set(bearer(m))
      .send({ name: 'Ours', priority: 5, conditions: { originCountries: ['KZ'] }, action: { officeId: other.id } });
    expect(own.status).toBe(201);
    const foreign = await t.http
      .post('/api/v1/routing/rules')
      .set(bearer(m))
      .send({ name: 'Theirs', priority: 5, conditions: {}, action: { officeId: moscow.id } });
    expect(foreign.status).toBe(403);
    const bad = await t.http
      .post('/api/v1/routing/rules')
      .set(bearer(admin))
      .send({
        name: 'Bad',
        priority: 1,
        conditions: { originCountries: ['XX'], serviceLines: ['astrology'] },
        action: { officeId: moscow.id, consultantId: manager.id },
      });
    expect(bad.status).toBe(400);
    // Conditions in a list are no conditions: refused, not stored as {} (a rule matching everything).
    for (const body of [
      { conditions: [], action: { officeId: moscow.id } },
      { conditions: [{ originCountries: ['JP'] }], action: { officeId: moscow.id } },
      { conditions: {}, action: [{ officeId: moscow.id }] },
    ]) {
      const listed = await t.http
        .post('/api/v1/routing/rules')
        .set(bearer(admin))
        .send({ name: 'Listed', priority: 1, ...body });
      expect(listed.status).toBe(400);
      expect(listed.body.errors).toContainEqual({
        field: Array.isArray(body.conditions) ? 'conditions' : 'action',
        message: 'must be an object',
      });
    }
    const patched = await t.http
      .patch(`/api/v1/routing/rules/${rule.body.id}`)
      .set(bearer(admin))
      .send({ conditions: [{ originCountries: ['SE'] }] });
    expect(patched.status).toBe(400);
    // a stale If-Match is a 409, not ignored
    const current = (await t.http.get(`/api/v1/routing/rules/${rule.body.id}`).set(bearer(admin))).body;
    const staleRule = await t.http
      .patch(`/api/v1/routing/rules/${rule.body.id}`)
      .set(bearer(admin))
      .set('If-Match', `"${current.version + 5}"`)
      .send({ priority: 11 });
    expect(staleRule.status).toBe(409);
    await t.http
      .patch(`/api/v1/routing/rules/${rule.body.id}`)
      .set(bearer(admin))
      .set('If-Match', `"${current.version}"`)
      .send({ priority: 10 })
      .expect(200);
    expect((await t.http.get(`/api/v1/routing/rules/${rule.body.id}`).set(bearer(admin))).body.conditions).toEqual({
      keywords: ['sanctions', 'санкции'],
    });
    // A manager of the office is no routing candidate: a rule naming one could never apply.
    const moscowManager = await createUser(t.db, { officeId: moscow.id, role: 'manager' });
    const namesManager = await t.http
      .post('/api/v1/routing/rules')
      .set(bearer(admin))
      .send({
        name: 'Manager',
        priority: 2,
        conditions: {},
        action: { officeId: moscow.id, consultantId: moscowManager.id },
      });
    expect(namesManager.status).toBe(400);
    expect(namesManager.body.errors).toEqual([
      { field: 'action.consultantId', message: 'must be a consultant of action.officeId' },
    ]);
    const consultant = await createUser(t.db, { officeId: other.id });
    const c = (await t.login(consultant.email, consultant.password)).accessToken;
    expect((await t.http.get('/api/v1/routing/rules').set(bearer(c))).status).toBe(403);
    await t.http.delete(`/api/v1/routing/rules/${rule.body.id}`).set(bearer(admin)).expect(204);
  });

  it('never assigns a case to a consultant in the moment they move to another office', async () => {
    const a = await createOffice(t.db);
    const b = await createOffice(t.db);
    const mover = await createUser(t.db, { officeId: a.id, capacity: 1000, languages: ['ru'] });
    await t.db.query(
      `INSERT INTO routing_rules (name, priority, conditions, office_id) VALUES ('Race to A', 1, '{"originCountries":["MN"]}', $1)`,
      [a.id],
    );
    const routing = t.app.get(RoutingService);
    const misplaced = async () =>
      (
        await t.db.query(
          `SELECT count(*)::int AS n FROM cases x JOIN consultants u ON u.id = x.consultant_id WHERE x.office_id <> u.office_id`,
        )
      )[0].n as number;
    const outcomes = new Set<number>();
    for (let round = 0; round < 15; round++) {
      // Back in A with nothing open, so the move may go through if it comes first.
      await t.db.query(`UPDATE cases SET consultant_id = NULL WHERE consultant_id = $1`, [mover.id]);
      await t.db.query(`UPDATE consultants SET office_id = $2 WHERE id = $1`, [mover.id, a.id]);
      const ids = await Promise.all(
        [0, 1, 2].map(
          async () =>
            (
              await t.http
                .post('/api/v1/inquiries')
                .send(inquiry({ originCountry: 'MN' }))
                .expect(201)
            ).body.id as string,
        ),
      );
      const [move] = await Promise.all([
        t.http.patch(`/api/v1/consultants/${mover.id}`).set(bearer(admin)).send({ officeId: b.id }),
        ...ids.map((id) => routing.routeInquiry(id)),
      ]);
      outcomes.add(move.status);
      expect({ round, misplaced: await misplaced() }).toEqual({ round, misplaced: 0 });
    }
    // Each move either went first (200) or met a case assigned first (409): never a 500.
    expect([...outcomes].every((s) => s === 200 || s === 409)).toBe(true);
  });

  it("counts the first-response deadline from the inquiry's arrival, however late it is routed", async () => {
    const office = await createOffice(t.db, {
      code: 'DUE1',
      countryCode: 'KZ',
      city: 'Almaty',
      timezone: 'Asia/Almaty',
      serviceLines: ['tax'],
    });
    await createUser(t.db, { officeId: office.id, serviceLines: ['tax'] });
    const res = await t.http
      .post('/api/v1/inquiries')
      .send(inquiry({ email: 'due@late-routing.example', originCountry: 'KZ', serviceLines: ['tax'] }))
      .expect(201);
    // Accepted while Redis was down a week ago, routed only now that it is back.
    const receivedAt = new Date(Date.now() - 7 * 86_400_000);
    await t.db.query(`UPDATE inquiries SET created_at = $2 WHERE id = $1`, [res.body.id, receivedAt]);
    expect((await t.app.get(RoutingService).routeInquiry(res.body.id)).status).toBe('routed');

    // Whichever office earlier tests' rules and offices send it to, its deadline counts from the arrival.
    const [c] = await t.db.query(`SELECT office_id, first_response_due_at FROM cases WHERE inquiry_id = $1`, [
      res.body.id,
    ]);
    const calendar = await t.db.getRepository(OfficeEntity).findOneByOrFail({ id: c.office_id });
    expect(c.first_response_due_at.toISOString()).toBe(computeFirstResponseDue(calendar, receivedAt).toISOString());
  });

  it('re-queues an inquiry whose routing job vanished from Redis, and only that one', async () => {
    const lost = await t.http
      .post('/api/v1/inquiries')
      .send(inquiry({ email: 'lost@lostjob.example' }))
      .expect(201);
    const fresh = await t.http
      .post('/api/v1/inquiries')
      .send(inquiry({ email: 'fresh@freshjob.example' }))
      .expect(201);
    // The relay published both rows, then Redis lost the jobs; only `lost` is old enough to count as stuck.
    await t.db.query(`UPDATE outbox SET published_at = now() WHERE published_at IS NULL`);
    await t.db.query(`UPDATE inquiries SET created_at = now() - interval '10 minutes' WHERE id = $1`, [lost.body.id]);
    const reconciler = new RoutingReconciler(t.db, new OutboxService(), t.app.get<Queue>(getQueueToken('routing')));
    expect(await reconciler.requeueLost()).toContain(lost.body.id);
    const pending = await t.db.query(
      `SELECT payload->>'inquiryId' AS id FROM outbox WHERE published_at IS NULL AND topic = 'route-inquiry'`,
    );
    expect(pending.map((r: { id: string }) => r.id)).toContain(lost.body.id);
    expect(pending.map((r: { id: string }) => r.id)).not.toContain(fresh.body.id);
  });
});
