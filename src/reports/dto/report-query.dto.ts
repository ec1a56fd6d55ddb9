import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { IsCountryCode, IsDateOrInstant } from '@/common/validators';

export const REPORT_FORMATS = ['json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The query every report takes (API.md, Reports). */
export class ReportQuery {
  @ApiPropertyOptional({
    example: '2026-01-01',
    description: 'start of the period, inclusive: a date (its first instant, UTC) or an ISO 8601 instant with a zone',
  })
  @IsOptional()
  @IsDateOrInstant()
  from?: string;

  @ApiPropertyOptional({
    example: '2026-03-31',
    description:
      'end of the period: a date includes that whole UTC day; an instant is exclusive. Must not be before `from`.',
  })
  @IsOptional()
  @IsDateOrInstant()
  to?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'one office; outside a manager’s scope (or unknown) answers 404',
  })
  @IsOptional()
  @IsUUID('all', { message: 'must be an office id' })
  officeId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'the cases currently assigned to this staff user; outside your scope answers 404',
  })
  @IsOptional()
  @IsUUID('all', { message: 'must be a staff user id' })
  consultantId?: string;

  @ApiPropertyOptional({
    example: 'bank_account',
    description: 'rows holding this service-line code among their lines',
  })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{1,39}$/, { message: 'must be a service-line code such as bank_account' })
  serviceLine?: string;

  @ApiPropertyOptional({ example: 'RU', description: 'ISO 3166-1 alpha-2 origin country of the investor' })
  @IsOptional()
  @IsCountryCode()
  originCountry?: string;

  @ApiPropertyOptional({
    enum: REPORT_FORMATS,
    default: 'json',
    description: '`csv` answers text/csv (UTF-8, header row) as a download',
  })
  @IsOptional()
  @IsIn(REPORT_FORMATS, { message: 'must be json or csv' })
  format?: ReportFormat;
}
