import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { References } from '@/common/references';
import { PageQuery } from '@/common/pagination';
import { IsCountryCode, IsServiceLineCodeList, lowerCase, NestedObject, Optional, Text } from '@/common/validators';

export class RuleConditionsDto {
  @ApiPropertyOptional({ example: ['KZ'] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(250)
  @ArrayUnique()
  @IsCountryCode({ each: true })
  originCountries?: string[];

  @ApiPropertyOptional({ example: ['CN'] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(250)
  @ArrayUnique()
  @IsCountryCode({ each: true })
  targetCountries?: string[];

  @ApiPropertyOptional({ example: ['trade_customs'] })
  @Optional()
  @References('service_lines', (u) => `holds unknown codes: ${u.join(', ')}`)
  @IsServiceLineCodeList()
  serviceLines?: string[];

  @ApiPropertyOptional({ example: ['ru'] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(3)
  @ArrayUnique()
  @IsIn(['en', 'ru', 'zh'], { each: true })
  languages?: string[];

  @ApiPropertyOptional({ example: ['sanctions', 'санкции', '制裁'] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @MinLength(2, { each: true })
  @MaxLength(80, { each: true })
  keywords?: string[];
}

export class RuleActionDto {
  @References('office', () => 'does not name an office')
  @ApiProperty()
  @IsUUID('all', { message: 'must be an office id' })
  @lowerCase
  officeId: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be a consultant id' })
  @lowerCase
  consultantId?: string | null;
}

export class CreateRoutingRuleDto {
  @Text(1, 200, 'Sanctions questions go to the Moscow compliance lead') name: string;

  @ApiProperty({ example: 10, description: 'lower runs first; ties: older rule first' })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  priority: number;

  @ApiPropertyOptional({ default: true }) @Optional() @IsBoolean() active?: boolean;

  @ApiProperty({ type: RuleConditionsDto })
  @NestedObject(() => RuleConditionsDto)
  conditions: RuleConditionsDto;

  @ApiProperty({ type: RuleActionDto })
  @NestedObject(() => RuleActionDto)
  action: RuleActionDto;
}

export class UpdateRoutingRuleDto extends PartialType(CreateRoutingRuleDto, { skipNullProperties: false }) {
  @ApiPropertyOptional() @Optional() @IsInt() @Min(1) version?: number;
}

export class RoutingRuleListQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() officeId?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) active?: 'true' | 'false';
  @ApiPropertyOptional() @IsOptional() @Matches(/^.{1,100}$/) q?: string;
}
