/**
 * The routing policy (shared/ROUTING.md §2–§5, §7) as a pure function: an enriched inquiry and a
 * snapshot of offices, consultants and rules in, one decision with its explanation out. No clock
 * (`now` is a parameter), no database, no framework, so every clause of the policy is a unit test.
 *
 * Choices where ROUTING.md is silent:
 * - A rule whose office is missing or inactive is skipped, so a retired office cannot swallow
 *   inquiries; the next matching rule (or territory) decides.
 * - A rule's named consultant is used only when available and in the rule's office; otherwise
 *   selection runs inside the rule's office, as for a rule without a consultant.
 * - A client's owner is used only when available and in an active office.
 * - The default-intake tier is the active default office(s); if none is active, the active office
 *   with the lowest code, so an inquiry always lands somewhere while any office is active.
 * - Equal rule priority and creation time fall back to the rule id; equal office code to the office
 *   id: the decision never depends on the order of the input arrays.
 * - Rule keywords match like service-line keywords: case-insensitive, on word boundaries, Russian
 *   inflections and English plurals included, Chinese anywhere.
 */
import {
  Selection,
  compareStrings,
  explainFixedAssignment,
  selectConsultant,
  unavailabilityReasons,
} from '@/routing/consultant-selection';
import { canonicalCityName } from '@/routing/gazetteer';
import { PreparedText, compileKeywords, prepareText } from '@/routing/keyword-matcher';
import { NoOfficeAvailableError } from '@/routing/routing.errors';
import { QueueChoice, SummaryFacts, summarize } from '@/routing/routing-summary';
import {
  AffinityOwner,
  CandidateExplanation,
  DetectedAttributes,
  EnrichedInquiry,
  PolicyConsultant,
  PolicyOffice,
  PolicyRule,
  RoutingDecision,
  RoutingInput,
  RuleConditions,
  SkipReason,
  Strategy,
  TierExplanation,
  TierName,
} from '@/routing/routing.types';

export const ROUTING_POLICY_VERSION = 1;

/** The input indexed once per decision. */
interface World {
  inquiry: EnrichedInquiry;
  now: Date;
  /** Active offices by code, then id. */
  activeOffices: PolicyOffice[];
  activeOfficeById: Map<string, PolicyOffice>;
  consultantById: Map<string, PolicyConsultant>;
  consultantsOf(officeIds: ReadonlySet<string>): PolicyConsultant[];
  /** The message prepared for keyword matching on first use: only keyword rules need it. */
  preparedMessage(): PreparedText;
}

interface Outcome {
  strategy: Strategy;
  office: PolicyOffice;
  consultant: PolicyConsultant | null;
  tiers: TierExplanation[];
  candidates: CandidateExplanation[];
  rule: RoutingDecision['rule'];
  how: SummaryFacts['how'];
  selection: Selection | null;
}

const compareOffices = (a: PolicyOffice, b: PolicyOffice): number =>
  compareStrings(a.code, b.code) || compareStrings(a.id, b.id);

const sameCode = (a: string, b: string): boolean => a.toUpperCase() === b.toUpperCase();

function indexWorld(input: RoutingInput, now: Date): World {
  const activeOffices = input.offices.filter((o) => o.active).sort(compareOffices);
  let prepared: PreparedText | null = null;
  return {
    inquiry: input.inquiry,
    now,
    activeOffices,
    activeOfficeById: new Map(activeOffices.map((o) => [o.id, o])),
    consultantById: new Map(input.consultants.map((c) => [c.id, c])),
    consultantsOf: (officeIds) => input.consultants.filter((c) => officeIds.has(c.officeId)),
    preparedMessage: () => (prepared ??= prepareText(input.inquiry.message)),
  };
}

/** Why the consultant cannot take the case directly in `office` (empty: they can). */
function skipReasons(
  consultant: PolicyConsultant | undefined,
  office: PolicyOffice | undefined,
  now: Date,
): SkipReason[] {
  if (!consultant) {
    return ['not_found'];
  }
  const reasons: SkipReason[] = unavailabilityReasons(consultant, now);
  if (!office) {
    reasons.push('office_inactive');
  } else if (consultant.officeId !== office.id) {
    reasons.push('not_in_rule_office');
  }
  return reasons;
}

// §2 Client affinity

interface AffinityCheck {
  explanation: RoutingDecision['affinity'];
  outcome: Outcome | null;
  skippedOwners: SummaryFacts['skippedOwners'];
}

/**
 * The contact's client's owner, else the owner of the client holding the company's email domain
 * (when that is another client): the first who can take the case gets it.
 */
function checkAffinity(
  candidates: Array<{ affinity: AffinityOwner | null | undefined; of: 'contact' | 'domain' }>,
  world: World,
): AffinityCheck {
  const tried: Array<{ clientId: string; ownerId: string; skipped: SkipReason[] }> = [];
  const skippedOwners: SummaryFacts['skippedOwners'] = [];
  for (const { affinity, of } of candidates) {
    // The domain's client owned by the owner already passed over: nothing new to try or to say.
    if (!affinity || tried.some((t) => t.ownerId === affinity.ownerId)) continue;
    const owner = world.consultantById.get(affinity.ownerId);
    const office = owner && world.activeOfficeById.get(owner.officeId);
    const skipped: SkipReason[] =
      !owner && affinity.ownerRole !== null && affinity.ownerRole !== 'consultant'
        ? ['not_a_consultant']
        : skipReasons(owner, office, world.now);
    if (!owner || !office || skipped.length > 0) {
      tried.push({ clientId: affinity.clientId, ownerId: affinity.ownerId, skipped });
      skippedOwners.push({ name: owner?.name ?? affinity.ownerName ?? affinity.ownerId, skipped, of });
      continue;
    }
    const outcome: Outcome = {
      strategy: 'affinity',
      office,
      consultant: owner,
      tiers: [],
      candidates: explainFixedAssignment(
        world.consultantsOf(new Set([office.id])),
        owner,
        'client_owner',
        world.inquiry,
        world.now,
      ),
      rule: null,
      how: { strategy: 'affinity' },
      selection: null,
    };
    const explanation = { clientId: affinity.clientId, ownerId: affinity.ownerId, used: true, skipped: [] };
    return { explanation: withPassedOver(explanation, tried), outcome, skippedOwners };
  }
  const last = tried.pop();
  const explanation = last ? withPassedOver({ ...last, used: false }, tried) : null;
  return { explanation, outcome: null, skippedOwners };
}

function withPassedOver(
  explanation: NonNullable<RoutingDecision['affinity']>,
  passedOver: Array<{ clientId: string; ownerId: string; skipped: SkipReason[] }>,
): NonNullable<RoutingDecision['affinity']> {
  return passedOver.length > 0 ? { ...explanation, passedOver } : explanation;
}

// §3 Rules

const compareRules = (a: PolicyRule, b: PolicyRule): number =>
  a.priority - b.priority || a.createdAt.getTime() - b.createdAt.getTime() || compareStrings(a.id, b.id);

const listedIgnoringCase = (list: string[], value: string): boolean => list.some((item) => sameCode(item, value));

/** Every condition the rule sets holds; an unset or empty condition always holds. Keywords are checked last, being the costliest. */
function ruleMatches(conditions: RuleConditions, world: World): boolean {
  const { inquiry } = world;
  const holds = (list: string[] | undefined, test: (list: string[]) => boolean): boolean =>
    list === undefined || list.length === 0 || test(list);
  return (
    holds(conditions.originCountries, (l) => listedIgnoringCase(l, inquiry.originCountry)) &&
    holds(
      conditions.targetCountries,
      (l) => inquiry.targetCountry !== null && listedIgnoringCase(l, inquiry.targetCountry),
    ) &&
    holds(conditions.serviceLines, (l) => inquiry.serviceLines.some((s) => l.includes(s))) &&
    holds(conditions.languages, (l) => listedIgnoringCase(l, inquiry.language)) &&
    holds(conditions.keywords, (l) => compileKeywords(l).matches(world.preparedMessage()))
  );
}

function ruleOutcome(rules: ReadonlyArray<PolicyRule>, world: World): Outcome | null {
  const rule = rules
    .filter((r) => r.active && world.activeOfficeById.has(r.action.officeId))
    .sort(compareRules)
    .find((r) => ruleMatches(r.conditions, world));
  const office = rule && world.activeOfficeById.get(rule.action.officeId);
  if (!rule || !office) {
    return null;
  }
  const namedId = rule.action.consultantId ?? null;
  const named = namedId === null ? undefined : world.consultantById.get(namedId);
  const skipped = namedId === null ? [] : skipReasons(named, office, world.now);
  const namedUsable = named !== undefined && skipped.length === 0;
  const explanation = {
    id: rule.id,
    name: rule.name,
    priority: rule.priority,
    namedConsultantId: namedId,
    namedConsultantUsed: namedUsable,
    namedConsultantSkipped: skipped,
  };
  const officeConsultants = world.consultantsOf(new Set([office.id]));
  if (named && namedUsable) {
    return {
      strategy: 'rule',
      office,
      consultant: named,
      tiers: [],
      candidates: explainFixedAssignment(officeConsultants, named, 'named_by_rule', world.inquiry, world.now),
      rule: explanation,
      how: { strategy: 'rule', ruleName: rule.name, namedConsultant: null },
      selection: null,
    };
  }
  const selection = selectConsultant(officeConsultants, world.inquiry, world.now);
  return {
    strategy: 'rule',
    office,
    consultant: selection.winner,
    tiers: [],
    candidates: selection.candidates,
    rule: explanation,
    how: {
      strategy: 'rule',
      ruleName: rule.name,
      namedConsultant: namedId === null ? null : { name: named?.name ?? namedId, skipped },
    },
    selection,
  };
}

// §4 Territory

interface Tier {
  tier: TierExplanation['tier'];
  name: TierName;
  offices: () => PolicyOffice[];
}

function territoryTiers(world: World): Tier[] {
  const { inquiry, activeOffices } = world;
  const wanted = inquiry.serviceLines;
  const offering =
    wanted.length === 0 ? activeOffices : activeOffices.filter((o) => wanted.some((s) => o.serviceLines.includes(s)));
  const city = inquiry.city === null ? null : canonicalCityName(inquiry.city);
  const { targetCountry, originCountry } = inquiry;
  return [
    {
      tier: 1,
      name: 'city',
      offices: () =>
        city === null ? [] : offering.filter((o) => o.coverageCities.some((c) => canonicalCityName(c) === city)),
    },
    {
      tier: 2,
      name: 'target_country',
      offices: () => (targetCountry === null ? [] : offering.filter((o) => sameCode(o.countryCode, targetCountry))),
    },
    { tier: 3, name: 'origin_country', offices: () => offering.filter((o) => sameCode(o.countryCode, originCountry)) },
    { tier: 4, name: 'default', offices: () => defaultIntakeOffices(activeOffices) },
  ];
}

/** The active default-intake office(s), whatever they offer; without one, the lowest-coded active office. */
function defaultIntakeOffices(activeOffices: PolicyOffice[]): PolicyOffice[] {
  const defaults = activeOffices.filter((o) => o.isDefault);
  return defaults.length > 0 ? defaults : activeOffices.slice(0, 1);
}

/**
 * With nobody eligible in the tier: the office offering most of the wanted service lines, then the
 * lowest code — and which of the two decided, for the explanation.
 */
function queueOffice(offices: PolicyOffice[], wanted: string[]): { office: PolicyOffice; decidedBy: QueueChoice } {
  const offered = (o: PolicyOffice): number => wanted.filter((s) => o.serviceLines.includes(s)).length;
  const [first, second] = [...offices].sort((a, b) => offered(b) - offered(a) || compareOffices(a, b));
  const decidedBy = second && offered(first) > offered(second) ? 'most_service_lines' : 'lowest_code';
  return { office: first, decidedBy };
}

function territoryOutcome(world: World): Outcome {
  const considered: TierExplanation[] = [];
  for (const tier of territoryTiers(world)) {
    const offices = tier.offices();
    considered.push({
      tier: tier.tier,
      name: tier.name,
      officeIds: offices.map((o) => o.id),
      used: offices.length > 0,
    });
    if (offices.length === 0) {
      continue;
    }
    const selection = selectConsultant(
      world.consultantsOf(new Set(offices.map((o) => o.id))),
      world.inquiry,
      world.now,
    );
    const winnerOffice = selection.winner && world.activeOfficeById.get(selection.winner.officeId);
    const queue = winnerOffice ? null : queueOffice(offices, world.inquiry.serviceLines);
    const office = winnerOffice ?? queue!.office;
    const how: SummaryFacts['how'] =
      tier.name === 'default'
        ? { strategy: 'fallback', defaultOfficeActive: offices.some((o) => o.isDefault) }
        : {
            strategy: 'territory',
            tier: tier.name,
            officeCount: offices.length,
            queueChoice: queue?.decidedBy ?? null,
            serviceLinesWanted: world.inquiry.serviceLines.length > 0,
          };
    return {
      strategy: how.strategy,
      office,
      consultant: selection.winner,
      tiers: considered,
      candidates: selection.candidates,
      rule: null,
      how,
      selection,
    };
  }
  // Unreachable while an office is active: the default tier always holds one.
  throw new NoOfficeAvailableError();
}

function detectedOf(inquiry: EnrichedInquiry): DetectedAttributes {
  const { language, serviceLines, city, targetCountry, originCountry, sources } = inquiry;
  return { language, serviceLines: [...serviceLines], city, targetCountry, originCountry, sources: { ...sources } };
}

/**
 * Decides where an inquiry goes: client affinity (§2), else the first matching rule (§3), else the
 * first non-empty territory tier (§4), with consultant selection (§5) wherever the consultant is
 * not fixed. Throws NoOfficeAvailableError when no office is active.
 */
export function decideRouting(input: RoutingInput, now: Date): RoutingDecision {
  const world = indexWorld(input, now);
  if (world.activeOffices.length === 0) {
    throw new NoOfficeAvailableError();
  }
  const affinity = checkAffinity(
    [
      { affinity: input.affinity, of: 'contact' },
      { affinity: input.domainAffinity, of: 'domain' },
    ],
    world,
  );
  const outcome = affinity.outcome ?? ruleOutcome(input.rules, world) ?? territoryOutcome(world);
  const detected = detectedOf(input.inquiry);
  return {
    strategy: outcome.strategy,
    ruleId: outcome.rule?.id ?? null,
    officeId: outcome.office.id,
    consultantId: outcome.consultant?.id ?? null,
    detected,
    tiers: outcome.tiers,
    candidates: outcome.candidates,
    affinity: affinity.explanation,
    rule: outcome.rule,
    summary: summarize({
      office: outcome.office,
      consultant: outcome.consultant,
      detected,
      how: outcome.how,
      selection: outcome.selection,
      skippedOwners: affinity.skippedOwners,
    }),
    policyVersion: ROUTING_POLICY_VERSION,
  };
}
