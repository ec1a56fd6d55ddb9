import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, ApiStaffProblems } from '@/common/api-problems';
import { Actor, CurrentActor, Roles } from '@/common/auth.decorators';
import { CodeParam } from '@/common/code.pipe';
import { ApiSort, PageQuery } from '@/common/pagination';
import { CreateServiceLineDto, ServiceLinePage, ServiceLineView, UpdateServiceLineDto } from './dto/service-line.dto';
import { SERVICE_LINE_SORTABLE, ServiceLinesService } from './service-lines.service';

@ApiTags('service lines')
@ApiBearerAuth()
@ApiStaffProblems()
@Controller('service-lines')
export class ServiceLinesController {
  constructor(private readonly serviceLines: ServiceLinesService) {}

  @Get()
  @ApiSort(SERVICE_LINE_SORTABLE, 'position:asc')
  @ApiOperation({
    summary: 'Every service line, active or not, with names and keywords in en, ru and zh',
    description: 'Paged like every list; sort by position (default) or code.',
  })
  @ApiOkResponse({ type: ServiceLinePage })
  list(@Query() query: PageQuery) {
    return this.serviceLines.list(query);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add a service line (admins)' })
  @ApiCreatedResponse({ type: ServiceLineView })
  @ApiProblemResponses({
    400: 'invalid or unknown fields, each named',
    403: 'only admins manage service lines',
    409: { description: 'a service line with this code exists', code: 'service_line.code_taken' },
  })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateServiceLineDto) {
    return this.serviceLines.create(actor, dto);
  }

  @Patch(':code')
  @Roles('admin')
  @ApiOperation({ summary: 'Edit a service line’s names, keywords, position or active flag (admins)' })
  @ApiOkResponse({ type: ServiceLineView })
  @ApiProblemResponses({
    400: 'invalid or unknown fields (each named), or nothing to change',
    403: 'only admins manage service lines',
    404: 'no such service line',
  })
  update(
    @CurrentActor() actor: Actor,
    @Param('code', new CodeParam('service line')) code: string,
    @Body() dto: UpdateServiceLineDto,
  ) {
    return this.serviceLines.update(actor, code, dto);
  }
}
