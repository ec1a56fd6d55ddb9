/**
 * Consultant availability, eligibility and selection (shared/ROUTING.md §5), with the per-candidate
 * reasons the stored explanation shows.
 */
import {
  CandidateExplanation,
  CandidateReason,
  DecisiveReason,
  DetectedAttributes,
  ExclusionReason,
  PolicyConsultant,
  SelectionReason,
  TieBreakReason,
  UnavailabilityReason,
} from '@/routing/routing.types';

/** What selection needs to know about the inquiry. */
export type SelectionInquiry = Pick<DetectedAttributes, 'language' | 'serviceLines'>;

interface Evaluation {
  consultant: PolicyConsultant;
  available: boolean;
  eligible: boolean;
  speaksLanguage: boolean;
  /** Why the consultant is not available or not eligible, in the order the policy checks them. */
  exclusions: ExclusionReason[];
  matchesServiceLine: boolean;
  utilization: number;
}

function isOutOfOffice(consultant: PolicyConsultant, now: Date): boolean {
  const t = now.getTime();
  return consultant.outOfOffice.some((p) => p.from.getTime() <= t && t < p.to.getTime());
}

/** Why the consultant is not available; available means active, not out of office now, and below capacity. */
export function unavailabilityReasons(consultant: PolicyConsultant, now: Date): UnavailabilityReason[] {
  const reasons: UnavailabilityReason[] = [];
  if (!consultant.active) {
    reasons.push('inactive');
  }
  if (isOutOfOffice(consultant, now)) {
    reasons.push('out_of_office');
  }
  if (consultant.openCases >= consultant.capacity) {
    reasons.push('at_capacity');
  }
  return reasons;
}

/** openCases / capacity; a consultant without capacity counts as full. */
function utilizationOf(consultant: PolicyConsultant): number {
  return consultant.capacity > 0 ? consultant.openCases / consultant.capacity : 1;
}

function speaks(consultant: PolicyConsultant, language: string): boolean {
  return consultant.languages.some((l) => l.toLowerCase() === language);
}

function evaluate(consultant: PolicyConsultant, inquiry: SelectionInquiry, now: Date): Evaluation {
  const exclusions: ExclusionReason[] = unavailabilityReasons(consultant, now);
  const available = exclusions.length === 0;
  const serviceLineKnown = inquiry.serviceLines.length > 0;
  const matchesServiceLine = serviceLineKnown && inquiry.serviceLines.some((s) => consultant.serviceLines.includes(s));
  if (serviceLineKnown && !matchesServiceLine) {
    exclusions.push('no_matching_service_line');
  }
  return {
    consultant,
    available,
    eligible: exclusions.length === 0,
    speaksLanguage: speaks(consultant, inquiry.language),
    exclusions,
    matchesServiceLine,
    utilization: utilizationOf(consultant),
  };
}

/** Code-unit order, the same on every machine (localeCompare is not). */
export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Never assigned sorts first, then the oldest assignment. */
function compareLastAssigned(a: Date | null, b: Date | null): number {
  if (a === null || b === null) {
    return a === b ? 0 : a === null ? -1 : 1;
  }
  return a.getTime() - b.getTime();
}

/** The §5 tie-breakers after the language filter: utilization, then least recently assigned, then id. */
function compareEvaluations(a: Evaluation, b: Evaluation): number {
  return (
    a.utilization - b.utilization ||
    compareLastAssigned(a.consultant.lastAssignedAt, b.consultant.lastAssignedAt) ||
    compareStrings(a.consultant.id, b.consultant.id)
  );
}

/** Which tie-breaker puts `better` ahead of `worse`. */
function winningStep(better: Evaluation, worse: Evaluation): TieBreakReason {
  if (better.utilization !== worse.utilization) {
    return 'lowest_utilization';
  }
  if (compareLastAssigned(better.consultant.lastAssignedAt, worse.consultant.lastAssignedAt) !== 0) {
    return better.consultant.lastAssignedAt === null ? 'never_assigned' : 'least_recently_assigned';
  }
  return 'lowest_id';
}

function decisiveReasonOf(
  winner: Evaluation,
  runnerUp: Evaluation | undefined,
  othersDropped: boolean,
): DecisiveReason {
  if (runnerUp) {
    return winningStep(winner, runnerUp);
  }
  return othersDropped ? 'only_speaker' : 'only_eligible';
}

/** The same tie-breaker from the loser's side. */
function losingStep(winner: Evaluation, loser: Evaluation): SelectionReason {
  switch (winningStep(winner, loser)) {
    case 'lowest_utilization':
      return 'higher_utilization';
    case 'lowest_id':
      return 'higher_id';
    case 'never_assigned':
    case 'least_recently_assigned':
      return 'assigned_more_recently';
  }
}

function baseReasons(e: Evaluation): CandidateReason[] {
  const reasons: CandidateReason[] = [...e.exclusions];
  if (e.speaksLanguage) {
    reasons.push('speaks_language');
  }
  if (e.matchesServiceLine) {
    reasons.push('matching_service_line');
  }
  return reasons;
}

function explain(e: Evaluation, extra: CandidateReason[], chosen: boolean): CandidateExplanation {
  const c = e.consultant;
  return {
    consultantId: c.id,
    name: c.name,
    officeId: c.officeId,
    eligible: e.eligible,
    available: e.available,
    reasons: [...baseReasons(e), ...extra],
    speaksLanguage: e.speaksLanguage,
    utilization: e.utilization,
    openCases: c.openCases,
    capacity: c.capacity,
    lastAssignedAt: c.lastAssignedAt?.toISOString() ?? null,
    chosen,
  };
}

const byConsultantId = (a: Evaluation, b: Evaluation): number => compareStrings(a.consultant.id, b.consultant.id);

export interface Selection {
  /** null: nobody is eligible, the case waits in the office queue. */
  winner: PolicyConsultant | null;
  /** Why the winner beat the others; null when there is no winner. */
  decisiveReason: DecisiveReason | null;
  /** Nobody eligible speaks the inquiry's language, so the language preference was dropped. */
  languageRelaxed: boolean;
  /** Everyone considered: the ranked pool first (winner on top), then eligible non-speakers, then the ineligible by id. */
  candidates: CandidateExplanation[];
}

/** §5: keep speakers of the inquiry's language if any is eligible, then lowest utilization, least recently assigned, lowest id. */
export function selectConsultant(
  consultants: ReadonlyArray<PolicyConsultant>,
  inquiry: SelectionInquiry,
  now: Date,
): Selection {
  const evaluations = consultants.map((c) => evaluate(c, inquiry, now));
  const eligible = evaluations.filter((e) => e.eligible).sort(compareEvaluations);
  const speakers = eligible.filter((e) => e.speaksLanguage);
  const pool = speakers.length > 0 ? speakers : eligible;
  const dropped = eligible.filter((e) => !pool.includes(e));
  const ineligible = evaluations.filter((e) => !e.eligible).sort(byConsultantId);
  const winner = pool.at(0);
  const runnerUp = pool.at(1);
  const decisiveReason = winner ? decisiveReasonOf(winner, runnerUp, dropped.length > 0) : null;
  const ranked = pool.map((e, i) =>
    i === 0 && decisiveReason ? explain(e, [decisiveReason], true) : explain(e, [losingStep(pool[0], e)], false),
  );
  const candidates = [
    ...ranked,
    ...dropped.map((e) => explain(e, ['language_mismatch'], false)),
    ...ineligible.map((e) => explain(e, [], false)),
  ];
  return {
    winner: winner?.consultant ?? null,
    decisiveReason,
    languageRelaxed: speakers.length === 0 && eligible.length > 0,
    candidates,
  };
}

/**
 * The explanation when the consultant was fixed before selection (client owner, or named by a
 * rule): the chosen one first, then the others as selection would have ranked them.
 */
export function explainFixedAssignment(
  consultants: ReadonlyArray<PolicyConsultant>,
  chosen: PolicyConsultant,
  why: SelectionReason,
  inquiry: SelectionInquiry,
  now: Date,
): CandidateExplanation[] {
  const evaluations = consultants.filter((c) => c.id !== chosen.id).map((c) => evaluate(c, inquiry, now));
  return [
    explain(evaluate(chosen, inquiry, now), [why], true),
    ...evaluations
      .filter((e) => e.eligible)
      .sort(compareEvaluations)
      .map((e) => explain(e, [], false)),
    ...evaluations
      .filter((e) => !e.eligible)
      .sort(byConsultantId)
      .map((e) => explain(e, [], false)),
  ];
}
