import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { References } from '@/common/references';
import { PageQuery } from '@/common/pagination';
import {
  IsCountryCode,
  IsDateList,
  IsIanaTimeZone,
  IsLanguageList,
  IsServiceLineCodeList,
  NestedObject,
  Optional,
  Text,
  trim,
} from '@/common/validators';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class BusinessHoursDto {
  @ApiProperty({
    type: 'integer',
    isArray: true,
    minimum: 1,
    maximum: 7,
    minItems: 1,
    maxItems: 7,
    uniqueItems: true,
    example: [1, 2, 3, 4, 5],
    description: 'ISO weekdays, 1 = Monday; at least one',
  })
  @IsArray()
  @ArrayMinSize(1, { message: 'must name at least one working weekday' })
  @ArrayMaxSize(7)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  days: number[];

  @ApiProperty({ example: '09:00' })
  @Matches(HHMM, { message: 'must be a time written HH:MM' })
  open: string;

  @ApiProperty({ example: '18:00' })
  @Matches(HHMM, { message: 'must be a time written HH:MM' })
  close: string;
}

export class CreateOfficeDto {
  @ApiProperty({ example: 'SHA', description: '2–10 capital letters or digits, unique' })
  @Matches(/^[A-Z0-9]{2,10}$/, { message: 'must be 2–10 capital letters or digits' })
  code: string;

  @Text(1, 200, 'Shanghai')
  name: string;

  @ApiProperty({ example: 'CN' })
  @IsCountryCode()
  countryCode: string;

  @Text(1, 100, 'Shanghai')
  city: string;

  @ApiProperty({ example: 'Asia/Shanghai' })
  @IsIanaTimeZone()
  timezone: string;

  @ApiPropertyOptional({ type: String, example: 'shanghai@advisory.example', nullable: true })
  @IsOptional()
  @trim
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ example: ['zh', 'en', 'ru'] })
  @Optional()
  @IsLanguageList()
  languages?: string[];

  @ApiPropertyOptional({ example: ['bank_account', 'tax'] })
  @Optional()
  @References('service_lines', (u) => `holds unknown service-line codes: ${u.join(', ')}`)
  @IsServiceLineCodeList()
  serviceLines?: string[];

  @ApiPropertyOptional({ example: ['Shanghai', 'Suzhou'] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  coverageCities?: string[];

  @ApiPropertyOptional({ type: BusinessHoursDto })
  @Optional()
  @NestedObject(() => BusinessHoursDto)
  businessHours?: BusinessHoursDto;

  @ApiPropertyOptional({ example: ['2026-10-01'] })
  @Optional()
  @IsDateList()
  holidays?: string[];

  @ApiPropertyOptional({
    example: ['2026-10-10'],
    description: 'make-up working days such as China\u2019s adjusted weekends',
  })
  @Optional()
  @IsDateList()
  extraWorkingDays?: string[];

  @ApiPropertyOptional({ example: 8, description: 'first-response SLA in business hours' })
  @Optional()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0.25)
  @Max(720)
  firstResponseSlaHours?: number;

  @ApiPropertyOptional() @Optional() @IsBoolean() reassignOnBreach?: boolean;
  @ApiPropertyOptional() @Optional() @IsBoolean() isDefault?: boolean;
  @ApiPropertyOptional() @Optional() @IsBoolean() active?: boolean;
}

export class UpdateOfficeDto extends PartialType(CreateOfficeDto, { skipNullProperties: false }) {}

export class OfficeListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'matches code, name or city' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional() @IsOptional() @IsCountryCode() countryCode?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';
}

export class BusinessHoursView {
  @ApiProperty({
    type: 'integer',
    isArray: true,
    minimum: 1,
    maximum: 7,
    example: [1, 2, 3, 4, 5],
    description: 'ISO weekdays, 1 = Monday',
  })
  days: number[];
  @ApiProperty({ example: '09:00' }) open: string;
  @ApiProperty({ example: '18:00' }) close: string;
}

/** An office as the office routes answer it. */
export class OfficeView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'SHA' }) code: string;
  @ApiProperty({ example: 'Shanghai' }) name: string;
  @ApiProperty({ example: 'CN' }) countryCode: string;
  @ApiProperty({ example: 'Shanghai' }) city: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) timezone: string;
  @ApiProperty({ type: String, nullable: true, example: 'shanghai@advisory.example' }) email: string | null;
  @ApiProperty({ type: [String], example: ['zh', 'en'] }) languages: string[];
  @ApiProperty({ type: [String], example: ['bank_account', 'tax'] }) serviceLines: string[];
  @ApiProperty({ type: [String], example: ['Shanghai', 'Suzhou'] }) coverageCities: string[];
  @ApiProperty({ type: BusinessHoursView }) businessHours: BusinessHoursView;
  @ApiProperty({ type: [String], format: 'date', example: ['2026-10-01'] }) holidays: string[];
  @ApiProperty({ type: [String], format: 'date', example: ['2026-10-10'] }) extraWorkingDays: string[];
  @ApiProperty({ example: 8, description: 'first-response SLA in business hours' }) firstResponseSlaHours: number;
  @ApiProperty() reassignOnBreach: boolean;
  @ApiProperty({ description: 'the default-intake office (routing fallback)' }) isDefault: boolean;
  @ApiProperty() active: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class OfficePage {
  @ApiProperty({ type: [OfficeView] }) data: OfficeView[];
  @ApiProperty({ example: 12 }) total: number;
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 25 }) pageSize: number;
}
