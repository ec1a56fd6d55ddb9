/**
 * `null` where a field does not take it is a 400 naming the field, and writes nothing — on every
 * route with a JSON body; so is blank text where the description asks for some (minLength). Each request is the access matrix's valid one (as an admin, about an
 * object of their office) with one property of the route's OpenAPI body schema set to null; a
 * property described `nullable` must not answer 500 either. Before, `{ "fullName": null }` on a
 * staff record, `{ "languages": null }` on a new office or `{ "priority": null }` on a case reached
 * a NOT NULL column and answered 500 (class-validator's @IsOptional() lets null through).
 */
import { ACCESS_MATRIX, Cell, expected, OWNERSHIP, PLACEMENTS } from './access-matrix';
import { inquiryBody } from './factories/inquiries';
import { buildMatrixWorld, buildTarget, MatrixWorld, mintToken, uniqueTag } from './factories/security';
import { bearer, createTestApp, TestApp } from './setup/test-app';

jest.setTimeout(300_000);

interface Schema {
  $ref?: string;
  nullable?: boolean;
  type?: string;
  minLength?: number;
  properties?: Record<string, Schema>;
  allOf?: Schema[];
}

interface OpenApi {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
}

/** Every table a staff route writes, as one text: equal before and after means nothing was written. */
const TABLES = [
  'offices',
  'office_service_lines',
  'consultants',
  'consultant_service_lines',
  'out_of_office_periods',
  'stages',
  'service_lines',
  'routing_rules',
  'clients',
  'contacts',
  'inquiries',
  'cases',
  'stage_events',
  'activities',
  'webhook_subscriptions',
  'audit_entries',
  'outbox',
];

describe('null in request bodies', () => {
  let t: TestApp;
  let w: MatrixWorld;
  let api: OpenApi;
  let tables: string[];

  beforeAll(async () => {
    t = await createTestApp({ publicRateLimit: 10_000 });
    w = await buildMatrixWorld(t);
    api = (await t.http.get('/api/docs-json').expect(200)).body as OpenApi;
    const present = new Set(
      (await t.db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)).map(
        (r: { table_name: string }) => r.table_name,
      ),
    );
    tables = TABLES.filter((name) => present.has(name));
  });
  afterAll(() => t.close());

  const fingerprint = async (): Promise<string[]> =>
    Promise.all(
      tables.map(
        async (name) =>
          `${name} ${(await t.db.query(`SELECT count(*) AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM ${name} x`))[0].h}`,
      ),
    );

  const resolve = (schema: Schema): Schema => {
    if (schema.$ref) return resolve(api.components.schemas[schema.$ref.split('/').pop()!]);
    if (schema.allOf) return { properties: Object.assign({}, ...schema.allOf.map((s) => resolve(s).properties)) };
    return schema;
  };

  /** The route's body properties and whether each says nullable (a `$ref` property: its own flag). */
  function bodyProperties(
    method: string,
    template: string,
  ): Array<{ name: string; nullable: boolean; needsText: boolean }> {
    const path = template.replace(/:([A-Za-z]+)/g, '{$1}');
    const body = api.paths[path]?.[method.toLowerCase()]?.requestBody?.content['application/json']?.schema;
    if (!body) return [];
    return Object.entries(resolve(body).properties ?? {}).map(([name, s]) => ({
      name,
      nullable: s.nullable === true || (s.allOf?.some((p) => p.nullable === true) ?? false),
      needsText: s.type === 'string' && (s.minLength ?? 0) >= 1,
    }));
  }

  /** The matrix's valid request for an admin about an object of their office (a fresh object each time). */
  async function validRequest(key: string): Promise<{ method: string; path: string; body: Record<string, unknown> }> {
    const entry = ACCESS_MATRIX[key];
    const [method, template] = key.split(' ');
    for (const placement of PLACEMENTS) {
      for (const whose of OWNERSHIP) {
        if (expected(entry, 'admin', placement, whose) !== '2xx') continue;
        const officeId = placement === 'ownOffice' ? w.officeA : w.officeB;
        const ownerId =
          entry.target === 'webhook' && whose === 'others'
            ? w.firstAdminId
            : whose === 'own'
              ? w.actors.admin.id
              : placement === 'ownOffice'
                ? w.colleagueA.id
                : w.colleagueB.id;
        const target = await buildTarget(t, w, entry.target, officeId, ownerId, true);
        const cell: Cell = {
          role: 'admin',
          placement,
          whose,
          actorId: w.actors.admin.id,
          officeId,
          ownerId,
          target,
          world: w,
          tag: uniqueTag(),
        };
        const spec = entry.request?.(cell) ?? {};
        const path = template.replace(/:([A-Za-z]+)/g, (_, name: string) => spec.params?.[name] ?? '');
        return { method, path, body: (spec.body ?? {}) as Record<string, unknown> };
      }
    }
    throw new Error(`${key}: no cell where an admin succeeds`);
  }

  const send = (method: string, path: string, body: object) =>
    t.http[method.toLowerCase() as 'post'](path)
      .set(bearer(mintToken(t, w.actors.admin)))
      .send(body);

  const routes = Object.keys(ACCESS_MATRIX)
    .filter((key) => /^(POST|PATCH|PUT) /.test(key))
    .sort();

  it('finds a body schema for the routes that take one', () => {
    const withBodies = routes.filter((key) => bodyProperties(...(key.split(' ') as [string, string])).length > 0);
    expect(withBodies).toEqual(
      expect.arrayContaining([
        'PATCH /api/v1/consultants/:id',
        'POST /api/v1/offices',
        'PATCH /api/v1/offices/:id',
        'PATCH /api/v1/cases/:id',
        'POST /api/v1/cases/:id/stage',
        'PATCH /api/v1/routing/rules/:id',
      ]),
    );
  });

  it.each(routes)('%s: null for a field that does not take it is a 400 naming it, and writes nothing', async (key) => {
    const [method, template] = key.split(' ');
    const refused = bodyProperties(method, template).filter((p) => !p.nullable);
    if (refused.length === 0) return;
    const { path, body } = await validRequest(key);
    const before = await fingerprint();
    const wrong: string[] = [];
    for (const { name } of refused) {
      const res = await send(method, path, { ...body, [name]: null });
      const named = (res.body?.errors ?? []).some((e: { field: string }) => e.field === name);
      if (res.status !== 400 || !named)
        wrong.push(`${name}: ${res.status} ${JSON.stringify(res.body?.errors ?? res.body)}`);
    }
    expect(wrong).toEqual([]);
    expect(await fingerprint()).toEqual(before);
  });

  it.each(routes)('%s: blank text where text is required is a 400 naming it, and writes nothing', async (key) => {
    const [method, template] = key.split(' ');
    // What creating the object requires, an edit cannot empty: a PATCH property also needs text
    // when the POST of its collection (the path without the last :param) asks for some.
    const created = method === 'PATCH' ? bodyProperties('POST', template.replace(/\/:[A-Za-z]+$/, '')) : [];
    const texts = bodyProperties(method, template).filter(
      (p) => p.needsText || created.some((c) => c.name === p.name && c.needsText),
    );
    if (texts.length === 0) return;
    const { path, body } = await validRequest(key);
    const before = await fingerprint();
    const wrong: string[] = [];
    for (const { name } of texts) {
      for (const blank of ['', '   ']) {
        const res = await send(method, path, { ...body, [name]: blank });
        const named = (res.body?.errors ?? []).some((e: { field: string }) => e.field === name);
        if (res.status !== 400 || !named) wrong.push(`${name} ${JSON.stringify(blank)}: ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await fingerprint()).toEqual(before);
  });

  it.each(routes)('%s: null for a nullable field never answers 500', async (key) => {
    const [method, template] = key.split(' ');
    const nullable = bodyProperties(method, template).filter((p) => p.nullable);
    const failures: string[] = [];
    for (const { name } of nullable) {
      const { path, body } = await validRequest(key);
      const res = await send(method, path, { ...body, [name]: null });
      if (res.status >= 500) failures.push(`${name}: ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it.each(routes.filter((key) => key.startsWith('PATCH ')))(
    '%s: an edit naming no field is a 400, and writes nothing (no audited no-op)',
    async (key) => {
      const [method] = key.split(' ');
      const { path } = await validRequest(key);
      const before = await fingerprint();
      const res = await send(method, path, {});
      expect(res.status).toBe(400);
      // Cases ask for the version they were read at before anything else.
      const versioned = ['PATCH /api/v1/cases/:id'].includes(key);
      expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))]).toEqual([
        versioned ? 'version' : 'body',
      ]);
      expect(await fingerprint()).toEqual(before);
    },
  );

  it('takes null as "not given" in the public form', async () => {
    const res = await t.http
      .post('/api/v1/inquiries')
      .send({ ...inquiryBody(), phone: null, company: null, targetCity: null, serviceLines: null });
    expect(res.status).toBe(201);
  });
});
