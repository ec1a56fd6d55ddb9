/**
 * The data the routing policy works on and the decision it returns (shared/ROUTING.md). Plain
 * values only: the routing service maps entities to these, so the policy stays a pure function.
 */

export type Language = 'en' | 'ru' | 'zh';

/** Where a detected value came from; `none` exactly when nothing was found (null city, no service lines…). */
export type DetectionSource = 'form' | 'message' | 'none';

/** What enrichment worked out about an inquiry; stored with the decision, so it holds no personal data. */
export interface DetectedAttributes {
  language: Language;
  /** Active service-line codes, in catalog order. */
  serviceLines: string[];
  /** English canonical gazetteer name, or null. */
  city: string | null;
  /** ISO 3166-1 alpha-2, or null. */
  targetCountry: string | null;
  /** ISO 3166-1 alpha-2, as submitted. */
  originCountry: string;
  sources: {
    language: DetectionSource;
    serviceLines: DetectionSource;
    city: DetectionSource;
    targetCountry: DetectionSource;
  };
}

export interface EnrichedInquiry extends DetectedAttributes {
  /** The investor's message, needed for rule keywords. */
  message: string;
}

export interface PolicyOffice {
  id: string;
  code: string;
  name: string;
  countryCode: string;
  coverageCities: string[];
  serviceLines: string[];
  isDefault: boolean;
  active: boolean;
}

export interface PolicyConsultant {
  id: string;
  name: string;
  officeId: string;
  languages: string[];
  serviceLines: string[];
  capacity: number;
  /** Cases in a stage of category `open` right now. */
  openCases: number;
  lastAssignedAt: Date | null;
  active: boolean;
  /** Half-open periods [from, to). */
  outOfOffice: Array<{ from: Date; to: Date }>;
}

export interface RuleConditions {
  originCountries?: string[];
  targetCountries?: string[];
  serviceLines?: string[];
  languages?: string[];
  keywords?: string[];
}

export interface PolicyRule {
  id: string;
  name: string;
  priority: number;
  active: boolean;
  createdAt: Date;
  conditions: RuleConditions;
  action: { officeId: string; consultantId?: string | null };
}

export interface RoutingInput {
  inquiry: EnrichedInquiry;
  offices: PolicyOffice[];
  consultants: PolicyConsultant[];
  rules: PolicyRule[];
  /**
   * The existing client matched by contact email or company domain, found by the caller, with its
   * owner's name and role: an owner who is a manager or admin is no routing candidate (§5 selects
   * among consultants), and the explanation says so rather than calling them unknown.
   */
  affinity: AffinityOwner | null;
  /**
   * The client that holds the inquiry's company email domain, with its owner, when it is another
   * client than `affinity`'s (a contact filed under a client other than their company's): §2 holds
   * for either — "the contact's normalized email, or the company's email domain" — the contact's
   * client first. Free-mail domains belong to no client.
   */
  domainAffinity?: AffinityOwner | null;
}

export interface AffinityOwner {
  clientId: string;
  ownerId: string;
  /** Null when the owner's row is gone. */
  ownerName: string | null;
  ownerRole: 'consultant' | 'manager' | 'admin' | null;
}

export type Strategy = 'affinity' | 'rule' | 'territory' | 'fallback';

/** Why a consultant is not available (§5). */
export type UnavailabilityReason = 'inactive' | 'out_of_office' | 'at_capacity';

/**
 * Why a consultant is out of the running. `language_mismatch`: eligible, but others who speak the
 * inquiry's language were preferred.
 */
export type ExclusionReason = UnavailabilityReason | 'no_matching_service_line' | 'language_mismatch';

/** Why a client's owner or a rule's named consultant could not take the case directly. */
export type SkipReason =
  UnavailabilityReason | 'not_found' | 'not_a_consultant' | 'office_inactive' | 'not_in_rule_office';

/** The tie-breaker (§5) that put one eligible consultant ahead of another. */
export type TieBreakReason = 'lowest_utilization' | 'never_assigned' | 'least_recently_assigned' | 'lowest_id';

/** Why selection's winner won: alone in the running, or by a tie-breaker over the runner-up. */
export type DecisiveReason = 'only_eligible' | 'only_speaker' | TieBreakReason;

/** Positive facts about a candidate, why the winner won and at which tie-breaker the others lost. */
export type SelectionReason =
  | 'speaks_language'
  | 'matching_service_line'
  | 'client_owner'
  | 'named_by_rule'
  | DecisiveReason
  | 'higher_utilization'
  | 'assigned_more_recently'
  | 'higher_id';

export type CandidateReason = ExclusionReason | SelectionReason;

export interface CandidateExplanation {
  consultantId: string;
  name: string;
  officeId: string;
  eligible: boolean;
  available: boolean;
  reasons: CandidateReason[];
  speaksLanguage: boolean;
  /** openCases / capacity; 1 for a consultant without capacity. */
  utilization: number;
  openCases: number;
  capacity: number;
  lastAssignedAt: string | null;
  chosen: boolean;
}

export type TierName = 'city' | 'target_country' | 'origin_country' | 'default';

export interface TierExplanation {
  tier: 1 | 2 | 3 | 4;
  name: TierName;
  officeIds: string[];
  used: boolean;
}

export interface RoutingDecision {
  strategy: Strategy;
  ruleId: string | null;
  officeId: string;
  /** null: the office queue. */
  consultantId: string | null;
  detected: DetectedAttributes;
  /** Territory tiers tried in order, the last one used; empty when affinity or a rule decided. */
  tiers: TierExplanation[];
  /** Every consultant of the chosen office(s), best first. */
  candidates: CandidateExplanation[];
  /**
   * The client affinity offered by the caller — the one that decided, else the last one tried;
   * `skipped` says why an owner who could not take the case was passed over, and `passedOver` lists
   * the affinities tried before it (the contact's client, when the domain's client decided).
   */
  affinity: {
    clientId: string;
    ownerId: string;
    used: boolean;
    skipped: SkipReason[];
    passedOver?: Array<{ clientId: string; ownerId: string; skipped: SkipReason[] }>;
  } | null;
  /** The rule that decided; `namedConsultantSkipped` says why the consultant it names did not take the case. */
  rule: {
    id: string;
    name: string;
    priority: number;
    namedConsultantId: string | null;
    namedConsultantUsed: boolean;
    namedConsultantSkipped: SkipReason[];
  } | null;
  /** One sentence for a manager: where the case went, by which strategy, and the decisive reason. */
  summary: string;
  policyVersion: number;
}
