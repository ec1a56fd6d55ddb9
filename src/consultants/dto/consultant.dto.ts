import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { References } from '@/common/references';
import { ROLES, Role } from '@/common/auth.decorators';
import { PageQuery } from '@/common/pagination';
import {
  IsDateOrInstant,
  IsLanguageCode,
  IsLanguageList,
  IsServiceLineCodeList,
  lowerCase,
  NullableText,
  Optional,
  Text,
} from '@/common/validators';

const normalizeEmail = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value,
);

export class CreateConsultantDto {
  @Text(2, 200, 'Wang Lei') fullName: string;

  @ApiProperty({ example: 'wang.lei@advisory.example' })
  @normalizeEmail
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    description: 'required unless role is admin; null for an admin without an office',
    nullable: true,
  })
  @IsOptional()
  @References('office', () => 'does not name an office you can use')
  @IsUUID('all', { message: 'must be an office id' })
  @lowerCase
  officeId?: string | null;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ example: ['zh', 'en', 'ru'] })
  @Optional()
  @IsLanguageList()
  languages?: string[];

  @ApiPropertyOptional({ example: ['bank_account'] })
  @Optional()
  @References('service_lines', (u) => `holds unknown service-line codes: ${u.join(', ')}`)
  @IsServiceLineCodeList()
  serviceLines?: string[];

  @ApiPropertyOptional({ example: 12, description: 'maximum open cases' })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(1000)
  capacity?: number;

  @ApiPropertyOptional() @Optional() @IsBoolean() active?: boolean;

  @ApiPropertyOptional({ writeOnly: true, minLength: 10 })
  @Optional()
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password?: string;
}

export class UpdateConsultantDto extends PartialType(CreateConsultantDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({ description: 'optimistic lock: the version you read' })
  @Optional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ConsultantListQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() officeId?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) serviceLine?: string;
  @ApiPropertyOptional({ example: 'ru', description: 'ISO 639-1' }) @IsOptional() @IsLanguageCode() language?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) active?: 'true' | 'false';
  @ApiPropertyOptional({ description: 'matches name or email' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
}

export class OutOfOfficeDto {
  @ApiProperty({ example: '2026-12-20T00:00:00Z' }) @IsDateOrInstant() from: string;
  @ApiProperty({ example: '2027-01-05T00:00:00Z' }) @IsDateOrInstant() to: string;
  @NullableText(500, 'Annual leave') note?: string | null;
}

export class OutOfOfficeView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ type: String, nullable: true, example: 'Annual leave' }) note: string | null;
}

/** A staff user as the consultant routes answer it (never the password). */
export class ConsultantView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Wang Lei' }) fullName: string;
  @ApiProperty({ example: 'wang.lei@advisory.example' }) email: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null for an admin without an office' })
  officeId: string | null;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ type: [String], example: ['zh', 'en'] }) languages: string[];
  @ApiProperty({ type: [String], example: ['bank_account'] }) serviceLines: string[];
  @ApiProperty({ example: 12, description: 'maximum open cases' }) capacity: number;
  @ApiProperty() active: boolean;
  @ApiProperty({ example: 3, description: 'open cases assigned now' }) openCases: number;
  @ApiProperty({ example: 0.25, description: 'openCases ÷ capacity' }) utilization: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastAssignedAt: string | null;
  @ApiProperty({ type: [OutOfOfficeView], description: 'current and future out-of-office periods' })
  outOfOffice: OutOfOfficeView[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ example: 1, description: 'optimistic lock: send it back with PATCH' }) version: number;
}

export class ConsultantPage {
  @ApiProperty({ type: [ConsultantView] }) data: ConsultantView[];
  @ApiProperty({ example: 40 }) total: number;
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 25 }) pageSize: number;
}
