import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { problemSet } from '@/common/api-problems';
import { ApiSort } from '@/common/pagination';
import { Actor, CurrentActor } from '@/common/auth.decorators';
import { UuidParam } from '@/common/uuid.pipe';
import { ActivitiesService } from './activities.service';
import { ActivityView, CreateActivityDto, TimelinePage, TimelineQuery, UpdateActivityDto } from './dto/activity.dto';
import { TIMELINE_SORTABLE, TimelineService } from './timeline.service';

/** The problem+json answers of the activity and timeline routes, by status. */
const Problems = problemSet({
  400: 'invalid or unknown fields (problem+json naming each field)',
  401: 'missing or bad access token',
  403: 'your role may not do this (editing another author’s activity as a consultant)',
  404: 'no such case or activity, or not in your scope',
});

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases/:id')
export class CaseActivitiesController {
  constructor(
    private readonly activities: ActivitiesService,
    private readonly timelines: TimelineService,
  ) {}

  @Post('activities')
  @ApiOperation({
    summary: 'Log a note, call, email, meeting or task on the case',
    description:
      'dueAt and completedAt are for tasks only; an outbound call, email or meeting sets firstRespondedAt once.',
  })
  @ApiCreatedResponse({ type: ActivityView })
  @Problems(400, 401, 403, 404)
  create(@CurrentActor() actor: Actor, @Param('id', new UuidParam('case')) id: string, @Body() dto: CreateActivityDto) {
    return this.activities.create(actor, id, dto);
  }

  @Patch('activities/:activityId')
  @ApiOperation({ summary: 'Edit an activity’s body, or a task’s due time or completion (author, managers, admins)' })
  @ApiOkResponse({ type: ActivityView })
  @Problems(400, 401, 403, 404)
  update(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam('case')) id: string,
    @Param('activityId', new UuidParam('activity')) activityId: string,
    @Body() dto: UpdateActivityDto,
  ) {
    return this.activities.update(actor, id, activityId, dto);
  }

  @Get('timeline')
  @ApiSort(TIMELINE_SORTABLE, 'createdAt:desc')
  @ApiOperation({
    summary: 'Routing, stage changes, assignments, activities, first response and SLA events, newest first',
  })
  @ApiOkResponse({ type: TimelinePage })
  @Problems(400, 401, 404)
  timeline(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam('case')) id: string,
    @Query() query: TimelineQuery,
  ) {
    return this.timelines.timeline(actor, id, query);
  }
}
