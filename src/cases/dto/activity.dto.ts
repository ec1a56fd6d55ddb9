import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '@/common/pagination';
import { IsDateOrInstant, OptionalText, Text } from '@/common/validators';
import { ACTIVITY_TYPES, ActivityType } from '../activity.entity';
import { PersonSummary } from './case.dto';

export const DIRECTIONS = ['inbound', 'outbound'] as const;
export type Direction = (typeof DIRECTIONS)[number];

const Instant = (description: string): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ example: '2026-06-01T09:00:00Z', description, nullable: true, type: String }),
    IsOptional(),
    IsDateOrInstant(),
  );

export class CreateActivityDto {
  @ApiProperty({ enum: ACTIVITY_TYPES }) @IsIn(ACTIVITY_TYPES) type: ActivityType;

  @Text(1, 10000, 'Called the CFO, proposal due Friday') body: string;

  @ApiPropertyOptional({
    enum: DIRECTIONS,
    description: 'calls, emails and meetings only; outbound ones count as the first response',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsIn(DIRECTIONS)
  direction?: Direction | null;

  @Instant('tasks only: when it is due') dueAt?: string;
  @Instant('tasks only: when it was done') completedAt?: string;
}

export class UpdateActivityDto {
  @OptionalText(10000, 'Called again, no answer') body?: string;
  @Instant('tasks only; null removes the due time') dueAt?: string | null;
  @Instant('tasks only; null reopens the task') completedAt?: string | null;
}

export class ActivityView {
  @ApiProperty() id: string;
  @ApiProperty() caseId: string;
  @ApiProperty({ enum: ACTIVITY_TYPES }) type: string;
  @ApiProperty({ enum: DIRECTIONS, nullable: true, type: String }) direction: string | null;
  @ApiProperty() body: string;
  @ApiProperty({ nullable: true, type: String }) dueAt: string | null;
  @ApiProperty({ nullable: true, type: String }) completedAt: string | null;
  @ApiProperty({ type: PersonSummary, nullable: true }) author: PersonSummary | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

/** The timeline is newest first; `sort=createdAt:asc` reads it oldest first (the lists' convention). */
export class TimelineQuery extends PageQuery {}

export const TIMELINE_KINDS = [
  'routed',
  'stage_changed',
  'assigned',
  'activity',
  'first_response',
  'sla_breached',
  'sla_reassigned',
  'sla_deadline_moved',
] as const;

export class TimelineItem {
  @ApiProperty({ enum: TIMELINE_KINDS }) kind: string;
  @ApiProperty() at: string;
  @ApiProperty({ type: PersonSummary, nullable: true, description: 'null for the system' }) actor: PersonSummary | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'depends on kind' }) data: Record<
    string,
    unknown
  >;
}

export class TimelinePage {
  @ApiProperty({ type: [TimelineItem] }) data: TimelineItem[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
