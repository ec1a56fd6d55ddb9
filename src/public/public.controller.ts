import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses } from '@/common/api-problems';
import { Public } from '@/common/auth.decorators';
import { ServiceLinesService } from '@/service-lines/service-lines.service';
import { listCountries } from './countries';
import { LookupOptionList } from './dto/public-views.dto';
import { PublicLangQuery } from './public.dto';
import { RateLimit } from './rate-limit.guard';

/** Look-ups for the inquiry form's selects: no sign-in, cacheable, rate-limited per client IP. */
@ApiTags('public')
@ApiProblemResponses({
  400: { description: 'lang is not en, ru or zh', errors: [{ field: 'lang', message: 'must be one of en, ru, zh' }] },
  // Keeps @RateLimit's description; documents its problem schema and a 429 example.
  429: { description: '' },
})
@Public()
@RateLimit('lookup')
@Controller('public')
export class PublicController {
  constructor(private readonly serviceLines: ServiceLinesService) {}

  @Get('service-lines')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'Active service lines for the inquiry form (public, no sign-in)' })
  @ApiOkResponse({
    type: LookupOptionList,
    description: 'Active service lines `{ data: [{ code, name }] }`, named in `lang`.',
  })
  listServiceLines(@Query() query: PublicLangQuery) {
    return this.serviceLines.listPublic(query.lang ?? 'en');
  }

  @Get('countries')
  @Header('Cache-Control', 'public, max-age=86400')
  @ApiOperation({ summary: 'Countries for the inquiry form’s selects (public, no sign-in)' })
  @ApiOkResponse({
    type: LookupOptionList,
    description: 'Every ISO 3166-1 country `{ data: [{ code, name }] }`, named and sorted in `lang`.',
  })
  listCountries(@Query() query: PublicLangQuery) {
    return { data: listCountries(query.lang ?? 'en') };
  }
}
