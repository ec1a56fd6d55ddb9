import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsDateString,
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
import { ROLES, Role } from '@/common/auth.decorators';
import { PageQuery } from '@/common/pagination';
import {
  IsLanguageCode,
  IsLanguageList,
  IsServiceLineCodeList,
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
    description: 'required unless role is admin; null for an admin without an office',
    nullable: true,
  })
  @IsOptional()
  @IsUUID('all', { message: 'must be an office id' })
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
  @ApiProperty({ example: '2026-12-20T00:00:00Z' }) @IsDateString({ strict: true }) from: string;
  @ApiProperty({ example: '2027-01-05T00:00:00Z' }) @IsDateString({ strict: true }) to: string;
  @NullableText(500, 'Annual leave') note?: string | null;
}

export interface ConsultantView {
  id: string;
  fullName: string;
  email: string;
  officeId: string | null;
  role: Role;
  languages: string[];
  serviceLines: string[];
  capacity: number;
  active: boolean;
  openCases: number;
  utilization: number;
  lastAssignedAt: string | null;
  outOfOffice: Array<{ id: string; from: string; to: string; note: string | null }>;
  createdAt: string;
  updatedAt: string;
  version: number;
}
