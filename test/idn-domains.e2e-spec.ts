/**
 * Internationalized email domains: `ivan@пример.рф` and `ivan2@xn--e1afmkfd.xn--p1ai` write from
 * one company. Intake, staff edits, search and routing's client affinity must see one domain, kept
 * in its ASCII (punycode) form. Real Postgres and Redis.
 */
import { randomBytes } from 'node:crypto';
import { domainToASCII } from 'node:url';
import { createOffice, createUser, UserRow } from './factories';
import { createClient, createContact } from './factories/clients';
import { inquiryBody } from './factories/inquiries';
import { bearer, createTestApp, TestApp } from './setup/test-app';
import { waitFor } from './setup/wait';

/** A fresh Cyrillic domain and its punycode spelling (computed by node, not by the code under test). */
const idn = (stem = 'пример'): { unicode: string; ascii: string } => {
  const unicode = `${stem}-${randomBytes(3).toString('hex')}.рф`;
  return { unicode, ascii: domainToASCII(unicode) };
};

describe('Internationalized email domains', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let owner: UserRow;

  const post = (body: object) => t.http.post('/api/v1/inquiries').send(body).expect(201);
  const clientOfInquiry = async (id: string): Promise<string> =>
    (await t.db.query(`SELECT client_id FROM inquiries WHERE id = $1`, [id]))[0].client_id;

  beforeAll(async () => {
    t = await createTestApp();
    admin = bearer(await t.adminToken());
    const office = await createOffice(t.db, {
      code: 'MOWIDN',
      city: 'Moscow',
      countryCode: 'RU',
      timezone: 'Europe/Moscow',
      languages: ['ru', 'en'],
      isDefault: true,
    });
    owner = await createUser(t.db, { officeId: office.id, fullName: 'Anna Smirnova', languages: ['ru', 'en'] });
    await createUser(t.db, { officeId: office.id, fullName: 'Boris Orlov', languages: ['ru', 'en'] });
  }, 60_000);
  afterAll(() => t.close());

  it('files a Unicode and a punycode sender of one domain under one company, named by the ASCII form', async () => {
    const d = idn();
    expect(d.ascii).toMatch(/^xn--.*\.xn--p1ai$/);
    const a = await post(inquiryBody({ email: `ivan@${d.unicode}` }));
    const b = await post(inquiryBody({ email: `ivan2@${d.ascii}` }));
    const c = await post(inquiryBody({ email: `olga@${d.unicode.toUpperCase()}` }));
    const clientId = await clientOfInquiry(a.body.id);
    expect(await clientOfInquiry(b.body.id)).toBe(clientId);
    expect(await clientOfInquiry(c.body.id)).toBe(clientId);

    const got = await t.http.get(`/api/v1/clients/${clientId}`).set(admin).expect(200);
    // Named after the domain as people read it; the domain is kept in ASCII.
    expect(got.body).toMatchObject({ type: 'company', name: d.unicode, emailDomain: d.ascii });
    // Found by either spelling, shown in the ASCII one.
    for (const q of [d.ascii, d.unicode, d.unicode.split('.')[0].toUpperCase()]) {
      const found = await t.http.get('/api/v1/clients').query({ q }).set(admin).expect(200);
      expect(found.body.data.map((x: { id: string; emailDomain: string }) => [x.id, x.emailDomain])).toEqual([
        [clientId, d.ascii],
      ]);
    }
  });

  it('files a punycode sender first and a Unicode one after under one company', async () => {
    const d = idn('компания');
    const a = await post(inquiryBody({ email: `ceo@${d.ascii}` }));
    const b = await post(inquiryBody({ email: `cfo@${d.unicode}` }));
    expect(await clientOfInquiry(b.body.id)).toBe(await clientOfInquiry(a.body.id));
  });

  it.each([
    ['Unicode', 'punycode'],
    ['punycode', 'Unicode'],
  ])('finds a client created with its domain in %s from an inquiry in %s', async (given, written) => {
    const d = idn('завод');
    const pick = (form: string) => (form === 'Unicode' ? d.unicode : d.ascii);
    const created = await t.http
      .post('/api/v1/clients')
      .set(admin)
      .send({ name: `Завод ${d.ascii}`, type: 'company', countryCode: 'RU', emailDomain: pick(given) })
      .expect(201);
    expect(created.body.emailDomain).toBe(d.ascii);

    const res = await post(inquiryBody({ email: `buyer@${pick(written)}` }));
    expect(await clientOfInquiry(res.body.id)).toBe(created.body.id);

    // The other spelling is the same domain: taken.
    const again = await t.http
      .post('/api/v1/clients')
      .set(admin)
      .send({ name: `Другой ${d.ascii}`, type: 'company', emailDomain: pick(written) })
      .expect(409);
    expect(again.body).toMatchObject({ existingClientId: created.body.id });
  });

  it('keeps a PATCHed Unicode domain in the ASCII form', async () => {
    const d = idn('склад');
    const client = await createClient(t.db, { name: `Склад ${d.ascii}` });
    const got = await t.http.get(`/api/v1/clients/${client.id}`).set(admin).expect(200);
    const res = await t.http
      .patch(`/api/v1/clients/${client.id}`)
      .set(admin)
      .send({ emailDomain: d.unicode, version: got.body.version })
      .expect(200);
    expect(res.body.emailDomain).toBe(d.ascii);
  });

  it('suggests clients sharing a domain as duplicates whichever spelling their contacts wrote', async () => {
    const d = idn('порт');
    const company = await createClient(t.db, { name: `Порт ${d.ascii}`, emailDomain: d.ascii });
    const person = await createClient(t.db, { name: 'Пётр Сидоров', type: 'individual' });
    await createContact(t.db, { clientId: person.id, email: `petr@${d.unicode}` });
    const punyPerson = await createClient(t.db, { name: 'Мария Козлова', type: 'individual' });
    await createContact(t.db, { clientId: punyPerson.id, email: `maria@${d.ascii}` });
    const sameDomain = async (id: string) =>
      (await t.http.get(`/api/v1/clients/${id}/duplicates`).set(admin).expect(200)).body.data
        .filter((x: { reasons: string[] }) => x.reasons.includes('same_email_domain'))
        .map((x: { id: string }) => x.id)
        .sort();
    expect(await sameDomain(company.id)).toEqual([person.id, punyPerson.id].sort());
    expect(await sameDomain(person.id)).toEqual([company.id, punyPerson.id].sort());
    expect(await sameDomain(punyPerson.id)).toEqual([company.id, person.id].sort());
    // A twin whose Unicode domain the migration left as it was (it collided) is named for a merge.
    const twin = await createClient(t.db, { name: `Порт-близнец ${d.ascii}`, emailDomain: d.unicode });
    expect(await sameDomain(company.id)).toEqual([person.id, punyPerson.id, twin.id].sort());
  });

  it('gives routing the owner of the domain whichever spelling the sender uses (simulated)', async () => {
    const d = idn('верфь');
    const company = await createClient(t.db, { name: `Верфь ${d.ascii}`, emailDomain: d.ascii, ownerId: owner.id });
    const body = inquiryBody({ email: `new.person@${d.unicode}`, message: 'Нужно открыть счёт в банке в Москве.' });
    const sim = await t.http.post('/api/v1/routing/simulate').set(admin).send(body).expect(200);
    expect(sim.body).toMatchObject({ strategy: 'affinity', consultantId: owner.id });
    expect(sim.body.affinity).toMatchObject({ clientId: company.id, ownerId: owner.id, used: true });

    // A known contact of another client (no owner): the domain's owner still has the relationship.
    const other = await createClient(t.db, { name: `Private ${d.ascii}`, type: 'individual' });
    const email = `known.person@${d.unicode}`;
    await createContact(t.db, { clientId: other.id, email, fullName: 'Known Person' });
    const known = await t.http
      .post('/api/v1/routing/simulate')
      .set(admin)
      .send(inquiryBody({ email, message: 'Нужно открыть счёт в банке в Москве.' }))
      .expect(200);
    expect(known.body).toMatchObject({ strategy: 'affinity', consultantId: owner.id });
    expect(known.body.affinity).toMatchObject({ clientId: company.id, ownerId: owner.id, used: true });
  });
});

describe('Internationalized email domains in the routing job (worker running)', () => {
  let t: TestApp;
  afterAll(() => t.close());

  it("routes a known contact writing in Unicode to the owner of the client holding the domain's ASCII form", async () => {
    t = await createTestApp({ runWorkers: true });
    const office = await createOffice(t.db, {
      code: 'MOWJOB',
      city: 'Moscow',
      countryCode: 'RU',
      timezone: 'Europe/Moscow',
      languages: ['ru', 'en'],
      isDefault: true,
    });
    const owner = await createUser(t.db, { officeId: office.id, fullName: 'Anna Smirnova', languages: ['ru'] });
    await createUser(t.db, { officeId: office.id, fullName: 'Boris Orlov', languages: ['ru'] });
    const d = idn('верфь');
    const company = await createClient(t.db, { name: `Верфь ${d.ascii}`, emailDomain: d.ascii, ownerId: owner.id });
    // Filed under a client of its own before the firm filed the domain: intake keeps it there.
    const own = await createClient(t.db, { name: 'Known Person', type: 'individual' });
    const email = `known.person@${d.unicode}`;
    await createContact(t.db, { clientId: own.id, email, fullName: 'Known Person' });

    const res = await t.http
      .post('/api/v1/inquiries')
      .send(inquiryBody({ email, message: 'Нужно открыть счёт в банке в Москве.' }))
      .expect(201);
    const routed = await waitFor(
      async () =>
        (await t.db.query(`SELECT id, consultant_id FROM cases WHERE inquiry_id = $1`, [res.body.id]))[0] as
          { id: string; consultant_id: string | null } | undefined,
      'the case',
      15_000,
    );
    expect(routed.consultant_id).toBe(owner.id);
    const decision = await t.http
      .get(`/api/v1/cases/${routed.id}/routing`)
      .set(bearer(await t.adminToken()))
      .expect(200);
    expect(decision.body).toMatchObject({ strategy: 'affinity', affinity: { clientId: company.id, used: true } });
  });
});
