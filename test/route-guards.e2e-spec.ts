/**
 * Fails when a route is reachable without authentication by accident: every route the router
 * knows is either on the explicit public list below, or answers 401 without a token.
 */
import { registeredRoutes, RouteEntry } from '../src/app.setup';
import { createTestApp, TestApp } from './setup/test-app';

const PUBLIC_ROUTES = new Set([
  'GET /health/live',
  'GET /health/ready',
  'GET /metrics',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/logout',
  'POST /api/v1/inquiries',
  'GET /api/v1/public/service-lines',
  'GET /api/v1/public/countries',
]);

const DOCS = /^\/api\/docs/;

describe('Route guard coverage', () => {
  let t: TestApp;
  const routes: RouteEntry[] = [];
  beforeAll(async () => {
    t = await createTestApp();
    routes.push(...registeredRoutes(t.app));
  });
  afterAll(() => t.close());

  it('collected the application routes', () => {
    expect(routes.length).toBeGreaterThan(20);
  });

  it('answers 401 with a Bearer challenge without a token on every non-public route', async () => {
    const unguarded: string[] = [];
    for (const { method, url } of routes) {
      const key = `${method} ${url}`;
      if (PUBLIC_ROUTES.has(key) || DOCS.test(url) || method === 'HEAD' || method === 'OPTIONS') continue;
      const path = url.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      const req = t.http[method.toLowerCase() as 'get'](path);
      const res =
        method === 'GET' || method === 'DELETE'
          ? await req
          : await req.set('Content-Type', 'application/json').send('{}');
      if (res.status !== 401) unguarded.push(`${key} → ${res.status}`);
      else if (res.headers['www-authenticate'] !== 'Bearer realm="advisory-crm"')
        unguarded.push(`${key}: no challenge`);
    }
    expect(unguarded).toEqual([]);
  });

  it('lists only routes that exist as public', () => {
    const known = new Set(routes.map((r) => `${r.method} ${r.url}`));
    const stale = [...PUBLIC_ROUTES].filter(
      (r) => !known.has(r) && !r.includes('/inquiries') && !r.includes('/public/'),
    );
    expect(stale).toEqual([]);
  });
});
