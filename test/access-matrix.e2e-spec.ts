/**
 * Proven access control on every route: the application's own route table is walked, every staff
 * route must have an entry in test/access-matrix.ts, and every entry is called as a consultant, a
 * manager and an admin, about objects of their own office and another, their own and a colleague's
 * (and queued cases), with valid bodies; the answer's class must be the table's. Lists must not
 * leak out-of-scope objects, and mass-assignment attempts are refused and change nothing.
 */
import { registeredRoutes } from '../src/app.setup';
import { ACCESS_MATRIX, Cell, expected, MatrixEntry, OWNERSHIP, PLACEMENTS, PUBLIC_ROUTES } from './access-matrix';
import { createUser } from './factories';
import { createCase } from './factories/cases';
import { inquiryBody } from './factories/inquiries';
import {
  buildMatrixWorld,
  buildTarget,
  MatrixRole,
  MatrixWorld,
  mintToken,
  Staff,
  TargetIds,
  uniqueTag,
  Whose,
} from './factories/security';
import { bearer, createTestApp, TestApp } from './setup/test-app';

jest.setTimeout(600_000);

const ROLES: MatrixRole[] = ['consultant', 'manager', 'admin'];
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

function staffRoutes(t: TestApp): string[] {
  return [
    ...new Set(
      registeredRoutes(t.app)
        .filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS' && !r.url.startsWith('/api/docs'))
        .map((r) => `${r.method} ${r.url}`)
        .filter((key) => !PUBLIC_ROUTES.has(key)),
    ),
  ].sort();
}

describe('Access matrix', () => {
  let t: TestApp;
  let w: MatrixWorld;
  let routes: string[];
  const cache = new Map<string, TargetIds>();
  const tally = { cells: 0, notApplicable: 0 };

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildMatrixWorld(t);
    routes = staffRoutes(t);
  });
  afterAll(async () => {
    process.stdout.write(
      `access matrix: ${routes.length} staff routes, ${tally.cells} calls, ${tally.notApplicable} cells n/a\n`,
    );
    await t.close();
  });

  it('has an entry for every staff route the application registers', () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.filter((r) => !(r in ACCESS_MATRIX))).toEqual([]);
  });

  // Before the matrix adds its objects, so every list fits in one page of 100.
  describe('lists never carry what the actor may not see', () => {
    it('holds no id of an out-of-scope case, inquiry, client, contact, rule or staff record', async () => {
      const mk = (officeId: string, consultantId: string | null) =>
        createCase(t.db, { officeId, consultantId, clientOwnerId: consultantId, withRoutingDecision: true });
      const { actors } = w;
      const world = {
        consultantOwnA: await mk(w.officeA, actors.consultant.id),
        colleagueA: await mk(w.officeA, w.colleagueA.id),
        queueA: await mk(w.officeA, null),
        consultantOwnB: await mk(w.officeB, actors.consultant.id),
        colleagueB: await mk(w.officeB, w.colleagueB.id),
        queueB: await mk(w.officeB, null),
      };
      const ids = (c: (typeof world)[keyof typeof world]) => [c.id, c.inquiryId, c.clientId, c.contactId];
      const [{ id: ruleB }] = await t.db.query(
        `INSERT INTO routing_rules (name, priority, conditions, office_id) VALUES ('Office B rule', 700, '{}', $1) RETURNING id`,
        [w.officeB],
      );
      const staffB = [w.colleagueB.id, w.managerB.id];
      const hidden: Record<MatrixRole, string[]> = {
        consultant: [...ids(world.colleagueA), ...ids(world.colleagueB), ...ids(world.queueB), ruleB, ...staffB],
        manager: [...ids(world.consultantOwnB), ...ids(world.colleagueB), ...ids(world.queueB), ruleB, ...staffB],
        admin: [],
      };
      const lists = staffRoutes(t).filter((r) => r.startsWith('GET ') && !r.includes(':'));
      const leaks: string[] = [];
      for (const role of ROLES) {
        for (const route of lists) {
          const url = route.slice(4);
          const res = await t.http
            .get(url)
            .query({ pageSize: 100 })
            .set(bearer(mintToken(t, w.actors[role])));
          if (res.status === 400) {
            // Reports take no pageSize.
            const retry = await t.http.get(url).set(bearer(mintToken(t, w.actors[role])));
            if (retry.status >= 300) continue;
            res.text = retry.text;
          } else if (res.status >= 300) continue;
          const seen = new Set(res.text.match(UUID) ?? []);
          for (const id of hidden[role]) if (seen.has(id)) leaks.push(`${role} ${route} shows ${id}`);
        }
      }
      expect(leaks).toEqual([]);
      // The control: the admin's lists do show office B's objects.
      const cases = await t.http
        .get('/api/v1/cases')
        .query({ pageSize: 100, officeId: w.officeB })
        .set(bearer(mintToken(t, actors.admin)));
      expect(cases.text).toContain(world.colleagueB.id);
    });

    it('shows a manager no duplicate inquiry of another office’s case', async () => {
      const original = await createCase(t.db, { officeId: w.officeB, consultantId: w.colleagueB.id });
      const [{ id: duplicateId }] = await t.db.query(
        `INSERT INTO inquiries (reference, contact_id, client_id, full_name, email, origin_country, message, consent_privacy, consent_at, status, duplicate_of_id)
         SELECT 'INQ-2026-' || lpad(nextval('inquiry_reference_seq')::text, 6, '0'), contact_id, client_id, full_name, email, origin_country, message,
                true, now(), 'duplicate', id FROM inquiries WHERE id = $1 RETURNING id`,
        [original.inquiryId],
      );
      const managerA = bearer(mintToken(t, w.actors.manager));
      await t.http.get(`/api/v1/inquiries/${duplicateId}`).set(managerA).expect(404);
      const list = await t.http
        .get('/api/v1/inquiries')
        .query({ status: 'duplicate', pageSize: 100 })
        .set(managerA)
        .expect(200);
      expect(list.text).not.toContain(duplicateId);
      await t.http
        .get(`/api/v1/inquiries/${duplicateId}`)
        .set(bearer(mintToken(t, w.managerB)))
        .expect(200);
    });
  });

  /** Runs one cell and answers the class of the status it got, or a mismatch description. */
  async function runCell(
    key: string,
    entry: MatrixEntry,
    role: MatrixRole,
    placement: 'ownOffice' | 'otherOffice',
    whose: Whose,
  ): Promise<string | null> {
    const want = expected(entry, role, placement, whose);
    if (want === 'n/a') {
      tally.notApplicable++;
      return null;
    }
    const officeId = placement === 'ownOffice' ? w.officeA : w.officeB;
    let actor: Staff = w.actors[role];
    // A route that deactivates or edits a staff record gets a fresh actor, so the matrix's own stay usable.
    if (entry.fresh && entry.target === 'consultant' && whose === 'own') {
      actor = { id: (await createUser(t.db, { role, officeId: w.officeA })).id, role, officeId: w.officeA };
    }
    let ownerId: string | null =
      whose === 'queue'
        ? null
        : whose === 'own'
          ? actor.id
          : placement === 'ownOffice'
            ? w.colleagueA.id
            : w.colleagueB.id;
    if (entry.fresh && entry.target === 'consultant' && whose === 'others')
      ownerId = (await createUser(t.db, { officeId })).id;
    if (entry.target === 'webhook' && whose === 'others') ownerId = w.firstAdminId;

    const cacheKey = `${entry.target}:${role}:${placement}:${whose}`;
    let target = entry.fresh ? undefined : cache.get(cacheKey);
    if (!target) {
      target = await buildTarget(t, w, entry.target, officeId, ownerId, entry.fresh);
      if (!entry.fresh) cache.set(cacheKey, target);
    }
    const cell: Cell = {
      role,
      placement,
      whose,
      actorId: actor.id,
      officeId,
      ownerId,
      target,
      world: w,
      tag: uniqueTag(),
    };
    const spec = entry.request?.(cell) ?? {};
    const [method, template] = key.split(' ');
    const path = template.replace(/:([A-Za-z]+)/g, (_, name: string) => {
      const value = spec.params?.[name];
      if (!value) throw new Error(`${key}: no value for :${name} in ${cacheKey}`);
      return value;
    });
    const query = Object.fromEntries(Object.entries(spec.query ?? {}).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >;
    let req = t.http[method.toLowerCase() as 'get'](path)
      .query(query)
      .set(bearer(mintToken(t, actor)));
    if (spec.body !== undefined) req = req.send(spec.body as object);
    const res = await req;
    tally.cells++;
    const got = res.status >= 200 && res.status < 300 ? '2xx' : String(res.status);
    return got === want ? null : `${role} ${placement}/${whose}: expected ${want}, got ${got} ${res.body?.code ?? ''}`;
  }

  describe.each(Object.keys(ACCESS_MATRIX).sort())('%s', (key) => {
    it('answers every actor as the matrix says', async () => {
      const entry = ACCESS_MATRIX[key];
      const mismatches: string[] = [];
      for (const role of ROLES) {
        for (const placement of PLACEMENTS) {
          for (const whose of entry.queue ? [...OWNERSHIP, 'queue' as const] : OWNERSHIP) {
            const problem = await runCell(key, entry, role, placement, whose);
            if (problem) mismatches.push(problem);
          }
        }
      }
      expect(mismatches).toEqual([]);
    });
  });

  describe('mass assignment is refused and changes nothing', () => {
    interface Attempt {
      what: string;
      as: () => Staff;
      prepare: () => Promise<{
        method: 'patch' | 'post';
        path: string;
        body: object;
        snapshot: () => Promise<unknown>;
      }>;
      status: number[];
    }
    const caseOf = async (consultantId: string) => {
      const c = await createCase(t.db, { officeId: w.officeA, consultantId, clientOwnerId: consultantId });
      return { c, snapshot: async () => (await t.db.query(`SELECT * FROM cases WHERE id = $1`, [c.id]))[0] };
    };
    const consultantRow = (id: string) => async () =>
      (
        await t.db.query(
          `SELECT role, office_id, capacity, active, password_hash, version FROM consultants WHERE id = $1`,
          [id],
        )
      )[0];

    const attempts: Attempt[] = [
      ...(['slaBreached', 'officeId', 'consultantId', 'stage', 'firstRespondedAt', 'openCases'] as const).map(
        (field) => ({
          what: `a consultant setting ${field} on their case`,
          as: () => w.actors.consultant,
          prepare: async () => {
            const { c, snapshot } = await caseOf(w.actors.consultant.id);
            const value =
              field === 'slaBreached'
                ? false
                : field === 'openCases'
                  ? 0
                  : field === 'stage'
                    ? 'engaged'
                    : field === 'firstRespondedAt'
                      ? '2026-01-01T00:00:00Z'
                      : w.officeB;
            return {
              method: 'patch' as const,
              path: `/api/v1/cases/${c.id}`,
              body: { [field]: value, priority: 'high', version: 1 },
              snapshot,
            };
          },
          status: [400],
        }),
      ),
      {
        what: 'a consultant bumping the case version',
        as: () => w.actors.consultant,
        prepare: async () => {
          const { c, snapshot } = await caseOf(w.actors.consultant.id);
          return { method: 'patch', path: `/api/v1/cases/${c.id}`, body: { priority: 'high', version: 7 }, snapshot };
        },
        status: [409],
      },
      {
        what: 'a consultant moving their case to another office on hand-over',
        as: () => w.actors.consultant,
        prepare: async () => {
          const { c, snapshot } = await caseOf(w.actors.consultant.id);
          return {
            method: 'post',
            path: `/api/v1/cases/${c.id}/assign`,
            body: { consultantId: w.colleagueB.id, officeId: w.officeB, reason: 'moving it', version: 1 },
            snapshot,
          };
        },
        status: [403],
      },
      {
        what: 'a consultant setting slaBreached on a stage move',
        as: () => w.actors.consultant,
        prepare: async () => {
          const { c, snapshot } = await caseOf(w.actors.consultant.id);
          return {
            method: 'post',
            path: `/api/v1/cases/${c.id}/stage`,
            body: { stage: 'contacted', version: 1, slaBreached: false },
            snapshot,
          };
        },
        status: [400],
      },
      {
        what: 'a consultant re-authoring an activity',
        as: () => w.actors.consultant,
        prepare: async () => {
          const { c } = await caseOf(w.actors.consultant.id);
          const [{ id }] = await t.db.query(
            `INSERT INTO activities (case_id, author_id, type, body) VALUES ($1, $2, 'note', 'x') RETURNING id`,
            [c.id, w.actors.consultant.id],
          );
          return {
            method: 'patch',
            path: `/api/v1/cases/${c.id}/activities/${id}`,
            body: { body: 'y', authorId: w.colleagueA.id, caseId: c.id },
            snapshot: async () => (await t.db.query(`SELECT * FROM activities WHERE id = $1`, [id]))[0],
          };
        },
        status: [400],
      },
      ...(
        [
          ['role', 'admin', [403]],
          ['role', 'manager', [403]],
          ['officeId', 'B', [403]],
          ['openCases', 0, [400]],
          ['passwordHash', 'x', [400]],
          ['version', 42, [409]],
        ] as const
      ).map(([field, value, status]) => ({
        what: `a manager setting ${field} on a consultant of their office`,
        as: () => w.actors.manager,
        prepare: async () => {
          const target = await createUser(t.db, { officeId: w.officeA });
          return {
            method: 'patch' as const,
            path: `/api/v1/consultants/${target.id}`,
            body: { [field]: value === 'B' ? w.officeB : value, capacity: 3 },
            snapshot: consultantRow(target.id),
          };
        },
        status: [...status],
      })),
      {
        what: 'a manager making themselves admin',
        as: () => w.actors.manager,
        prepare: async () => ({
          method: 'patch',
          path: `/api/v1/consultants/${w.actors.manager.id}`,
          body: { role: 'admin' },
          snapshot: consultantRow(w.actors.manager.id),
        }),
        status: [403],
      },
      {
        what: 'a manager creating an admin',
        as: () => w.actors.manager,
        prepare: async () => {
          const email = `would-be-admin.${uniqueTag()}@advisory.test`;
          return {
            method: 'post',
            path: '/api/v1/consultants',
            body: { fullName: 'Would Be', email, role: 'admin', officeId: w.officeA },
            snapshot: async () => t.db.query(`SELECT id FROM consultants WHERE email = $1`, [email]),
          };
        },
        status: [403],
      },
      {
        what: 'a consultant naming another owner of a client',
        as: () => w.actors.consultant,
        prepare: async () => {
          const { c } = await caseOf(w.actors.consultant.id);
          return {
            method: 'patch',
            path: `/api/v1/clients/${c.clientId}`,
            body: { ownerId: w.colleagueA.id, version: 1 },
            snapshot: async () => (await t.db.query(`SELECT * FROM clients WHERE id = $1`, [c.clientId]))[0],
          };
        },
        status: [403],
      },
      {
        what: 'anyone setting mergedIntoId or version bumps on a client',
        as: () => w.actors.manager,
        prepare: async () => {
          const { c } = await caseOf(w.colleagueA.id);
          const other = await caseOf(w.colleagueA.id);
          return {
            method: 'patch',
            path: `/api/v1/clients/${c.clientId}`,
            body: { mergedIntoId: other.c.clientId, version: 1 },
            snapshot: async () => (await t.db.query(`SELECT * FROM clients WHERE id = $1`, [c.clientId]))[0],
          };
        },
        status: [400],
      },
      {
        what: 'moving a contact to another client or un-erasing it',
        as: () => w.actors.admin,
        prepare: async () => {
          const { c } = await caseOf(w.colleagueA.id);
          const other = await caseOf(w.colleagueA.id);
          return {
            method: 'patch',
            path: `/api/v1/contacts/${c.contactId}`,
            body: { clientId: other.c.clientId, erasedAt: null },
            snapshot: async () => (await t.db.query(`SELECT * FROM contacts WHERE id = $1`, [c.contactId]))[0],
          };
        },
        status: [400],
      },
      {
        what: 'a manager pointing a rule of their office at another office',
        as: () => w.actors.manager,
        prepare: async () => {
          const [{ id }] = await t.db.query(
            `INSERT INTO routing_rules (name, priority, conditions, office_id) VALUES ('Mine', 800, '{}', $1) RETURNING id`,
            [w.officeA],
          );
          return {
            method: 'patch',
            path: `/api/v1/routing/rules/${id}`,
            body: { action: { officeId: w.officeB } },
            snapshot: async () => (await t.db.query(`SELECT * FROM routing_rules WHERE id = $1`, [id]))[0],
          };
        },
        status: [403],
      },
      {
        what: 'a manager changing an office’s SLA',
        as: () => w.actors.manager,
        prepare: async () => ({
          method: 'patch',
          path: `/api/v1/offices/${w.officeA}`,
          body: { firstResponseSlaHours: 1000 },
          snapshot: async () => (await t.db.query(`SELECT * FROM offices WHERE id = $1`, [w.officeA]))[0],
        }),
        status: [403],
      },
    ];

    it.each(attempts.map((a) => [a.what, a] as const))('%s', async (_what, attempt) => {
      const { method, path, body, snapshot } = await attempt.prepare();
      const before = await snapshot();
      const res = await t.http[method](path)
        .set(bearer(mintToken(t, attempt.as())))
        .send(body);
      expect(attempt.status).toContain(res.status);
      expect(await snapshot()).toEqual(before);
    });

    it('refuses fields an investor may not set on the public form', async () => {
      const [{ n: before }] = await t.db.query(`SELECT count(*)::int AS n FROM inquiries`);
      for (const extra of [
        { status: 'routed' },
        { caseId: w.officeA },
        { consentIp: '1.2.3.4' },
        { anonymizedAt: null },
        { detected: { language: 'en' } },
      ]) {
        const res = await t.http.post('/api/v1/inquiries').send(inquiryBody(extra));
        expect(res.status).toBe(400);
      }
      const [{ n: after }] = await t.db.query(`SELECT count(*)::int AS n FROM inquiries`);
      expect(after).toBe(before);
    });
  });
});
