/**
 * Staff views of inquiries: list filters and paging, the detail with case and detected fields,
 * role scope (out of scope = 404), and releasing a false-positive spam.
 */
import { randomBytes } from 'node:crypto';
import { createOffice, createUser, OfficeRow, UserRow } from './factories';
import { inquiryBody, uniqueEmail } from './factories/inquiries';
import { bearer, createTestApp, TestApp } from './setup/test-app';

const URL = '/api/v1/inquiries';

describe('Inquiries (staff)', () => {
  let t: TestApp;
  let officeA: OfficeRow;
  let officeB: OfficeRow;
  let managerA: UserRow;
  let consultantA1: UserRow;
  let consultantA2: UserRow;
  let consultantB: UserRow;
  const tokens: Record<string, string> = {};
  const tag = randomBytes(3).toString('hex');
  const ids: Record<'mine' | 'queueA' | 'inB' | 'waiting' | 'spam' | 'original' | 'dup', string> = {} as never;
  const refs: Record<string, string> = {};

  const submit = async (overrides: Parameters<typeof inquiryBody>[0] = {}) => {
    const res = await t.http.post(URL).send(inquiryBody(overrides)).expect(201);
    refs[res.body.id] = res.body.reference;
    return res.body.id as string;
  };
  /** What the routing service will do: a case in an office, the inquiry marked routed with what was detected. */
  const route = async (inquiryId: string, officeId: string, consultantId: string | null) => {
    const [inq] = await t.db.query(
      `SELECT reference, client_id, contact_id, origin_country FROM inquiries WHERE id = $1`,
      [inquiryId],
    );
    const [c] = await t.db.query(
      `INSERT INTO cases (reference, inquiry_id, client_id, contact_id, office_id, consultant_id, origin_country)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [inq.reference, inquiryId, inq.client_id, inq.contact_id, officeId, consultantId, inq.origin_country],
    );
    await t.db.query(
      `UPDATE inquiries SET status = 'routed', routed_at = now(),
         detected = '{"language":"ru","serviceLines":["bank_account"],"city":"Shanghai","targetCountry":"CN","sources":{}}'
       WHERE id = $1`,
      [inquiryId],
    );
    return c.id as string;
  };
  const list = async (who: string, query = '') => {
    const res = await t.http.get(`${URL}${query}`).set(bearer(tokens[who]));
    expect(res.status).toBe(200);
    return res.body as {
      data: Array<{ id: string; status: string; caseId: string | null }>;
      total: number;
      page: number;
      pageSize: number;
    };
  };
  const listIds = async (who: string, query = '') => new Set((await list(who, query)).data.map((d) => d.id));

  let caseMine: string;

  beforeAll(async () => {
    t = await createTestApp();
    [officeA, officeB] = await Promise.all([
      createOffice(t.db, { city: 'Shanghai' }),
      createOffice(t.db, { city: 'Moscow', countryCode: 'RU' }),
    ]);
    [managerA, consultantA1, consultantA2, consultantB] = await Promise.all([
      createUser(t.db, { role: 'manager', officeId: officeA.id }),
      createUser(t.db, { role: 'consultant', officeId: officeA.id }),
      createUser(t.db, { role: 'consultant', officeId: officeA.id }),
      createUser(t.db, { role: 'consultant', officeId: officeB.id }),
    ]);
    tokens.admin = await t.adminToken();
    for (const [name, u] of Object.entries({ managerA, consultantA1, consultantA2, consultantB })) {
      tokens[name] = (await t.login(u.email, u.password)).accessToken;
    }
    ids.mine = await submit({
      fullName: 'Сергей Волков',
      company: `Volkov Trading ${tag}`,
      email: `sergei@volkov-${tag}.ru`,
      phone: '+79161234567',
    });
    ids.queueA = await submit({ fullName: 'Li Na' });
    ids.inB = await submit({ fullName: 'Olga Ivanova' });
    ids.waiting = await submit({ fullName: 'Waiting Person' });
    // Nothing ticked, no city: what routing would detect comes from the message alone.
    ids.spam = (
      await t.http
        .post(URL)
        .send({
          ...inquiryBody({ fullName: 'Spam Bot', website: 'http://spam.example', message: '我们计划在北京注册公司。' }),
          serviceLines: undefined,
          targetCity: undefined,
          targetCountry: undefined,
          preferredLanguage: undefined,
        })
        .expect(201)
    ).body.id;
    const dupBody = inquiryBody({ fullName: 'Double Sender' });
    ids.original = (await t.http.post(URL).send(dupBody).expect(201)).body.id;
    ids.dup = (await t.http.post(URL).send(dupBody).expect(201)).body.id;
    caseMine = await route(ids.mine, officeA.id, consultantA1.id);
    await route(ids.queueA, officeA.id, null);
    await route(ids.inB, officeB.id, consultantB.id);
  });
  afterAll(() => t.close());

  it('needs a staff token', async () => {
    await t.http.get(URL).expect(401);
    await t.http.get(`${URL}/${ids.mine}`).expect(401);
    await t.http.post(`${URL}/${ids.spam}/release`).expect(401);
  });

  describe('list', () => {
    it('shows admins every inquiry, newest first, with its case', async () => {
      const page = await list('admin');
      expect(page.total).toBe(7);
      expect(page.data.map((d) => d.id)).toEqual(expect.arrayContaining(Object.values(ids)));
      const times = page.data.map((d) => (d as unknown as { createdAt: string }).createdAt);
      expect(times).toEqual([...times].sort().reverse());
      expect(page.data.find((d) => d.id === ids.mine)).toMatchObject({
        status: 'routed',
        caseId: caseMine,
        fullName: 'Сергей Волков',
      });
      expect(page.data.find((d) => d.id === ids.spam)).toMatchObject({ status: 'spam', caseId: null });
    });

    it('filters by status', async () => {
      expect(await listIds('admin', '?status=spam')).toEqual(new Set([ids.spam]));
      expect(await listIds('admin', '?status=duplicate')).toEqual(new Set([ids.dup]));
      expect((await list('admin', '?status=routed')).total).toBe(3);
    });

    it('searches reference, name, email and company', async () => {
      expect(await listIds('admin', `?q=${encodeURIComponent(refs[ids.queueA])}`)).toEqual(new Set([ids.queueA]));
      expect(await listIds('admin', `?q=${encodeURIComponent('волков')}`)).toEqual(new Set([ids.mine]));
      expect(await listIds('admin', `?q=volkov-${tag}.ru`)).toEqual(new Set([ids.mine]));
      expect(await listIds('admin', `?q=${encodeURIComponent(`trading ${tag}`)}`)).toEqual(new Set([ids.mine]));
      expect((await list('admin', '?q=%25')).total).toBe(0);
      // Full-width ＿ ％ and ＼ fold to _ % and \ : still literal, so they match nothing here.
      for (const q of ['＿', '％', 'v＿lkov', '＼'])
        expect((await list('admin', `?q=${encodeURIComponent(q)}`)).total).toBe(0);
      // Names and companies compare folded: case and accents, on either side.
      expect(await listIds('admin', `?q=${encodeURIComponent('СЕРГЕЙ ВОЛКОВ')}`)).toEqual(new Set([ids.mine]));
      expect(await listIds('admin', `?q=${encodeURIComponent(`VÓLKOV TRÁDING ${tag}`)}`)).toEqual(new Set([ids.mine]));
    });

    it('filters by creation time', async () => {
      await t.db.query(`UPDATE inquiries SET created_at = '2025-03-10T12:00:00Z' WHERE id = $1`, [ids.waiting]);
      expect(await listIds('admin', '?from=2025-03-10&to=2025-03-11')).toEqual(new Set([ids.waiting]));
      expect(await listIds('admin', '?to=2025-03-10T12:00:00Z')).toEqual(new Set());
      expect((await list('admin', '?from=2025-03-11')).total).toBe(6);
    });

    it('pages and sorts', async () => {
      const first = await list('admin', '?pageSize=2&page=1&sort=createdAt:asc');
      const second = await list('admin', '?pageSize=2&page=2&sort=createdAt:asc');
      expect(first).toMatchObject({ total: 7, page: 1, pageSize: 2 });
      expect(first.data[0].id).toBe(ids.waiting);
      expect(new Set([...first.data, ...second.data].map((d) => d.id)).size).toBe(4);
      expect((await list('admin', '?page=99')).data).toEqual([]);
    });

    it.each([
      ['?status=lost', 'status'],
      ['?from=yesterday', 'from'],
      ['?pageSize=101', 'pageSize'],
      ['?sort=email:asc', 'sort'],
      ['?colour=red', 'colour'],
    ])('refuses %s naming %s', async (query, field) => {
      const res = await t.http.get(`${URL}${query}`).set(bearer(tokens.admin));
      expect(res.status).toBe(400);
      expect((res.body.errors as Array<{ field: string }>).map((e) => e.field)).toContain(field);
    });
  });

  describe('detail', () => {
    it('has everything submitted, the consent record, the case and what routing detected', async () => {
      const res = await t.http.get(`${URL}/${ids.mine}`).set(bearer(tokens.admin)).expect(200);
      expect(res.body).toMatchObject({
        id: ids.mine,
        reference: refs[ids.mine],
        status: 'routed',
        fullName: 'Сергей Волков',
        email: `sergei@volkov-${tag}.ru`,
        phone: '+79161234567',
        company: `Volkov Trading ${tag}`,
        originCountry: 'RU',
        targetCountry: 'CN',
        targetCity: 'Shanghai',
        serviceLines: ['bank_account'],
        preferredLanguage: 'ru',
        source: 'website',
        caseId: caseMine,
        duplicateOf: null,
        detected: { language: 'ru', serviceLines: ['bank_account'], city: 'Shanghai', targetCountry: 'CN' },
        consent: { privacy: true, marketing: false, textVersion: '2026-01', at: expect.any(String) },
      });
      expect(res.body.message).toMatch(/corporate bank account/);
      expect(res.body.routedAt).toEqual(expect.any(String));
      expect(res.body.detected).not.toHaveProperty('sources');
    });

    it('shows what routing detects now in one not routed (yet, or ever), and links a duplicate to its original', async () => {
      const waiting = await t.http.get(`${URL}/${ids.waiting}`).set(bearer(tokens.admin)).expect(200);
      expect(waiting.body).toMatchObject({
        status: 'received',
        caseId: null,
        routedAt: null,
        detected: { language: 'ru', serviceLines: ['bank_account'], city: 'Shanghai', targetCountry: 'CN' },
      });
      const spam = await t.http.get(`${URL}/${ids.spam}`).set(bearer(tokens.admin)).expect(200);
      expect(spam.body).toMatchObject({
        status: 'spam',
        detected: { language: 'zh', serviceLines: ['company_formation'], city: 'Beijing', targetCountry: 'CN' },
      });
      // Erased: no text left to read.
      const [before] = await t.db.query(`SELECT message FROM inquiries WHERE id = $1`, [ids.spam]);
      await t.db.query(`UPDATE inquiries SET anonymized_at = now(), message = '[erased]' WHERE id = $1`, [ids.spam]);
      expect((await t.http.get(`${URL}/${ids.spam}`).set(bearer(tokens.admin)).expect(200)).body.detected).toBeNull();
      await t.db.query(`UPDATE inquiries SET anonymized_at = NULL, message = $2 WHERE id = $1`, [
        ids.spam,
        before.message,
      ]);
      const dup = await t.http.get(`${URL}/${ids.dup}`).set(bearer(tokens.admin)).expect(200);
      expect(dup.body.status).toBe('duplicate');
      expect(dup.body.duplicateOf).toBe(ids.original);
    });

    it('answers 404 for an unknown or malformed id', async () => {
      await t.http.get(`${URL}/00000000-0000-4000-8000-000000000000`).set(bearer(tokens.admin)).expect(404);
      const res = await t.http.get(`${URL}/not-a-uuid`).set(bearer(tokens.admin));
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    });
  });

  describe('scope', () => {
    it('shows a manager the office’s inquiries and every unrouted one, nothing of other offices', async () => {
      expect(await listIds('managerA')).toEqual(
        new Set([ids.mine, ids.queueA, ids.waiting, ids.spam, ids.original, ids.dup]),
      );
      await t.http.get(`${URL}/${ids.inB}`).set(bearer(tokens.managerA)).expect(404);
      await t.http.get(`${URL}/${ids.spam}`).set(bearer(tokens.managerA)).expect(200);
    });

    it('shows a consultant the inquiries of their cases and their office queue only', async () => {
      expect(await listIds('consultantA1')).toEqual(new Set([ids.mine, ids.queueA]));
      expect(await listIds('consultantA2')).toEqual(new Set([ids.queueA]));
      expect(await listIds('consultantB')).toEqual(new Set([ids.inB]));
      await t.http.get(`${URL}/${ids.mine}`).set(bearer(tokens.consultantA2)).expect(404);
      await t.http.get(`${URL}/${ids.waiting}`).set(bearer(tokens.consultantA1)).expect(404);
      await t.http.get(`${URL}/${ids.spam}`).set(bearer(tokens.consultantB)).expect(404);
      await t.http.get(`${URL}/${ids.queueA}`).set(bearer(tokens.consultantA2)).expect(200);
    });
  });

  describe('release', () => {
    it('is for admins and managers only', async () => {
      const res = await t.http.post(`${URL}/${ids.spam}/release`).set(bearer(tokens.consultantA1));
      expect(res.status).toBe(403);
    });

    it('turns a spam inquiry into a received one, queues it for routing and audits it', async () => {
      const res = await t.http.post(`${URL}/${ids.spam}/release`).set(bearer(tokens.managerA)).expect(200);
      expect(res.body).toMatchObject({ id: ids.spam, status: 'received', caseId: null });
      const [inq] = await t.db.query(`SELECT status FROM inquiries WHERE id = $1`, [ids.spam]);
      expect(inq.status).toBe('received');
      const outbox = await t.db.query(`SELECT topic, payload, job_id FROM outbox WHERE job_id = $1`, [ids.spam]);
      expect(outbox).toEqual([{ topic: 'route-inquiry', payload: { inquiryId: ids.spam }, job_id: ids.spam }]);
      const audit = await t.db.query(
        `SELECT actor_id, action, before, after FROM audit_entries WHERE entity = 'inquiry' AND entity_id = $1`,
        [ids.spam],
      );
      expect(audit).toEqual([
        {
          actor_id: managerA.id,
          action: 'inquiry.released',
          before: { status: 'spam' },
          after: { status: 'received', duplicateOf: null },
        },
      ]);
    });

    it('makes a released repeat of a routed inquiry its duplicate: no routing, no second case', async () => {
      const body = inquiryBody({ email: uniqueEmail() });
      const original = await submit(body);
      const repeat = await submit({ ...body, website: 'bot' });
      const res = await t.http.post(`${URL}/${repeat}/release`).set(bearer(tokens.admin)).expect(200);
      expect(res.body).toMatchObject({ id: repeat, status: 'duplicate', duplicateOf: original });
      const [row] = await t.db.query(`SELECT status, duplicate_of_id FROM inquiries WHERE id = $1`, [repeat]);
      expect(row).toEqual({ status: 'duplicate', duplicate_of_id: original });
      expect(await t.db.query(`SELECT 1 FROM outbox WHERE job_id = $1`, [repeat])).toEqual([]);
    });

    it('answers 409 for an inquiry that is not spam, including one already released', async () => {
      const again = await t.http.post(`${URL}/${ids.spam}/release`).set(bearer(tokens.admin));
      expect(again.status).toBe(409);
      expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(again.body.code).toBe('inquiry.not_spam');
      await t.http.post(`${URL}/${ids.mine}/release`).set(bearer(tokens.admin)).expect(409);
    });

    it('answers 404 for an inquiry out of the manager’s scope or unknown', async () => {
      const spamInB = await submit({ email: uniqueEmail(), website: 'x' });
      await route(spamInB, officeB.id, null);
      await t.db.query(`UPDATE inquiries SET status = 'spam' WHERE id = $1`, [spamInB]);
      await t.http.post(`${URL}/${spamInB}/release`).set(bearer(tokens.managerA)).expect(404);
      await t.http.post(`${URL}/00000000-0000-4000-8000-000000000000/release`).set(bearer(tokens.admin)).expect(404);
    });

    it('releases concurrently exactly once', async () => {
      const spam = await submit({ website: 'bot' });
      const results = await Promise.all(
        Array.from({ length: 4 }, () => t.http.post(`${URL}/${spam}/release`).set(bearer(tokens.admin))),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM outbox WHERE job_id = $1`, [spam]);
      expect(n).toBe(1);
    });
  });
});
