import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export const FORM_LANGS = ['en', 'ru', 'zh'] as const;

export class PublicLangQuery {
  @ApiPropertyOptional({ enum: FORM_LANGS, default: 'en' })
  @IsOptional()
  @IsIn(FORM_LANGS, { message: `must be one of ${FORM_LANGS.join(', ')}` })
  lang?: (typeof FORM_LANGS)[number];
}
