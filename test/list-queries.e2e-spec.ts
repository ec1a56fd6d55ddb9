/**
 * The list conventions of API.md (`page`, `pageSize`, `sort=field:dir`, and each resource's
 * filters) on every staff list: what a caller sends is either applied as documented or refused
 * with a 400 naming the field, never a 500.
 */
import { createCase } from './factories/cases';
import { createOffice, createUser } from './factories';
import { bearer, createTestApp, TestApp } from './setup/test-app';

describe('List queries', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let caseId: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = bearer(await t.adminToken());
    const office = await createOffice(t.db);
    const consultant = await createUser(t.db, { officeId: office.id });
    caseId = (await createCase(t.db, { officeId: office.id, consultantId: consultant.id })).id;
  });
  afterAll(() => t.close());

  it('refuses a sort key that is a name every JavaScript object has, naming sort', async () => {
    const lists = [
      '/cases',
      `/cases/${caseId}/timeline`,
      '/clients',
      '/inquiries',
      '/consultants',
      '/offices',
      '/audit',
      '/routing/rules',
      '/notifications',
      '/webhooks',
      '/stages',
      '/service-lines',
    ];
    const answers: string[] = [];
    for (const list of lists)
      for (const sort of ['constructor', 'toString:desc', 'hasOwnProperty:asc']) {
        const res = await t.http.get(`/api/v1${list}`).query({ sort }).set(admin);
        answers.push(`${list}?sort=${sort} → ${res.status} ${res.body.errors?.[0]?.field}`);
      }
    expect(answers).toEqual(answers.map((a) => a.replace(/→ .*$/, '→ 400 sort')));
  });
});
