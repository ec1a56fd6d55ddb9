import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { IfMatchHeader, IfMatchValue } from '@/common/versioning';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, ApiStaffProblems } from '@/common/api-problems';
import { ApiSort } from '@/common/pagination';
import { Actor, CurrentActor, Roles } from '@/common/auth.decorators';
import { UuidParam } from '@/common/uuid.pipe';
import { CONSULTANT_SORTABLE, ConsultantsService } from './consultants.service';
import {
  ConsultantListQuery,
  ConsultantPage,
  ConsultantView,
  CreateConsultantDto,
  OutOfOfficeDto,
  UpdateConsultantDto,
} from './dto/consultant.dto';

const NOT_FOUND = 'no such consultant, or not in your scope';

@ApiTags('consultants')
@ApiBearerAuth()
@ApiStaffProblems()
@Controller('consultants')
export class ConsultantsController {
  constructor(private readonly consultants: ConsultantsService) {}

  @Get()
  @ApiSort(CONSULTANT_SORTABLE, 'fullName:asc')
  @ApiOperation({ summary: 'List staff users with their open cases, utilization and out-of-office periods' })
  @ApiOkResponse({ type: ConsultantPage })
  @ApiProblemResponses({ 400: 'invalid filter, paging or sort' })
  list(@CurrentActor() actor: Actor, @Query() query: ConsultantListQuery) {
    return this.consultants.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One staff user' })
  @ApiOkResponse({ type: ConsultantView })
  @ApiProblemResponses({ 404: NOT_FOUND })
  get(@CurrentActor() actor: Actor, @Param('id', new UuidParam('consultant')) id: string) {
    return this.consultants.get(actor, id);
  }

  @Post()
  @Roles('admin', 'manager')
  @ApiOperation({
    summary: 'Add a staff user (admins; managers for their own office, without granting roles above consultant)',
  })
  @ApiCreatedResponse({ type: ConsultantView })
  @ApiProblemResponses({
    400: 'invalid or unknown fields, an unknown office or service line, a missing office; each field named',
    403: 'consultants may not manage staff; managers only for their own office and without changing roles',
    409: { description: 'a staff user with this email exists', code: 'consultant.email_taken' },
  })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateConsultantDto) {
    return this.consultants.create(actor, dto);
  }

  @Patch(':id')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'Edit a staff user (optimistic lock with `version` or If-Match)' })
  @IfMatchHeader('staff user')
  @ApiOkResponse({ type: ConsultantView })
  @ApiProblemResponses({
    400: 'invalid or unknown fields, each named',
    403: 'consultants may not manage staff; managers only for their own office and without changing roles',
    404: NOT_FOUND,
    409: 'stale version, email taken, the last active admin demoted, or a move to another office with open cases',
  })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam('consultant')) id: string,
    @Body() dto: UpdateConsultantDto,
    @IfMatchValue() ifMatch?: string,
  ) {
    return this.consultants.update(actor, id, dto, ifMatch);
  }

  @Delete(':id')
  @Roles('admin', 'manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate a staff user; their sessions end' })
  @ApiOkResponse({ type: ConsultantView, description: 'the staff user, now inactive' })
  @ApiProblemResponses({
    403: 'consultants may not manage staff; managers only for their own office',
    404: NOT_FOUND,
    409: { description: 'the last active admin cannot be deactivated', code: 'consultant.last_admin' },
  })
  remove(@CurrentActor() actor: Actor, @Param('id', new UuidParam('consultant')) id: string) {
    return this.consultants.deactivate(actor, id);
  }

  @Post(':id/out-of-office')
  @ApiOperation({ summary: 'Add an out-of-office period `{ from, to, note? }` (yourself, or staff you manage)' })
  @ApiCreatedResponse({ type: ConsultantView, description: 'the staff user with their periods' })
  @ApiProblemResponses({
    400: 'invalid fields, or a period that does not end after it starts',
    403: 'not yours to change',
    404: NOT_FOUND,
    409: { description: 'it overlaps another period of theirs', code: 'consultant.out_of_office_overlaps' },
  })
  addOutOfOffice(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam('consultant')) id: string,
    @Body() dto: OutOfOfficeDto,
  ) {
    return this.consultants.addOutOfOffice(actor, id, dto);
  }

  @Delete(':id/out-of-office/:periodId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove an out-of-office period (yourself, or staff you manage)' })
  @ApiOkResponse({ type: ConsultantView, description: 'the staff user with their remaining periods' })
  @ApiProblemResponses({ 403: 'not yours to change', 404: 'no such consultant or period, or not in your scope' })
  removeOutOfOffice(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam('consultant')) id: string,
    @Param('periodId', new UuidParam('out-of-office period')) periodId: string,
  ) {
    return this.consultants.removeOutOfOffice(actor, id, periodId);
  }
}
