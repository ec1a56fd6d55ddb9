import { ClientsService } from '../src/clients/clients.service';
import { createOffice, createUser, OfficeRow, UserRow } from './factories';
import { createCase, createClient, createClientWithCase, createContact, createInquiry } from './factories/clients';
import { bearer, createTestApp, TestApp } from './setup/test-app';

describe('Clients and contacts', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let shanghai: OfficeRow;
  let moscow: OfficeRow;
  let wang: UserRow; // consultant, Shanghai
  let chen: UserRow; // consultant, Shanghai
  let ivanov: UserRow; // consultant, Moscow
  let li: UserRow; // manager, Shanghai
  let petrova: UserRow; // manager, Moscow
  const tokens = new Map<string, Record<string, string>>();
  const as = (u: UserRow) => tokens.get(u.id)!;

  beforeAll(async () => {
    t = await createTestApp();
    admin = bearer(await t.adminToken());
    shanghai = await createOffice(t.db, { city: 'Shanghai' });
    moscow = await createOffice(t.db, { city: 'Moscow', countryCode: 'RU', timezone: 'Europe/Moscow' });
    wang = await createUser(t.db, { officeId: shanghai.id, fullName: 'Wang Lei' });
    chen = await createUser(t.db, { officeId: shanghai.id, fullName: 'Chen Jing' });
    ivanov = await createUser(t.db, { officeId: moscow.id, fullName: 'Ivan Ivanov' });
    li = await createUser(t.db, { officeId: shanghai.id, role: 'manager', fullName: 'Li Na' });
    petrova = await createUser(t.db, { officeId: moscow.id, role: 'manager', fullName: 'Olga Petrova' });
    for (const u of [wang, chen, ivanov, li, petrova])
      tokens.set(u.id, bearer((await t.login(u.email, u.password)).accessToken));
  }, 60_000);
  afterAll(() => t.close());

  const names = (body: { data: Array<{ name: string }> }) => body.data.map((c) => c.name);

  describe('search', () => {
    beforeAll(async () => {
      await createClient(t.db, { name: 'Müller GmbH', countryCode: 'DE', emailDomain: 'mueller-maschinen.de' });
      await createClient(t.db, { name: 'ООО Волга Сталь', countryCode: 'RU' });
      await createClient(t.db, { name: '太平洋贸易有限公司', countryCode: 'CN', type: 'company' });
      const pacific = await createClient(t.db, { name: 'Pacific Rim Holdings', countryCode: 'SG' });
      await createContact(t.db, {
        clientId: pacific.id,
        fullName: 'Łukasz Żółć',
        email: 'lukasz@pacific-rim-holdings.sg',
      });
      await createClient(t.db, { name: 'Zhang Wei', type: 'individual', countryCode: 'CN' });
    });

    it.each([
      ['Latin, accent-insensitive', 'Muller', 'Müller GmbH'],
      ['Latin, case-insensitive with accent', 'MÜLLER', 'Müller GmbH'],
      ['Cyrillic, lower case', 'волга', 'ООО Волга Сталь'],
      ['Cyrillic, upper case', 'ВОЛГА СТАЛЬ', 'ООО Волга Сталь'],
      ['Chinese, three characters', '太平洋', '太平洋贸易有限公司'],
      ['Chinese, two characters', '贸易', '太平洋贸易有限公司'],
      ['email domain', 'mueller-maschinen.de', 'Müller GmbH'],
      ['contact email', 'lukasz@pacific-rim', 'Pacific Rim Holdings'],
      ['contact name, accent-insensitive', 'lukasz zolc', 'Pacific Rim Holdings'],
    ])('%s: q=%s finds %s', async (_kind, q, expected) => {
      const res = await t.http.get('/api/v1/clients').query({ q }).set(admin).expect(200);
      expect(names(res.body)).toEqual([expected]);
      expect(res.body).toMatchObject({ total: 1, page: 1, pageSize: 25 });
    });

    it('matches LIKE wildcards literally, full-width ones too (they fold to _ % \\)', async () => {
      for (const q of ['%', '_', '＿', '％', '＼'])
        for (const sort of ['name:asc', 'relevance:desc']) {
          const res = await t.http.get('/api/v1/clients').query({ q, sort }).set(admin).expect(200);
          expect({ q, sort, total: res.body.total }).toEqual({ q, sort, total: 0 });
        }
    });

    it('filters by country and type, pages and sorts', async () => {
      const de = await t.http.get('/api/v1/clients').query({ countryCode: 'DE' }).set(admin).expect(200);
      expect(names(de.body)).toEqual(['Müller GmbH']);
      const individuals = await t.http
        .get('/api/v1/clients')
        .query({ type: 'individual', countryCode: 'CN' })
        .set(admin)
        .expect(200);
      expect(names(individuals.body)).toEqual(['Zhang Wei']);
      const page = await t.http
        .get('/api/v1/clients')
        .query({ pageSize: 2, page: 1, sort: 'name:desc' })
        .set(admin)
        .expect(200);
      expect(page.body.data).toHaveLength(2);
      expect(page.body.total).toBeGreaterThanOrEqual(5);
      expect(page.body.data[0].name.localeCompare(page.body.data[1].name)).toBeGreaterThanOrEqual(0);
    });

    it('filters by owner, or by no owner', async () => {
      const owned = await createClient(t.db, { name: 'Owned Trading Ltd', ownerId: chen.id });
      const mine = await t.http.get('/api/v1/clients').query({ ownerId: chen.id }).set(admin).expect(200);
      expect(mine.body.data.map((c: { id: string }) => c.id)).toEqual([owned.id]);
      expect(mine.body.data[0].owner).toEqual({ id: chen.id, fullName: 'Chen Jing' });
      const none = await t.http.get('/api/v1/clients').query({ ownerId: 'none' }).set(admin).expect(200);
      expect(none.body.data.map((c: { id: string }) => c.id)).not.toContain(owned.id);
    });

    it('refuses bad filters with 400 naming each field', async () => {
      const res = await t.http
        .get('/api/v1/clients')
        .query({ countryCode: 'germany', type: 'partnership', ownerId: 'someone', pageSize: 500, sort: 'secret:asc' })
        .set(admin)
        .expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(new Set(res.body.errors.map((e: { field: string }) => e.field))).toEqual(
        new Set(['countryCode', 'type', 'ownerId', 'pageSize']),
      );
      const sort = await t.http.get('/api/v1/clients').query({ sort: 'secret:asc' }).set(admin).expect(400);
      expect(sort.body.errors).toEqual([expect.objectContaining({ field: 'sort' })]);
    });
  });

  describe('create', () => {
    it('creates a company, normalizing its name for dedupe', async () => {
      const res = await t.http
        .post('/api/v1/clients')
        .set(admin)
        .send({
          name: 'Nordwind Logistik GmbH',
          type: 'company',
          countryCode: 'DE',
          website: 'https://nordwind.example',
          emailDomain: 'Nordwind.Example',
          industry: 'Logistics',
        })
        .expect(201);
      expect(res.body).toMatchObject({
        name: 'Nordwind Logistik GmbH',
        type: 'company',
        countryCode: 'DE',
        emailDomain: 'nordwind.example',
        industry: 'Logistics',
        ownerId: null,
        owner: null,
        mergedInto: null,
        contacts: [],
        cases: [],
        version: 1,
      });
      const [row] = await t.db.query(`SELECT name_normalized FROM clients WHERE id = $1`, [res.body.id]);
      expect(row.name_normalized).toBe('nordwind logistik');
      const [audit] = await t.db.query(`SELECT action FROM audit_entries WHERE entity = 'client' AND entity_id = $1`, [
        res.body.id,
      ]);
      expect(audit.action).toBe('client.created');
    });

    it('answers 409 naming the existing client when the email domain is taken', async () => {
      const existing = await createClient(t.db, { name: 'Volga Steel', emailDomain: 'volga-steel.example' });
      const res = await t.http
        .post('/api/v1/clients')
        .set(admin)
        .send({ name: 'Volga Steel Works', type: 'company', emailDomain: 'VOLGA-STEEL.example' })
        .expect(409);
      expect(res.body).toMatchObject({ status: 409, code: 'client.email_domain_taken', existingClientId: existing.id });
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'emailDomain' })]);
    });

    it('refuses a free-mail domain as a company domain', async () => {
      const res = await t.http
        .post('/api/v1/clients')
        .set(admin)
        .send({ name: 'Somebody Trading', type: 'company', emailDomain: 'gmail.com' })
        .expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'emailDomain' })]);
    });

    it('refuses invalid and unknown fields with 400 naming every one', async () => {
      const res = await t.http
        .post('/api/v1/clients')
        .set(admin)
        .send({
          name: 'x',
          type: 'partnership',
          countryCode: 'de',
          website: 'not a url',
          emailDomain: 'no_domain',
          ownerId: 'boss',
          secret: 1,
        })
        .expect(400);
      expect(new Set(res.body.errors.map((e: { field: string }) => e.field))).toEqual(
        new Set(['name', 'type', 'countryCode', 'website', 'emailDomain', 'ownerId', 'secret']),
      );
      const missing = await t.http.post('/api/v1/clients').set(admin).send({}).expect(400);
      expect(new Set(missing.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['name', 'type']));
    });

    it('lets a consultant add a referral they then own and see', async () => {
      const res = await t.http
        .post('/api/v1/clients')
        .set(as(ivanov))
        .send({ name: 'Referral Client OOO', type: 'company', countryCode: 'RU' })
        .expect(201);
      expect(res.body.owner).toEqual({ id: ivanov.id, fullName: 'Ivan Ivanov' });
      await t.http.get(`/api/v1/clients/${res.body.id}`).set(as(ivanov)).expect(200);
      await t.http.get(`/api/v1/clients/${res.body.id}`).set(as(wang)).expect(404);
      const other = await t.http
        .post('/api/v1/clients')
        .set(as(ivanov))
        .send({ name: 'Someone Else Ltd', type: 'company', ownerId: wang.id })
        .expect(403);
      expect(other.body.errors).toEqual([expect.objectContaining({ field: 'ownerId' })]);
    });

    it('checks the owner: an active staff user, of the manager\u2019s own office', async () => {
      await t.http
        .post('/api/v1/clients')
        .set(as(li))
        .send({ name: 'Far Away Ltd', type: 'company', ownerId: ivanov.id })
        .expect(403);
      const unknown = await t.http
        .post('/api/v1/clients')
        .set(as(li))
        .send({ name: 'Far Away Ltd', type: 'company', ownerId: '00000000-0000-4000-8000-000000000000' })
        .expect(400);
      expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'ownerId' })]);
      const ok = await t.http
        .post('/api/v1/clients')
        .set(as(li))
        .send({ name: 'Near By Ltd', type: 'company', ownerId: wang.id })
        .expect(201);
      expect(ok.body.ownerId).toBe(wang.id);
    });
  });

  describe('detail and edits', () => {
    it('shows contacts, open and closed cases with stage, consultant and office, and the owner', async () => {
      const { client, contact } = await createClientWithCase(t.db, {
        name: 'Detail Co',
        officeId: shanghai.id,
        consultantId: wang.id,
        ownerId: wang.id,
        stageCode: 'qualified',
      });
      await createCase(t.db, {
        clientId: client.id,
        contactId: contact.id,
        officeId: shanghai.id,
        consultantId: chen.id,
        stageCode: 'lost',
      });
      await createCase(t.db, {
        clientId: client.id,
        contactId: contact.id,
        officeId: shanghai.id,
        consultantId: null,
        stageCode: 'new',
      });
      const res = await t.http.get(`/api/v1/clients/${client.id}`).set(admin).expect(200);
      expect(res.body.owner).toEqual({ id: wang.id, fullName: 'Wang Lei' });
      expect(res.body.contacts.map((c: { id: string }) => c.id)).toEqual([contact.id]);
      expect(res.body.cases).toHaveLength(3);
      expect(res.body.cases).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            stage: { code: 'qualified', name: 'Qualified', category: 'open' },
            consultant: { id: wang.id, fullName: 'Wang Lei' },
          }),
          expect.objectContaining({
            stage: { code: 'lost', name: 'Lost', category: 'lost' },
            consultant: { id: chen.id, fullName: 'Chen Jing' },
          }),
          expect.objectContaining({ stage: expect.objectContaining({ code: 'new' }), consultant: null }),
        ]),
      );
      expect(res.body.cases[0].office).toEqual({ id: shanghai.id, code: shanghai.code, name: expect.any(String) });
      expect(res.body.cases[0].reference).toMatch(/^INQ-\d{4}-\d{6}$/);
    });

    it('answers 404 for unknown ids and non-UUIDs', async () => {
      await t.http.get('/api/v1/clients/00000000-0000-4000-8000-000000000000').set(admin).expect(404);
      await t.http.get('/api/v1/clients/not-a-uuid').set(admin).expect(404);
      await t.http.get('/api/v1/contacts/not-a-uuid').set(admin).expect(404);
    });

    it('edits with optimistic locking (version or If-Match): the version moves, a stale one is 409, none is taken', async () => {
      const client = await createClient(t.db, { name: 'Edit Me Ltd' });
      const first = await t.http
        .patch(`/api/v1/clients/${client.id}`)
        .set(admin)
        .send({ name: 'Edited Trading Co., Ltd.', industry: 'Trade', version: 1 })
        .expect(200);
      expect(first.body).toMatchObject({ name: 'Edited Trading Co., Ltd.', industry: 'Trade', version: 2 });
      const [row] = await t.db.query(`SELECT name_normalized FROM clients WHERE id = $1`, [client.id]);
      expect(row.name_normalized).toBe('edited trading');
      const stale = await t.http
        .patch(`/api/v1/clients/${client.id}`)
        .set(admin)
        .send({ industry: 'Other', version: 1 })
        .expect(409);
      expect(stale.body).toMatchObject({ code: 'stale_version', currentVersion: 2 });
      // If-Match does what version does: a stale one is a 409, a current one edits
      const staleHeader = await t.http
        .patch(`/api/v1/clients/${client.id}`)
        .set(admin)
        .set('If-Match', '"1"')
        .send({ industry: 'Other' })
        .expect(409);
      expect(staleHeader.body).toMatchObject({ code: 'stale_version', currentVersion: 2 });
      await t.http
        .patch(`/api/v1/clients/${client.id}`)
        .set(admin)
        .set('If-Match', 'W/"2"')
        .send({ industry: 'Trade', version: 3 })
        .expect(400);
      await t.http
        .patch(`/api/v1/clients/${client.id}`)
        .set(admin)
        .set('If-Match', 'soon')
        .send({ industry: 'x' })
        .expect(400);
      expect((await t.http.get(`/api/v1/clients/${client.id}`).set(admin)).body).toMatchObject({
        industry: 'Trade',
        version: 2,
      });
      const nulls = await t.http
        .patch(`/api/v1/clients/${client.id}`)
        .set(admin)
        .send({ name: null, type: null, version: 2 })
        .expect(400);
      expect(new Set(nulls.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['name', 'type']));
      const cleared = await t.http
        .patch(`/api/v1/clients/${client.id}`)
        .set(admin)
        .send({ industry: null, version: 2 })
        .expect(200);
      expect(cleared.body).toMatchObject({ industry: null, version: 3 });
      // API.md versions cases only: an edit without one is taken (and moves the version).
      const none = await t.http
        .patch(`/api/v1/clients/${client.id}`)
        .set(admin)
        .send({ industry: 'Trade' })
        .expect(200);
      expect(none.body).toMatchObject({ industry: 'Trade', version: 4 });
    });

    it('refuses a domain another live client has, naming it', async () => {
      const holder = await createClient(t.db, { name: 'Domain Holder', emailDomain: 'holder.example' });
      const client = await createClient(t.db, { name: 'Domain Wanter' });
      const res = await t.http
        .patch(`/api/v1/clients/${client.id}`)
        .set(admin)
        .send({ emailDomain: 'holder.example', version: 1 })
        .expect(409);
      expect(res.body.existingClientId).toBe(holder.id);
    });

    it('lets managers change the owner, audited; consultants may not', async () => {
      const { client } = await createClientWithCase(t.db, {
        name: 'Owner Change Ltd',
        officeId: shanghai.id,
        consultantId: wang.id,
      });
      const denied = await t.http
        .patch(`/api/v1/clients/${client.id}`)
        .set(as(wang))
        .send({ ownerId: wang.id, version: 1 })
        .expect(403);
      expect(denied.body.errors).toEqual([expect.objectContaining({ field: 'ownerId' })]);
      await t.http
        .patch(`/api/v1/clients/${client.id}`)
        .set(as(wang))
        .send({ website: 'https://owner-change.example', version: 1 })
        .expect(200);
      const res = await t.http
        .patch(`/api/v1/clients/${client.id}`)
        .set(as(li))
        .send({ ownerId: chen.id, version: 2 })
        .expect(200);
      expect(res.body.owner).toEqual({ id: chen.id, fullName: 'Chen Jing' });
      const audit = await t.db.query(
        `SELECT actor_id, before, after FROM audit_entries WHERE entity = 'client' AND entity_id = $1 AND action = 'client.owner_changed'`,
        [client.id],
      );
      expect(audit).toEqual([{ actor_id: li.id, before: { ownerId: null }, after: { ownerId: chen.id } }]);
      // The manager reads it in the audit API, as every entry of the edits made from their office;
      // the other office's manager does not.
      const read = async (u: UserRow) =>
        (
          await t.http
            .get('/api/v1/audit')
            .query({ entity: 'client', entityId: client.id, pageSize: 100 })
            .set(as(u))
            .expect(200)
        ).body.data.map((e: { action: string }) => e.action);
      expect((await read(li)).sort()).toEqual(['client.owner_changed', 'client.updated']);
      expect(await read(petrova)).toEqual([]);
    });
  });

  describe('contacts', () => {
    it('lists a client\u2019s contacts and shows one', async () => {
      const client = await createClient(t.db, { name: 'Contacts Co', countryCode: 'RU' });
      const a = await createContact(t.db, { clientId: client.id, fullName: 'Anna Smirnova' });
      await createContact(t.db, { clientId: client.id, fullName: 'Boris Orlov' });
      const list = await t.http
        .get(`/api/v1/clients/${client.id}/contacts`)
        .query({ pageSize: 1 })
        .set(admin)
        .expect(200);
      expect(list.body).toMatchObject({
        total: 2,
        page: 1,
        pageSize: 1,
        data: [{ id: a.id, fullName: 'Anna Smirnova', clientId: client.id }],
      });
      const one = await t.http.get(`/api/v1/contacts/${a.id}`).set(admin).expect(200);
      expect(one.body).toMatchObject({ id: a.id, email: a.email, client: { id: client.id, name: 'Contacts Co' } });
    });

    it('edits a contact: phone to E.164 in the client\u2019s country, unique email, named 400s', async () => {
      const client = await createClient(t.db, { name: 'Phone Co', countryCode: 'RU' });
      const contact = await createContact(t.db, { clientId: client.id });
      const taken = await createContact(t.db, { clientId: client.id, email: 'taken@phone-co.example' });
      const res = await t.http
        .patch(`/api/v1/contacts/${contact.id}`)
        .set(admin)
        .send({
          fullName: 'Pyotr Sidorov',
          phone: '8 (495) 123-45-67',
          title: 'CFO',
          preferredLanguage: 'ru',
          email: ' Pyotr@Phone-Co.example ',
        })
        .expect(200);
      expect(res.body).toMatchObject({
        fullName: 'Pyotr Sidorov',
        phone: '+74951234567',
        title: 'CFO',
        preferredLanguage: 'ru',
        email: 'pyotr@phone-co.example',
      });
      const dup = await t.http
        .patch(`/api/v1/contacts/${contact.id}`)
        .set(admin)
        .send({ email: taken.email.toUpperCase() })
        .expect(409);
      expect(dup.body.errors).toEqual([expect.objectContaining({ field: 'email' })]);
      const phone = await t.http
        .patch(`/api/v1/contacts/${contact.id}`)
        .set(admin)
        .send({ phone: '12345' })
        .expect(400);
      expect(phone.body.errors).toEqual([expect.objectContaining({ field: 'phone' })]);
      const bad = await t.http
        .patch(`/api/v1/contacts/${contact.id}`)
        .set(admin)
        .send({ fullName: null, email: 'nope', preferredLanguage: 'russian', clientId: client.id })
        .expect(400);
      expect(new Set(bad.body.errors.map((e: { field: string }) => e.field))).toEqual(
        new Set(['fullName', 'email', 'preferredLanguage', 'clientId']),
      );
      const [audit] = await t.db.query(`SELECT after FROM audit_entries WHERE entity = 'contact' AND entity_id = $1`, [
        contact.id,
      ]);
      expect(audit.after.fields).toEqual(expect.arrayContaining(['fullName', 'phone', 'email']));
      expect(JSON.stringify(audit.after)).not.toContain('Pyotr');
    });
  });

  describe('owner on first engagement', () => {
    const engage = (caseId: string) => t.db.transaction((m) => t.app.get(ClientsService).onCaseEngaged(m, caseId));

    it('makes the consultant of the first engaged case the owner, and never overwrites it', async () => {
      const {
        client,
        contact,
        case: first,
      } = await createClientWithCase(t.db, {
        name: 'Engaged Co',
        officeId: shanghai.id,
        consultantId: wang.id,
        stageCode: 'engaged',
      });
      await expect(engage(first.id)).resolves.toEqual({ clientId: client.id, ownerId: wang.id });
      const second = await createCase(t.db, {
        clientId: client.id,
        contactId: contact.id,
        officeId: shanghai.id,
        consultantId: chen.id,
        stageCode: 'engaged',
      });
      await expect(engage(second.id)).resolves.toBeNull();
      const res = await t.http.get(`/api/v1/clients/${client.id}`).set(admin).expect(200);
      expect(res.body.owner).toEqual({ id: wang.id, fullName: 'Wang Lei' });
      const audit = await t.db.query(
        `SELECT actor_kind, after FROM audit_entries WHERE entity = 'client' AND entity_id = $1 AND action = 'client.owner_set_on_engagement'`,
        [client.id],
      );
      expect(audit).toEqual([{ actor_kind: 'system', after: { ownerId: wang.id, caseId: first.id } }]);
    });

    it('leaves an existing owner, and does nothing for a case not yet won or without consultant', async () => {
      const owned = await createClientWithCase(t.db, {
        officeId: shanghai.id,
        consultantId: chen.id,
        ownerId: wang.id,
        stageCode: 'engaged',
      });
      await expect(engage(owned.case.id)).resolves.toBeNull();
      const open = await createClientWithCase(t.db, {
        officeId: shanghai.id,
        consultantId: chen.id,
        stageCode: 'proposal',
      });
      await expect(engage(open.case.id)).resolves.toBeNull();
      const queued = await createClientWithCase(t.db, {
        officeId: shanghai.id,
        consultantId: null,
        stageCode: 'engaged',
      });
      await expect(engage(queued.case.id)).resolves.toBeNull();
      const owners = await t.db.query(`SELECT id, owner_id FROM clients WHERE id = ANY($1) ORDER BY id`, [
        [owned.client.id, open.client.id, queued.client.id],
      ]);
      expect(
        Object.fromEntries(owners.map((r: { id: string; owner_id: string | null }) => [r.id, r.owner_id])),
      ).toEqual({
        [owned.client.id]: wang.id,
        [open.client.id]: null,
        [queued.client.id]: null,
      });
    });
  });

  describe('merge', () => {
    it('moves contacts, inquiries and cases in one go; the old id answers with mergedInto', async () => {
      const survivor = await createClientWithCase(t.db, {
        name: 'Merge Survivor',
        officeId: shanghai.id,
        consultantId: wang.id,
      });
      const other = await createClientWithCase(t.db, {
        name: 'Merge Survivor Ltd',
        officeId: shanghai.id,
        consultantId: chen.id,
        emailDomain: 'merge-survivor.example',
        ownerId: chen.id,
        industry: 'Steel',
      });
      const extraContact = await createContact(t.db, { clientId: other.client.id });
      const spamInquiry = await createInquiry(t.db, { clientId: other.client.id, contactId: extraContact.id });

      const res = await t.http
        .post(`/api/v1/clients/${survivor.client.id}/merge`)
        .set(admin)
        .send({ otherClientId: other.client.id })
        .expect(200);
      expect(res.body).toMatchObject({
        id: survivor.client.id,
        mergedInto: null,
        emailDomain: 'merge-survivor.example',
        ownerId: chen.id,
        industry: 'Steel',
      });
      expect(res.body.contacts.map((c: { id: string }) => c.id).sort()).toEqual(
        [survivor.contact.id, other.contact.id, extraContact.id].sort(),
      );
      expect(res.body.cases.map((c: { id: string }) => c.id).sort()).toEqual([survivor.case.id, other.case.id].sort());

      const inquiries = await t.db.query(`SELECT id FROM inquiries WHERE client_id = $1 ORDER BY id`, [
        survivor.client.id,
      ]);
      expect(inquiries.map((r: { id: string }) => r.id)).toEqual(
        [survivor.case.inquiryId, other.case.inquiryId, spamInquiry.id].sort(),
      );
      const [movedCase] = await t.db.query(`SELECT client_id, version FROM cases WHERE id = $1`, [other.case.id]);
      expect(movedCase).toEqual({ client_id: survivor.client.id, version: 2 });

      const old = await t.http.get(`/api/v1/clients/${other.client.id}`).set(admin).expect(200);
      expect(old.body).toMatchObject({
        id: other.client.id,
        name: 'Merge Survivor Ltd',
        mergedInto: survivor.client.id,
        contacts: [],
        cases: [],
      });
      // The people who worked the moved case still find the old id.
      const byConsultant = await t.http.get(`/api/v1/clients/${other.client.id}`).set(as(chen)).expect(200);
      expect(byConsultant.body.mergedInto).toBe(survivor.client.id);

      const list = await t.http.get('/api/v1/clients').query({ q: 'Merge Survivor' }).set(admin).expect(200);
      expect(list.body.data.map((c: { id: string }) => c.id)).toEqual([survivor.client.id]);

      const audit = await t.db.query(
        `SELECT action, entity_id, after FROM audit_entries WHERE action LIKE 'client.merged%' AND entity_id = ANY($1) ORDER BY action`,
        [[survivor.client.id, other.client.id]],
      );
      expect(audit.map((a: { action: string; entity_id: string }) => [a.action, a.entity_id])).toEqual([
        ['client.merged', survivor.client.id],
        ['client.merged_into', other.client.id],
      ]);
      expect(audit[0].after.moved.cases).toEqual([other.case.id]);

      const again = await t.http
        .post(`/api/v1/clients/${survivor.client.id}/merge`)
        .set(admin)
        .send({ otherClientId: other.client.id })
        .expect(409);
      expect(again.body).toMatchObject({ code: 'client.merged', mergedInto: survivor.client.id });
      await t.http
        .patch(`/api/v1/clients/${other.client.id}`)
        .set(admin)
        .send({ industry: 'x', version: 2 })
        .expect(409);
    });

    it('sends the merged company\u2019s next colleague, by domain or by name, to the survivor', async () => {
      const tag = Date.now().toString(36);
      const survivor = await createClient(t.db, { name: `Huaxing Trading ${tag}`, emailDomain: `huaxing-${tag}.cn` });
      const merged = await createClient(t.db, { name: `Pearl Test ${tag}`, emailDomain: `pearl-${tag}.cn` });
      await t.http
        .post(`/api/v1/clients/${survivor.id}/merge`)
        .set(admin)
        .send({ otherClientId: merged.id })
        .expect(200);
      const write = async (email: string, company?: string) => {
        const { body } = await t.http
          .post('/api/v1/inquiries')
          .send({
            fullName: 'Wu Fang',
            email,
            company,
            originCountry: 'CN',
            message: 'Customs advice, please.',
            consent: { privacy: true },
          })
          .expect(201);
        return (await t.db.query(`SELECT client_id FROM inquiries WHERE id = $1`, [body.id]))[0].client_id;
      };
      expect(await write(`wufang@pearl-${tag}.cn`)).toBe(survivor.id);
      expect(await write(`wu.fang.${tag}@gmail.com`, `Pearl Test ${tag}`)).toBe(survivor.id);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM clients WHERE name_normalized LIKE $1`, [
        `pearl test ${tag}%`,
      ]);
      expect(n).toBe(1);
    });

    it('leaves nothing on the merged client when investors of either client write in during the merge', async () => {
      for (let round = 0; round < 6; round++) {
        const tag = `${round}-${Date.now().toString(36)}`;
        const survivor = await createClient(t.db, {
          name: `Race Survivor ${tag}`,
          emailDomain: `survivor-${tag}.example`,
        });
        const merged = await createClient(t.db, { name: `Race Merged ${tag}`, emailDomain: `merged-${tag}.example` });
        await createContact(t.db, { clientId: merged.id, email: `first@merged-${tag}.example` });
        const write = (i: number) =>
          t.http.post('/api/v1/inquiries').send({
            fullName: 'Race Investor',
            email: i % 2 ? `first@merged-${tag}.example` : `n${i}@merged-${tag}.example`,
            originCountry: 'RU',
            message: `Round ${round}, message ${i}: we need a bank account in Shanghai.`,
            consent: { privacy: true },
          });
        const [merge, ...intakes] = await Promise.all([
          t.http.post(`/api/v1/clients/${survivor.id}/merge`).set(admin).send({ otherClientId: merged.id }),
          ...Array.from({ length: 16 }, (_, i) => write(i)),
        ]);
        expect(merge.status).toBe(200);
        // Every submission accepted (no deadlock answered as a 409), and none left behind.
        expect(intakes.map((r) => r.status)).toEqual(intakes.map(() => 201));
        const [left] = await t.db.query(
          `SELECT (SELECT count(*)::int FROM contacts WHERE client_id = $1) AS contacts,
                  (SELECT count(*)::int FROM inquiries WHERE client_id = $1) AS inquiries`,
          [merged.id],
        );
        expect({ round, ...left }).toEqual({ round, contacts: 0, inquiries: 0 });
      }
    });

    it('keeps merged clients pointing at a live client when the survivor is merged in turn', async () => {
      const a = await createClient(t.db, { name: 'Chain A' });
      const b = await createClient(t.db, { name: 'Chain B' });
      const c = await createClient(t.db, { name: 'Chain C' });
      await t.http.post(`/api/v1/clients/${b.id}/merge`).set(admin).send({ otherClientId: a.id }).expect(200);
      await t.http.post(`/api/v1/clients/${c.id}/merge`).set(admin).send({ otherClientId: b.id }).expect(200);
      const res = await t.http.get(`/api/v1/clients/${a.id}`).set(admin).expect(200);
      expect(res.body.mergedInto).toBe(c.id);
    });

    it('refuses merging into itself (422), by consultants (403), and clients the caller cannot see (404)', async () => {
      const mine = await createClientWithCase(t.db, { officeId: moscow.id, consultantId: ivanov.id });
      const theirs = await createClientWithCase(t.db, { officeId: shanghai.id, consultantId: wang.id });
      const self = await t.http
        .post(`/api/v1/clients/${mine.client.id}/merge`)
        .set(admin)
        .send({ otherClientId: mine.client.id.toUpperCase() })
        .expect(422);
      expect(self.body.errors).toEqual([expect.objectContaining({ field: 'otherClientId' })]);
      await t.http
        .post(`/api/v1/clients/${mine.client.id}/merge`)
        .set(as(ivanov))
        .send({ otherClientId: theirs.client.id })
        .expect(403);
      await t.http
        .post(`/api/v1/clients/${mine.client.id}/merge`)
        .set(as(petrova))
        .send({ otherClientId: theirs.client.id })
        .expect(404);
      await t.http
        .post(`/api/v1/clients/${theirs.client.id}/merge`)
        .set(as(petrova))
        .send({ otherClientId: mine.client.id })
        .expect(404);
      await t.http.post(`/api/v1/clients/${mine.client.id}/merge`).set(as(petrova)).send({}).expect(400);
      const [row] = await t.db.query(`SELECT merged_into_id FROM clients WHERE id = $1`, [theirs.client.id]);
      expect(row.merged_into_id).toBeNull();
    });
  });

  describe('duplicates', () => {
    it('suggests clients sharing a company email domain first, then similar names', async () => {
      const base = await createClient(t.db, {
        name: 'Golden Bridge Consulting LLC',
        emailDomain: 'goldenbridge.example',
      });
      await createContact(t.db, { clientId: base.id, email: 'someone@gmail.com' });
      const byContactDomain = await createClient(t.db, { name: 'GB Advisory' });
      await createContact(t.db, { clientId: byContactDomain.id, email: 'anna@goldenbridge.example' });
      const bySimilarName = await createClient(t.db, { name: 'Golden Bridge Consulting Co., Ltd.' });
      const sharesFreeMailOnly = await createClient(t.db, { name: 'Unrelated Freemail Person', type: 'individual' });
      await createContact(t.db, { clientId: sharesFreeMailOnly.id, email: 'other.person@gmail.com' });
      await createClient(t.db, { name: 'Silver Tower Trading' });

      const res = await t.http.get(`/api/v1/clients/${base.id}/duplicates`).set(admin).expect(200);
      expect(res.body.data.map((d: { id: string }) => d.id)).toEqual([byContactDomain.id, bySimilarName.id]);
      expect(res.body.data[0].reasons).toEqual(['same_email_domain']);
      expect(res.body.data[1]).toMatchObject({ reasons: ['similar_name'], similarity: 1 });
    });

    it('finds similar names in Cyrillic and Chinese', async () => {
      const ru = await createClient(t.db, { name: 'ООО «Сибирский Лес»' });
      const ruTwin = await createClient(t.db, { name: 'Сибирский Лес АО' });
      const zh = await createClient(t.db, { name: '东方明珠贸易有限公司' });
      const zhTwin = await createClient(t.db, { name: '东方明珠贸易集团' });
      const ruRes = await t.http.get(`/api/v1/clients/${ru.id}/duplicates`).set(admin).expect(200);
      expect(ruRes.body.data.map((d: { id: string }) => d.id)).toEqual([ruTwin.id]);
      const zhRes = await t.http.get(`/api/v1/clients/${zh.id}/duplicates`).set(admin).expect(200);
      expect(zhRes.body.data.map((d: { id: string }) => d.id)).toEqual([zhTwin.id]);
      expect(zhRes.body.data[0].similarity).toBeGreaterThan(0.4);
    });
  });

  describe('scope', () => {
    let own: Awaited<ReturnType<typeof createClientWithCase>>;
    let queued: Awaited<ReturnType<typeof createClientWithCase>>;
    let caseless: { id: string };

    beforeAll(async () => {
      own = await createClientWithCase(t.db, {
        name: 'Scope Own Shanghai',
        officeId: shanghai.id,
        consultantId: wang.id,
      });
      queued = await createClientWithCase(t.db, {
        name: 'Scope Queue Shanghai',
        officeId: shanghai.id,
        consultantId: null,
      });
      caseless = await createClient(t.db, { name: 'Scope No Case Yet' });
    });

    it('a consultant of another office gets 404 for the client and its contacts', async () => {
      await t.http.get(`/api/v1/clients/${own.client.id}`).set(as(ivanov)).expect(404);
      await t.http.get(`/api/v1/clients/${own.client.id}/contacts`).set(as(ivanov)).expect(404);
      await t.http.get(`/api/v1/clients/${own.client.id}/duplicates`).set(as(ivanov)).expect(404);
      await t.http.get(`/api/v1/contacts/${own.contact.id}`).set(as(ivanov)).expect(404);
      await t.http.patch(`/api/v1/contacts/${own.contact.id}`).set(as(ivanov)).send({ title: 'x' }).expect(404);
      await t.http
        .patch(`/api/v1/clients/${own.client.id}`)
        .set(as(ivanov))
        .send({ industry: 'x', version: 1 })
        .expect(404);
      const list = await t.http.get('/api/v1/clients').query({ q: 'Scope' }).set(as(ivanov)).expect(200);
      expect(list.body.total).toBe(0);
    });

    it('a consultant sees their cases\u2019 clients and their office queue\u2019s, not a colleague\u2019s', async () => {
      await t.http.get(`/api/v1/clients/${own.client.id}`).set(as(wang)).expect(200);
      await t.http.get(`/api/v1/contacts/${own.contact.id}`).set(as(wang)).expect(200);
      await t.http.get(`/api/v1/clients/${queued.client.id}`).set(as(chen)).expect(200);
      await t.http.get(`/api/v1/clients/${own.client.id}`).set(as(chen)).expect(404);
      await t.http.get(`/api/v1/clients/${caseless.id}`).set(as(wang)).expect(404);
      const list = await t.http.get('/api/v1/clients').query({ q: 'Scope' }).set(as(chen)).expect(200);
      expect(names(list.body)).toEqual(['Scope Queue Shanghai']);
    });

    it('a manager sees their office\u2019s clients and clients with no case; not another office\u2019s', async () => {
      const mine = await t.http.get('/api/v1/clients').query({ q: 'Scope', sort: 'name:asc' }).set(as(li)).expect(200);
      expect(names(mine.body)).toEqual(['Scope No Case Yet', 'Scope Own Shanghai', 'Scope Queue Shanghai']);
      await t.http.get(`/api/v1/contacts/${own.contact.id}`).set(as(li)).expect(200);
      await t.http.get(`/api/v1/clients/${own.client.id}`).set(as(petrova)).expect(404);
      await t.http.get(`/api/v1/contacts/${own.contact.id}`).set(as(petrova)).expect(404);
      await t.http.get(`/api/v1/clients/${caseless.id}`).set(as(petrova)).expect(200);
    });

    it('keeps a referral with no case yet inside its owner\u2019s office: another office\u2019s manager can neither see, edit nor merge it', async () => {
      const referral = (
        await t.http
          .post('/api/v1/clients')
          .set(as(wang))
          .send({ name: 'Scope Referral of Wang', type: 'company' })
          .expect(201)
      ).body as { id: string };
      const moscowClient = await createClient(t.db, { name: 'Scope Moscow Caseless', ownerId: ivanov.id });
      const before = await t.db.query(`SELECT * FROM clients WHERE id = ANY($1) ORDER BY id`, [
        [referral.id, moscowClient.id],
      ]);
      await t.http.get(`/api/v1/clients/${referral.id}`).set(as(petrova)).expect(404);
      await t.http
        .patch(`/api/v1/clients/${referral.id}`)
        .set(as(petrova))
        .send({ ownerId: ivanov.id, version: 1 })
        .expect(404);
      await t.http
        .post(`/api/v1/clients/${moscowClient.id}/merge`)
        .set(as(petrova))
        .send({ otherClientId: referral.id })
        .expect(404);
      const list = await t.http.get('/api/v1/clients').query({ q: 'Scope Referral' }).set(as(petrova)).expect(200);
      expect(list.body.total).toBe(0);
      expect(
        await t.db.query(`SELECT * FROM clients WHERE id = ANY($1) ORDER BY id`, [[referral.id, moscowClient.id]]),
      ).toEqual(before);
      // Its own office's manager, and the other office's for its own referral, still do.
      await t.http.get(`/api/v1/clients/${referral.id}`).set(as(li)).expect(200);
      await t.http.get(`/api/v1/clients/${moscowClient.id}`).set(as(petrova)).expect(200);
      await t.http.get(`/api/v1/clients/${moscowClient.id}`).set(as(li)).expect(404);
    });

    it('shows in a client\u2019s detail only the cases the caller may see', async () => {
      const shared = await createClientWithCase(t.db, {
        name: 'Two Offices Ltd',
        officeId: shanghai.id,
        consultantId: wang.id,
      });
      const moscowCase = await createCase(t.db, {
        clientId: shared.client.id,
        contactId: shared.contact.id,
        officeId: moscow.id,
        consultantId: ivanov.id,
      });
      const forWang = await t.http.get(`/api/v1/clients/${shared.client.id}`).set(as(wang)).expect(200);
      expect(forWang.body.cases.map((c: { id: string }) => c.id)).toEqual([shared.case.id]);
      const forPetrova = await t.http.get(`/api/v1/clients/${shared.client.id}`).set(as(petrova)).expect(200);
      expect(forPetrova.body.cases.map((c: { id: string }) => c.id)).toEqual([moscowCase.id]);
      const forAdmin = await t.http.get(`/api/v1/clients/${shared.client.id}`).set(admin).expect(200);
      expect(forAdmin.body.cases).toHaveLength(2);
    });

    it('shows a client\u2019s contacts only where the caller works with them: the contact of another office\u2019s case answers 404', async () => {
      // Rosmash: Ivan writes to Shanghai (Wang's case), Boris to Moscow (Ivanov's case); Anna has no case.
      const rosmash = await createClientWithCase(t.db, {
        name: 'Rosmash Contacts',
        officeId: shanghai.id,
        consultantId: wang.id,
        contactName: 'Ivan Petrov',
      });
      const boris = await createContact(t.db, { clientId: rosmash.client.id, fullName: 'Boris Ivanov' });
      await createCase(t.db, {
        clientId: rosmash.client.id,
        contactId: boris.id,
        officeId: moscow.id,
        consultantId: ivanov.id,
      });
      const anna = await createContact(t.db, { clientId: rosmash.client.id, fullName: 'Anna Sokolova' });

      const seen = async (who: Record<string, string>) => {
        const list = await t.http.get(`/api/v1/clients/${rosmash.client.id}/contacts`).set(who).expect(200);
        const detail = await t.http.get(`/api/v1/clients/${rosmash.client.id}`).set(who).expect(200);
        const names = list.body.data.map((k: { fullName: string }) => k.fullName).sort();
        expect(detail.body.contacts.map((k: { fullName: string }) => k.fullName).sort()).toEqual(names);
        expect(list.body.total).toBe(names.length);
        return names;
      };
      expect(await seen(as(wang))).toEqual(['Anna Sokolova', 'Ivan Petrov']);
      expect(await seen(as(li))).toEqual(['Anna Sokolova', 'Ivan Petrov']);
      expect(await seen(as(ivanov))).toEqual(['Anna Sokolova', 'Boris Ivanov']);
      expect(await seen(as(petrova))).toEqual(['Anna Sokolova', 'Boris Ivanov']);
      expect(await seen(admin)).toEqual(['Anna Sokolova', 'Boris Ivanov', 'Ivan Petrov']);

      for (const who of [wang, li]) {
        await t.http.get(`/api/v1/contacts/${boris.id}`).set(as(who)).expect(404);
        await t.http.patch(`/api/v1/contacts/${boris.id}`).set(as(who)).send({ title: 'x' }).expect(404);
      }
      await t.http.get(`/api/v1/contacts/${anna.id}`).set(as(wang)).expect(200);
      // nor does a search by that contact's name tell the client has them
      const search = async (who: Record<string, string>) =>
        (await t.http.get('/api/v1/clients').query({ q: 'Boris Ivanov' }).set(who).expect(200)).body.total;
      expect([await search(as(wang)), await search(as(ivanov)), await search(admin)]).toEqual([0, 1, 1]);
      await t.http.get(`/api/v1/contacts/${rosmash.contact.id}`).set(as(ivanov)).expect(404);

      // The client's owner works the whole relationship: every contact, and so does their manager.
      await t.db.query(`UPDATE clients SET owner_id = $2 WHERE id = $1`, [rosmash.client.id, wang.id]);
      expect(await seen(as(wang))).toEqual(['Anna Sokolova', 'Boris Ivanov', 'Ivan Petrov']);
      expect(await seen(as(li))).toEqual(['Anna Sokolova', 'Boris Ivanov', 'Ivan Petrov']);
      // a colleague with no case of the client does not see it at all
      await t.http.get(`/api/v1/clients/${rosmash.client.id}/contacts`).set(as(chen)).expect(404);
      await t.http.get(`/api/v1/contacts/${boris.id}`).set(as(wang)).expect(200);
    });
  });

  it('documents every client and contact route in OpenAPI', async () => {
    const res = await t.http.get('/api/docs-json').expect(200);
    const paths = res.body.paths as Record<
      string,
      Record<string, { summary?: string; responses: Record<string, unknown> }>
    >;
    const routes: Array<[string, string]> = [
      ['/api/v1/clients', 'get'],
      ['/api/v1/clients', 'post'],
      ['/api/v1/clients/{id}', 'get'],
      ['/api/v1/clients/{id}', 'patch'],
      ['/api/v1/clients/{id}/contacts', 'get'],
      ['/api/v1/clients/{id}/duplicates', 'get'],
      ['/api/v1/clients/{id}/merge', 'post'],
      ['/api/v1/contacts/{id}', 'get'],
      ['/api/v1/contacts/{id}', 'patch'],
    ];
    for (const [path, method] of routes) {
      expect(paths[path]?.[method]?.summary).toBeTruthy();
      expect(Object.keys(paths[path][method].responses)).toEqual(expect.arrayContaining(['401']));
    }
  });
});
