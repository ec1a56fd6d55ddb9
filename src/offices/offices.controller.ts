import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, ApiStaffProblems } from '@/common/api-problems';
import { ApiSort } from '@/common/pagination';
import { Actor, CurrentActor, Roles } from '@/common/auth.decorators';
import { UuidParam } from '@/common/uuid.pipe';
import { CreateOfficeDto, OfficeListQuery, OfficePage, OfficeView, UpdateOfficeDto } from './dto/office.dto';
import { OFFICE_SORTABLE, OfficesService } from './offices.service';

@ApiTags('offices')
@ApiBearerAuth()
@ApiStaffProblems()
@Controller('offices')
export class OfficesController {
  constructor(private readonly offices: OfficesService) {}

  @Get()
  @ApiSort(OFFICE_SORTABLE, 'code:asc')
  @ApiOperation({ summary: 'List offices (any staff role)' })
  @ApiOkResponse({ type: OfficePage })
  @ApiProblemResponses({ 400: 'invalid filter, paging or sort' })
  list(@Query() query: OfficeListQuery) {
    return this.offices.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One office with its calendar, coverage and SLA settings' })
  @ApiOkResponse({ type: OfficeView })
  @ApiProblemResponses({ 404: 'no such office' })
  get(@Param('id', new UuidParam('office')) id: string) {
    return this.offices.get(id);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add an office (admins)' })
  @ApiCreatedResponse({ type: OfficeView })
  @ApiProblemResponses({
    400: 'invalid or unknown fields, closing before opening, an inactive default office; each field named',
    403: 'only admins manage offices',
    409: { description: 'the code is taken by another office', code: 'office.code_taken' },
  })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateOfficeDto) {
    return this.offices.create(actor, dto);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Edit an office (admins)' })
  @ApiOkResponse({ type: OfficeView })
  @ApiProblemResponses({
    400: 'invalid or unknown fields, each named',
    403: 'only admins manage offices',
    404: 'no such office',
    409: 'the code is taken, or the default-intake office would become inactive',
  })
  update(@CurrentActor() actor: Actor, @Param('id', new UuidParam('office')) id: string, @Body() dto: UpdateOfficeDto) {
    return this.offices.update(actor, id, dto);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate an office (admins); it is kept for history' })
  @ApiOkResponse({ type: OfficeView, description: 'the office, now inactive' })
  @ApiProblemResponses({
    403: 'only admins manage offices',
    404: 'no such office',
    409: {
      description: 'the default-intake office cannot be deactivated; make another office the default first',
      code: 'office.default_inactive',
    },
  })
  remove(@CurrentActor() actor: Actor, @Param('id', new UuidParam('office')) id: string) {
    return this.offices.deactivate(actor, id);
  }
}
