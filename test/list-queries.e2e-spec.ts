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

  it('takes a period bound as a date or an instant with its zone, and names any other form', async () => {
    // ISO 8601 forms JavaScript's Date cannot read (week and ordinal dates, basic format, an hour alone)
    // reached the query as an Invalid Date (a 500); a time without a zone was read in the server's zone.
    const refused = ['2026-W05-1', '2026-123', '20260301', '2026-03-01T10Z', '2026-03', '2026-03-01T10:00:00'];
    const answers: string[] = [];
    for (const list of ['/cases', '/inquiries', '/audit'])
      for (const field of ['from', 'to'])
        for (const value of refused) {
          const res = await t.http
            .get(`/api/v1${list}`)
            .query({ [field]: value })
            .set(admin);
          answers.push(`${list}?${field}=${value} → ${res.status} ${res.body.errors?.[0]?.field}`);
        }
    expect(answers).toEqual(answers.map((a) => a.replace(/→ .*$/, `→ 400 ${/\?(\w+)=/.exec(a)?.[1]}`)));
  });

  it('reads the documented forms of a period bound', async () => {
    const kase = await t.db.query(`SELECT created_at FROM cases WHERE id = $1`, [caseId]);
    const created = (kase[0] as { created_at: Date }).created_at;
    const day = created.toISOString().slice(0, 10);
    const inShanghai = new Date(created.getTime() + 8 * 3600_000).toISOString().slice(0, 19) + '+08:00';
    for (const query of [
      { from: day, to: day },
      { from: created.toISOString(), to: `${day}T23:59:59.999999Z` },
      { from: inShanghai },
    ]) {
      const res = await t.http.get('/api/v1/cases').query(query).set(admin);
      expect([query, res.status, res.body.data?.map((c: { id: string }) => c.id)]).toEqual([query, 200, [caseId]]);
    }
  });

  it('documents in OpenAPI the fields each list sorts by', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as {
      paths: Record<string, { get?: { parameters?: Array<{ name: string; description?: string }> } }>;
    };
    const mismatches: string[] = [];
    let lists = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      const sort = ops.get?.parameters?.find((p) => p.name === 'sort');
      if (!sort) continue;
      lists++;
      const url = path.replace('{id}', caseId).replace(/^\/api\/v1/, '');
      if (url.startsWith('/webhooks/')) continue; // a webhook's deliveries: the path needs a webhook
      const refused = await t.http.get(`/api/v1${url}`).query({ sort: 'noSuchField:asc' }).set(admin);
      const offered = /can sort by (.+)$/.exec(refused.body.errors?.[0]?.message ?? '')?.[1].split(', ') ?? [];
      const documented = /^sort by ([\w, ]+?)(?: \(|;|$)/.exec(sort.description ?? '')?.[1].split(', ') ?? [];
      if (offered.length === 0 || documented.join() !== offered.join())
        mismatches.push(`${path}: offers ${offered.join() || '?'}, documents "${sort.description}"`);
    }
    expect(mismatches).toEqual([]);
    expect(lists).toBeGreaterThanOrEqual(14);
  });
});
