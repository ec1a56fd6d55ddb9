import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IfMatchHeader, IfMatchValue } from '@/common/versioning';
import { problemSet } from '@/common/api-problems';
import { ApiSort } from '@/common/pagination';
import { Actor, CurrentActor } from '@/common/auth.decorators';
import { UuidParam } from '@/common/uuid.pipe';
import { CasePipelineService } from './case-pipeline.service';
import { CASE_SORTABLE, CasesService } from './cases.service';
import { AssignCaseDto, CaseListQuery, CasePage, CaseView, StageMoveDto, UpdateCaseDto } from './dto/case.dto';
import { HandOverService } from './hand-over.service';

/** The problem+json answers of the case routes, by status. */
const Problems = problemSet({
  400: 'invalid or unknown fields (problem+json naming each field)',
  401: 'missing or bad access token',
  403: 'your role may not do this',
  404: 'no such case, or not in your scope',
  409: {
    description: 'stale version, or a move that conflicts with the case’s state',
    code: 'stale_version',
    detail: 'The case was changed by someone else; reload it and try again.',
  },
  422: {
    description: 'something the target state needs is missing or not usable',
    code: 'case.lost_reason_required',
    detail: 'Moving to lost needs a lostReason.',
    errors: [{ field: 'lostReason', message: 'is required to move to lost' }],
  },
});

const IfMatch = IfMatchHeader('case');

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly pipeline: CasePipelineService,
    private readonly handOver: HandOverService,
  ) {}

  @Get()
  @ApiSort(CASE_SORTABLE, 'createdAt:desc')
  @ApiOperation({
    summary:
      'Cases in your scope: a consultant their own and their office queue (consultantId=none), a manager their office, an admin all',
  })
  @ApiOkResponse({ type: CasePage })
  @Problems(400, 401)
  list(@CurrentActor() actor: Actor, @Query() query: CaseListQuery) {
    return this.cases.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One case with its client, contact, office and consultant' })
  @ApiOkResponse({ type: CaseView })
  @Problems(401, 404)
  get(@CurrentActor() actor: Actor, @Param('id', new UuidParam('case')) id: string) {
    return this.cases.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit priority, estimated value, expected close date or service lines (optimistic lock)' })
  @IfMatch
  @ApiOkResponse({ type: CaseView })
  @Problems(400, 401, 403, 404, 409, 422)
  update(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam('case')) id: string,
    @Body() dto: UpdateCaseDto,
    @IfMatchValue() ifMatch?: string,
  ) {
    return this.cases.update(actor, id, dto, ifMatch);
  }

  @Post(':id/stage')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move the case to another stage',
    description:
      'lost needs lostReason (422; a reason outside the list is 400); proposal and won stages need an estimatedValue (given now or already set); ' +
      'leaving a won or lost stage is for managers and admins (403); the same stage or a stale version is 409.',
  })
  @IfMatch
  @ApiOkResponse({ type: CaseView })
  @Problems(400, 401, 403, 404, 409, 422)
  moveStage(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam('case')) id: string,
    @Body() dto: StageMoveDto,
    @IfMatchValue() ifMatch?: string,
  ) {
    return this.pipeline.moveToStage(actor, id, dto, ifMatch);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Hand the case over to a consultant, or back to the office queue (consultantId null)',
    description:
      'Consultants: their own case to a colleague of their office or the queue, or a queued case to themselves. ' +
      'Managers: within their office, and with officeId to another office. Admins: anything. ' +
      'The consultant must be active and in the target office (422). A consultant cannot hand work to a colleague at capacity ' +
      'or out of office (409); managers and admins can, and it is recorded.',
  })
  @IfMatch
  @ApiOkResponse({ type: CaseView })
  @Problems(400, 401, 403, 404, 409, 422)
  assign(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam('case')) id: string,
    @Body() dto: AssignCaseDto,
    @IfMatchValue() ifMatch?: string,
  ) {
    return this.handOver.assign(actor, id, dto, ifMatch);
  }
}
