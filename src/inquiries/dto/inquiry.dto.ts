/** What the inquiry endpoints answer, and the staff list filters. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '@/common/pagination';
import { IsDateOrInstant, trim } from '@/common/validators';
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

  @ApiPropertyOptional({
    example: '2026-01-01',
    description: 'Created at or after: a date (its first instant, UTC) or an instant with a zone.',
  })
  @IsOptional()
  @IsDateOrInstant()
  from?: string;

  @ApiPropertyOptional({
    example: '2026-02-01',
    description: 'Created before this instant (with a zone), or on or before this day (a date: the whole UTC day).',
  })
  @IsOptional()
  @IsDateOrInstant()
  to?: string;

  @ApiPropertyOptional({ description: 'Matches reference, name, email or company.' })
  @IsOptional()
  @trim
  @IsString()
  @MaxLength(200)
  q?: string;
}

/** What routing detected in an inquiry (`city` is the gazetteer's English name). */
export class DetectedView {
  @ApiProperty({ type: String, nullable: true, example: 'ru', description: 'ISO 639-1' }) language: string | null;
  @ApiProperty({ type: [String], example: ['bank_account'] }) serviceLines: string[];
  @ApiProperty({ type: String, nullable: true, example: 'Shanghai' }) city: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'CN' }) targetCountry: string | null;
}

export class InquiryListItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'INQ-2026-000042' }) reference: string;
  @ApiProperty({ enum: INQUIRY_STATUSES }) status: InquiryStatus;
  @ApiProperty({ example: 'Ivan Petrov' }) fullName: string;
  @ApiProperty({ example: 'ivan.petrov@example.ru' }) email: string;
  @ApiProperty({ type: String, nullable: true }) company: string | null;
  @ApiProperty({ example: 'KZ' }) originCountry: string;
  @ApiProperty({ type: String, nullable: true, example: 'CN' }) targetCountry: string | null;
  @ApiProperty({ type: [String], example: ['bank_account'] }) serviceLines: string[];
  @ApiProperty({ example: 'website' }) source: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the case, once routed' })
  caseId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class InquiryConsentView {
  @ApiProperty() privacy: boolean;
  @ApiProperty() marketing: boolean;
  @ApiProperty({ type: String, nullable: true }) textVersion: string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: String, nullable: true }) ip: string | null;
  @ApiProperty({ type: String, nullable: true }) userAgent: string | null;
}

export class InquiryDetail extends InquiryListItem {
  @ApiProperty({ type: String, nullable: true, example: '+77011234567' }) phone: string | null;
  @ApiProperty({ type: String, nullable: true }) targetCity: string | null;
  @ApiProperty() message: string;
  @ApiProperty({ type: String, nullable: true, enum: ['en', 'ru', 'zh'] }) preferredLanguage: string | null;
  @ApiProperty({ type: InquiryConsentView }) consent: InquiryConsentView;
  @ApiProperty({ format: 'uuid' }) clientId: string;
  @ApiProperty({ format: 'uuid' }) contactId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the inquiry this one repeats' })
  duplicateOf: string | null;
  @ApiProperty({
    type: DetectedView,
    nullable: true,
    description:
      'what routing detected; for an inquiry not routed (yet, or spam, or a repeat) what it detects now; null once erased',
  })
  detected: DetectedView | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) routedAt: string | null;
}

export class InquiryPage {
  @ApiProperty({ type: [InquiryListItem] }) data: InquiryListItem[];
  @ApiProperty({ example: 120 }) total: number;
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 25 }) pageSize: number;
}
