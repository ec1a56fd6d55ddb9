/**
 * Abuse resistance: per-IP limits with Retry-After (and X-Forwarded-For honoured only as far as
 * TRUST_PROXY says), body size, string and array limits on every DTO, page sizes capped on every
 * list, CORS for the form's origins only, security headers everywhere, and error answers that
 * never show a stack, SQL or a 500, whatever is thrown at every route.
 */
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { registeredRoutes } from '../src/app.setup';
import { ACCESS_MATRIX, Cell, PUBLIC_ROUTES } from './access-matrix';
import { inquiryBody } from './factories/inquiries';
import { buildMatrixWorld, buildTarget, MatrixWorld, mintToken, uniqueTag } from './factories/security';
import { bearer, createTestApp, TestApp } from './setup/test-app';

jest.setTimeout(300_000);

describe('Public rate limits', () => {
  let proxied: TestApp;
  let hops: TestApp;
  beforeAll(async () => {
    [proxied, hops] = await Promise.all([
      createTestApp({ publicRateLimit: 2, publicRateWindowSeconds: 60, trustProxy: true }),
      createTestApp({ publicRateLimit: 2, publicRateWindowSeconds: 60, trustProxy: 1 }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([proxied?.close(), hops?.close()]);
  });

  it('limits the form look-ups per client with 429, Retry-After and RateLimit headers', async () => {
    const ip = '203.0.113.10';
    for (let i = 0; i < 2; i++)
      await proxied.http.get('/api/v1/public/countries').set('X-Forwarded-For', ip).expect(200);
    const res = await proxied.http.get('/api/v1/public/service-lines').set('X-Forwarded-For', ip);
    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(res.headers['ratelimit-remaining']).toBe('0');
    // Submissions count in their own bucket: loading the form never uses them up.
    await proxied.http.post('/api/v1/inquiries').set('X-Forwarded-For', ip).send(inquiryBody()).expect(201);
  });

  it('behind a trusted proxy, counts each client of X-Forwarded-For apart', async () => {
    for (let i = 0; i < 2; i++)
      await proxied.http
        .post('/api/v1/inquiries')
        .set('X-Forwarded-For', '203.0.113.20')
        .send(inquiryBody())
        .expect(201);
    const limited = await proxied.http
      .post('/api/v1/inquiries')
      .set('X-Forwarded-For', '203.0.113.20')
      .send(inquiryBody());
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await proxied.http.post('/api/v1/inquiries').set('X-Forwarded-For', '203.0.113.21').send(inquiryBody()).expect(201);
  });

  it('with TRUST_PROXY=1, a client cannot dodge the limit by forging earlier X-Forwarded-For entries', async () => {
    // The proxy appends the address it saw; only that last entry counts.
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await hops.http
        .post('/api/v1/inquiries')
        .set('X-Forwarded-For', `10.9.8.${i}, 203.0.113.30`)
        .send(inquiryBody());
      statuses.push(res.status);
    }
    expect(statuses).toEqual([201, 201, 429, 429]);
  });
});

describe('Input limits and error answers', () => {
  let t: TestApp;
  let admin: string;
  let w: MatrixWorld;

  beforeAll(async () => {
    t = await createTestApp({ publicRateLimit: 100_000 });
    admin = await t.adminToken();
    w = await buildMatrixWorld(t);
  });
  afterAll(() => t.close());

  it('answers 413 for a body over 512 KB on public and staff routes alike', async () => {
    const big = 'x'.repeat(520 * 1024);
    const inquiry = await t.http.post('/api/v1/inquiries').send(inquiryBody({ message: big }));
    expect(inquiry.status).toBe(413);
    const c = await buildTarget(t, w, 'case', w.officeA, w.actors.admin.id);
    const note = await t.http
      .post(`/api/v1/cases/${c.caseId}/activities`)
      .set(bearer(admin))
      .send({ type: 'note', body: big });
    expect(note.status).toBe(413);
    expect(note.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  describe('every DTO bounds its strings and arrays (class-validator metadata of the running app)', () => {
    /** Constraints that bound a string's length by themselves. */
    const BOUNDING = new Set([
      'maxLength',
      'length',
      'charLength',
      'isIn',
      'isUuid',
      'isIso8601',
      'isDateString',
      'isCalendarDate',
      'isCurrencyCode',
      'isIanaTimeZone',
      'equals',
      'isBoolean',
      'isInt',
      'isNumber',
      'isEnum',
    ]);
    /** Fields outside the rule, each with its reason. */
    const EXEMPT: Record<string, string> = {
      'InquiryInputDto.website':
        'the honeypot: any value is accepted and never stored; the 512 KB body limit bounds it',
    };
    const unboundedRegex = (re: RegExp): boolean => /(?<!\\)[+*]|\{\d+,\}/.test(re.source.replace(/\\./g, ''));

    let byProperty: Map<string, ValidationMetadata[]>;
    beforeAll(() => {
      const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, ValidationMetadata[]> };
      byProperty = new Map();
      for (const metas of storage.validationMetadatas.values()) {
        for (const m of metas) {
          const name = (m.target as { name?: string }).name;
          if (!name || name === 'EnvironmentVariables') continue;
          const key = `${name}.${m.propertyName}`;
          byProperty.set(key, [...(byProperty.get(key) ?? []), m]);
        }
      }
    });

    it('found the DTOs', () => {
      expect(byProperty.size).toBeGreaterThan(100);
      expect(byProperty.has('InquiryInputDto.message')).toBe(true);
    });

    it('gives every string a maximum length (directly or through its format)', () => {
      const unbounded: string[] = [];
      for (const [key, metas] of byProperty) {
        if (key in EXEMPT) continue;
        for (const each of [false, true]) {
          const mine = metas.filter((m) => Boolean(m.each) === each);
          const names = new Set(mine.map((m) => m.name ?? String(m.type)));
          if (names.size === 0) continue;
          const stringy = ['isString', 'isEmail', 'isUrl', 'isFqdn', 'matches', 'isStorableText'].some((n) =>
            names.has(n),
          );
          const bounded = [...names].some((n) => BOUNDING.has(n));
          const regexes = mine.filter((m) => m.name === 'matches').map((m) => m.constraints[0] as RegExp);
          const boundedByRegex = regexes.length > 0 && regexes.every((re) => !unboundedRegex(re));
          if (stringy && !bounded && !boundedByRegex) unbounded.push(`${key}${each ? '[]' : ''}`);
        }
      }
      expect(unbounded).toEqual([]);
    });

    it('gives every array a maximum size', () => {
      const unbounded = [...byProperty]
        .filter(
          ([key, metas]) =>
            !(key in EXEMPT) &&
            metas.some((m) => m.name === 'isArray') &&
            !metas.some((m) => m.name === 'arrayMaxSize'),
        )
        .map(([key]) => key);
      expect(unbounded).toEqual([]);
    });

    it('caps every pageSize at 100', () => {
      const pageSizes = [...byProperty].filter(([key]) => key.endsWith('.pageSize'));
      // PageQuery declares it; every list query extends it (the HTTP check below proves each route).
      expect(pageSizes.length).toBeGreaterThanOrEqual(1);
      for (const [key, metas] of pageSizes) {
        const max = metas.find((m) => m.name === 'max');
        expect([key, max?.constraints[0]]).toEqual([key, 100]);
      }
    });
  });

  it.each([
    [
      'an activity body',
      (c: { caseId?: string }) => ({
        method: 'post' as const,
        path: `/api/v1/cases/${c.caseId}/activities`,
        body: { type: 'note', body: 'x'.repeat(20_001) },
      }),
      'body',
    ],
    [
      'a contact title',
      (c: { contactId?: string }) => ({
        method: 'patch' as const,
        path: `/api/v1/contacts/${c.contactId}`,
        body: { title: 'x'.repeat(201) },
      }),
      'title',
    ],
    [
      'a hand-over reason',
      (c: { caseId?: string }) => ({
        method: 'post' as const,
        path: `/api/v1/cases/${c.caseId}/assign`,
        body: { consultantId: null, reason: 'x'.repeat(5000), version: 1 },
      }),
      'reason',
    ],
    [
      'service lines of a case',
      (c: { caseId?: string }) => ({
        method: 'patch' as const,
        path: `/api/v1/cases/${c.caseId}`,
        body: { serviceLines: Array.from({ length: 60 }, (_, i) => `line_${i}`), version: 1 },
      }),
      'serviceLines',
    ],
    [
      'rule keywords',
      () => ({
        method: 'post' as const,
        path: '/api/v1/routing/rules',
        body: {
          name: 'Too many',
          priority: 1,
          conditions: { keywords: Array.from({ length: 1000 }, (_, i) => `k${i}`) },
          action: { officeId: 'x' },
        },
      }),
      'conditions.keywords',
    ],
  ])('refuses an over-long %s with 400 naming the field', async (_what, make, field) => {
    const c = await buildTarget(t, w, 'case', w.officeA, w.actors.admin.id);
    const { method, path, body } = make(c);
    const res = await t.http[method](path).set(bearer(admin)).send(body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('refuses over-long query strings: search text and sort', async () => {
    for (const query of [{ q: 'x'.repeat(300) }, { sort: 'a'.repeat(300) }]) {
      const res = await t.http.get('/api/v1/cases').query(query).set(bearer(admin));
      expect(res.status).toBe(400);
    }
  });

  it('pages every list alike: pageSize 25 by default and at most 100, unknown parameters refused, path-scoped lists and catalogs included', async () => {
    const c = await buildTarget(t, w, 'case', w.officeA, w.actors.admin.id);
    const hook = await buildTarget(t, w, 'webhook', w.officeA, w.actors.admin.id);
    const params: Record<string, string> = {
      '/api/v1/clients/:id/contacts': c.clientId!,
      '/api/v1/cases/:id/timeline': c.caseId!,
      '/api/v1/webhooks/:id/deliveries': hook.webhookId!,
    };
    const lists = registeredRoutes(t.app)
      .filter(
        (r) =>
          r.method === 'GET' &&
          (!r.url.includes(':') || r.url in params) &&
          r.url.startsWith('/api/v1/') &&
          !PUBLIC_ROUTES.has(`GET ${r.url}`),
      )
      .map((r) => ({ route: r.url, url: r.url.replace(':id', params[r.url] ?? '') }));
    const paginated: string[] = [];
    for (const { route, url } of lists) {
      const plain = await t.http.get(url).set(bearer(admin));
      if (plain.status !== 200 || !Array.isArray(plain.body?.data)) continue;
      paginated.push(route);
      expect([route, plain.body.pageSize]).toEqual([route, 25]);
      const over = await t.http.get(url).query({ pageSize: 101 }).set(bearer(admin));
      expect([route, over.status, over.body.errors?.[0]?.field]).toEqual([route, 400, 'pageSize']);
      const max = await t.http.get(url).query({ pageSize: 100 }).set(bearer(admin));
      expect([route, max.status, max.body.pageSize]).toEqual([route, 200, 100]);
      // a parameter the list does not know is named, not ignored
      const unknown = await t.http.get(url).query({ colour: 'red' }).set(bearer(admin));
      expect([route, unknown.status, unknown.body.errors?.[0]?.field]).toEqual([route, 400, 'colour']);
    }
    expect(paginated).toEqual(expect.arrayContaining(['/api/v1/service-lines', '/api/v1/stages']));
    expect(paginated.length).toBeGreaterThanOrEqual(12);
  });

  describe('error answers carry no internals, whatever is sent to any route', () => {
    const LEAKS = [
      /\bat \//,
      /\.ts:\d+/,
      /\.js:\d+/,
      /QueryFailedError/,
      /\bSELECT\b/,
      /\bINSERT INTO\b/,
      /\bUPDATE \w+ SET\b/,
      /node_modules/,
      /TypeError|ReferenceError|SyntaxError:/,
      /Cannot read prop/,
      /violates|duplicate key|syntax error at/,
      /"stack"/,
    ];
    const problems: string[] = [];
    let calls = 0;

    async function probe(
      method: string,
      path: string,
      token: string | null,
      body?: unknown,
      rawQuery?: string,
    ): Promise<void> {
      let req = t.http[method.toLowerCase() as 'get'](rawQuery ? `${path}?${rawQuery}` : path);
      if (token) req = req.set(bearer(token));
      if (body !== undefined)
        req = req.set('Content-Type', 'application/json').send(typeof body === 'string' ? body : JSON.stringify(body));
      const res = await req;
      calls++;
      const where = `${method} ${path}${rawQuery ? `?${rawQuery}` : ''} ${typeof body === 'string' ? body.slice(0, 40) : (JSON.stringify(body)?.slice(0, 60) ?? '')}`;
      if (res.status >= 500) problems.push(`${where} → ${res.status}`);
      if (res.status >= 400 && !/^application\/problem\+json/.test(res.headers['content-type'] ?? ''))
        problems.push(`${where} → ${res.status} not problem+json`);
      for (const leak of LEAKS)
        if (res.status >= 400 && leak.test(res.text)) problems.push(`${where} → ${res.status} shows ${leak}`);
    }

    /** Wrong types, huge numbers and odd strings in place of each member of a valid body. */
    function mutations(body: unknown): unknown[] {
      const out: unknown[] = [
        '[]',
        'null',
        '"text"',
        '12345',
        '{"a":',
        '{"__proto__":{"admin":true}}',
        '{"constructor":{"prototype":{}}}',
      ];
      if (!body || typeof body !== 'object' || Array.isArray(body)) return out;
      for (const [key, value] of Object.entries(body)) {
        const wrong =
          typeof value === 'string'
            ? [12345, true, ['x'], { $gt: '' }, '9'.repeat(400), '\u0000', '\ud800']
            : typeof value === 'number'
              ? ['not-a-number', 1e308, -1, 2 ** 53 + 1, 1.5, '1 OR 1=1']
              : typeof value === 'boolean'
                ? ['yes', 1]
                : Array.isArray(value)
                  ? [{}, 'x', [null], Array.from({ length: 500 }, () => 'x')]
                  : value === null
                    ? [{}, 12345]
                    : [[1, 2], 'x', { nested: { deeper: { deepest: Array.from({ length: 50 }, () => ({})) } } }];
        for (const v of wrong) out.push({ ...(body as object), [key]: v });
      }
      return out;
    }

    const BAD_IDS = [
      'not-a-uuid',
      '00000000-0000-0000-0000-000000000000',
      "1'%20OR%20'1'='1",
      '9'.repeat(80),
      '%E0%A4%A',
      '..%2F..%2Fetc%2Fpasswd',
      '%00',
    ];
    const BAD_QUERIES = [
      'page=1e400',
      'page=-1&pageSize=0',
      'pageSize=abc',
      'sort=%3BDROP%20TABLE',
      'sort=createdAt:sideways',
      'from=2020-13-45&to=yesterday',
      'officeId=1%20OR%201%3D1',
      'q[$ne]=1',
      'status=a&status=b',
      'consultantId=' + 'f'.repeat(500),
      'slaBreached=maybe',
      'format=exe',
      'q=%00',
      'q=a%00b&from=2026-01-01%00',
      'q=%ED%A0%80',
    ];

    /** A request the route accepts, built as the access matrix builds it for an admin of office A. */
    async function validRequest(
      method: string,
      url: string,
    ): Promise<{ path: string; body?: unknown; isPublic: boolean; params?: Record<string, string | undefined> }> {
      const key = `${method} ${url}`;
      const entry = ACCESS_MATRIX[key];
      let valid: { params?: Record<string, string | undefined>; body?: unknown } = {};
      if (entry?.request) {
        const target = await buildTarget(t, w, entry.target, w.officeA, w.actors.admin.id, true);
        const cell: Cell = {
          role: 'admin',
          placement: 'ownOffice',
          whose: 'own',
          actorId: w.actors.admin.id,
          officeId: w.officeA,
          ownerId: w.actors.admin.id,
          target,
          world: w,
          tag: uniqueTag(),
        };
        valid = entry.request(cell);
      }
      if (key === 'POST /api/v1/inquiries') valid = { body: inquiryBody() };
      if (key === 'POST /api/v1/auth/login')
        valid = { body: { email: 'nobody@advisory.test', password: 'whatever-it-is' } };
      const path = url.replace(
        /:([A-Za-z]+)/g,
        (_, name: string) => valid.params?.[name] ?? '00000000-0000-4000-8000-000000000000',
      );
      return { path, body: valid.body, params: valid.params, isPublic: PUBLIC_ROUTES.has(key) };
    }

    it('sorts every list by every field it offers, both ways', async () => {
      const lists = registeredRoutes(t.app).filter((r) => r.method === 'GET' && !r.url.startsWith('/api/docs'));
      const sorted: string[] = [];
      const failures: string[] = [];
      for (const { method, url } of lists) {
        const { path, isPublic } = await validRequest(method, url);
        const auth = (req: ReturnType<typeof t.http.get>) => (isPublic ? req : req.set(bearer(admin)));
        // A list names the fields it sorts by when asked for one it does not know.
        const refused = await auth(t.http.get(path).query({ sort: 'noSuchField:asc' }));
        const offered =
          refused.status === 400 ? /can sort by (.+)$/.exec(refused.body.errors?.[0]?.message ?? '') : null;
        if (!offered) continue;
        for (const field of offered[1].split(', '))
          for (const dir of ['asc', 'desc']) {
            // relevance ranks a search, so it needs one.
            const query = field === 'relevance' ? { sort: `${field}:${dir}`, q: 'a' } : { sort: `${field}:${dir}` };
            const res = await auth(t.http.get(path).query(query));
            if (res.status !== 200) failures.push(`${url} sort=${field}:${dir} → ${res.status}`);
          }
        sorted.push(url);
      }
      expect(failures).toEqual([]);
      expect(sorted.length).toBeGreaterThanOrEqual(9);
    });

    it('answers every route, public and staff, without a 500 or an internal detail', async () => {
      const routes = registeredRoutes(t.app).filter(
        (r) => r.method !== 'HEAD' && r.method !== 'OPTIONS' && !r.url.startsWith('/api/docs'),
      );
      for (const { method, url } of routes) {
        const { path, isPublic, body, params } = await validRequest(method, url);
        const token = isPublic ? null : admin;
        const valid = { body, params };
        // Bad ids in each path parameter.
        for (const name of url.match(/:([A-Za-z]+)/g) ?? []) {
          for (const bad of BAD_IDS)
            await probe(
              method,
              url.replace(/:([A-Za-z]+)/g, (m) => (m === name ? bad : (valid.params?.[m.slice(1)] ?? bad))),
              token,
            );
        }
        if (method === 'GET' || method === 'DELETE') {
          for (const query of BAD_QUERIES) await probe(method, path, token, undefined, query);
        } else {
          for (const body of mutations(valid.body ?? {})) await probe(method, path, token, body);
        }
        // The same route without a token and with a consultant's: the refusals are clean too.
        if (!isPublic) {
          await probe(method, path, null, method === 'GET' || method === 'DELETE' ? undefined : {});
          await probe(
            method,
            path,
            mintToken(t, w.actors.consultant),
            method === 'GET' || method === 'DELETE' ? undefined : { version: 'x' },
          );
        }
      }
      expect(calls).toBeGreaterThan(1000);
      expect(problems).toEqual([]);
    });
  });
});

describe('CORS and security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ publicFormOrigins: ['https://partner.example', 'https://www.advisory.example'] });
  });
  afterAll(() => t.close());

  it('lets only the configured form origins call the public API cross-site, without credentials', async () => {
    for (const origin of ['https://partner.example', 'https://www.advisory.example']) {
      const pre = await t.http
        .options('/api/v1/inquiries')
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'content-type,idempotency-key');
      expect(pre.headers['access-control-allow-origin']).toBe(origin);
      expect(pre.headers['access-control-allow-credentials']).toBeUndefined();
      const res = await t.http.post('/api/v1/inquiries').set('Origin', origin).send(inquiryBody()).expect(201);
      expect(res.headers['access-control-allow-origin']).toBe(origin);
      expect(res.headers['access-control-expose-headers']).toMatch(/Retry-After/i);
    }
    for (const origin of [
      'https://evil.example',
      'https://partner.example.evil.example',
      'null',
      'http://partner.example',
    ]) {
      const pre = await t.http
        .options('/api/v1/inquiries')
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'POST');
      expect([origin, pre.headers['access-control-allow-origin']]).toEqual([origin, undefined]);
      const res = await t.http.post('/api/v1/inquiries').set('Origin', origin).send(inquiryBody());
      expect([origin, res.headers['access-control-allow-origin']]).toEqual([origin, undefined]);
    }
  });

  it('never lets a cross-site page send a bearer token or write staff data', async () => {
    const pre = await t.http
      .options('/api/v1/cases/00000000-0000-4000-8000-000000000000')
      .set('Origin', 'https://partner.example')
      .set('Access-Control-Request-Method', 'PATCH')
      .set('Access-Control-Request-Headers', 'authorization,content-type');
    expect(pre.headers['access-control-allow-headers'] ?? '').not.toMatch(/authorization/i);
    expect(pre.headers['access-control-allow-methods'] ?? '').not.toMatch(/PATCH|DELETE/);
  });

  it.each([
    ['a JSON answer', '/api/v1/public/countries'],
    ['a problem answer', '/api/v1/cases'],
    ['an unknown path', '/nothing-here'],
    ['the admin UI path', '/admin'],
    ['the form path', '/inquire'],
    ['the API docs', '/api/docs'],
    ['the metrics', '/metrics'],
  ])('sends the security headers on %s', async (_what, path) => {
    const res = await t.http.get(path);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'self'/);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['server']).toBeUndefined();
  });
});
