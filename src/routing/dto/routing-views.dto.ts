/** What the routing routes answer: rules, and decisions with their explanation (documentation classes). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RoutingRuleView } from '../routing-rules.service';
import type {
  CandidateExplanation,
  CandidateReason,
  DetectedAttributes,
  DetectionSource,
  Language,
  RoutingDecision,
  SkipReason,
  Strategy,
  TierExplanation,
  TierName,
} from '../routing.types';

const LANGUAGES: readonly Language[] = ['en', 'ru', 'zh'];
const STRATEGIES: readonly Strategy[] = ['affinity', 'rule', 'territory', 'fallback'];
const DETECTION_SOURCES: readonly DetectionSource[] = ['form', 'message', 'none'];
const TIER_NAMES: readonly TierName[] = ['city', 'target_country', 'origin_country', 'default'];
const SKIP_REASONS: readonly SkipReason[] = [
  'inactive',
  'out_of_office',
  'at_capacity',
  'not_found',
  'not_a_consultant',
  'office_inactive',
  'not_in_rule_office',
];
const CANDIDATE_REASONS: readonly CandidateReason[] = [
  'inactive',
  'out_of_office',
  'at_capacity',
  'no_matching_service_line',
  'language_mismatch',
  'speaks_language',
  'matching_service_line',
  'client_owner',
  'named_by_rule',
  'only_eligible',
  'only_speaker',
  'lowest_utilization',
  'never_assigned',
  'least_recently_assigned',
  'lowest_id',
  'higher_utilization',
  'assigned_more_recently',
  'higher_id',
];

export class RuleConditionsView {
  @ApiPropertyOptional({ type: [String], example: ['KZ'] }) originCountries?: string[];
  @ApiPropertyOptional({ type: [String], example: ['CN'] }) targetCountries?: string[];
  @ApiPropertyOptional({ type: [String], example: ['trade_customs'] }) serviceLines?: string[];
  @ApiPropertyOptional({ type: [String], example: ['ru'] }) languages?: string[];
  @ApiPropertyOptional({ type: [String], example: ['sanctions'] }) keywords?: string[];
}

export class RuleActionView {
  @ApiProperty({ format: 'uuid' }) officeId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) consultantId: string | null;
}

/** A routing rule as the rule routes answer it. */
export class RuleView implements RoutingRuleView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Sanctions questions go to the Moscow compliance lead' }) name: string;
  @ApiProperty({ example: 10, description: 'lower runs first; ties: older rule first' }) priority: number;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: RuleConditionsView, description: 'unset conditions hold always' })
  conditions: RuleConditionsView;
  @ApiProperty({ type: RuleActionView }) action: RuleActionView;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ example: 1, description: 'optimistic lock: send it back with PATCH' }) version: number;
}

export class RulePage {
  @ApiProperty({ type: [RuleView] }) data: RuleView[];
  @ApiProperty({ example: 4 }) total: number;
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 25 }) pageSize: number;
}

export class DetectionSourcesView {
  @ApiProperty({ enum: DETECTION_SOURCES }) language: DetectionSource;
  @ApiProperty({ enum: DETECTION_SOURCES }) serviceLines: DetectionSource;
  @ApiProperty({ enum: DETECTION_SOURCES }) city: DetectionSource;
  @ApiProperty({ enum: DETECTION_SOURCES }) targetCountry: DetectionSource;
}

export class DetectedAttributesView implements DetectedAttributes {
  @ApiProperty({ enum: LANGUAGES }) language: Language;
  @ApiProperty({ type: [String], example: ['bank_account'], description: 'service-line codes, in catalog order' })
  serviceLines: string[];
  @ApiProperty({ type: String, nullable: true, example: 'Shanghai', description: 'the gazetteer’s English name' })
  city: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'CN' }) targetCountry: string | null;
  @ApiProperty({ example: 'KZ' }) originCountry: string;
  @ApiProperty({ type: DetectionSourcesView, description: 'where each value came from' })
  sources: DetectionSourcesView;
}

export class TierView implements TierExplanation {
  @ApiProperty({ enum: [1, 2, 3, 4] }) tier: 1 | 2 | 3 | 4;
  @ApiProperty({ enum: TIER_NAMES }) name: TierName;
  @ApiProperty({ type: [String], format: 'uuid' }) officeIds: string[];
  @ApiProperty({ description: 'the tier that decided' }) used: boolean;
}

export class CandidateView implements CandidateExplanation {
  @ApiProperty({ format: 'uuid' }) consultantId: string;
  @ApiProperty({ example: 'Wang Lei' }) name: string;
  @ApiProperty({ format: 'uuid' }) officeId: string;
  @ApiProperty() eligible: boolean;
  @ApiProperty() available: boolean;
  @ApiProperty({ enum: CANDIDATE_REASONS, isArray: true }) reasons: CandidateReason[];
  @ApiProperty() speaksLanguage: boolean;
  @ApiProperty({ example: 0.25, description: 'openCases ÷ capacity; 1 without capacity' }) utilization: number;
  @ApiProperty({ example: 3 }) openCases: number;
  @ApiProperty({ example: 12 }) capacity: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastAssignedAt: string | null;
  @ApiProperty() chosen: boolean;
}

export class PassedOverAffinityView {
  @ApiProperty({ format: 'uuid' }) clientId: string;
  @ApiProperty({ format: 'uuid' }) ownerId: string;
  @ApiProperty({ enum: SKIP_REASONS, isArray: true, description: 'why the owner was passed over' })
  skipped: SkipReason[];
}

export class AffinityView {
  @ApiProperty({ format: 'uuid' }) clientId: string;
  @ApiProperty({ format: 'uuid' }) ownerId: string;
  @ApiProperty() used: boolean;
  @ApiProperty({ enum: SKIP_REASONS, isArray: true, description: 'why the owner was passed over' })
  skipped: SkipReason[];
  @ApiPropertyOptional({
    type: [PassedOverAffinityView],
    description:
      'affinities tried before this one: the contact’s client’s owner, when the client holding the email’s domain (another client) decided or was tried last',
  })
  passedOver?: PassedOverAffinityView[];
}

export class DecidingRuleView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() priority: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) namedConsultantId: string | null;
  @ApiProperty() namedConsultantUsed: boolean;
  @ApiProperty({ enum: SKIP_REASONS, isArray: true }) namedConsultantSkipped: SkipReason[];
}

/** The decision routing gives an inquiry and its explanation. */
export class RoutingDecisionView implements RoutingDecision {
  @ApiProperty({ enum: STRATEGIES }) strategy: Strategy;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) ruleId: string | null;
  @ApiProperty({ format: 'uuid' }) officeId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null: the office queue' })
  consultantId: string | null;
  @ApiProperty({ type: DetectedAttributesView }) detected: DetectedAttributesView;
  @ApiProperty({
    type: [TierView],
    description: 'territory tiers tried in order; empty when affinity or a rule decided',
  })
  tiers: TierView[];
  @ApiProperty({ type: [CandidateView], description: 'every consultant of the chosen office(s), best first' })
  candidates: CandidateView[];
  @ApiProperty({ type: AffinityView, nullable: true }) affinity: AffinityView | null;
  @ApiProperty({ type: DecidingRuleView, nullable: true }) rule: DecidingRuleView | null;
  @ApiProperty({
    example: 'Routed to Shanghai (SHA) by territory (target country CN); Wang Lei had the lowest utilization.',
    description: 'one readable sentence',
  })
  summary: string;
  @ApiProperty({ example: 1 }) policyVersion: number;
}

/** The stored decision of a case. */
export class CaseRoutingView extends RoutingDecisionView {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ format: 'date-time' }) decidedAt: string;
}
