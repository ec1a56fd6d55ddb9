/**
 * The access matrix: for every staff route, what each role gets for an object in its own office or
 * another office, its own or somebody else's (shared/API.md, Roles). test/access-matrix.e2e-spec.ts
 * walks the application's route table and fails on a route missing here.
 *
 * Actors are a consultant, a manager and an admin, all of office A. A cell's object is built in
 * office A (ownOffice) or B (otherOffice), belonging to the actor (own) or to a colleague of that
 * office (others): a case assigned to them (with its inquiry, client owned by them, contact and
 * routing decision), an activity they wrote, the staff record itself, a rule of that office, a webhook
 * they created. Case routes also have queue cells: an unassigned case in office A or B.
 *
 * Expected answers are written `ownOffice/own ownOffice/others otherOffice/own otherOffice/others`
 * (queue: `ownOffice otherOffice`): 2xx, 403 (the role may not), 404 (out of scope, as if absent),
 * or `n/a` where the combination cannot exist (a staff record is in one office only; a rule cannot
 * name a consultant of another office). Where the office or owner means nothing to a route (stages,
 * service lines, webhooks, creating an office) every cell sends the same kind of request.
 */
import type { MatrixRole, MatrixWorld, TargetIds, TargetKind, Whose } from './factories/security';
import { inquiryBody } from './factories/inquiries';

export type Outcome = '2xx' | '403' | '404' | 'n/a';

export interface Cell {
  role: MatrixRole;
  placement: 'ownOffice' | 'otherOffice';
  whose: Whose;
  actorId: string;
  /** The office the cell is about. */
  officeId: string;
  /** Who the object belongs to; null for a queued case. */
  ownerId: string | null;
  target: TargetIds;
  world: MatrixWorld;
  /** Unique per call, for codes, names and emails of created objects. */
  tag: string;
}

export interface RequestSpec {
  params?: Record<string, string | undefined>;
  query?: Record<string, string | undefined>;
  body?: unknown;
}

export interface MatrixEntry {
  target: TargetKind;
  /** A new object per cell: the route changes or removes it (for a staff record, also a new actor for `own`). */
  fresh?: boolean;
  request?: (c: Cell) => RequestSpec;
  expect: Record<MatrixRole, string>;
  /** Case routes: an unassigned case in office A, then in office B. */
  queue?: Record<MatrixRole, string>;
}

let leaves = 0;
/** Two days, three apart from the previous call's. */
function leavePeriod(): { from: string; to: string } {
  const from = Date.UTC(2031, 2, 1) + leaves++ * 3 * 86_400_000;
  return { from: new Date(from).toISOString(), to: new Date(from + 2 * 86_400_000).toISOString() };
}

const ALL_2XX = { consultant: '2xx 2xx 2xx 2xx', manager: '2xx 2xx 2xx 2xx', admin: '2xx 2xx 2xx 2xx' };
const ADMIN_ONLY = { consultant: '403 403 403 403', manager: '403 403 403 403', admin: '2xx 2xx 2xx 2xx' };
const MANAGERS_AND_ADMINS = { consultant: '403 403 403 403', manager: '2xx 2xx 2xx 2xx', admin: '2xx 2xx 2xx 2xx' };

/** Cases: consultants their own (wherever) and their office queue; managers their office; admins all. */
const CASE_READ = { consultant: '2xx 404 2xx 404', manager: '2xx 2xx 404 404', admin: '2xx 2xx 2xx 2xx' };
const CASE_READ_QUEUE = { consultant: '2xx 404', manager: '2xx 404', admin: '2xx 2xx' };
/** Consultants read their office queue but write only their own cases. */
const CASE_WRITE_QUEUE = { consultant: '403 404', manager: '2xx 404', admin: '2xx 2xx' };
/** Clients and contacts follow the cases; a client owned by a consultant stays theirs. */
const CLIENT_READ = CASE_READ;
/** Staff records: everyone reads their own office's; managers edit it; admins everything. */
const STAFF_READ = { consultant: '2xx 2xx n/a 404', manager: '2xx 2xx n/a 404', admin: '2xx 2xx n/a 2xx' };
const STAFF_WRITE = { consultant: '403 403 n/a 403', manager: '2xx 2xx n/a 404', admin: '2xx 2xx n/a 2xx' };
/** Rules: managers those targeting their office. */
const RULES = { consultant: '403 403 n/a 403', manager: '2xx 2xx n/a 404', admin: '2xx 2xx n/a 2xx' };
/** Reports: managers and admins; a manager naming another office answers 404. */
const REPORTS = { consultant: '403 403 403 403', manager: '2xx 2xx 404 404', admin: '2xx 2xx 2xx 2xx' };

const caseParams = (c: Cell): RequestSpec => ({ params: { id: c.target.caseId } });
/** List filters pointing at the cell's office and owner: out-of-scope ones answer an empty page. */
const listQuery = (c: Cell): RequestSpec => ({ query: { officeId: c.officeId } });
const reportQuery = (c: Cell): RequestSpec => ({
  query: { officeId: c.officeId, consultantId: c.ownerId ?? undefined, from: '2020-01-01', to: '2030-12-31' },
});

/** Someone the actor may hand a queued case to: themselves in office A, the office B colleague in B. */
const queueTaker = (c: Cell): string => (c.officeId === c.world.officeA ? c.actorId : c.world.colleagueB.id);

export const ACCESS_MATRIX: Record<string, MatrixEntry> = {
  'GET /api/v1/auth/me': { target: 'none', expect: ALL_2XX },

  // Reference data: everyone reads, admins write.
  'GET /api/v1/service-lines': { target: 'none', expect: ALL_2XX },
  'POST /api/v1/service-lines': {
    target: 'none',
    request: (c) => ({ body: { code: `matrix_${c.tag}`, names: { en: 'Matrix', ru: 'Матрица', zh: '矩阵' } } }),
    expect: ADMIN_ONLY,
  },
  'PATCH /api/v1/service-lines/:code': {
    target: 'none',
    request: () => ({ params: { code: 'tax' }, body: { active: true } }),
    expect: ADMIN_ONLY,
  },
  'GET /api/v1/stages': { target: 'none', expect: ALL_2XX },
  'POST /api/v1/stages': {
    target: 'none',
    request: (c) => ({ body: { code: `matrix_${c.tag}`, name: 'Matrix stage', position: 45, probability: 30 } }),
    expect: ADMIN_ONLY,
  },
  'PATCH /api/v1/stages/:code': {
    target: 'none',
    request: () => ({ params: { code: 'qualified' }, body: { probability: 40 } }),
    expect: ADMIN_ONLY,
  },

  // Offices: every staff member reads every office (hand-over and routing explanations name them).
  'GET /api/v1/offices': { target: 'none', expect: ALL_2XX },
  'GET /api/v1/offices/:id': {
    target: 'office',
    request: (c) => ({ params: { id: c.target.officeId } }),
    expect: ALL_2XX,
  },
  'POST /api/v1/offices': {
    target: 'none',
    request: (c) => ({
      body: {
        code: `M${c.tag
          .toUpperCase()
          .replace(/[^A-Z0-9]/g, '')
          .slice(-8)}`,
        name: 'Matrix office',
        countryCode: 'SG',
        city: 'Singapore',
        timezone: 'Asia/Singapore',
      },
    }),
    expect: ADMIN_ONLY,
  },
  'PATCH /api/v1/offices/:id': {
    target: 'office',
    request: (c) => ({ params: { id: c.target.officeId }, body: { reassignOnBreach: false } }),
    expect: ADMIN_ONLY,
  },
  'DELETE /api/v1/offices/:id': {
    target: 'office',
    fresh: true,
    request: (c) => ({ params: { id: c.target.officeId } }),
    expect: ADMIN_ONLY,
  },

  // Staff records.
  'GET /api/v1/consultants': { target: 'none', request: listQuery, expect: ALL_2XX },
  'GET /api/v1/consultants/:id': {
    target: 'consultant',
    request: (c) => ({ params: { id: c.target.consultantId } }),
    expect: STAFF_READ,
  },
  'POST /api/v1/consultants': {
    target: 'none',
    request: (c) => ({
      body: {
        fullName: 'Matrix Hire',
        email: `hire.${c.tag}@advisory.test`,
        officeId: c.officeId,
        role: 'consultant',
        password: 'a-long-password-1',
      },
    }),
    expect: { consultant: '403 n/a 403 n/a', manager: '2xx n/a 403 n/a', admin: '2xx n/a 2xx n/a' },
  },
  'PATCH /api/v1/consultants/:id': {
    target: 'consultant',
    request: (c) => ({ params: { id: c.target.consultantId }, body: { capacity: 9 } }),
    expect: STAFF_WRITE,
  },
  'DELETE /api/v1/consultants/:id': {
    target: 'consultant',
    fresh: true,
    request: (c) => ({ params: { id: c.target.consultantId } }),
    expect: STAFF_WRITE,
  },
  'POST /api/v1/consultants/:id/out-of-office': {
    target: 'consultant',
    request: (c) => ({
      params: { id: c.target.consultantId },
      // a period of its own for every call: overlapping leave is refused (409)
      body: leavePeriod(),
    }),
    // Anyone records their own leave; managers their office's consultants'.
    expect: { consultant: '2xx 403 n/a 404', manager: '2xx 2xx n/a 404', admin: '2xx 2xx n/a 2xx' },
  },
  'DELETE /api/v1/consultants/:id/out-of-office/:periodId': {
    target: 'consultant',
    fresh: true,
    request: (c) => ({ params: { id: c.target.consultantId, periodId: c.target.periodId } }),
    expect: { consultant: '2xx 403 n/a 404', manager: '2xx 2xx n/a 404', admin: '2xx 2xx n/a 2xx' },
  },

  // Inquiries.
  'GET /api/v1/inquiries': { target: 'none', expect: ALL_2XX },
  'GET /api/v1/inquiries/:id': {
    target: 'case',
    request: (c) => ({ params: { id: c.target.inquiryId } }),
    expect: CASE_READ,
    queue: CASE_READ_QUEUE,
  },
  'POST /api/v1/inquiries/:id/release': {
    // Spam belongs to no office and nobody: every cell releases a fresh spam inquiry.
    target: 'spamInquiry',
    fresh: true,
    request: (c) => ({ params: { id: c.target.inquiryId } }),
    expect: MANAGERS_AND_ADMINS,
  },

  // Cases.
  'GET /api/v1/cases': {
    target: 'none',
    request: (c) => ({ query: { officeId: c.officeId, consultantId: c.ownerId ?? 'none' } }),
    expect: ALL_2XX,
  },
  'GET /api/v1/cases/:id': { target: 'case', request: caseParams, expect: CASE_READ, queue: CASE_READ_QUEUE },
  'PATCH /api/v1/cases/:id': {
    target: 'case',
    fresh: true,
    request: (c) => ({ params: { id: c.target.caseId }, body: { priority: 'high', version: c.target.version } }),
    expect: CASE_READ,
    queue: CASE_WRITE_QUEUE,
  },
  'POST /api/v1/cases/:id/stage': {
    target: 'case',
    fresh: true,
    request: (c) => ({ params: { id: c.target.caseId }, body: { stage: 'contacted', version: c.target.version } }),
    expect: CASE_READ,
    queue: CASE_WRITE_QUEUE,
  },
  'POST /api/v1/cases/:id/assign': {
    target: 'case',
    fresh: true,
    // An assigned case goes back to its office queue; a queued one is claimed.
    request: (c) => ({
      params: { id: c.target.caseId },
      body: {
        consultantId: c.whose === 'queue' ? queueTaker(c) : null,
        reason: 'Matrix hand-over',
        version: c.target.version,
      },
    }),
    expect: CASE_READ,
    // A consultant may claim a case of their office queue.
    queue: CASE_READ_QUEUE,
  },
  'POST /api/v1/cases/:id/activities': {
    target: 'case',
    request: (c) => ({ params: { id: c.target.caseId }, body: { type: 'note', body: 'Matrix note' } }),
    expect: CASE_READ,
    queue: CASE_WRITE_QUEUE,
  },
  'PATCH /api/v1/cases/:id/activities/:activityId': {
    target: 'activity',
    request: (c) => ({
      params: { id: c.target.caseId, activityId: c.target.activityId },
      body: { body: 'Matrix note, edited' },
    }),
    expect: CASE_READ,
    // Queued cases: the note is a colleague's, and consultants edit only their own activities.
    queue: CASE_WRITE_QUEUE,
  },
  'GET /api/v1/cases/:id/timeline': { target: 'case', request: caseParams, expect: CASE_READ, queue: CASE_READ_QUEUE },
  'GET /api/v1/cases/:id/routing': { target: 'case', request: caseParams, expect: CASE_READ, queue: CASE_READ_QUEUE },

  // Clients and contacts follow the cases.
  'GET /api/v1/clients': {
    target: 'none',
    request: (c) => ({ query: { ownerId: c.ownerId ?? 'none' } }),
    expect: ALL_2XX,
  },
  'POST /api/v1/clients': {
    target: 'none',
    request: (c) => ({ body: { name: `Matrix Trading ${c.tag}`, type: 'company', ownerId: c.ownerId ?? undefined } }),
    // Consultants own what they add; managers name staff of their office; the office of a new client means nothing.
    expect: { consultant: '2xx 403 n/a 403', manager: '2xx 2xx n/a 403', admin: '2xx 2xx n/a 2xx' },
  },
  'GET /api/v1/clients/:id': {
    target: 'case',
    request: (c) => ({ params: { id: c.target.clientId } }),
    expect: CLIENT_READ,
  },
  'PATCH /api/v1/clients/:id': {
    target: 'case',
    fresh: true,
    request: (c) => ({ params: { id: c.target.clientId }, body: { industry: 'Steel', version: 1 } }),
    expect: CLIENT_READ,
  },
  'GET /api/v1/clients/:id/contacts': {
    target: 'case',
    request: (c) => ({ params: { id: c.target.clientId } }),
    expect: CLIENT_READ,
  },
  'GET /api/v1/clients/:id/duplicates': {
    target: 'case',
    request: (c) => ({ params: { id: c.target.clientId } }),
    expect: CLIENT_READ,
  },
  'POST /api/v1/clients/:id/merge': {
    target: 'case',
    fresh: true,
    request: (c) => ({ params: { id: c.target.clientId }, body: { otherClientId: c.target.otherClientId } }),
    expect: { consultant: '403 403 403 403', manager: '2xx 2xx 404 404', admin: '2xx 2xx 2xx 2xx' },
  },
  'GET /api/v1/contacts/:id': {
    target: 'case',
    request: (c) => ({ params: { id: c.target.contactId } }),
    expect: CLIENT_READ,
  },
  'PATCH /api/v1/contacts/:id': {
    target: 'case',
    request: (c) => ({ params: { id: c.target.contactId }, body: { title: 'Finance Director' } }),
    expect: CLIENT_READ,
  },
  'GET /api/v1/contacts/:id/export': {
    target: 'case',
    request: (c) => ({ params: { id: c.target.contactId } }),
    // Managers of an office holding one of the contact's cases.
    expect: { consultant: '403 403 403 403', manager: '2xx 2xx 404 404', admin: '2xx 2xx 2xx 2xx' },
  },
  'POST /api/v1/contacts/:id/erase': {
    target: 'case',
    fresh: true,
    request: (c) => ({ params: { id: c.target.contactId } }),
    // Irreversible and across every office: admins only (SECURITY.md).
    expect: ADMIN_ONLY,
  },

  // Routing.
  'GET /api/v1/routing/rules': { target: 'none', request: listQuery, expect: MANAGERS_AND_ADMINS },
  'POST /api/v1/routing/rules': {
    target: 'none',
    request: (c) => ({
      body: {
        name: `Matrix rule ${c.tag}`,
        priority: 900,
        conditions: { originCountries: ['ZW'] },
        // A consultant of the cell's office: only consultants are routed to, so only they may be named.
        action: {
          officeId: c.officeId,
          consultantId: c.placement === 'ownOffice' ? c.world.colleagueA.id : c.world.colleagueB.id,
        },
      },
    }),
    expect: { consultant: '403 403 n/a 403', manager: '2xx 2xx n/a 403', admin: '2xx 2xx n/a 2xx' },
  },
  'GET /api/v1/routing/rules/:id': {
    target: 'rule',
    request: (c) => ({ params: { id: c.target.ruleId } }),
    expect: RULES,
  },
  'PATCH /api/v1/routing/rules/:id': {
    target: 'rule',
    request: (c) => ({ params: { id: c.target.ruleId }, body: { priority: 501 } }),
    expect: RULES,
  },
  'DELETE /api/v1/routing/rules/:id': {
    target: 'rule',
    fresh: true,
    request: (c) => ({ params: { id: c.target.ruleId } }),
    expect: RULES,
  },
  'POST /api/v1/routing/simulate': {
    target: 'none',
    request: () => ({ body: inquiryBody() }),
    expect: MANAGERS_AND_ADMINS,
  },

  // Integrations and the trail.
  'GET /api/v1/notifications': { target: 'none', expect: ADMIN_ONLY },
  'POST /api/v1/notifications/:id/resend': {
    target: 'failedNotification',
    request: (c) => ({ params: { id: c.target.notificationId } }),
    expect: ADMIN_ONLY,
  },
  'GET /api/v1/webhooks': { target: 'none', expect: ADMIN_ONLY },
  'POST /api/v1/webhooks': {
    target: 'none',
    request: () => ({
      body: {
        url: 'https://hooks.partner.example/acrm',
        events: ['case.assigned'],
        secret: 'matrix-secret-0123456789',
      },
    }),
    expect: ADMIN_ONLY,
  },
  'GET /api/v1/webhooks/:id': {
    target: 'webhook',
    request: (c) => ({ params: { id: c.target.webhookId } }),
    expect: ADMIN_ONLY,
  },
  'DELETE /api/v1/webhooks/:id': {
    target: 'webhook',
    fresh: true,
    request: (c) => ({ params: { id: c.target.webhookId } }),
    expect: ADMIN_ONLY,
  },
  'GET /api/v1/webhooks/:id/deliveries': {
    target: 'webhook',
    request: (c) => ({ params: { id: c.target.webhookId } }),
    expect: ADMIN_ONLY,
  },
  'POST /api/v1/webhooks/:id/deliveries/:deliveryId/redeliver': {
    target: 'failedDelivery',
    request: (c) => ({ params: { id: c.target.webhookId, deliveryId: c.target.deliveryId } }),
    expect: ADMIN_ONLY,
  },
  'GET /api/v1/audit': { target: 'none', expect: MANAGERS_AND_ADMINS },

  // Reports, filtered to the cell's office and owner.
  'GET /api/v1/reports/pipeline': { target: 'none', request: reportQuery, expect: REPORTS },
  'GET /api/v1/reports/funnel': { target: 'none', request: reportQuery, expect: REPORTS },
  'GET /api/v1/reports/velocity': { target: 'none', request: reportQuery, expect: REPORTS },
  'GET /api/v1/reports/sla': { target: 'none', request: reportQuery, expect: REPORTS },
  'GET /api/v1/reports/workload': { target: 'none', request: reportQuery, expect: REPORTS },
  'GET /api/v1/reports/aging': { target: 'none', request: reportQuery, expect: REPORTS },
  'GET /api/v1/reports/sources': { target: 'none', request: reportQuery, expect: REPORTS },
};

/** Routes that need no token (route-guards.e2e-spec.ts proves the rest answer 401 without one). */
export const PUBLIC_ROUTES = new Set([
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

export const PLACEMENTS = ['ownOffice', 'otherOffice'] as const;
export const OWNERSHIP = ['own', 'others'] as const;

/** The expected outcome of one cell. */
export function expected(
  entry: MatrixEntry,
  role: MatrixRole,
  placement: 'ownOffice' | 'otherOffice',
  whose: Whose,
): Outcome {
  if (whose === 'queue') {
    const row = entry.queue?.[role].split(' ') as Outcome[];
    return row[placement === 'ownOffice' ? 0 : 1];
  }
  const row = entry.expect[role].split(' ') as Outcome[];
  return row[(placement === 'ownOffice' ? 0 : 2) + (whose === 'own' ? 0 : 1)];
}
