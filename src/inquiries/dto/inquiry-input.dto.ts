/**
 * `InquiryInput` of shared/API.md, rule for rule. Text is trimmed and counted in characters;
 * NUL and unpaired surrogates are refused; blank or null optional fields count as absent (a form
 * posts empty inputs either way; every optional field says `nullable`); unknown fields
 * are refused by the global pipe. Whether service-line codes exist and are active is checked by
 * the intake service against the database.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  Equals,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  ValidateNested,
} from 'class-validator';
import { References } from '@/common/references';
import { IsCountryCode, trim } from '@/common/validators';
import { normalizeEmail } from '../intake-normalization';
import { INQUIRY_SOURCES, InquirySource } from '../inquiry.entity';
import {
  CharLength,
  IsEmailAddress,
  IsPhoneInOriginCountry,
  IsSingleLine,
  IsStorableText,
  trimOrOmit,
} from './text-rules';

export const FORM_LANGUAGES = ['en', 'ru', 'zh'] as const;
export type FormLanguage = (typeof FORM_LANGUAGES)[number];

export class ConsentDto {
  @ApiProperty({ example: true, description: 'Consent to the privacy notice; must be true.' })
  @IsBoolean()
  @Equals(true, { message: 'must be true: the privacy notice has to be accepted' })
  privacy: boolean;

  @ApiPropertyOptional({ nullable: true, example: false, default: false })
  @IsOptional()
  @IsBoolean()
  marketing?: boolean;

  @ApiPropertyOptional({
    nullable: true,
    example: '2026-01',
    maxLength: 50,
    description: 'Version of the consent text shown to the investor.',
  })
  @trimOrOmit
  @IsOptional()
  @IsString()
  @CharLength(0, 50)
  @IsStorableText()
  textVersion?: string;
}

export class InquiryInputDto {
  @ApiProperty({ minLength: 2, maxLength: 200, example: 'Ivan Petrov' })
  @trim
  @IsString()
  @CharLength(2, 200)
  @IsStorableText()
  @IsSingleLine()
  fullName: string;

  @ApiProperty({ maxLength: 254, example: 'ivan.petrov@uralmash.ru', description: 'stored in lower case' })
  // Lower-cased before it is measured: it is stored so, and lower-casing can lengthen text
  // (İ becomes i + U+0307), which let a 254-character address overflow the column (a 500).
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normalizeEmail(value) : value))
  @IsString()
  @CharLength(3, 254)
  @IsStorableText()
  @IsEmailAddress()
  email: string;

  @ApiPropertyOptional({
    nullable: true,
    example: '+7 916 123-45-67',
    description: 'Stored in E.164; national numbers are read in originCountry.',
  })
  @trimOrOmit
  @IsOptional()
  @IsString()
  @CharLength(0, 40)
  @IsStorableText()
  @IsPhoneInOriginCountry()
  phone?: string;

  @ApiPropertyOptional({ nullable: true, maxLength: 200, example: 'Uralmash LLC' })
  @trimOrOmit
  @IsOptional()
  @IsString()
  @CharLength(0, 200)
  @IsStorableText()
  @IsSingleLine()
  company?: string;

  @ApiProperty({ example: 'RU', description: 'ISO 3166-1 alpha-2' })
  @trim
  @IsDefined({ message: 'is required' })
  @IsCountryCode()
  originCountry: string;

  @ApiPropertyOptional({ nullable: true, example: 'CN', description: 'ISO 3166-1 alpha-2' })
  @trimOrOmit
  @IsOptional()
  @IsCountryCode()
  targetCountry?: string;

  @ApiPropertyOptional({ nullable: true, maxLength: 100, example: 'Shanghai' })
  @trimOrOmit
  @IsOptional()
  @IsString()
  @CharLength(0, 100)
  @IsStorableText()
  @IsSingleLine()
  targetCity?: string;

  @ApiPropertyOptional({
    nullable: true,
    type: [String],
    maxItems: 12,
    example: ['bank_account', 'company_formation'],
    description: 'Active service-line codes (GET /public/service-lines).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(12)
  @IsString({ each: true })
  @Matches(/^[a-z][a-z0-9_]{1,39}$/, { each: true, message: 'must hold service-line codes such as bank_account' })
  @References('active_service_lines', (u) => `holds unknown or inactive service-line codes: ${u.join(', ')}`)
  serviceLines?: string[];

  @ApiProperty({ minLength: 10, maxLength: 5000, example: 'We want to open a corporate bank account in Shanghai.' })
  @trim
  @IsString()
  @CharLength(10, 5000)
  @IsStorableText()
  message: string;

  @ApiPropertyOptional({ nullable: true, enum: FORM_LANGUAGES, example: 'ru' })
  @trimOrOmit
  @IsOptional()
  @IsIn(FORM_LANGUAGES, { message: `must be one of ${FORM_LANGUAGES.join(', ')}` })
  preferredLanguage?: FormLanguage;

  @ApiPropertyOptional({ nullable: true, enum: INQUIRY_SOURCES, default: 'website' })
  @trimOrOmit
  @IsOptional()
  @IsIn(INQUIRY_SOURCES, { message: `must be one of ${INQUIRY_SOURCES.join(', ')}` })
  source?: InquirySource;

  @ApiProperty({ type: ConsentDto })
  @IsDefined({ message: 'is required' })
  @IsObject({ message: 'must be an object such as { "privacy": true }' })
  @ValidateNested()
  @Type(() => ConsentDto)
  consent: ConsentDto;

  /**
   * Honeypot: hidden from people by the form, filled by bots. Any value is accepted (a 400 would
   * tell a bot what to change); a filled one quietly marks the inquiry as spam.
   */
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Leave empty. A form field hidden from people; bots fill it in.',
    example: '',
  })
  @Allow()
  website?: unknown;
}
