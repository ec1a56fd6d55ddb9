import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@/common/auth.decorators';
import { ServiceLinesService } from '@/service-lines/service-lines.service';
import { listCountries } from './countries';
import { PublicLangQuery } from './public.dto';
import { RateLimit } from './rate-limit.guard';

/** Look-ups for the inquiry form's selects: no sign-in, cacheable, rate-limited per client IP. */
@ApiTags('public')
@Public()
@RateLimit('lookup')
@Controller('public')
export class PublicController {
  constructor(private readonly serviceLines: ServiceLinesService) {}

  @Get('service-lines')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOkResponse({ description: 'Active service lines `{ data: [{ code, name }] }`, named in `lang`.' })
  listServiceLines(@Query() query: PublicLangQuery) {
    return this.serviceLines.listPublic(query.lang ?? 'en');
  }

  @Get('countries')
  @Header('Cache-Control', 'public, max-age=86400')
  @ApiOkResponse({ description: 'Every ISO 3166-1 country `{ data: [{ code, name }] }`, named and sorted in `lang`.' })
  listCountries(@Query() query: PublicLangQuery) {
    return { data: listCountries(query.lang ?? 'en') };
  }
}
