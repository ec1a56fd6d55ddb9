/**
 * The one-sentence summary a manager reads on a case: where it went, by which strategy, and the
 * reason that decided it, e.g. "Assigned to Olga Ivanova at SHA (Shanghai) by territory (covers
 * Shanghai): the only eligible Russian speaker."
 */
import { Selection } from '@/routing/consultant-selection';
import {
  DetectedAttributes,
  ExclusionReason,
  Language,
  PolicyConsultant,
  PolicyOffice,
  SkipReason,
  TierName,
} from '@/routing/routing.types';

export type QueueChoice = 'most_service_lines' | 'lowest_code';

export interface SummaryFacts {
  office: PolicyOffice;
  consultant: PolicyConsultant | null;
  detected: DetectedAttributes;
  how:
    | { strategy: 'affinity' }
    | { strategy: 'rule'; ruleName: string; namedConsultant: { name: string; skipped: SkipReason[] } | null }
    | {
        strategy: 'territory';
        tier: Exclude<TierName, 'default'>;
        officeCount: number;
        /** With nobody eligible across several offices: what chose the office whose queue gets the case. */
        queueChoice: QueueChoice | null;
        serviceLinesWanted: boolean;
      }
    | { strategy: 'fallback'; defaultOfficeActive: boolean };
  /** The selection that picked the consultant; null when the consultant was fixed (owner, named by the rule). */
  selection: Selection | null;
  /**
   * The client owners passed over, in the order tried: the owner of the contact's client, then of
   * the client holding the company's email domain (when that is another client).
   */
  skippedOwners: Array<{ name: string; skipped: SkipReason[]; of: 'contact' | 'domain' }>;
}

const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { en: 'English', ru: 'Russian', zh: 'Chinese' };

const REASON_TEXT: Readonly<Record<SkipReason | ExclusionReason, string>> = {
  inactive: 'inactive',
  out_of_office: 'out of office',
  at_capacity: 'at capacity',
  no_matching_service_line: 'without a matching service line',
  language_mismatch: 'not speaking the language',
  not_found: 'unknown',
  not_a_consultant: 'a manager or admin, who takes no routed cases',
  office_inactive: 'in an inactive office',
  not_in_rule_office: "not in the rule's office",
};

const percent = (utilization: number): string => `${Math.round(utilization * 100)}%`;

function lead(office: PolicyOffice, consultant: PolicyConsultant | null): string {
  const where = `${office.code} (${office.name})`;
  return consultant ? `Assigned to ${consultant.name} at ${where}` : `Sent to the office queue of ${where}`;
}

function strategyClause(facts: SummaryFacts): string {
  const { how, detected } = facts;
  switch (how.strategy) {
    case 'affinity':
      return 'by client affinity';
    case 'rule': {
      const named = how.namedConsultant
        ? ` (its named consultant ${how.namedConsultant.name} is ${describe(how.namedConsultant.skipped)})`
        : '';
      return `by rule "${how.ruleName}"${named}`;
    }
    case 'territory': {
      const where =
        how.tier === 'city'
          ? `covers ${detected.city}`
          : how.tier === 'target_country'
            ? `in target country ${detected.targetCountry}`
            : `in origin country ${detected.originCountry}`;
      const among =
        how.officeCount <= 1
          ? ''
          : facts.consultant
            ? `, best consultant across ${how.officeCount} such offices`
            : how.queueChoice === 'most_service_lines'
              ? `, of ${how.officeCount} such offices the one offering most of the wanted service lines`
              : `, the first by code of ${how.officeCount} such offices${
                  how.serviceLinesWanted ? ', none offering more of the wanted service lines' : ''
                }`;
      return `by territory (${where}${among})`;
    }
    case 'fallback':
      return how.defaultOfficeActive
        ? 'by fallback to the default-intake office, as no office serves the city, target country or origin country'
        : 'by fallback to the lowest-coded active office, as no office serves the city, target country or origin country and no default-intake office is active';
  }
}

function describe(reasons: ReadonlyArray<SkipReason | ExclusionReason>): string {
  return reasons.map((r) => REASON_TEXT[r]).join(' and ');
}

const EXCLUSIONS: ReadonlySet<string> = new Set<ExclusionReason>([
  'inactive',
  'out_of_office',
  'at_capacity',
  'no_matching_service_line',
  'language_mismatch',
]);
const isExclusion = (reason: string): reason is ExclusionReason => EXCLUSIONS.has(reason);

/** "1 at capacity, 2 without a matching service line": each ineligible consultant counted under their first reason. */
function countExclusions(selection: Selection): string {
  const counts = new Map<string, number>();
  for (const candidate of selection.candidates) {
    const first = candidate.reasons.find(isExclusion);
    if (first) {
      counts.set(REASON_TEXT[first], (counts.get(REASON_TEXT[first]) ?? 0) + 1);
    }
  }
  return Array.from(counts, ([text, n]) => `${n} ${text}`).join(', ');
}

function selectionClause(selection: Selection, language: Language): string {
  const lang = LANGUAGE_NAMES[language];
  const reason = selection.decisiveReason;
  if (reason === null) {
    return selection.candidates.length === 0
      ? 'the office has no consultants'
      : `nobody is eligible (${countExclusions(selection)})`;
  }
  const pool = selection.languageRelaxed ? `consultants (none speaks ${lang})` : `${lang} speakers`;
  const utilization = percent(selection.candidates[0].utilization);
  switch (reason) {
    case 'only_eligible':
      return selection.languageRelaxed
        ? `the only eligible consultant, though not a ${lang} speaker`
        : 'the only eligible consultant';
    case 'only_speaker':
      return `the only eligible ${lang} speaker`;
    case 'lowest_utilization':
      return `the lowest utilization (${utilization}) among eligible ${pool}`;
    case 'never_assigned':
      return `tied at the lowest utilization (${utilization}) among eligible ${pool}, and never assigned a case`;
    case 'least_recently_assigned':
      return `tied at the lowest utilization (${utilization}) among eligible ${pool}, and assigned least recently`;
    case 'lowest_id':
      return `tied at the lowest utilization (${utilization}) and last assignment among eligible ${pool}, and lowest id`;
  }
}

function reasonClause(facts: SummaryFacts): string {
  if (facts.selection) {
    return selectionClause(facts.selection, facts.detected.language);
  }
  return facts.how.strategy === 'affinity' ? 'they own the existing client' : 'the rule names them';
}

export function summarize(facts: SummaryFacts): string {
  const owners = facts.skippedOwners.map((o) =>
    o.of === 'contact'
      ? `the client's owner ${o.name} is ${describe(o.skipped)}`
      : `the owner of the client with the email's domain, ${o.name}, is ${describe(o.skipped)}`,
  );
  const owner = owners.length > 0 ? ` (${owners.join('; ')})` : '';
  return `${lead(facts.office, facts.consultant)} ${strategyClause(facts)}${owner}: ${reasonClause(facts)}.`;
}
