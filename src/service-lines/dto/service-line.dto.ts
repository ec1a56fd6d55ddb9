import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { NestedObject, Optional, Text } from '@/common/validators';

export class LocalizedNamesDto {
  @Text(1, 120, 'Bank account opening') en: string;
  @Text(1, 120, 'Открытие банковского счёта') ru: string;
  @Text(1, 120, '银行开户') zh: string;
}

function KeywordList(): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    ApiProperty({ type: [String] })(target, key);
    IsArray()(target, key);
    ArrayMaxSize(200)(target, key);
    IsString({ each: true })(target, key);
    MinLength(1, { each: true })(target, key);
    MaxLength(80, { each: true })(target, key);
  };
}

export class LocalizedKeywordsDto {
  @KeywordList() en: string[];
  @KeywordList() ru: string[];
  @KeywordList() zh: string[];
}

export class CreateServiceLineDto {
  @ApiProperty({ example: 'esg_reporting' })
  @Matches(/^[a-z][a-z0-9_]{1,39}$/, { message: 'must be 2–40 lower-case letters, digits or _' })
  code: string;

  @ApiProperty({ type: LocalizedNamesDto })
  @NestedObject(() => LocalizedNamesDto)
  names: LocalizedNamesDto;

  @ApiPropertyOptional({ type: LocalizedKeywordsDto })
  @Optional()
  @NestedObject(() => LocalizedKeywordsDto)
  keywords?: LocalizedKeywordsDto;

  @ApiPropertyOptional() @Optional() @IsBoolean() active?: boolean;

  @ApiPropertyOptional() @Optional() @IsInt() @Min(0) @Max(10000) position?: number;
}

export class UpdateServiceLineDto extends PartialType(OmitType(CreateServiceLineDto, ['code'] as const), {
  skipNullProperties: false,
}) {}

export class ServiceLineView {
  @ApiProperty({ example: 'esg_reporting' }) code: string;
  @ApiProperty({ type: LocalizedNamesDto }) names: LocalizedNamesDto;
  @ApiProperty({ type: LocalizedKeywordsDto }) keywords: LocalizedKeywordsDto;
  @ApiProperty() active: boolean;
  @ApiProperty({ example: 10 }) position: number;
}

/** Every service line, active or not, in catalog order (one page holding them all). */
export class ServiceLinePage {
  @ApiProperty({ type: [ServiceLineView] }) data: ServiceLineView[];
  @ApiProperty({ example: 12 }) total: number;
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 12 }) pageSize: number;
}
