import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsFQDN,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '@/common/pagination';
import { IsCountryCode, lowerCase, NullableText, Optional, Text, trim } from '@/common/validators';
import type { ClientType } from '../client.entity';
import { normalizeDomain } from '../email-domain';
import { ContactView } from './contact.dto';

export const CLIENT_TYPES: readonly ClientType[] = ['company', 'individual'];

const domain = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' ? normalizeDomain(value) : value,
);

/** Present means not null: for PATCH fields whose column is NOT NULL. */
const NotNullWhenGiven = ValidateIf((_: object, value: unknown) => value !== undefined);

export class CreateClientDto {
  @Text(2, 200, 'Müller GmbH') name: string;

  @ApiProperty({ enum: CLIENT_TYPES })
  @IsIn(CLIENT_TYPES)
  type: ClientType;

  @ApiPropertyOptional({ type: String, example: 'DE', nullable: true })
  @IsOptional()
  @IsCountryCode()
  countryCode?: string | null;

  @ApiPropertyOptional({ type: String, example: 'https://mueller.example', maxLength: 300, nullable: true })
  @IsOptional()
  @trim
  @IsUrl({ protocols: ['http', 'https'] }, { message: 'must be a web address such as https://example.com' })
  @MaxLength(300)
  website?: string | null;

  @ApiPropertyOptional({
    type: String,
    example: 'mueller.example',
    description: 'the company\u2019s own domain; free-mail domains are refused',
    nullable: true,
  })
  @IsOptional()
  @domain
  @IsFQDN({ require_tld: true }, { message: 'must be a domain name such as example.com' })
  @MaxLength(253)
  emailDomain?: string | null;

  @NullableText(100, 'Machinery') industry?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      'the staff user who holds the relationship; a consultant adding a client owns it (omit ownerId or give your own id)',
  })
  @IsOptional()
  @lowerCase
  @IsUUID('all', { message: 'must be a staff user id' })
  ownerId?: string | null;
}

export class UpdateClientDto {
  @ApiPropertyOptional({ minLength: 2, maxLength: 200 })
  @NotNullWhenGiven
  @trim
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: CLIENT_TYPES })
  @NotNullWhenGiven
  @IsIn(CLIENT_TYPES)
  type?: ClientType;

  @ApiPropertyOptional({ type: String, example: 'DE', nullable: true })
  @IsOptional()
  @IsCountryCode()
  countryCode?: string | null;

  @ApiPropertyOptional({ type: String, maxLength: 300, nullable: true })
  @IsOptional()
  @trim
  @IsUrl({ protocols: ['http', 'https'] }, { message: 'must be a web address such as https://example.com' })
  @MaxLength(300)
  website?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @domain
  @IsFQDN({ require_tld: true }, { message: 'must be a domain name such as example.com' })
  @MaxLength(253)
  emailDomain?: string | null;

  @NullableText(100) industry?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'managers and admins only; null clears the owner',
  })
  @IsOptional()
  @lowerCase
  @IsUUID('all', { message: 'must be a staff user id' })
  ownerId?: string | null;

  @ApiPropertyOptional({
    description: 'optimistic lock: the version you read (here or as If-Match); a stale one is 409',
  })
  @Optional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ClientListQuery extends PageQuery {
  @ApiPropertyOptional({
    description:
      'matches client name, email domain, contact names and emails; case- and accent-insensitive, any script. ' +
      'Sorted best match first unless `sort` says otherwise.',
    maxLength: 100,
  })
  @IsOptional()
  @trim
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'a staff user id, or `none` for clients without an owner' })
  @IsOptional()
  @Matches(/^(none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, {
    message: 'must be a staff user id or none',
  })
  ownerId?: string;

  @ApiPropertyOptional({ example: 'CN' })
  @IsOptional()
  @IsCountryCode()
  countryCode?: string;

  @ApiPropertyOptional({ enum: CLIENT_TYPES })
  @IsOptional()
  @IsIn(CLIENT_TYPES)
  type?: ClientType;
}

export class MergeClientsDto {
  @ApiProperty({ format: 'uuid', description: 'the client merged into this one; it keeps answering with mergedInto' })
  @lowerCase
  @IsUUID('all', { message: 'must be a client id' })
  otherClientId: string;
}

export class StaffSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fullName: string;
}

export class ClientView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: CLIENT_TYPES }) type: ClientType;
  @ApiProperty({ nullable: true, type: String, example: 'DE' }) countryCode: string | null;
  @ApiProperty({ nullable: true, type: String }) website: string | null;
  @ApiProperty({ nullable: true, type: String }) emailDomain: string | null;
  @ApiProperty({ nullable: true, type: String }) industry: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) ownerId: string | null;
  @ApiProperty({ nullable: true, type: StaffSummary }) owner: StaffSummary | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'set once this client was merged into another',
  })
  mergedInto: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() version: number;
}

export class MoneyView {
  @ApiProperty({ example: '125000.00' }) amount: string;
  @ApiProperty({ example: 'USD' }) currency: string;
}

export class StageSummary {
  @ApiProperty({ example: 'qualified' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['open', 'won', 'lost'] }) category: string;
}

export class OfficeSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'SHA' }) code: string;
  @ApiProperty() name: string;
}

export class ClientCaseView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'INQ-2026-000042' }) reference: string;
  @ApiProperty({ type: StageSummary }) stage: StageSummary;
  @ApiProperty({ nullable: true, type: StaffSummary, description: 'null while the case waits in the office queue' })
  consultant: StaffSummary | null;
  @ApiProperty({ type: OfficeSummary }) office: OfficeSummary;
  @ApiProperty({ type: [String] }) serviceLines: string[];
  @ApiProperty({ nullable: true, type: MoneyView }) estimatedValue: MoneyView | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) closedAt: string | null;
}

export class ClientDetailView extends ClientView {
  @ApiProperty({ type: [ContactView] }) contacts: ContactView[];
  @ApiProperty({ type: [ClientCaseView], description: 'open and closed, newest first; only the cases you may see' })
  cases: ClientCaseView[];
}

export class ClientPage {
  @ApiProperty({ type: [ClientView] }) data: ClientView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export const DUPLICATE_REASONS = ['same_email_domain', 'similar_name'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

export class DuplicateCandidateView extends ClientView {
  @ApiProperty({ enum: DUPLICATE_REASONS, isArray: true }) reasons: DuplicateReason[];
  @ApiProperty({ description: 'trigram similarity of the normalized names, 0 to 1', example: 0.62 }) similarity: number;
}

export class DuplicateList {
  @ApiProperty({
    type: [DuplicateCandidateView],
    description: 'best first: a shared email domain, then name similarity',
  })
  data: DuplicateCandidateView[];
}
