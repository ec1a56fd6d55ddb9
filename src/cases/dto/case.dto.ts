import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { References } from '@/common/references';
import { PageQuery } from '@/common/pagination';
import {
  IsCalendarDate,
  IsCurrencyCode,
  IsDateOrInstant,
  lowerCase,
  NestedObject,
  NullableText,
  Optional,
  Text,
} from '@/common/validators';
import { LOST_REASONS } from '../case-pipeline';
import { PRIORITIES, Priority } from '../case.entity';

const CODE = /^[a-z][a-z0-9_]{1,39}$/;

export class MoneyDto {
  @ApiProperty({ example: '125000.00', description: 'decimal string: up to 12 digits and 2 decimals' })
  @IsString()
  @Matches(/^\d{1,12}(\.\d{1,2})?$/, { message: 'must be a decimal string such as 125000.00' })
  amount: string;

  @ApiProperty({ example: 'USD', description: 'ISO 4217' })
  @IsString()
  @IsCurrencyCode()
  currency: string;
}

/** Optimistic lock: the version the client read (or send it as If-Match). */
const VersionField = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ example: 3, description: 'the case version you read; or send If-Match: "3"' }),
    Optional(),
    IsInt(),
    Min(1),
  );

export class CaseListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'new,contacted', description: 'a stage code, or several separated by commas' })
  @IsOptional()
  @MaxLength(400)
  @Matches(/^[a-z][a-z0-9_]{1,39}(,[a-z][a-z0-9_]{1,39}){0,19}$/, {
    message: 'must be a stage code or stage codes separated by commas',
  })
  stage?: string;

  @ApiPropertyOptional({
    enum: ['open', 'won', 'lost'],
    description: 'cases in any stage of this category (the inbox: open)',
  })
  @IsOptional()
  @IsIn(['open', 'won', 'lost'])
  stageCategory?: 'open' | 'won' | 'lost';

  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'must be an office id' }) officeId?: string;

  @ApiPropertyOptional({ description: 'a consultant id, or `none` for the office queue' })
  @IsOptional()
  @ValidateIf((o: CaseListQuery) => o.consultantId !== 'none')
  @IsUUID('all', { message: 'must be a consultant id or none' })
  consultantId?: string;

  @ApiPropertyOptional({ example: 'bank_account' })
  @IsOptional()
  @Matches(CODE, { message: 'must be a service-line code' })
  serviceLine?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) slaBreached?:
    'true' | 'false';

  @ApiPropertyOptional({ description: 'matches the reference, client name, contact name or email' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({
    description: 'created at or after: a date (its first instant, UTC) or an instant with a zone',
  })
  @IsOptional()
  @IsDateOrInstant()
  from?: string;

  @ApiPropertyOptional({
    description: 'created before this instant (with a zone), or on or before this day (a date is the whole UTC day)',
  })
  @IsOptional()
  @IsDateOrInstant()
  to?: string;
}

export class UpdateCaseDto {
  @ApiPropertyOptional({ enum: PRIORITIES }) @Optional() @IsIn(PRIORITIES) priority?: Priority;

  @ApiPropertyOptional({
    type: MoneyDto,
    nullable: true,
    description: 'null clears it (not in proposal or a won stage)',
  })
  @IsOptional()
  @NestedObject(() => MoneyDto)
  estimatedValue?: MoneyDto | null;

  @ApiPropertyOptional({ type: String, example: '2026-12-31', nullable: true })
  @IsOptional()
  @IsCalendarDate()
  expectedCloseDate?: string | null;

  @ApiPropertyOptional({ example: ['bank_account', 'company_formation'] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(12)
  @ArrayUnique()
  @References('service_lines', (u) => `holds unknown or inactive service-line codes: ${u.join(', ')}`)
  @Matches(CODE, { each: true, message: 'must hold service-line codes' })
  serviceLines?: string[];

  @VersionField() version?: number;
}

export class StageMoveDto {
  @ApiProperty({ example: 'contacted', description: 'target stage code' })
  @Matches(CODE, { message: 'must be a stage code' })
  stage: string;

  @NullableText(1000, 'Client replied by phone') reason?: string | null;

  @ApiPropertyOptional({ enum: LOST_REASONS, description: 'required when moving to a lost stage, refused otherwise' })
  @Optional()
  @IsString()
  @MaxLength(20)
  lostReason?: string;

  @ApiPropertyOptional({ type: MoneyDto, description: 'sets the value; proposal and won stages need one' })
  @Optional()
  @NestedObject(() => MoneyDto)
  estimatedValue?: MoneyDto;

  @VersionField() version?: number;
}

export class AssignCaseDto {
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'the new consultant, or null for the office queue',
  })
  @ValidateIf((o: AssignCaseDto) => o.consultantId !== null)
  @IsUUID('all', { message: 'must be a consultant id or null' })
  @lowerCase
  consultantId: string | null;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "managers and admins: move the case to this office; by default the consultant's office (the case's own for the queue)",
  })
  @Optional()
  @IsUUID('all', { message: 'must be an office id' })
  @lowerCase
  officeId?: string;

  @Text(1, 1000, 'Client needs a Russian speaker') reason: string;

  @VersionField() version?: number;
}

export class MoneyView {
  @ApiProperty({ example: '125000.00' }) amount: string;
  @ApiProperty({ example: 'USD' }) currency: string;
}

class ClientSummary {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['company', 'individual'] }) type: string;
}

class ContactSummary {
  @ApiProperty() id: string;
  @ApiProperty() fullName: string;
  @ApiProperty() email: string;
}

class OfficeSummary {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'SHA' }) code: string;
  @ApiProperty() name: string;
}

export class PersonSummary {
  @ApiProperty() id: string;
  @ApiProperty() fullName: string;
}

export class CaseView {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'INQ-2026-000123' }) reference: string;
  @ApiProperty() inquiryId: string;
  @ApiProperty() clientId: string;
  @ApiProperty() contactId: string;
  @ApiProperty() officeId: string;
  @ApiProperty({ nullable: true, type: String, description: 'null = in the office queue' }) consultantId: string | null;
  @ApiProperty({ example: 'proposal', description: 'stage code' }) stage: string;
  @ApiProperty({ example: 'Proposal' }) stageName: string;
  @ApiProperty({ enum: ['open', 'won', 'lost'] }) stageCategory: string;
  @ApiProperty({ type: [String] }) serviceLines: string[];
  @ApiProperty({ enum: PRIORITIES }) priority: string;
  @ApiProperty({ type: MoneyView, nullable: true }) estimatedValue: MoneyView | null;
  @ApiProperty({ nullable: true, type: String, example: '2026-12-31' }) expectedCloseDate: string | null;
  @ApiProperty({ nullable: true, type: String, enum: LOST_REASONS }) lostReason: string | null;
  @ApiProperty({ example: 'RU' }) originCountry: string;
  @ApiProperty({ nullable: true, type: String }) firstResponseDueAt: string | null;
  @ApiProperty({ nullable: true, type: String }) firstRespondedAt: string | null;
  @ApiProperty() slaBreached: boolean;
  @ApiProperty({ nullable: true, type: String }) assignedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) closedAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: ClientSummary }) client: ClientSummary;
  @ApiProperty({ type: ContactSummary }) contact: ContactSummary;
  @ApiProperty({ type: OfficeSummary }) office: OfficeSummary;
  @ApiProperty({ type: PersonSummary, nullable: true }) consultant: PersonSummary | null;
}

export class CasePage {
  @ApiProperty({ type: [CaseView] }) data: CaseView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
