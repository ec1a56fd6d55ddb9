import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, MaxLength } from 'class-validator';
import { AUDIT_ENTITIES, AuditEntity } from '../audit-entities';
import { PageQuery } from '@/common/pagination';
import { IsDateOrInstant } from '@/common/validators';

/** `sort`: createdAt:desc (the default) or createdAt:asc. */
export class AuditListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: AUDIT_ENTITIES, example: 'case', description: 'entity kind' })
  @IsOptional()
  @IsIn(AUDIT_ENTITIES, { message: `must be one of ${AUDIT_ENTITIES.join(', ')}` })
  entity?: AuditEntity;

  @ApiPropertyOptional({ description: 'the entity id (a UUID, or a code for stages)' })
  @IsOptional()
  @MaxLength(64)
  entityId?: string;

  @ApiPropertyOptional({ description: 'entries by this staff user' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a staff user id' })
  actorId?: string;

  @ApiPropertyOptional({ description: 'at or after: a date (its first instant, UTC) or an instant with a zone' })
  @IsOptional()
  @IsDateOrInstant()
  from?: string;

  @ApiPropertyOptional({
    description: 'before this instant (with a zone), or on or before this day (a date is the whole UTC day)',
  })
  @IsOptional()
  @IsDateOrInstant()
  to?: string;
}

class AuditActor {
  @ApiProperty({ enum: ['user', 'system'] }) kind: 'user' | 'system';
  @ApiProperty({ nullable: true, type: String }) id: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'null for the system or a user no longer on file' })
  fullName: string | null;
}

export class AuditEntryView {
  @ApiProperty() id: string;
  @ApiProperty({ type: AuditActor }) actor: AuditActor;
  @ApiProperty({ example: 'case.stage_changed' }) action: string;
  @ApiProperty({ example: 'case' }) entity: string;
  @ApiProperty() entityId: string;
  @ApiProperty({ nullable: true, type: String }) officeId: string | null;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true }) before: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true }) after: Record<string, unknown> | null;
  @ApiProperty() createdAt: string;
}

export class AuditPage {
  @ApiProperty({ type: [AuditEntryView] }) data: AuditEntryView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
