/**
 * The OpenAPI document at /api/docs-json, read the way outside integrators' client generators and
 * strict OpenAPI 3.0 validators read it: every field typed, one optional If-Match per edit, and
 * `null` accepted wherever a field says `nullable` (the OAS 3.0.3 reading: `nullable` only adds
 * null to the `type` beside it; `enum`, `allOf`, `oneOf` and a `$ref` still apply). Real answers
 * are checked against their schemas with a small structural checker (no JSON Schema library is a
 * dependency of the project).
 */
import { createCase } from './factories/cases';
import { createOffice, createUser, OfficeRow, UserRow } from './factories';
import { inquiryBody } from './factories/inquiries';
import { bearer, createTestApp, TestApp } from './setup/test-app';

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  nullable?: boolean;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}

interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** Every operation as `METHOD /path`. */
function operations(api: OpenApi): Array<[string, Operation]> {
  return Object.entries(api.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]): [string, Operation] => [`${method.toUpperCase()} ${path}`, op]),
  );
}

/** Every schema object of the document, nested ones included, with where it sits. */
function everySchema(api: OpenApi): Array<[string, Schema]> {
  const out: Array<[string, Schema]> = [];
  const visit = (schema: Schema | undefined, where: string): void => {
    if (!schema || typeof schema !== 'object') return;
    out.push([where, schema]);
    for (const [name, s] of Object.entries(schema.properties ?? {})) visit(s, `${where}.${name}`);
    if (schema.items) visit(schema.items, `${where}[]`);
    if (typeof schema.additionalProperties === 'object') visit(schema.additionalProperties, `${where}{}`);
    for (const key of ['allOf', 'oneOf', 'anyOf'] as const)
      (schema[key] ?? []).forEach((s, i) => visit(s, `${where}.${key}[${i}]`));
  };
  for (const [name, schema] of Object.entries(api.components.schemas)) visit(schema, name);
  for (const [op, o] of operations(api)) {
    for (const p of o.parameters ?? []) visit(p.schema, `${op} ${p.in} ${p.name}`);
    for (const [type, c] of Object.entries(o.requestBody?.content ?? {})) visit(c.schema, `${op} body ${type}`);
    for (const [status, r] of Object.entries(o.responses))
      for (const [type, c] of Object.entries(r.content ?? {})) visit(c.schema, `${op} ${status} ${type}`);
  }
  return out;
}

const TYPES: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  integer: (v) => Number.isInteger(v),
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  boolean: (v) => typeof v === 'boolean',
  array: (v) => Array.isArray(v),
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
};

/**
 * Where `value` breaks `schema`, by the OAS 3.0.3 reading (as Ajv applies it). Beyond JSON Schema:
 * a property the answer carries but the schema does not declare is reported too, since the
 * document must describe exactly what the API returns.
 */
function violations(api: OpenApi, schema: Schema, value: unknown, at = '$'): string[] {
  if (schema.$ref) {
    const target = api.components.schemas[schema.$ref.replace('#/components/schemas/', '')];
    if (!target) return [`${at}: unknown ${schema.$ref}`];
    return violations(api, target, value, at);
  }
  const out: string[] = [];
  if (schema.type !== undefined) {
    if (value === null) {
      if (schema.nullable !== true) out.push(`${at}: null, but ${schema.type} is not nullable`);
    } else if (!TYPES[schema.type]?.(value)) {
      out.push(`${at}: ${JSON.stringify(value)} is not ${schema.type}`);
    }
  }
  if (schema.enum && !schema.enum.includes(value)) out.push(`${at}: ${JSON.stringify(value)} not in enum`);
  for (const s of schema.allOf ?? []) out.push(...violations(api, s, value, at));
  if (schema.oneOf) {
    const passing = schema.oneOf.filter((s) => violations(api, s, value, at).length === 0).length;
    if (passing !== 1) out.push(`${at}: ${JSON.stringify(value)} matches ${passing} of oneOf`);
  }
  if (schema.anyOf && !schema.anyOf.some((s) => violations(api, s, value, at).length === 0))
    out.push(`${at}: ${JSON.stringify(value)} matches none of anyOf`);
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) out.push(`${at}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) out.push(`${at}: above ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) out.push(`${at}: too few items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) out.push(`${at}: too many items`);
    if (schema.items) value.forEach((item, i) => out.push(...violations(api, schema.items!, item, `${at}[${i}]`)));
  }
  if (TYPES.object(value)) {
    const record = value as Record<string, unknown>;
    for (const name of schema.required ?? []) if (!(name in record)) out.push(`${at}.${name}: missing`);
    for (const [name, v] of Object.entries(record)) {
      const declared = schema.properties?.[name];
      if (declared) out.push(...violations(api, declared, v, `${at}.${name}`));
      else if (typeof schema.additionalProperties === 'object')
        out.push(...violations(api, schema.additionalProperties, v, `${at}.${name}`));
      else if (schema.properties && schema.additionalProperties === undefined && !schema.allOf && !schema.oneOf)
        out.push(`${at}.${name}: not in the schema`);
    }
  }
  return out;
}

describe('OpenAPI document', () => {
  let t: TestApp;
  let api: OpenApi;
  let schemas: Array<[string, Schema]>;

  beforeAll(async () => {
    t = await createTestApp();
    api = (await t.http.get('/api/docs-json').expect(200)).body as OpenApi;
    schemas = everySchema(api);
    // What the checks below assume: the OAS 3.0 reading of `nullable`, and a walk that finds the schemas.
    if (!/^3\.0\./.test(api.openapi)) throw new Error(`expected OpenAPI 3.0, got ${api.openapi}`);
    if (schemas.length < 500) throw new Error(`found only ${schemas.length} schemas`);
  });
  afterAll(() => t.close());

  it('types every object: none without properties, additionalProperties, a $ref or a combinator', () => {
    // `string | null` reflects as Object: a field without an explicit type came out as a bare object.
    // A schema admitting exactly null (`enum: [null]`) is fully described as it is.
    const bare = schemas
      .filter(
        ([, s]) =>
          s.type === 'object' &&
          !s.properties &&
          !s.additionalProperties &&
          !s.$ref &&
          !s.allOf &&
          !s.oneOf &&
          !s.anyOf &&
          !(s.enum?.length === 1 && s.enum[0] === null),
      )
      .map(([where]) => where);
    expect(bare).toEqual([]);
  });

  it('gives each edit one optional If-Match header, and no header twice in different cases', () => {
    const twice: string[] = [];
    const misnamedOrRequired: string[] = [];
    const withIfMatch: string[] = [];
    for (const [op, o] of operations(api)) {
      const headers = (o.parameters ?? []).filter((p) => p.in === 'header');
      const names = headers.map((h) => h.name.toLowerCase());
      if (new Set(names).size !== names.length) twice.push(`${op}: ${headers.map((h) => h.name).join(', ')}`);
      for (const h of headers.filter((h) => h.name.toLowerCase() === 'if-match')) {
        if (h.name !== 'If-Match' || h.required) misnamedOrRequired.push(`${op}: ${h.name} required=${h.required}`);
        else withIfMatch.push(op);
      }
    }
    expect(twice).toEqual([]);
    expect(misnamedOrRequired).toEqual([]);
    expect(withIfMatch).toEqual(
      expect.arrayContaining([
        'PATCH /api/v1/consultants/{id}',
        'PATCH /api/v1/cases/{id}',
        'POST /api/v1/cases/{id}/stage',
        'POST /api/v1/cases/{id}/assign',
        'PATCH /api/v1/clients/{id}',
        'PATCH /api/v1/routing/rules/{id}',
      ]),
    );
  });

  it('types business-hours days as integers 1..7, in what offices take and answer', () => {
    for (const name of ['BusinessHoursDto', 'BusinessHoursView']) {
      const days = api.components.schemas[name]?.properties?.days;
      expect({ name, days }).toMatchObject({
        name,
        days: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 7 } },
      });
    }
    const others = schemas.filter(([where, s]) => /\.days$/.test(where) && s.items?.type !== 'integer');
    expect(others.map(([where]) => where)).toEqual([]);
  });

  it('lists null among the values of every nullable enum', () => {
    const enums = schemas.filter(([, s]) => s.nullable === true && s.enum);
    expect(enums.length).toBeGreaterThan(0);
    expect(enums.filter(([, s]) => !s.enum!.includes(null)).map(([where]) => where)).toEqual([]);
  });

  it('lets null through every schema marked nullable, references included', () => {
    const nullable = schemas.filter(([, s]) => s.nullable === true);
    const refs = nullable.filter(([, s]) => s.allOf ?? s.oneOf ?? s.anyOf ?? s.$ref);
    expect(refs.length).toBeGreaterThan(10);
    const refusing = nullable
      .map(([where, s]) => [where, violations(api, s, null)] as const)
      .filter(([, v]) => v.length > 0)
      .map(([where, v]) => `${where}: ${v.join('; ')}`);
    expect(refusing).toEqual([]);
  });

  describe('real answers match their schemas', () => {
    let admin: Record<string, string>;
    let office: OfficeRow;
    let consultant: UserRow;
    let caseId: string;
    let clientId: string;

    /** The documented JSON answer of an operation for `status`, or its request body for 'body'. */
    const answerSchema = (method: string, path: string, status = '200'): Schema => {
      const op = api.paths[path]?.[method];
      const content = status === 'body' ? op?.requestBody?.content : op?.responses[status]?.content;
      const schema = content?.['application/json']?.schema;
      if (!schema) throw new Error(`no ${status} JSON schema for ${method.toUpperCase()} ${path}`);
      return schema;
    };

    /** GETs `url`, then checks the answer against the documented 200 of `template`. */
    const conforms = async (url: string, template: string): Promise<{ body: unknown; problems: string[] }> => {
      const res = await t.http.get(url).set(admin).expect(200);
      return { body: res.body, problems: violations(api, answerSchema('get', template), res.body) };
    };

    beforeAll(async () => {
      admin = bearer(await t.adminToken());
      office = await createOffice(t.db);
      consultant = await createUser(t.db, { officeId: office.id });
      // In the office queue, with no value, no owner and system-made events: the nulls an answer carries.
      const kase = await createCase(t.db, { officeId: office.id, consultantId: null, withRoutingDecision: true });
      caseId = kase.id;
      clientId = kase.clientId;
      await t.http
        .post(`/api/v1/cases/${caseId}/activities`)
        .set(admin)
        .send({ type: 'note', body: 'Asked for the bank statements' })
        .expect(201);
    });

    it('an office', async () => {
      const { body, problems } = await conforms(`/api/v1/offices/${office.id}`, '/api/v1/offices/{id}');
      expect(body).toMatchObject({ businessHours: { days: expect.arrayContaining([1]) } });
      expect(problems).toEqual([]);
    });

    it('a consultant, moved to another office by an edit its body schema describes, with If-Match', async () => {
      const { body, problems } = await conforms(`/api/v1/consultants/${consultant.id}`, '/api/v1/consultants/{id}');
      expect(problems).toEqual([]);
      const { version } = body as { version: number };
      const other = await createOffice(t.db);
      const edit = { officeId: other.id };
      expect(violations(api, answerSchema('patch', '/api/v1/consultants/{id}', 'body'), edit)).toEqual([]);
      const patch = (ifMatch: string) =>
        t.http.patch(`/api/v1/consultants/${consultant.id}`).set(admin).set('If-Match', ifMatch).send(edit);
      // The header is still read: a stale one is refused.
      await patch(`"${version + 1}"`).expect(409);
      const res = await patch(`"${version}"`).expect(200);
      expect(res.body).toMatchObject({ officeId: other.id, version: version + 1 });
      expect(violations(api, answerSchema('patch', '/api/v1/consultants/{id}'), res.body)).toEqual([]);
    });

    it('a case in the office queue', async () => {
      const { body, problems } = await conforms(`/api/v1/cases/${caseId}`, '/api/v1/cases/{id}');
      expect(body).toMatchObject({ consultant: null, estimatedValue: null, lostReason: null });
      expect(problems).toEqual([]);
    });

    it('a client without an owner', async () => {
      const { body, problems } = await conforms(`/api/v1/clients/${clientId}`, '/api/v1/clients/{id}');
      expect(body).toMatchObject({ owner: null });
      expect(problems).toEqual([]);
    });

    it('a timeline page with system events and an activity', async () => {
      const { body, problems } = await conforms(`/api/v1/cases/${caseId}/timeline`, '/api/v1/cases/{id}/timeline');
      expect(body).toMatchObject({ data: expect.arrayContaining([expect.objectContaining({ actor: null })]) });
      expect(problems).toEqual([]);
    });

    it('a routing simulation, asked with the nulls its body schema allows', async () => {
      const body = { ...inquiryBody(), preferredLanguage: null, source: null, website: null };
      expect(violations(api, answerSchema('post', '/api/v1/routing/simulate', 'body'), body)).toEqual([]);
      const res = await t.http.post('/api/v1/routing/simulate').set(admin).send(body).expect(200);
      expect(res.body).toMatchObject({ rule: null });
      expect(violations(api, answerSchema('post', '/api/v1/routing/simulate'), res.body)).toEqual([]);
    });
  });
});
