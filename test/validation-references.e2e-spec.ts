/**
 * API.md: a validation error is a 400 that "names every offending field". Service-line codes and
 * office ids are looked up in the database, which the services do after the body is valid; so a
 * body with a bad name and an unknown code named the name first and the code only on the next
 * submission. These requests each carry several faults and must get them all named at once —
 * and write nothing.
 */
import { randomUUID } from 'node:crypto';
import { createCase } from './factories/cases';
import { createOffice, OfficeRow } from './factories';
import { bearer, createTestApp, TestApp } from './setup/test-app';

const GHOST_OFFICE = randomUUID();

describe('400s name every offending field, unknown codes and ids among them', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let office: OfficeRow;

  beforeAll(async () => {
    t = await createTestApp();
    admin = bearer(await t.adminToken());
    office = await createOffice(t.db);
  });
  afterAll(() => t.close());

  const fieldsOf = (body: { errors?: Array<{ field: string; message: string }> }) =>
    Object.fromEntries((body.errors ?? []).map((e) => [e.field, e.message]));
  const count = async (table: string) => (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  it('the public form: a short name and an unknown service line in one answer', async () => {
    const before = await count('inquiries');
    const res = await t.http
      .post('/api/v1/inquiries')
      .send({
        fullName: 'A',
        email: 'ann@example.org',
        originCountry: 'SG',
        message: 'We need help with company formation.',
        serviceLines: ['nope', 'bank_account'],
        consent: { privacy: true },
      })
      .expect(400);
    expect(res.body.type).toBe('/problems/validation_failed');
    expect(fieldsOf(res.body)).toEqual({
      fullName: 'must be 2–200 characters long',
      serviceLines: 'holds unknown or inactive service-line codes: nope',
    });
    expect(await count('inquiries')).toBe(before);
  });

  it('names only what is wrong: known codes pass, malformed ones are named once', async () => {
    const res = await t.http
      .post('/api/v1/inquiries')
      .send({
        fullName: 'A',
        email: 'ann@example.org',
        originCountry: 'SG',
        message: 'We need help with company formation.',
        serviceLines: ['bank_account', 'Not A Code'],
        consent: { privacy: true },
      })
      .expect(400);
    // the malformed code is named for its form; the lookup does not pile on
    expect(res.body.errors.filter((e: { field: string }) => e.field === 'serviceLines')).toEqual([
      { field: 'serviceLines', message: 'must hold service-line codes such as bank_account' },
    ]);
    expect(Object.keys(fieldsOf(res.body)).sort()).toEqual(['fullName', 'serviceLines']);
  });

  it('a consultant: bad name, unknown office and unknown service line, at once', async () => {
    const body = {
      fullName: 'X',
      email: `x.${randomUUID().slice(0, 8)}@advisory.example`,
      officeId: GHOST_OFFICE,
      role: 'consultant',
      languages: ['en'],
      serviceLines: ['nope'],
      capacity: 5,
      password: 'long-enough-password',
    };
    const before = await count('consultants');
    const res = await t.http.post('/api/v1/consultants').set(admin).send(body).expect(400);
    expect(fieldsOf(res.body)).toMatchObject({
      officeId: 'does not name an office you can use',
      serviceLines: 'holds unknown service-line codes: nope',
    });
    expect(fieldsOf(res.body).fullName).toBeDefined();

    // Only the two references wrong: the service's own checks name both too.
    const both = await t.http
      .post('/api/v1/consultants')
      .set(admin)
      .send({ ...body, fullName: 'Xenia Example' })
      .expect(400);
    expect(fieldsOf(both.body)).toEqual({
      officeId: 'does not name an office you can use',
      serviceLines: 'holds unknown service-line codes: nope',
    });
    expect(await count('consultants')).toBe(before);
  });

  it('a routing rule: empty name, unknown office and unknown service line, at once', async () => {
    const before = await count('routing_rules');
    const res = await t.http
      .post('/api/v1/routing/rules')
      .set(admin)
      .send({ name: '', priority: 1, conditions: { serviceLines: ['nope'] }, action: { officeId: GHOST_OFFICE } })
      .expect(400);
    expect(fieldsOf(res.body)).toMatchObject({
      'action.officeId': 'does not name an office',
      'conditions.serviceLines': 'holds unknown codes: nope',
    });
    expect(fieldsOf(res.body).name).toBeDefined();

    const both = await t.http
      .post('/api/v1/routing/rules')
      .set(admin)
      .send({ name: 'Ghost', priority: 1, conditions: { serviceLines: ['nope'] }, action: { officeId: GHOST_OFFICE } })
      .expect(400);
    expect(fieldsOf(both.body)).toEqual({
      'action.officeId': 'does not name an office',
      'conditions.serviceLines': 'holds unknown codes: nope',
    });
    expect(await count('routing_rules')).toBe(before);
  });

  it('an office edit and a case edit: a bad field and an unknown service line, at once', async () => {
    const officeRes = await t.http
      .patch(`/api/v1/offices/${office.id}`)
      .set(admin)
      .send({ name: '', serviceLines: ['tax', 'nope'] })
      .expect(400);
    expect(fieldsOf(officeRes.body)).toMatchObject({ serviceLines: 'holds unknown service-line codes: nope' });
    expect(fieldsOf(officeRes.body).name).toBeDefined();

    const kase = await createCase(t.db, { officeId: office.id });
    const caseRes = await t.http
      .patch(`/api/v1/cases/${kase.id}`)
      .set(admin)
      .send({ version: 1, priority: 'urgent-ish', serviceLines: ['nope'] })
      .expect(400);
    expect(fieldsOf(caseRes.body)).toMatchObject({
      serviceLines: 'holds unknown or inactive service-line codes: nope',
    });
    expect(fieldsOf(caseRes.body).priority).toBeDefined();
  });

  it('says "is required" once for a field left out, and each other problem once', async () => {
    const kase = await createCase(t.db, { officeId: office.id });
    const missing = await t.http
      .post(`/api/v1/cases/${kase.id}/assign`)
      .set(admin)
      .send({ consultantId: null, version: 1 })
      .expect(400);
    expect(missing.body.errors).toEqual([{ field: 'reason', message: 'is required' }]);
    const wrong = await t.http
      .post(`/api/v1/cases/${kase.id}/assign`)
      .set(admin)
      .send({ consultantId: null, version: 1, reason: 42 })
      .expect(400);
    expect(wrong.body.errors.length).toBeGreaterThan(0);
    expect(
      wrong.body.errors.every(
        (e: { field: string; message: string }) => e.field === 'reason' && e.message !== 'is required',
      ),
    ).toBe(true);
  });
});
