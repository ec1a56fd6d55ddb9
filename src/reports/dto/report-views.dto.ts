/**
 * The JSON answers of the seven reports, shaped for a charting UI: one array per chart series,
 * stages in pipeline order, money per currency as decimal strings (never converted, never summed
 * across currencies), ratios as numbers between 0 and 1, durations as numbers of days or hours.
 */
import { ApiProperty } from '@nestjs/swagger';

export class ReportFiltersView {
  @ApiProperty({ nullable: true, type: String, description: 'resolved start of the period (inclusive), UTC' }) from:
    string | null;
  @ApiProperty({ nullable: true, type: String, description: 'resolved end of the period (exclusive), UTC' }) to:
    string | null;
  @ApiProperty({ nullable: true, type: String }) officeId: string | null;
  @ApiProperty({ nullable: true, type: String }) consultantId: string | null;
  @ApiProperty({ nullable: true, type: String }) serviceLine: string | null;
  @ApiProperty({ nullable: true, type: String }) originCountry: string | null;
  @ApiProperty({ description: 'the instant "now" stood for: ages, open durations and breaches are measured to it' })
  asOf: string;
}

export class CurrencyValue {
  @ApiProperty({ example: 'USD', description: 'ISO 4217' }) currency: string;
  @ApiProperty({ description: 'cases with a value in this currency' }) count: number;
  @ApiProperty({ example: '125000.00', description: 'sum of estimated values, decimal string' }) value: string;
  @ApiProperty({ example: '75000.00', description: 'sum of value × stage probability / 100, rounded to the cent' })
  weightedValue: string;
}

export class PipelineGroup {
  @ApiProperty() count: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'mean case age in days (2 decimals); null when count is 0',
  })
  avgAgeDays: number | null;
  @ApiProperty({ description: 'cases without an estimated value (counted, in no currency)' }) withoutValue: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { USD: '125000.00', EUR: '30000.50' },
    description:
      'sum of estimated values per currency (ISO 4217 → decimal string), never converted; byCurrency has the same with counts',
  })
  value: Record<string, string>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { USD: '75000.00', EUR: '12000.20' },
    description: 'sum of value × stage probability / 100 per currency, rounded to the cent',
  })
  weightedValue: Record<string, string>;
  @ApiProperty({ type: [CurrencyValue] }) byCurrency: CurrencyValue[];
}

export class PipelineStage extends PipelineGroup {
  @ApiProperty({ example: 'proposal' }) code: string;
  @ApiProperty({ example: 'Proposal' }) name: string;
  @ApiProperty({ enum: ['open', 'won', 'lost'] }) category: string;
  @ApiProperty({ example: 40 }) position: number;
  @ApiProperty({ example: 60, description: 'win probability in percent' }) probability: number;
}

export class PipelineCategories {
  @ApiProperty({ type: PipelineGroup }) open: PipelineGroup;
  @ApiProperty({ type: PipelineGroup }) won: PipelineGroup;
  @ApiProperty({ type: PipelineGroup }) lost: PipelineGroup;
}

export class PipelineReport {
  @ApiProperty({ type: [PipelineStage], description: 'every stage in pipeline order, empty ones included' })
  stages: PipelineStage[];
  @ApiProperty({
    type: PipelineCategories,
    description: 'the same figures per stage category; `open` is the live pipeline',
  })
  categories: PipelineCategories;
  @ApiProperty({ type: PipelineGroup }) totals: PipelineGroup;
  @ApiProperty({ type: ReportFiltersView }) filters: ReportFiltersView;
}

export class FunnelCohort {
  @ApiProperty({ description: 'cases created in the period' }) cases: number;
  @ApiProperty({ description: 'of them, now in an open stage' }) open: number;
  @ApiProperty({ description: 'now in a won stage' }) won: number;
  @ApiProperty({ description: 'now in a lost stage' }) lost: number;
}

export class FunnelStage {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['open', 'won', 'lost'] }) category: string;
  @ApiProperty() position: number;
  @ApiProperty({ description: 'cohort cases with a stage event into this stage, at any time up to now' })
  reached: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'reached ÷ reached of the previous open or won stage (4 decimals); null for the first stage, lost stages, or a previous stage nobody reached. Can exceed 1 when cases skip the previous stage.',
  })
  conversionFromPrevious: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'reached ÷ cohort cases (4 decimals); null for an empty cohort',
  })
  shareOfCohort: number | null;
}

export class FunnelReport {
  @ApiProperty({ type: FunnelCohort }) cohort: FunnelCohort;
  @ApiProperty({ type: [FunnelStage] }) stages: FunnelStage[];
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'won ÷ (won + lost) among the cohort, by current stage; null when none is decided',
  })
  winRate: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'won ÷ all cohort cases; null for an empty cohort' })
  winRateOfCreated: number | null;
  @ApiProperty({ type: ReportFiltersView }) filters: ReportFiltersView;
}

export class VelocityStage {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() position: number;
  @ApiProperty({ description: 'stays in this stage (a case that re-enters it counts again)' }) visits: number;
  @ApiProperty({ nullable: true, type: Number, description: 'median days spent (2 decimals)' }) medianDays:
    number | null;
  @ApiProperty({ nullable: true, type: Number, description: '90th percentile of days spent (2 decimals)' }) p90Days:
    number | null;
}

export class VelocityFirstResponse {
  @ApiProperty({ description: 'cohort cases with a first response' }) cases: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'median business hours from creation to first response, in the office calendar',
  })
  medianBusinessHours: number | null;
  @ApiProperty({ nullable: true, type: Number }) p90BusinessHours: number | null;
}

export class VelocityToWin {
  @ApiProperty({ description: 'cohort cases now in a won stage' }) cases: number;
  @ApiProperty({ nullable: true, type: Number, description: 'median days from creation to closing as won' })
  medianDays: number | null;
  @ApiProperty({ nullable: true, type: Number }) p90Days: number | null;
}

export class VelocityReport {
  @ApiProperty({ type: [VelocityStage], description: 'open stages in pipeline order' }) stages: VelocityStage[];
  @ApiProperty({ type: VelocityFirstResponse }) firstResponse: VelocityFirstResponse;
  @ApiProperty({ type: VelocityToWin }) toWin: VelocityToWin;
  @ApiProperty({ type: ReportFiltersView }) filters: ReportFiltersView;
}

export class SlaCompliance {
  @ApiProperty({ description: 'cases whose first-response deadline falls in the period' }) due: number;
  @ApiProperty({ description: 'first response at or before the deadline' }) met: number;
  @ApiProperty({ description: 'answered late, or unanswered with the deadline passed' }) missed: number;
  @ApiProperty({ description: 'unanswered, deadline still ahead: not yet judged' }) pending: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'met ÷ (met + missed), 4 decimals; null when nothing is judged yet',
  })
  compliance: number | null;
}

export class SlaOffice extends SlaCompliance {
  @ApiProperty() officeId: string;
  @ApiProperty() officeCode: string;
  @ApiProperty() officeName: string;
}

export class SlaConsultant extends SlaCompliance {
  @ApiProperty({ nullable: true, type: String, description: 'null: cases waiting in an office queue' }) consultantId:
    string | null;
  @ApiProperty({ nullable: true, type: String }) consultantName: string | null;
}

export class BreachedCase {
  @ApiProperty() id: string;
  @ApiProperty() reference: string;
  @ApiProperty() officeId: string;
  @ApiProperty() officeCode: string;
  @ApiProperty({ nullable: true, type: String }) consultantId: string | null;
  @ApiProperty({ nullable: true, type: String }) consultantName: string | null;
  @ApiProperty() stage: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() firstResponseDueAt: string;
  @ApiProperty({ description: 'wall-clock hours since the deadline (2 decimals)' }) overdueHours: number;
}

export class SlaReport {
  @ApiProperty({ type: SlaCompliance }) totals: SlaCompliance;
  @ApiProperty({
    type: [SlaOffice],
    description:
      'a flagged miss by the office the case was in when it was flagged (a breached case sent to another office stays the first office’s miss), every other case by its current office',
  })
  byOffice: SlaOffice[];
  @ApiProperty({
    type: [SlaConsultant],
    description:
      'a flagged miss by whoever held the case when it was flagged (null: the office queue), every other case by its current consultant',
  })
  byConsultant: SlaConsultant[];
  @ApiProperty({
    type: [BreachedCase],
    description: 'open cases still unanswered past their deadline, oldest deadline first',
  })
  breachedOpenCases: BreachedCase[];
  @ApiProperty({ type: ReportFiltersView }) filters: ReportFiltersView;
}

export class WorkloadConsultant {
  @ApiProperty() consultantId: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ nullable: true, type: String }) officeId: string | null;
  @ApiProperty({ nullable: true, type: String }) officeCode: string | null;
  @ApiProperty({ enum: ['consultant', 'manager', 'admin'] }) role: string;
  @ApiProperty() active: boolean;
  @ApiProperty() capacity: number;
  @ApiProperty({ description: 'open cases assigned to them (matching the filters)' }) openCases: number;
  @ApiProperty({ description: 'openCases ÷ capacity, 3 decimals; 1 when capacity is 0' }) utilization: number;
  @ApiProperty({ description: 'of the open cases, those unanswered past their first-response deadline' })
  breachedOpenCases: number;
  @ApiProperty({ description: 'the same as breachedOpenCases, under the name API.md gives it' }) breached: number;
  @ApiProperty() outOfOfficeNow: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'end of the current out-of-office period' })
  outOfOfficeUntil: string | null;
}

export class WorkloadQueue {
  @ApiProperty() officeId: string;
  @ApiProperty() officeCode: string;
  @ApiProperty({ description: 'open cases waiting in the office queue' }) openCases: number;
  @ApiProperty() breachedOpenCases: number;
}

export class WorkloadTotals {
  @ApiProperty() openCases: number;
  @ApiProperty() capacity: number;
  @ApiProperty() breachedOpenCases: number;
}

export class WorkloadReport {
  @ApiProperty({ type: [WorkloadConsultant], description: 'by office code, then name' })
  consultants: WorkloadConsultant[];
  @ApiProperty({
    type: [WorkloadQueue],
    description: 'unassigned open cases per office (empty when filtering by consultant)',
  })
  officeQueues: WorkloadQueue[];
  @ApiProperty({ type: WorkloadTotals, description: 'over the consultants listed' }) totals: WorkloadTotals;
  @ApiProperty({ type: ReportFiltersView }) filters: ReportFiltersView;
}

export const AGING_BUCKETS = [
  { bucket: '0-7', minDays: 0, maxDays: 7 },
  { bucket: '8-30', minDays: 8, maxDays: 30 },
  { bucket: '31-90', minDays: 31, maxDays: 90 },
  { bucket: '90+', minDays: 91, maxDays: null },
] as const;

export class AgingBucket {
  @ApiProperty({ enum: AGING_BUCKETS.map((b) => b.bucket) }) bucket: string;
  @ApiProperty({ description: 'whole days of age, inclusive' }) minDays: number;
  @ApiProperty({ nullable: true, type: Number, description: 'inclusive; null = no upper bound' }) maxDays:
    number | null;
  @ApiProperty() count: number;
}

export class AgingStage {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() position: number;
  @ApiProperty() total: number;
  @ApiProperty({ type: [AgingBucket] }) buckets: AgingBucket[];
}

export class AgingTotals {
  @ApiProperty() total: number;
  @ApiProperty({ type: [AgingBucket] }) buckets: AgingBucket[];
}

export class AgingReport {
  @ApiProperty({ type: [AgingStage], description: 'open stages in pipeline order' }) stages: AgingStage[];
  @ApiProperty({ type: AgingTotals }) totals: AgingTotals;
  @ApiProperty({ type: ReportFiltersView }) filters: ReportFiltersView;
}

export class SourceCounts {
  @ApiProperty({ description: 'genuine inquiries (received or routed)' }) inquiries: number;
  @ApiProperty() spam: number;
  @ApiProperty() duplicates: number;
}

export class SourceWeek extends SourceCounts {
  @ApiProperty({ example: '2026-W05', description: 'ISO 8601 week of the inquiry’s arrival (UTC)' }) week: string;
}

export class SourceByOriginCountry extends SourceWeek {
  @ApiProperty({ example: 'RU' }) originCountry: string;
}

export class SourceByServiceLine extends SourceWeek {
  @ApiProperty({ nullable: true, type: String, description: 'null: inquiries that named no service line' })
  serviceLine: string | null;
}

export class SourceBySource extends SourceWeek {
  @ApiProperty({ enum: ['website', 'referral', 'event', 'partner', 'email', 'other'] }) source: string;
}

export class SourcesReport {
  @ApiProperty({ type: [SourceWeek], description: 'each inquiry once per week' }) weeks: SourceWeek[];
  @ApiProperty({ type: [SourceByOriginCountry] }) byOriginCountry: SourceByOriginCountry[];
  @ApiProperty({ type: [SourceByServiceLine], description: 'an inquiry naming two lines counts under both' })
  byServiceLine: SourceByServiceLine[];
  @ApiProperty({ type: [SourceBySource] }) bySource: SourceBySource[];
  @ApiProperty({ type: SourceCounts }) totals: SourceCounts;
  @ApiProperty({ type: ReportFiltersView }) filters: ReportFiltersView;
}
