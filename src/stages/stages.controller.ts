import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, ApiStaffProblems } from '@/common/api-problems';
import { Actor, CurrentActor, Roles } from '@/common/auth.decorators';
import { CodeParam } from '@/common/code.pipe';
import { ApiSort, PageQuery } from '@/common/pagination';
import { CreateStageDto, StagePage, StageView, UpdateStageDto } from './dto/stage.dto';
import { STAGE_SORTABLE, StagesService } from './stages.service';

@ApiTags('stages')
@ApiBearerAuth()
@ApiStaffProblems()
@Controller('stages')
export class StagesController {
  constructor(private readonly stages: StagesService) {}

  @Get()
  @ApiSort(STAGE_SORTABLE, 'position:asc')
  @ApiOperation({
    summary: 'The pipeline stages in order (any staff role)',
    description: 'Paged like every list; sort by position (default), code or probability.',
  })
  @ApiOkResponse({ type: StagePage })
  list(@Query() query: PageQuery) {
    return this.stages.list(query);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add an open stage (admins)' })
  @ApiCreatedResponse({ type: StageView })
  @ApiProblemResponses({
    400: 'invalid or unknown fields, each named',
    403: 'only admins manage stages',
    409: { description: 'a stage with this code exists', code: 'stage.code_taken' },
    422: {
      description:
        'the pipeline already has the most stages it can have (63, stage.limit), or the position is not before the won and lost stages (stage.out_of_order, naming position)',
      code: 'stage.limit',
    },
  })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateStageDto) {
    return this.stages.create(actor, dto);
  }

  @Patch(':code')
  @Roles('admin')
  @ApiOperation({ summary: 'Rename or reorder a stage, or change an open stage’s probability (admins)' })
  @ApiOkResponse({ type: StageView })
  @ApiProblemResponses({
    400: 'invalid or unknown fields (each named), or nothing to change',
    403: 'only admins manage stages',
    404: 'no such stage',
    422: {
      description:
        'won and lost stages keep their probability (stage.fixed_probability); open stages stay before the won and lost ones, and those after every open one (stage.out_of_order, naming position)',
      code: 'stage.fixed_probability',
    },
  })
  update(
    @CurrentActor() actor: Actor,
    @Param('code', new CodeParam('stage')) code: string,
    @Body() dto: UpdateStageDto,
  ) {
    return this.stages.update(actor, code, dto);
  }
}
