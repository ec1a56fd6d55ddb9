/** What the inquiry endpoints answer, and the staff list filters. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '@/common/pagination';
import { trim } from '@/common/validators';
import { INQUIRY_STATUSES, InquiryStatus } from '../inquiry.entity';

export class InquiryCreatedView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'INQ-2026-000042' })
  reference: string;

  @ApiProperty({
    enum: ['received', 'duplicate'],
    description: '`duplicate` when the same email sent the same message in the last 24 hours; otherwise `received`.',
  })
  status: InquiryStatus;
}

export class InquiryListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: INQUIRY_STATUSES })
  @IsOptional()
  @IsIn(INQUIRY_STATUSES, { message: `must be one of ${INQUIRY_STATUSES.join(', ')}` })
  status?: InquiryStatus;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'Created at or after (ISO 8601 date or time, UTC).' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date or time' })
  from?: string;

  @ApiPropertyOptional({
    example: '2026-02-01',
    description: 'Created before this time, or on or before this day (ISO 8601 time, or a date: the whole UTC day).',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date or time' })
  to?: string;

  @ApiPropertyOptional({ description: 'Matches reference, name, email or company.' })
  @IsOptional()
  @trim
  @IsString()
  @MaxLength(200)
  q?: string;
}

export interface DetectedView {
  language: string | null;
  serviceLines: string[];
  city: string | null;
  targetCountry: string | null;
}

export interface InquiryListItem {
  id: string;
  reference: string;
  status: InquiryStatus;
  fullName: string;
  email: string;
  company: string | null;
  originCountry: string;
  targetCountry: string | null;
  serviceLines: string[];
  source: string;
  caseId: string | null;
  createdAt: string;
}

export interface InquiryDetail extends InquiryListItem {
  phone: string | null;
  targetCity: string | null;
  message: string;
  preferredLanguage: string | null;
  consent: {
    privacy: boolean;
    marketing: boolean;
    textVersion: string | null;
    at: string;
    ip: string | null;
    userAgent: string | null;
  };
  clientId: string;
  contactId: string;
  duplicateOf: string | null;
  detected: DetectedView | null;
  routedAt: string | null;
}
