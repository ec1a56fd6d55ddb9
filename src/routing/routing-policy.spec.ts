import * as fc from 'fast-check';
import { readFileSync } from 'fs';
import { join } from 'path';
import { enrichInquiry } from '@/routing/enrichment';
import { ROUTING_POLICY_VERSION, decideRouting } from '@/routing/routing-policy';
import { NoOfficeAvailableError } from '@/routing/routing.errors';
import { officesInvolved, withFreshLoad } from '@/routing/routing-locks';
import {
  CandidateReason,
  EnrichedInquiry,
  Language,
  PolicyConsultant,
  PolicyOffice,
  PolicyRule,
  RoutingDecision,
  RoutingInput,
  Strategy,
} from '@/routing/routing.types';
import { SERVICE_LINE_CATALOG } from '@/service-lines/service-line-catalog';

const ALL_LINES = SERVICE_LINE_CATALOG.map((s) => s.code);
const CATALOG_LINES = SERVICE_LINE_CATALOG.map((s) => ({ code: s.code, active: true, keywords: s.keywords }));

// ---------------------------------------------------------------------------------------------
// (a) The worked examples of shared/routing-examples.json, through enrichment and the decision.
// ---------------------------------------------------------------------------------------------

interface ExampleOffice {
  code: string;
  name: string;
  countryCode: string;
  coverageCities: string[];
  serviceLines: string[];
  isDefault: boolean;
  active: boolean;
}
interface ExampleConsultant {
  id: string;
  office: string;
  languages: string[];
  serviceLines: string[];
  capacity: number;
  openCases: number;
  lastAssignedAt: string | null;
  active: boolean;
  outOfOffice: Array<{ from: string; to: string }>;
}
interface ExampleRule {
  id: string;
  name: string;
  priority: number;
  active: boolean;
  createdAt: string;
  conditions: PolicyRule['conditions'];
  action: { office: string; consultant?: string };
}
interface ExampleWorld {
  offices: ExampleOffice[];
  consultants: ExampleConsultant[];
  rules: ExampleRule[];
  clients: Array<{ name: string; domain: string; owner: string }>;
}
interface Example {
  name: string;
  worldPatch?: { consultants?: Record<string, Partial<ExampleConsultant>> };
  inquiry: {
    email: string;
    originCountry: string;
    message: string;
    preferredLanguage?: Language;
    serviceLines?: string[];
    targetCity?: string;
    targetCountry?: string;
  };
  expect: {
    office: string;
    consultant: string | null;
    strategy: Strategy;
    language?: Language;
    serviceLines?: string[];
    city?: string;
  };
}
interface ExamplesFile {
  now: string;
  world: ExampleWorld;
  examples: Example[];
}

const EXAMPLES: ExamplesFile = JSON.parse(
  readFileSync(join(__dirname, '../../test/fixtures/routing-examples.json'), 'utf8'),
) as ExamplesFile;

const officeId = (code: string): string => `office-${code}`;

function worldFor(example: Example): Omit<RoutingInput, 'inquiry' | 'affinity'> {
  const { world } = EXAMPLES;
  const patches = example.worldPatch?.consultants ?? {};
  return {
    offices: world.offices.map((o) => ({ id: officeId(o.code), ...o })),
    consultants: world.consultants
      .map((c) => ({ ...c, ...patches[c.id] }))
      .map((c) => ({
        id: c.id,
        name: c.id,
        officeId: officeId(c.office),
        languages: c.languages,
        serviceLines: c.serviceLines,
        capacity: c.capacity,
        openCases: c.openCases,
        lastAssignedAt: c.lastAssignedAt === null ? null : new Date(c.lastAssignedAt),
        active: c.active,
        outOfOffice: c.outOfOffice.map((p) => ({ from: new Date(p.from), to: new Date(p.to) })),
      })),
    rules: world.rules.map((r) => ({
      id: r.id,
      name: r.name,
      priority: r.priority,
      active: r.active,
      createdAt: new Date(r.createdAt),
      conditions: r.conditions,
      action: { officeId: officeId(r.action.office), consultantId: r.action.consultant ?? null },
    })),
  };
}

/** The caller's part of affinity: the client whose domain is the contact's email domain. */
function affinityFor(email: string): RoutingInput['affinity'] {
  const domain = email.split('@')[1];
  const client = EXAMPLES.world.clients.find((c) => c.domain === domain);
  return client ? { clientId: client.name, ownerId: client.owner, ownerName: null, ownerRole: 'consultant' } : null;
}

describe('decideRouting on the worked examples (enrichment → decision)', () => {
  const now = new Date(EXAMPLES.now);

  it.each(EXAMPLES.examples.map((e) => [e.name, e] as const))('%s', (_name, example) => {
    const world = worldFor(example);
    const coveredCities = new Set(world.offices.filter((o) => o.active).flatMap((o) => o.coverageCities));
    const inquiry = enrichInquiry(example.inquiry, { serviceLines: CATALOG_LINES, coveredCities });

    const decision = decideRouting({ ...world, inquiry, affinity: affinityFor(example.inquiry.email) }, now);

    expect({
      office: decision.officeId,
      consultant: decision.consultantId,
      strategy: decision.strategy,
    }).toEqual({
      office: officeId(example.expect.office),
      consultant: example.expect.consultant,
      strategy: example.expect.strategy,
    });
    if (example.expect.language) {
      expect(decision.detected.language).toBe(example.expect.language);
    }
    if (example.expect.serviceLines) {
      expect(decision.detected.serviceLines).toEqual(example.expect.serviceLines);
    }
    if (example.expect.city) {
      expect(decision.detected.city).toBe(example.expect.city);
    }
    expect(decision.summary).toMatch(/^(Assigned to|Sent to the office queue of) .+\.$/);
  });

  it('covers every example in the file', () => {
    expect(EXAMPLES.examples.length).toBeGreaterThanOrEqual(13);
  });
});

// ---------------------------------------------------------------------------------------------
// (b) Hand-written cases, one branch or tie-breaker each.
// ---------------------------------------------------------------------------------------------

const NOW = new Date('2026-03-10T03:00:00Z');
const hoursFromNow = (hours: number): Date => new Date(NOW.getTime() + hours * 3_600_000);

function office(code: string, overrides: Partial<PolicyOffice> = {}): PolicyOffice {
  return {
    id: officeId(code),
    code,
    name: `${code} office`,
    countryCode: 'CN',
    coverageCities: [],
    serviceLines: ALL_LINES,
    isDefault: false,
    active: true,
    ...overrides,
  };
}

function consultant(id: string, officeCode: string, overrides: Partial<PolicyConsultant> = {}): PolicyConsultant {
  return {
    id,
    name: `Consultant ${id}`,
    officeId: officeId(officeCode),
    languages: ['en'],
    serviceLines: ALL_LINES,
    capacity: 10,
    openCases: 0,
    lastAssignedAt: null,
    active: true,
    outOfOffice: [],
    ...overrides,
  };
}

function rule(
  id: string,
  target: { office: string; consultant?: string },
  overrides: Partial<Omit<PolicyRule, 'action'>> = {},
): PolicyRule {
  return {
    id,
    name: `Rule ${id}`,
    priority: 10,
    active: true,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    conditions: {},
    action: { officeId: officeId(target.office), consultantId: target.consultant ?? null },
    ...overrides,
  };
}

function inquiry(overrides: Partial<EnrichedInquiry> = {}): EnrichedInquiry {
  return {
    message: '',
    originCountry: 'DE',
    language: 'en',
    serviceLines: ['tax'],
    city: null,
    targetCountry: null,
    sources: { language: 'form', serviceLines: 'form', city: 'none', targetCountry: 'none' },
    ...overrides,
  };
}

interface PolicyCase {
  name: string;
  offices: PolicyOffice[];
  consultants?: PolicyConsultant[];
  rules?: PolicyRule[];
  affinity?: RoutingInput['affinity'];
  domainAffinity?: RoutingInput['domainAffinity'];
  inquiry?: Partial<EnrichedInquiry>;
  expect: { strategy: Strategy; office: string; consultant: string | null; ruleId?: string | null };
  then?: (decision: RoutingDecision) => void;
}

function decide(
  c: Pick<PolicyCase, 'offices' | 'consultants' | 'rules' | 'affinity' | 'domainAffinity' | 'inquiry'>,
): RoutingDecision {
  return decideRouting(
    {
      inquiry: inquiry(c.inquiry),
      offices: c.offices,
      consultants: c.consultants ?? [],
      rules: c.rules ?? [],
      affinity: c.affinity ?? null,
      domainAffinity: c.domainAffinity ?? null,
    },
    NOW,
  );
}

function candidate(decision: RoutingDecision, consultantId: string) {
  const found = decision.candidates.find((c) => c.consultantId === consultantId);
  if (!found) {
    throw new Error(`${consultantId} is not among the candidates`);
  }
  return found;
}

const reasonsOf = (decision: RoutingDecision, consultantId: string): CandidateReason[] =>
  candidate(decision, consultantId).reasons;

function runCases(cases: PolicyCase[]): void {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const decision = decide(c);
    const byId = new Map(c.offices.map((o) => [o.id, o.code]));
    expect({
      strategy: decision.strategy,
      office: byId.get(decision.officeId),
      consultant: decision.consultantId,
    }).toEqual({ strategy: c.expect.strategy, office: c.expect.office, consultant: c.expect.consultant });
    if (c.expect.ruleId !== undefined) {
      expect(decision.ruleId).toBe(c.expect.ruleId);
    }
    expect(decision.candidates.filter((x) => x.chosen).map((x) => x.consultantId)).toEqual(
      decision.consultantId === null ? [] : [decision.consultantId],
    );
    c.then?.(decision);
  });
}

/** One office covering Shanghai; the inquiry names Shanghai, wants tax, writes English. */
const SHA = office('SHA', { coverageCities: ['Shanghai'] });
const IN_SHANGHAI: Partial<EnrichedInquiry> = { city: 'Shanghai' };

describe('consultant availability and eligibility (§5)', () => {
  runCases([
    {
      name: 'an inactive consultant is skipped',
      offices: [SHA],
      consultants: [consultant('a', 'SHA', { active: false }), consultant('b', 'SHA', { openCases: 9 })],
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'territory', office: 'SHA', consultant: 'b' },
      then: (d) => {
        expect(reasonsOf(d, 'a')).toContain('inactive');
        expect(candidate(d, 'a')).toMatchObject({ available: false, eligible: false });
      },
    },
    {
      name: 'a consultant out of office now is skipped',
      offices: [SHA],
      consultants: [
        consultant('a', 'SHA', { outOfOffice: [{ from: hoursFromNow(-1), to: hoursFromNow(1) }] }),
        consultant('b', 'SHA', { openCases: 9 }),
      ],
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'territory', office: 'SHA', consultant: 'b' },
      then: (d) => expect(reasonsOf(d, 'a')).toContain('out_of_office'),
    },
    {
      name: 'a leave starting exactly now has begun (from is inclusive)',
      offices: [SHA],
      consultants: [
        consultant('a', 'SHA', { outOfOffice: [{ from: NOW, to: hoursFromNow(8) }] }),
        consultant('b', 'SHA', { openCases: 9 }),
      ],
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'territory', office: 'SHA', consultant: 'b' },
    },
    {
      name: 'a leave ending exactly now is over (to is exclusive)',
      offices: [SHA],
      consultants: [
        consultant('a', 'SHA', { outOfOffice: [{ from: hoursFromNow(-8), to: NOW }] }),
        consultant('b', 'SHA', { openCases: 9 }),
      ],
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'territory', office: 'SHA', consultant: 'a' },
    },
    {
      name: 'a future leave does not matter now',
      offices: [SHA],
      consultants: [
        consultant('a', 'SHA', { outOfOffice: [{ from: hoursFromNow(1), to: hoursFromNow(9) }] }),
        consultant('b', 'SHA', { openCases: 9 }),
      ],
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'territory', office: 'SHA', consultant: 'a' },
    },
    {
      name: 'a consultant at capacity is skipped',
      offices: [SHA],
      consultants: [consultant('a', 'SHA', { openCases: 10 }), consultant('b', 'SHA', { openCases: 9 })],
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'territory', office: 'SHA', consultant: 'b' },
      then: (d) =>
        expect(candidate(d, 'a')).toMatchObject({ available: false, reasons: expect.arrayContaining(['at_capacity']) }),
    },
    {
      name: 'a consultant over capacity is skipped',
      offices: [SHA],
      consultants: [consultant('a', 'SHA', { openCases: 12 }), consultant('b', 'SHA', { openCases: 9 })],
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'territory', office: 'SHA', consultant: 'b' },
    },
    {
      name: 'a consultant without capacity is at capacity, utilization 1',
      offices: [SHA],
      consultants: [consultant('a', 'SHA', { capacity: 0 }), consultant('b', 'SHA', { openCases: 9 })],
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'territory', office: 'SHA', consultant: 'b' },
      then: (d) =>
        expect(candidate(d, 'a')).toMatchObject({ utilization: 1, reasons: expect.arrayContaining(['at_capacity']) }),
    },
    {
      name: 'a consultant without the wanted service line is available but not eligible',
      offices: [SHA],
      consultants: [consultant('a', 'SHA', { serviceLines: ['audit'] }), consultant('b', 'SHA', { openCases: 9 })],
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'territory', office: 'SHA', consultant: 'b' },
      then: (d) =>
        expect(candidate(d, 'a')).toMatchObject({
          available: true,
          eligible: false,
          reasons: ['no_matching_service_line', 'speaks_language'],
        }),
    },
    {
      name: 'one of several wanted service lines is enough',
      offices: [SHA],
      consultants: [consultant('a', 'SHA', { serviceLines: ['tax'] })],
      inquiry: { ...IN_SHANGHAI, serviceLines: ['audit', 'tax'] },
      expect: { strategy: 'territory', office: 'SHA', consultant: 'a' },
      then: (d) => expect(reasonsOf(d, 'a')).toContain('matching_service_line'),
    },
    {
      name: 'with no service line known, anyone available is eligible',
      offices: [SHA],
      consultants: [consultant('a', 'SHA', { serviceLines: [] })],
      inquiry: { ...IN_SHANGHAI, serviceLines: [] },
      expect: { strategy: 'territory', office: 'SHA', consultant: 'a' },
      then: (d) => expect(reasonsOf(d, 'a')).toEqual(['speaks_language', 'only_eligible']),
    },
    {
      name: 'every exclusion reason is listed, in policy order',
      offices: [SHA],
      consultants: [
        consultant('a', 'SHA', {
          active: false,
          openCases: 10,
          serviceLines: ['audit'],
          outOfOffice: [{ from: hoursFromNow(-1), to: hoursFromNow(1) }],
        }),
        consultant('b', 'SHA'),
      ],
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'territory', office: 'SHA', consultant: 'b' },
      then: (d) =>
        expect(reasonsOf(d, 'a')).toEqual([
          'inactive',
          'out_of_office',
          'at_capacity',
          'no_matching_service_line',
          'speaks_language',
        ]),
    },
    {
      name: 'a speaker of the language wins even at higher utilization',
      offices: [SHA],
      consultants: [consultant('a', 'SHA'), consultant('b', 'SHA', { languages: ['ru', 'en'], openCases: 8 })],
      inquiry: { ...IN_SHANGHAI, language: 'ru' },
      expect: { strategy: 'territory', office: 'SHA', consultant: 'b' },
      then: (d) => {
        expect(candidate(d, 'a')).toMatchObject({
          eligible: true,
          reasons: expect.arrayContaining(['language_mismatch']),
        });
        expect(reasonsOf(d, 'b')).toContain('only_speaker');
        expect(d.summary).toContain('the only eligible Russian speaker');
      },
    },
    {
      name: 'nobody eligible speaks the language: it is relaxed, lowest utilization wins',
      offices: [SHA],
      consultants: [
        consultant('a', 'SHA', { openCases: 3 }),
        consultant('b', 'SHA', { languages: ['ru'], openCases: 1 }),
      ],
      inquiry: { ...IN_SHANGHAI, language: 'zh' },
      expect: { strategy: 'territory', office: 'SHA', consultant: 'b' },
      then: (d) => {
        expect(d.candidates.flatMap((c) => c.reasons)).not.toContain('language_mismatch');
        expect(d.summary).toContain('none speaks Chinese');
      },
    },
    {
      name: 'a speaker who is not eligible does not exclude the others',
      offices: [SHA],
      consultants: [
        consultant('a', 'SHA', { languages: ['ru'], openCases: 10 }),
        consultant('b', 'SHA', { openCases: 5 }),
        consultant('c', 'SHA', { openCases: 2 }),
      ],
      inquiry: { ...IN_SHANGHAI, language: 'ru' },
      expect: { strategy: 'territory', office: 'SHA', consultant: 'c' },
      then: (d) => expect(reasonsOf(d, 'b')).toEqual(['matching_service_line', 'higher_utilization']),
    },
    {
      name: 'language codes compare case-insensitively',
      offices: [SHA],
      consultants: [consultant('a', 'SHA'), consultant('b', 'SHA', { languages: ['RU'], openCases: 5 })],
      inquiry: { ...IN_SHANGHAI, language: 'ru' },
      expect: { strategy: 'territory', office: 'SHA', consultant: 'b' },
    },
    {
      name: 'lowest utilization wins (2/10 beats 1/4)',
      offices: [SHA],
      consultants: [
        consultant('a', 'SHA', { openCases: 1, capacity: 4 }),
        consultant('b', 'SHA', { openCases: 2, capacity: 10, lastAssignedAt: hoursFromNow(-1) }),
      ],
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'territory', office: 'SHA', consultant: 'b' },
      then: (d) => {
        expect(reasonsOf(d, 'b')).toContain('lowest_utilization');
        expect(reasonsOf(d, 'a')).toContain('higher_utilization');
        expect(d.summary).toContain('the lowest utilization (20%) among eligible English speakers');
      },
    },
    {
      name: 'equal utilization at different capacities (1/5, 2/10) goes to the least recently assigned',
      offices: [SHA],
      consultants: [
        consultant('a', 'SHA', { openCases: 1, capacity: 5, lastAssignedAt: hoursFromNow(-2) }),
        consultant('b', 'SHA', { openCases: 2, capacity: 10, lastAssignedAt: hoursFromNow(-5) }),
      ],
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'territory', office: 'SHA', consultant: 'b' },
      then: (d) => {
        expect(reasonsOf(d, 'b')).toContain('least_recently_assigned');
        expect(reasonsOf(d, 'a')).toContain('assigned_more_recently');
        expect(d.summary).toContain('assigned least recently');
      },
    },
    {
      name: 'never assigned beats any past assignment',
      offices: [SHA],
      consultants: [
        consultant('a', 'SHA', { lastAssignedAt: new Date('2020-01-01T00:00:00Z') }),
        consultant('b', 'SHA', { lastAssignedAt: null }),
      ],
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'territory', office: 'SHA', consultant: 'b' },
      then: (d) => expect(reasonsOf(d, 'b')).toContain('never_assigned'),
    },
    {
      name: 'a full tie goes to the lowest id in string order ("c10" before "c9")',
      offices: [SHA],
      consultants: [consultant('c9', 'SHA'), consultant('c10', 'SHA')],
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'territory', office: 'SHA', consultant: 'c10' },
      then: (d) => {
        expect(reasonsOf(d, 'c10')).toContain('lowest_id');
        expect(reasonsOf(d, 'c9')).toContain('higher_id');
      },
    },
    {
      name: 'a tie on utilization and last assignment goes to the lowest id',
      offices: [SHA],
      consultants: [
        consultant('b', 'SHA', { openCases: 1, lastAssignedAt: hoursFromNow(-3) }),
        consultant('a', 'SHA', { openCases: 1, lastAssignedAt: hoursFromNow(-3) }),
      ],
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'territory', office: 'SHA', consultant: 'a' },
    },
    {
      name: 'nobody eligible: the office queue',
      offices: [SHA],
      consultants: [consultant('a', 'SHA', { openCases: 10 }), consultant('b', 'SHA', { serviceLines: ['audit'] })],
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'territory', office: 'SHA', consultant: null },
      then: (d) =>
        expect(d.summary).toBe(
          'Sent to the office queue of SHA (SHA office) by territory (covers Shanghai): nobody is eligible (1 at capacity, 1 without a matching service line).',
        ),
    },
    {
      name: 'an office without consultants: the office queue',
      offices: [SHA],
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'territory', office: 'SHA', consultant: null },
      then: (d) => {
        expect(d.candidates).toEqual([]);
        expect(d.summary).toContain('the office has no consultants');
      },
    },
    {
      name: 'consultants of offices outside the tier are not considered',
      offices: [SHA, office('BJS', { coverageCities: ['Beijing'] })],
      consultants: [consultant('a', 'BJS')],
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'territory', office: 'SHA', consultant: null },
      then: (d) => expect(d.candidates).toEqual([]),
    },
  ]);
});

describe('client affinity (§2)', () => {
  const MOW = office('MOW', { countryCode: 'RU', coverageCities: ['Moscow'] });
  const offices = [SHA, MOW];
  const owner = (overrides: Partial<PolicyConsultant> = {}): PolicyConsultant =>
    consultant('o1', 'MOW', { serviceLines: ['audit'], ...overrides });
  const others = [consultant('s1', 'SHA'), consultant('m2', 'MOW')];
  const affinity = { clientId: 'client-1', ownerId: 'o1', ownerName: 'Owner One', ownerRole: 'consultant' as const };

  runCases([
    {
      name: 'an available owner takes the case in their office, skills and territory aside',
      offices,
      consultants: [owner(), ...others],
      affinity,
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'affinity', office: 'MOW', consultant: 'o1', ruleId: null },
      then: (d) => {
        expect(d.affinity).toEqual({ clientId: 'client-1', ownerId: 'o1', used: true, skipped: [] });
        expect(d.candidates[0]).toMatchObject({ consultantId: 'o1', chosen: true, eligible: false });
        expect(reasonsOf(d, 'o1')).toContain('client_owner');
        expect(d.candidates.map((c) => c.consultantId)).toEqual(['o1', 'm2']);
        expect(d.tiers).toEqual([]);
        expect(d.summary).toBe(
          'Assigned to Consultant o1 at MOW (MOW office) by client affinity: they own the existing client.',
        );
      },
    },
    {
      name: 'an owner at capacity is passed over for territory',
      offices,
      consultants: [owner({ openCases: 10 }), ...others],
      affinity,
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'territory', office: 'SHA', consultant: 's1' },
      then: (d) => {
        expect(d.affinity).toEqual({ clientId: 'client-1', ownerId: 'o1', used: false, skipped: ['at_capacity'] });
        expect(d.summary).toContain("(the client's owner Consultant o1 is at capacity)");
      },
    },
    {
      name: 'an owner out of office is passed over for a matching rule',
      offices,
      consultants: [owner({ outOfOffice: [{ from: hoursFromNow(-1), to: hoursFromNow(24) }] }), ...others],
      rules: [rule('r1', { office: 'MOW' }, { conditions: { originCountries: ['DE'] } })],
      affinity,
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'rule', office: 'MOW', consultant: 'm2', ruleId: 'r1' },
      then: (d) => expect(d.affinity?.skipped).toEqual(['out_of_office']),
    },
    {
      name: 'an inactive owner is passed over',
      offices,
      consultants: [owner({ active: false }), ...others],
      affinity,
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'territory', office: 'SHA', consultant: 's1' },
      then: (d) => expect(d.affinity?.skipped).toEqual(['inactive']),
    },
    {
      name: 'an unknown owner is passed over',
      offices,
      consultants: others,
      affinity: { clientId: 'client-1', ownerId: 'ghost', ownerName: null, ownerRole: null },
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'territory', office: 'SHA', consultant: 's1' },
      then: (d) => expect(d.affinity).toMatchObject({ used: false, skipped: ['not_found'] }),
    },
    {
      name: 'an owner who is a manager is passed over, and the explanation says so by name',
      offices,
      consultants: others,
      affinity: { clientId: 'client-1', ownerId: 'm1', ownerName: 'Chen Jing', ownerRole: 'manager' },
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'territory', office: 'SHA', consultant: 's1' },
      then: (d) => {
        expect(d.affinity).toEqual({ clientId: 'client-1', ownerId: 'm1', used: false, skipped: ['not_a_consultant'] });
        expect(d.summary).toContain("the client's owner Chen Jing is a manager or admin, who takes no routed cases");
      },
    },
    {
      name: 'an owner in an inactive office is passed over',
      offices: [SHA, { ...MOW, active: false }],
      consultants: [owner(), ...others],
      affinity,
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'territory', office: 'SHA', consultant: 's1' },
      then: (d) => expect(d.affinity?.skipped).toEqual(['office_inactive']),
    },
    {
      name: 'affinity comes before a matching rule',
      offices,
      consultants: [owner(), ...others],
      rules: [rule('r1', { office: 'SHA', consultant: 's1' }, { priority: 0 })],
      affinity,
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'affinity', office: 'MOW', consultant: 'o1', ruleId: null },
    },
  ]);

  // "the contact's normalized email, or the company's email domain": a contact filed under another
  // client than the one holding their company's domain has two owners to try, the contact's first.
  const domainOwner = consultant('d1', 'SHA', { name: 'Domain Owner' });
  const domainAffinity = {
    clientId: 'client-2',
    ownerId: 'd1',
    ownerName: 'Domain Owner',
    ownerRole: 'consultant' as const,
  };
  runCases([
    {
      name: "the contact's client's owner comes first when both can take the case",
      offices,
      consultants: [owner(), domainOwner, ...others],
      affinity,
      domainAffinity,
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'affinity', office: 'MOW', consultant: 'o1' },
      then: (d) => expect(d.affinity).toEqual({ clientId: 'client-1', ownerId: 'o1', used: true, skipped: [] }),
    },
    {
      name: "the owner of the email domain's client takes the case when the contact's client's owner cannot",
      offices,
      consultants: [owner({ openCases: 10 }), domainOwner, ...others],
      affinity,
      domainAffinity,
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'affinity', office: 'SHA', consultant: 'd1' },
      then: (d) => {
        expect(d.affinity).toEqual({
          clientId: 'client-2',
          ownerId: 'd1',
          used: true,
          skipped: [],
          passedOver: [{ clientId: 'client-1', ownerId: 'o1', skipped: ['at_capacity'] }],
        });
        expect(d.summary).toBe(
          "Assigned to Domain Owner at SHA (SHA office) by client affinity (the client's owner Consultant o1 is at capacity): they own the existing client.",
        );
      },
    },
    {
      name: "the owner of the email domain's client takes the case when the contact's client has no owner",
      offices,
      consultants: [domainOwner, ...others],
      domainAffinity,
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'affinity', office: 'SHA', consultant: 'd1' },
      then: (d) => expect(d.affinity).toEqual({ clientId: 'client-2', ownerId: 'd1', used: true, skipped: [] }),
    },
    {
      name: 'the same owner of both clients is tried, and named, once',
      offices,
      consultants: [owner({ openCases: 10 }), ...others],
      affinity,
      domainAffinity: { ...affinity, clientId: 'client-2' },
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'territory', office: 'SHA', consultant: 's1' },
      then: (d) => {
        expect(d.affinity).toEqual({ clientId: 'client-1', ownerId: 'o1', used: false, skipped: ['at_capacity'] });
        expect(d.summary).toContain("(the client's owner Consultant o1 is at capacity)");
        expect(d.summary).not.toContain('email');
      },
    },
    {
      name: 'with both owners unavailable, territory decides and the explanation names both',
      offices,
      consultants: [owner({ active: false }), { ...domainOwner, openCases: 10 }, ...others],
      affinity,
      domainAffinity,
      inquiry: IN_SHANGHAI,
      expect: { strategy: 'territory', office: 'SHA', consultant: 's1' },
      then: (d) => {
        expect(d.affinity).toEqual({
          clientId: 'client-2',
          ownerId: 'd1',
          used: false,
          skipped: ['at_capacity'],
          passedOver: [{ clientId: 'client-1', ownerId: 'o1', skipped: ['inactive'] }],
        });
        expect(d.summary).toContain(
          "(the client's owner Consultant o1 is inactive; the owner of the client with the email's domain, Domain Owner, is at capacity)",
        );
      },
    },
  ]);
});

describe('rules (§3)', () => {
  // Without a rule these inquiries fall back to SIN: nothing covers their city or countries.
  const MOW = office('MOW', { countryCode: 'RU' });
  const SIN = office('SIN', { countryCode: 'SG', isDefault: true });
  const BJS = office('BJS');
  const offices = [SHA, MOW, SIN, BJS];
  const consultants = [
    consultant('s1', 'SHA'),
    consultant('m1', 'MOW'),
    consultant('m2', 'MOW', { openCases: 5 }),
    consultant('g1', 'SIN'),
  ];
  const FALLBACK = { strategy: 'fallback', office: 'SIN', consultant: 'g1', ruleId: null } as const;
  const TO_MOW = { strategy: 'rule', office: 'MOW', consultant: 'm1', ruleId: 'r1' } as const;
  const when = (conditions: PolicyRule['conditions']): PolicyRule[] => [rule('r1', { office: 'MOW' }, { conditions })];

  runCases([
    { name: 'no rule: the default office', offices, consultants, expect: FALLBACK },
    {
      name: 'origin country condition holds',
      offices,
      consultants,
      rules: when({ originCountries: ['KZ', 'DE'] }),
      expect: TO_MOW,
      then: (d) => {
        expect(d.rule).toEqual({
          id: 'r1',
          name: 'Rule r1',
          priority: 10,
          namedConsultantId: null,
          namedConsultantUsed: false,
          namedConsultantSkipped: [],
        });
        expect(d.tiers).toEqual([]);
        expect(d.summary).toBe(
          'Assigned to Consultant m1 at MOW (MOW office) by rule "Rule r1": the lowest utilization (0%) among eligible English speakers.',
        );
      },
    },
    {
      name: 'origin country condition fails',
      offices,
      consultants,
      rules: when({ originCountries: ['KZ'] }),
      expect: FALLBACK,
    },
    {
      name: 'target country condition holds',
      offices,
      consultants,
      rules: when({ targetCountries: ['VN'] }),
      inquiry: { targetCountry: 'VN' },
      expect: TO_MOW,
    },
    {
      name: 'target country condition fails without a target country',
      offices,
      consultants,
      rules: when({ targetCountries: ['VN'] }),
      expect: FALLBACK,
    },
    {
      name: 'service line condition holds when any enriched line is listed',
      offices,
      consultants,
      rules: when({ serviceLines: ['payroll_hr', 'tax'] }),
      inquiry: { serviceLines: ['audit', 'tax'] },
      expect: TO_MOW,
    },
    {
      name: 'service line condition fails',
      offices,
      consultants,
      rules: when({ serviceLines: ['payroll_hr'] }),
      expect: FALLBACK,
    },
    {
      name: 'language condition holds',
      offices,
      consultants,
      rules: when({ languages: ['ru'] }),
      inquiry: { language: 'ru' },
      expect: TO_MOW,
    },
    {
      name: 'language condition fails',
      offices,
      consultants,
      rules: when({ languages: ['ru'] }),
      inquiry: { language: 'zh' },
      expect: { ...FALLBACK },
    },
    {
      name: 'keyword condition: case-insensitive, plural included',
      offices,
      consultants,
      rules: when({ keywords: ['sanction'] }),
      inquiry: { message: 'Questions about SANCTIONS exposure.' },
      expect: TO_MOW,
    },
    {
      name: 'keyword condition: not inside another word',
      offices,
      consultants,
      rules: when({ keywords: ['tax'] }),
      inquiry: { message: 'We run a taxi fleet and need syntax help.' },
      expect: FALLBACK,
    },
    {
      name: 'keyword condition: Russian keyword in an inflected form',
      offices,
      consultants,
      rules: when({ keywords: ['санкции'] }),
      inquiry: { message: 'Вопрос по санкциям ЕС.', language: 'ru' },
      expect: TO_MOW,
    },
    {
      name: 'keyword condition: Chinese keyword inside a sentence',
      offices,
      consultants,
      rules: when({ keywords: ['制裁'] }),
      inquiry: { message: '我们想了解制裁风险。', language: 'zh' },
      expect: TO_MOW,
    },
    {
      name: 'every set condition must hold',
      offices,
      consultants,
      rules: when({ originCountries: ['DE'], languages: ['ru'] }),
      expect: FALLBACK,
    },
    {
      name: 'all five conditions holding together',
      offices,
      consultants,
      rules: when({
        originCountries: ['DE'],
        targetCountries: ['VN'],
        serviceLines: ['tax'],
        languages: ['en'],
        keywords: ['vietnam'],
      }),
      inquiry: { targetCountry: 'VN', message: 'Tax registration in Vietnam.' },
      expect: TO_MOW,
    },
    {
      name: 'empty condition lists count as unset',
      offices,
      consultants,
      rules: when({ originCountries: [], keywords: [], languages: [] }),
      expect: TO_MOW,
    },
    {
      name: 'an inactive rule is ignored, whatever its priority',
      offices,
      consultants,
      rules: [rule('r0', { office: 'SHA' }, { priority: 1, active: false }), rule('r1', { office: 'MOW' })],
      expect: TO_MOW,
    },
    {
      name: 'the lower priority number wins',
      offices,
      consultants,
      rules: [rule('r2', { office: 'SHA' }, { priority: 20 }), rule('r1', { office: 'MOW' }, { priority: 10 })],
      expect: TO_MOW,
    },
    {
      name: 'equal priority: the older rule wins',
      offices,
      consultants,
      rules: [
        rule('r2', { office: 'SHA' }, { createdAt: new Date('2026-02-01T00:00:00Z') }),
        rule('r1', { office: 'MOW' }, { createdAt: new Date('2026-01-15T00:00:00Z') }),
      ],
      expect: TO_MOW,
    },
    {
      name: 'equal priority and age: the lower rule id wins',
      offices,
      consultants,
      rules: [rule('r2', { office: 'SHA' }), rule('r1', { office: 'MOW' })],
      expect: TO_MOW,
    },
    {
      name: 'a named available consultant takes the case, skills and language aside',
      offices,
      consultants: [
        ...consultants,
        consultant('m3', 'MOW', { serviceLines: ['audit'], languages: ['ru'], openCases: 9 }),
      ],
      rules: [rule('r1', { office: 'MOW', consultant: 'm3' })],
      expect: { strategy: 'rule', office: 'MOW', consultant: 'm3', ruleId: 'r1' },
      then: (d) => {
        expect(d.rule).toMatchObject({
          namedConsultantId: 'm3',
          namedConsultantUsed: true,
          namedConsultantSkipped: [],
        });
        expect(reasonsOf(d, 'm3')).toEqual(['no_matching_service_line', 'named_by_rule']);
        expect(d.summary).toBe('Assigned to Consultant m3 at MOW (MOW office) by rule "Rule r1": the rule names them.');
      },
    },
    {
      name: 'a named consultant at capacity: selection inside the rule office',
      offices,
      consultants: [...consultants, consultant('m3', 'MOW', { openCases: 10 })],
      rules: [rule('r1', { office: 'MOW', consultant: 'm3' })],
      expect: TO_MOW,
      then: (d) => {
        expect(d.rule).toMatchObject({ namedConsultantUsed: false, namedConsultantSkipped: ['at_capacity'] });
        expect(d.summary).toContain('(its named consultant Consultant m3 is at capacity)');
      },
    },
    {
      name: 'a named consultant out of office: selection inside the rule office',
      offices,
      consultants: [
        ...consultants,
        consultant('m3', 'MOW', { outOfOffice: [{ from: hoursFromNow(-2), to: hoursFromNow(2) }] }),
      ],
      rules: [rule('r1', { office: 'MOW', consultant: 'm3' })],
      expect: TO_MOW,
    },
    {
      name: "a named consultant of another office: selection inside the rule's office",
      offices,
      consultants,
      rules: [rule('r1', { office: 'MOW', consultant: 's1' })],
      expect: TO_MOW,
      then: (d) => expect(d.rule?.namedConsultantSkipped).toEqual(['not_in_rule_office']),
    },
    {
      name: 'an unknown named consultant: selection inside the rule office',
      offices,
      consultants,
      rules: [rule('r1', { office: 'MOW', consultant: 'ghost' })],
      expect: TO_MOW,
      then: (d) => expect(d.rule?.namedConsultantSkipped).toEqual(['not_found']),
    },
    {
      name: 'a rule to an inactive office is skipped for the next matching rule',
      offices: [SHA, MOW, SIN, { ...BJS, active: false }],
      consultants,
      rules: [rule('r0', { office: 'BJS' }, { priority: 1 }), rule('r1', { office: 'MOW' }, { priority: 2 })],
      expect: TO_MOW,
    },
    {
      name: 'a rule to an inactive office is skipped for territory',
      offices: [SHA, MOW, SIN, { ...BJS, active: false }],
      consultants,
      rules: [rule('r0', { office: 'BJS' })],
      expect: FALLBACK,
    },
    {
      name: 'a rule to an unknown office is skipped',
      offices,
      consultants,
      rules: [rule('r0', { office: 'XXX' })],
      expect: FALLBACK,
    },
    {
      name: 'a rule office with nobody eligible: its queue',
      offices,
      consultants: [consultant('m1', 'MOW', { serviceLines: ['audit'] }), consultant('g1', 'SIN')],
      rules: when({ originCountries: ['DE'] }),
      expect: { strategy: 'rule', office: 'MOW', consultant: null, ruleId: 'r1' },
      then: (d) =>
        expect(d.summary).toMatch(
          /^Sent to the office queue of MOW \(MOW office\) by rule "Rule r1": nobody is eligible/,
        ),
    },
    {
      name: 'a rule comes before an office covering the city',
      offices,
      consultants,
      rules: when({ originCountries: ['DE'] }),
      inquiry: IN_SHANGHAI,
      expect: TO_MOW,
    },
  ]);
});

describe('territory (§4)', () => {
  const SHA_T = office('SHA', { coverageCities: ['Shanghai', 'Suzhou'], serviceLines: ['tax', 'bank_account'] });
  const BJS = office('BJS', { coverageCities: ['Beijing'], serviceLines: ['tax', 'market_intelligence'] });
  const MOW = office('MOW', {
    countryCode: 'RU',
    coverageCities: ['Moscow'],
    serviceLines: ['investment_advisory', 'trade_customs'],
  });
  const SIN = office('SIN', { countryCode: 'SG', coverageCities: ['Singapore'], isDefault: true });
  const offices = [SHA_T, BJS, MOW, SIN];
  const consultants = [
    consultant('s1', 'SHA'),
    consultant('b1', 'BJS'),
    consultant('m1', 'MOW'),
    consultant('g1', 'SIN'),
  ];

  runCases([
    {
      name: 'tier 1: the office covering the city',
      offices,
      consultants,
      inquiry: { city: 'Suzhou' },
      expect: { strategy: 'territory', office: 'SHA', consultant: 's1' },
      then: (d) => expect(d.tiers).toEqual([{ tier: 1, name: 'city', officeIds: [SHA_T.id], used: true }]),
    },
    {
      name: 'tier 1: coverage written in another spelling still counts',
      offices: [office('LED', { countryCode: 'RU', coverageCities: ['St. Petersburg'] }), SIN],
      consultants: [consultant('l1', 'LED'), consultant('g1', 'SIN')],
      inquiry: { city: 'Saint Petersburg', serviceLines: [] },
      expect: { strategy: 'territory', office: 'LED', consultant: 'l1' },
    },
    {
      name: 'the city office without the service line is passed over for the target country',
      offices,
      consultants,
      inquiry: { city: 'Shanghai', targetCountry: 'CN', serviceLines: ['market_intelligence'] },
      expect: { strategy: 'territory', office: 'BJS', consultant: 'b1' },
      then: (d) =>
        expect(d.tiers).toEqual([
          { tier: 1, name: 'city', officeIds: [], used: false },
          { tier: 2, name: 'target_country', officeIds: [BJS.id], used: true },
        ]),
    },
    {
      name: 'tier 2: the offices in the target country that offer the service',
      offices,
      consultants,
      inquiry: { targetCountry: 'CN', serviceLines: ['market_intelligence'] },
      expect: { strategy: 'territory', office: 'BJS', consultant: 'b1' },
      then: (d) => expect(d.summary).toContain('by territory (in target country CN)'),
    },
    {
      name: 'tier 3: the offices in the origin country',
      offices,
      consultants,
      inquiry: { originCountry: 'RU', serviceLines: ['trade_customs'] },
      expect: { strategy: 'territory', office: 'MOW', consultant: 'm1' },
      then: (d) => expect(d.summary).toContain('by territory (in origin country RU)'),
    },
    {
      name: 'tier 3 also needs the service: else the default office',
      offices,
      consultants,
      inquiry: { originCountry: 'RU', serviceLines: ['tax'] },
      expect: { strategy: 'fallback', office: 'SIN', consultant: 'g1' },
    },
    {
      name: 'tier 4: the default office, whatever it offers',
      offices: [SHA_T, BJS, MOW, { ...SIN, serviceLines: [] }],
      consultants,
      inquiry: { serviceLines: ['audit'] },
      expect: { strategy: 'fallback', office: 'SIN', consultant: 'g1' },
      then: (d) => {
        expect(d.tiers.map((t) => [t.tier, t.used])).toEqual([
          [1, false],
          [2, false],
          [3, false],
          [4, true],
        ]);
        expect(d.tiers[3]).toEqual({ tier: 4, name: 'default', officeIds: [SIN.id], used: true });
        expect(d.summary).toContain('by fallback to the default-intake office');
      },
    },
    {
      name: 'no default office: the active office with the lowest code',
      offices: [SHA_T, BJS, MOW, { ...SIN, isDefault: false }],
      consultants,
      inquiry: { serviceLines: ['audit'] },
      expect: { strategy: 'fallback', office: 'BJS', consultant: 'b1' },
      then: (d) => expect(d.summary).toContain('lowest-coded active office'),
    },
    {
      name: 'an inactive default office: the active office with the lowest code',
      offices: [SHA_T, BJS, MOW, { ...SIN, active: false }],
      consultants,
      inquiry: { serviceLines: ['audit'] },
      expect: { strategy: 'fallback', office: 'BJS', consultant: 'b1' },
    },
    {
      name: 'no service line known: every active office counts',
      offices,
      consultants,
      inquiry: { city: 'Moscow', serviceLines: [] },
      expect: { strategy: 'territory', office: 'MOW', consultant: 'm1' },
    },
    {
      name: 'an inactive office is in no tier',
      offices: [{ ...SHA_T, active: false }, BJS, MOW, SIN],
      consultants,
      inquiry: { city: 'Suzhou' },
      expect: { strategy: 'fallback', office: 'SIN', consultant: 'g1' },
    },
    {
      name: "several offices in a tier: the best consultant's office wins",
      offices,
      consultants: [consultant('s1', 'SHA', { openCases: 5 }), consultant('b1', 'BJS', { openCases: 1 })],
      inquiry: { targetCountry: 'CN' },
      expect: { strategy: 'territory', office: 'BJS', consultant: 'b1' },
      then: (d) => {
        expect(d.tiers.at(-1)).toEqual({ tier: 2, name: 'target_country', officeIds: [BJS.id, SHA_T.id], used: true });
        expect(d.candidates.map((c) => c.consultantId)).toEqual(['b1', 's1']);
        expect(d.summary).toContain('best consultant across 2 such offices');
      },
    },
    {
      name: 'several offices, nobody eligible: the one offering most wanted lines',
      offices,
      consultants: [consultant('s1', 'SHA', { openCases: 10 }), consultant('b1', 'BJS', { openCases: 10 })],
      inquiry: { targetCountry: 'CN', serviceLines: ['tax', 'bank_account'] },
      expect: { strategy: 'territory', office: 'SHA', consultant: null },
      then: (d) => expect(d.summary).toContain('of 2 such offices the one offering most of the wanted service lines'),
    },
    {
      name: 'several offices, nobody eligible, equal offering: the lowest code',
      offices,
      consultants: [consultant('s1', 'SHA', { openCases: 10 }), consultant('b1', 'BJS', { openCases: 10 })],
      inquiry: { targetCountry: 'CN', serviceLines: ['tax'] },
      expect: { strategy: 'territory', office: 'BJS', consultant: null },
      // the explanation names the tie-break that decided, not the service lines
      then: (d) =>
        expect(d.summary).toContain(
          'by territory (in target country CN, the first by code of 2 such offices, none offering more of the wanted service lines)',
        ),
    },
    {
      name: 'several offices, nobody eligible, no service line known: the lowest code',
      offices,
      consultants: [consultant('s1', 'SHA', { active: false }), consultant('b1', 'BJS', { active: false })],
      inquiry: { targetCountry: 'CN', serviceLines: [] },
      expect: { strategy: 'territory', office: 'BJS', consultant: null },
      then: (d) =>
        expect(d.summary).toContain('by territory (in target country CN, the first by code of 2 such offices)'),
    },
    {
      name: 'country codes compare case-insensitively',
      offices,
      consultants,
      inquiry: { targetCountry: 'cn', serviceLines: ['market_intelligence'] },
      expect: { strategy: 'territory', office: 'BJS', consultant: 'b1' },
    },
    {
      name: 'the city tier comes before the target country',
      offices,
      consultants,
      inquiry: { city: 'Beijing', targetCountry: 'RU', serviceLines: [] },
      expect: { strategy: 'territory', office: 'BJS', consultant: 'b1' },
    },
    {
      name: 'a city no office covers falls through to the next tiers',
      offices,
      consultants,
      inquiry: { city: 'Hanoi', targetCountry: 'VN', originCountry: 'IN' },
      expect: { strategy: 'fallback', office: 'SIN', consultant: 'g1' },
    },
  ]);
});

describe('decision and explanation (§7)', () => {
  const offices = [SHA];

  it('throws NoOfficeAvailableError when every office is inactive', () => {
    expect(() => decide({ offices: [{ ...SHA, active: false }], consultants: [consultant('a', 'SHA')] })).toThrow(
      NoOfficeAvailableError,
    );
  });

  it('throws NoOfficeAvailableError without any office', () => {
    expect(() => decide({ offices: [] })).toThrow(NoOfficeAvailableError);
  });

  it('rounds the utilization the summary quotes to the nearest percent', () => {
    const decision = decide({
      offices,
      consultants: [
        consultant('a', 'SHA', { openCases: 2, capacity: 3 }),
        consultant('b', 'SHA', { openCases: 3, capacity: 4 }),
      ],
      inquiry: IN_SHANGHAI,
    });
    expect(decision.consultantId).toBe('a');
    expect(decision.summary).toContain('the lowest utilization (67%)');
  });

  it('counts each ineligible consultant once in the summary, under the first reason the policy checks', () => {
    const decision = decide({
      offices,
      consultants: [
        consultant('a', 'SHA', { active: false, openCases: 10, capacity: 10 }),
        consultant('b', 'SHA', { serviceLines: ['audit'] }),
      ],
      inquiry: IN_SHANGHAI,
    });
    expect(decision.consultantId).toBeNull();
    expect(decision.summary).toContain('nobody is eligible (1 inactive, 1 without a matching service line)');
  });

  it('explains each candidate with utilization, load and last assignment', () => {
    const decision = decide({
      offices,
      consultants: [
        consultant('a', 'SHA', { openCases: 3, capacity: 4, lastAssignedAt: new Date('2026-03-01T10:00:00Z') }),
        consultant('b', 'SHA', { openCases: 1, capacity: 8 }),
      ],
      inquiry: IN_SHANGHAI,
    });
    expect(decision.candidates).toEqual([
      {
        consultantId: 'b',
        name: 'Consultant b',
        officeId: SHA.id,
        eligible: true,
        available: true,
        reasons: ['speaks_language', 'matching_service_line', 'lowest_utilization'],
        speaksLanguage: true,
        utilization: 0.125,
        openCases: 1,
        capacity: 8,
        lastAssignedAt: null,
        chosen: true,
      },
      {
        consultantId: 'a',
        name: 'Consultant a',
        officeId: SHA.id,
        eligible: true,
        available: true,
        reasons: ['speaks_language', 'matching_service_line', 'higher_utilization'],
        speaksLanguage: true,
        utilization: 0.75,
        openCases: 3,
        capacity: 4,
        lastAssignedAt: '2026-03-01T10:00:00.000Z',
        chosen: false,
      },
    ]);
  });

  it('orders candidates: ranked speakers, then other eligible, then the ineligible by id', () => {
    const decision = decide({
      offices,
      consultants: [
        consultant('z', 'SHA', { active: false }),
        consultant('y', 'SHA', { languages: ['en'] }),
        consultant('x', 'SHA', { languages: ['zh'], openCases: 4 }),
        consultant('w', 'SHA', { languages: ['zh'], openCases: 2 }),
        consultant('v', 'SHA', { serviceLines: [] }),
      ],
      inquiry: { ...IN_SHANGHAI, language: 'zh' },
    });
    expect(decision.candidates.map((c) => c.consultantId)).toEqual(['w', 'x', 'y', 'v', 'z']);
  });

  it('stores what was detected, without the message', () => {
    const detected = inquiry({ message: 'personal details here', city: 'Shanghai' });
    const decision = decide({ offices, consultants: [consultant('a', 'SHA')], inquiry: detected });
    const { message: _message, ...withoutMessage } = detected;
    expect(decision.detected).toEqual(withoutMessage);
    expect(decision.detected).not.toHaveProperty('message');
    expect(decision.policyVersion).toBe(ROUTING_POLICY_VERSION);
    expect(ROUTING_POLICY_VERSION).toBe(1);
    expect(decision.affinity).toBeNull();
    expect(decision.rule).toBeNull();
  });

  it.each<[Language, string]>([
    ['en', 'English'],
    ['ru', 'Russian'],
    ['zh', 'Chinese'],
  ])('names the %s language in the summary', (language, name) => {
    const decision = decide({
      offices,
      consultants: [
        consultant('a', 'SHA', { languages: [language] }),
        consultant('b', 'SHA', { languages: [language], openCases: 1 }),
      ],
      inquiry: { ...IN_SHANGHAI, language },
    });
    expect(decision.summary).toBe(
      `Assigned to Consultant a at SHA (SHA office) by territory (covers Shanghai): the lowest utilization (0%) among eligible ${name} speakers.`,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// (c) Properties over random small networks.
// ---------------------------------------------------------------------------------------------

const P_LINES = ['tax', 'audit', 'bank_account', 'payroll_hr'];
const P_CITIES = ['Shanghai', 'Beijing', 'Moscow', 'Singapore', 'Mumbai'];
const P_COUNTRIES = ['CN', 'RU', 'SG', 'IN'];
const P_LANGUAGES: Language[] = ['en', 'ru', 'zh'];
const P_CONSULTANT_IDS = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c10', 'c11'];

const subsetOf = <T>(values: T[]) => fc.subarray(values);
const hoursArb = fc.integer({ min: -72, max: 72 });

const officeArb = (code: string) =>
  fc
    .record({
      countryCode: fc.constantFrom(...P_COUNTRIES),
      coverageCities: subsetOf(P_CITIES),
      serviceLines: subsetOf(P_LINES),
      isDefault: fc.boolean(),
      active: fc.boolean(),
    })
    .map((o): PolicyOffice => office(code, o));

const consultantArb = (id: string, officeCodes: string[]) =>
  fc
    .record({
      officeCode: fc.constantFrom(...officeCodes),
      languages: subsetOf<string>(P_LANGUAGES),
      serviceLines: subsetOf(P_LINES),
      capacity: fc.integer({ min: 0, max: 4 }),
      openCases: fc.integer({ min: 0, max: 5 }),
      lastAssignedAt: fc.option(
        hoursArb.map((h) => hoursFromNow(-Math.abs(h))),
        { nil: null },
      ),
      active: fc.boolean(),
      outOfOffice: fc.array(
        fc.tuple(hoursArb, fc.integer({ min: 1, max: 48 })).map(([start, length]) => ({
          from: hoursFromNow(start),
          to: hoursFromNow(start + length),
        })),
        { maxLength: 2 },
      ),
    })
    .map(({ officeCode, ...c }): PolicyConsultant => consultant(id, officeCode, c));

const conditionsArb = fc.record(
  {
    originCountries: subsetOf(['DE', ...P_COUNTRIES]),
    targetCountries: subsetOf(P_COUNTRIES),
    serviceLines: subsetOf(P_LINES),
    languages: subsetOf<string>(P_LANGUAGES),
    keywords: subsetOf(['sanctions', 'санкции', '制裁']),
  },
  { requiredKeys: [] },
);

const ruleArb = (id: string, officeCodes: string[], consultantIds: string[]) =>
  fc
    .record({
      priority: fc.integer({ min: 0, max: 3 }),
      active: fc.boolean(),
      createdAt: fc.constantFrom('2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z').map((d) => new Date(d)),
      conditions: conditionsArb,
      officeCode: fc.constantFrom(...officeCodes, 'ZZZ'),
      consultantId: fc.option(fc.constantFrom(...consultantIds, 'ghost'), { nil: undefined }),
    })
    .map(({ officeCode, consultantId, ...r }): PolicyRule =>
      rule(id, { office: officeCode, consultant: consultantId }, r),
    );

const inquiryArb = fc
  .record({
    language: fc.constantFrom(...P_LANGUAGES),
    serviceLines: subsetOf(P_LINES),
    city: fc.option(fc.constantFrom(...P_CITIES, 'Hanoi'), { nil: null }),
    targetCountry: fc.option(fc.constantFrom(...P_COUNTRIES, 'VN'), { nil: null }),
    originCountry: fc.constantFrom('DE', ...P_COUNTRIES),
    message: fc.constantFrom('Open a bank account.', 'Вопрос по санкциям.', '关于制裁的问题', 'Sanctions exposure?'),
  })
  .map((i) => inquiry(i));

/** A client whose owner is one of `ids` (or gone), or none. */
const affinityArb = (ids: string[], clientId: string): fc.Arbitrary<RoutingInput['affinity']> =>
  fc.option(
    fc.constantFrom(...ids, 'ghost').map((ownerId) => ({
      clientId,
      ownerId,
      ownerName: null,
      ownerRole: ownerId === 'ghost' ? null : ('consultant' as const),
    })),
    { nil: null },
  );

const networkArb: fc.Arbitrary<RoutingInput> = fc
  .uniqueArray(fc.constantFrom('AAA', 'BBB', 'CCC', 'DDD'), { minLength: 1, maxLength: 4 })
  .chain((codes) =>
    fc.uniqueArray(fc.constantFrom(...P_CONSULTANT_IDS), { maxLength: 8 }).chain((ids) =>
      fc.record({
        offices: fc.tuple(...codes.map((code) => officeArb(code))),
        consultants: fc.tuple(...ids.map((id) => consultantArb(id, codes))),
        rules: fc
          .uniqueArray(fc.constantFrom('r1', 'r2', 'r3'), { maxLength: 3 })
          .chain((ruleIds) => fc.tuple(...ruleIds.map((id) => ruleArb(id, codes, ids)))),
        affinity: affinityArb(ids, 'client'),
        domainAffinity: affinityArb(ids, 'domain-client'),
        inquiry: inquiryArb,
      }),
    ),
  );

function shuffled<T>(items: readonly T[], keys: number[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = keys[i % keys.length] % (i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function shuffleNetwork(input: RoutingInput, keys: number[]): RoutingInput {
  return {
    ...input,
    offices: shuffled(input.offices, keys).map((o) => ({
      ...o,
      coverageCities: shuffled(o.coverageCities, keys),
      serviceLines: shuffled(o.serviceLines, keys),
    })),
    consultants: shuffled(input.consultants, keys).map((c) => ({
      ...c,
      languages: shuffled(c.languages, keys),
      serviceLines: shuffled(c.serviceLines, keys),
      outOfOffice: shuffled(c.outOfOffice, keys),
    })),
    rules: shuffled(input.rules, keys),
  };
}

const hasActiveOffice = (input: RoutingInput): boolean => input.offices.some((o) => o.active);

describe('routing properties', () => {
  it('explores every strategy and the office queue', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(networkArb.filter(hasActiveOffice), (input) => {
        const decision = decideRouting(input, NOW);
        seen.add(decision.strategy);
        seen.add(decision.consultantId === null ? 'queue' : 'consultant');
      }),
      { numRuns: 300 },
    );
    expect([...seen].sort()).toEqual(['affinity', 'consultant', 'fallback', 'queue', 'rule', 'territory']);
  });

  it('throws exactly when no office is active', () => {
    fc.assert(
      fc.property(networkArb, (input) => {
        if (hasActiveOffice(input)) {
          expect(() => decideRouting(input, NOW)).not.toThrow();
        } else {
          expect(() => decideRouting(input, NOW)).toThrow(NoOfficeAvailableError);
        }
      }),
    );
  });

  it('assigns only an available consultant, in the chosen active office, eligible unless fixed by affinity or a rule', () => {
    fc.assert(
      fc.property(networkArb.filter(hasActiveOffice), (input) => {
        const decision = decideRouting(input, NOW);
        expect(input.offices.find((o) => o.id === decision.officeId)?.active).toBe(true);
        if (decision.consultantId === null) {
          expect(decision.candidates.some((c) => c.eligible)).toBe(false);
          return;
        }
        const chosen = input.consultants.find((c) => c.id === decision.consultantId);
        expect(chosen).toBeDefined();
        if (!chosen) {
          return;
        }
        expect(chosen.active).toBe(true);
        expect(chosen.openCases).toBeLessThan(chosen.capacity);
        expect(chosen.outOfOffice.some((p) => p.from <= NOW && NOW < p.to)).toBe(false);
        expect(chosen.officeId).toBe(decision.officeId);
        const fixed = decision.strategy === 'affinity' || decision.rule?.namedConsultantUsed === true;
        if (!fixed && input.inquiry.serviceLines.length > 0) {
          expect(chosen.serviceLines.some((s) => input.inquiry.serviceLines.includes(s))).toBe(true);
        }
      }),
    );
  });

  it('prefers a speaker of the language whenever an eligible one exists', () => {
    fc.assert(
      fc.property(networkArb.filter(hasActiveOffice), (input) => {
        const decision = decideRouting(input, NOW);
        const fixed = decision.strategy === 'affinity' || decision.rule?.namedConsultantUsed === true;
        if (!fixed && decision.candidates.some((c) => c.eligible && c.speaksLanguage)) {
          expect(decision.candidates.find((c) => c.chosen)?.speaksLanguage).toBe(true);
        }
      }),
    );
  });

  it('gives the same decision for the same input', () => {
    fc.assert(
      fc.property(networkArb.filter(hasActiveOffice), (input) => {
        expect(decideRouting(input, NOW)).toEqual(decideRouting(structuredClone(input), NOW));
      }),
    );
  });

  it('does not depend on the order of offices, consultants, rules or their lists', () => {
    fc.assert(
      fc.property(
        networkArb.filter(hasActiveOffice),
        fc.array(fc.nat(), { minLength: 1, maxLength: 16 }),
        (input, keys) => {
          expect(decideRouting(shuffleNetwork(input, keys), NOW)).toEqual(decideRouting(input, NOW));
        },
      ),
    );
  });
});

/** The fastest of several runs in milliseconds: a busy machine slows some runs, rarely all of them. */
function fastestRun(runs: number, work: () => void): number {
  let fastest = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    work();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

describe('decision speed', () => {
  it('decides in well under a millisecond on a network of the demo size', () => {
    const cities = ['Shanghai', 'Beijing', 'Moscow', 'Singapore', 'Mumbai', 'Hanoi', 'Jakarta'];
    const countries = ['CN', 'RU', 'SG', 'IN', 'VN', 'ID', 'TH'];
    const offices = Array.from({ length: 28 }, (_, i) =>
      office(`O${i}`, {
        countryCode: countries[i % countries.length],
        coverageCities: [cities[i % cities.length], 'St. Petersburg', 'Ho Chi Minh City', 'Kuala Lumpur'],
        isDefault: i === 0,
      }),
    );
    const consultants = Array.from({ length: 60 }, (_, i) =>
      consultant(`c${i}`, `O${i % 28}`, {
        languages: [['en'], ['ru', 'en'], ['zh', 'en']][i % 3],
        serviceLines: ALL_LINES.slice(i % 6, (i % 6) + 4),
        openCases: i % 7,
        lastAssignedAt: hoursFromNow(-i),
        outOfOffice: [{ from: hoursFromNow(-100 - i), to: hoursFromNow(-90 - i) }],
      }),
    );
    const rules = [
      rule('r1', { office: 'O3' }, { priority: 1, conditions: { keywords: ['sanctions', 'санкции', '制裁'] } }),
      rule('r2', { office: 'O4' }, { priority: 2, conditions: { originCountries: ['KZ'], targetCountries: ['CN'] } }),
      rule('r3', { office: 'O5' }, { priority: 3, conditions: { languages: ['zh'], targetCountries: ['RU'] } }),
    ];
    const input: RoutingInput = {
      inquiry: inquiry({
        message: 'Здравствуйте! Нам нужно открыть банковский счёт в Шанхае. '.repeat(80),
        language: 'ru',
        city: 'Shanghai',
        targetCountry: 'CN',
        originCountry: 'RU',
        serviceLines: ['bank_account', 'tax'],
      }),
      offices,
      consultants,
      rules,
      affinity: null,
    };
    expect(decideRouting(input, NOW).strategy).toBe('territory');
    expect(fastestRun(50, () => decideRouting(input, NOW))).toBeLessThan(1);
  });
});

describe('lock planning (routing-locks)', () => {
  /**
   * What RoutingService does: decide on the roster without load to pick the offices to lock, then
   * again on the locked offices' consultants with their load, locking more while the decision
   * involves an office outside the set. Returns the decision kept and the offices locked.
   */
  function routeUnderLocks(input: RoutingInput): { decision: RoutingDecision; locks: Set<string> } {
    const roster = input.consultants.map((c) => ({ ...c, openCases: 0 }));
    const locks = new Set(officesInvolved(decideRouting({ ...input, consultants: roster }, NOW), roster));
    for (;;) {
      const fresh = input.consultants.filter((c) => locks.has(c.officeId));
      const consultants = withFreshLoad(roster, fresh, [...locks]);
      const decision = decideRouting({ ...input, consultants }, NOW);
      const missing = officesInvolved(decision, consultants).filter((id) => !locks.has(id));
      if (missing.length === 0) return { decision, locks };
      missing.forEach((id) => locks.add(id));
    }
  }

  it("keeps exactly the decision made on everyone's load, and holds the lock of every office it involves", () => {
    fc.assert(
      fc.property(networkArb.filter(hasActiveOffice), (input) => {
        const { decision, locks } = routeUnderLocks(input);
        expect(decision).toEqual(decideRouting(input, NOW));
        for (const id of officesInvolved(decision, input.consultants)) expect(locks.has(id)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('locks the office of a client owner who is passed over for being at capacity', () => {
    const input: RoutingInput = {
      offices: [
        office('AAA', { countryCode: 'CN', coverageCities: ['Shanghai'] }),
        office('BBB', { countryCode: 'RU' }),
      ],
      consultants: [
        consultant('owner', 'BBB', { capacity: 1, openCases: 1 }),
        consultant('c1', 'AAA', { capacity: 5, openCases: 0 }),
      ],
      rules: [],
      affinity: { clientId: 'client', ownerId: 'owner', ownerName: 'Owner', ownerRole: 'consultant' },
      inquiry: inquiry({ city: 'Shanghai', targetCountry: 'CN' }),
    };
    const { decision, locks } = routeUnderLocks(input);
    expect(decision.consultantId).toBe('c1');
    expect(decision.affinity?.skipped).toEqual(['at_capacity']);
    expect([...locks].sort()).toEqual(['AAA', 'BBB'].map((code) => officeId(code)).sort());
  });

  it("locks the office of the contact's client's owner passed over for the email domain's client's owner", () => {
    const input: RoutingInput = {
      offices: [
        office('AAA', { countryCode: 'CN', coverageCities: ['Shanghai'] }),
        office('BBB', { countryCode: 'RU' }),
        office('CCC', { countryCode: 'IN' }),
      ],
      consultants: [
        consultant('owner', 'BBB', { capacity: 1, openCases: 1 }),
        consultant('company', 'CCC', { capacity: 5, openCases: 0 }),
        consultant('c1', 'AAA', { capacity: 5, openCases: 0 }),
      ],
      rules: [],
      affinity: { clientId: 'client', ownerId: 'owner', ownerName: 'Owner', ownerRole: 'consultant' },
      domainAffinity: { clientId: 'company', ownerId: 'company', ownerName: 'Company', ownerRole: 'consultant' },
      inquiry: inquiry({ city: 'Shanghai', targetCountry: 'CN' }),
    };
    const { decision, locks } = routeUnderLocks(input);
    expect(decision.consultantId).toBe('company');
    expect(decision.affinity?.passedOver).toEqual([{ clientId: 'client', ownerId: 'owner', skipped: ['at_capacity'] }]);
    expect([...locks].sort()).toEqual(['BBB', 'CCC'].map((code) => officeId(code)).sort());
  });
});
