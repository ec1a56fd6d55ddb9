import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { IfMatchHeader, IfMatchValue } from '@/common/versioning';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblemResponses, ApiStaffProblems } from '@/common/api-problems';
import { ApiSort } from '@/common/pagination';
import { Actor, CurrentActor, Roles } from '@/common/auth.decorators';
import { UuidParam } from '@/common/uuid.pipe';
import { InquiryInputDto } from '@/inquiries/dto/inquiry-input.dto';
import { CreateRoutingRuleDto, RoutingRuleListQuery, UpdateRoutingRuleDto } from './dto/routing-rule.dto';
import { CaseRoutingView, RoutingDecisionView, RulePage, RuleView } from './dto/routing-views.dto';
import { RoutingDecisionsService } from './routing-decisions.service';
import { RoutingRulesService, RULE_SORTABLE } from './routing-rules.service';
import { RoutingService } from './routing.service';

const RULES_FORBIDDEN = 'consultants have no routing rules; managers only rules whose action targets their office';
const RULE_NOT_FOUND = 'no such rule, or its action targets another office than yours';

@ApiTags('routing')
@ApiBearerAuth()
@ApiStaffProblems()
@Controller()
export class RoutingController {
  constructor(
    private readonly rules: RoutingRulesService,
    private readonly routing: RoutingService,
    private readonly decisions: RoutingDecisionsService,
  ) {}

  @Get('routing/rules')
  @ApiSort(RULE_SORTABLE, 'priority:asc')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'Routing rules by priority (managers: the rules targeting their office)' })
  @ApiOkResponse({ type: RulePage })
  @ApiProblemResponses({ 400: 'invalid filter, paging or sort', 403: RULES_FORBIDDEN })
  listRules(@CurrentActor() actor: Actor, @Query() query: RoutingRuleListQuery) {
    return this.rules.list(actor, query);
  }

  @Post('routing/rules')
  @Roles('admin', 'manager')
  @ApiOperation({
    summary: 'Add a routing rule: conditions on the inquiry, and the office (and consultant) it goes to',
  })
  @ApiCreatedResponse({ type: RuleView })
  @ApiProblemResponses({
    400: 'invalid or unknown fields, an unknown office or service line, a consultant outside the office; each named',
    403: RULES_FORBIDDEN,
  })
  createRule(@CurrentActor() actor: Actor, @Body() dto: CreateRoutingRuleDto) {
    return this.rules.create(actor, dto);
  }

  @Get('routing/rules/:id')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'One routing rule' })
  @ApiOkResponse({ type: RuleView })
  @ApiProblemResponses({ 403: RULES_FORBIDDEN, 404: RULE_NOT_FOUND })
  getRule(@CurrentActor() actor: Actor, @Param('id', new UuidParam('routing rule')) id: string) {
    return this.rules.get(actor, id);
  }

  @Patch('routing/rules/:id')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'Edit a routing rule (optimistic lock with `version` or If-Match)' })
  @IfMatchHeader('rule')
  @ApiOkResponse({ type: RuleView })
  @ApiProblemResponses({
    400: 'invalid or unknown fields (each named), or nothing to change',
    403: RULES_FORBIDDEN,
    404: RULE_NOT_FOUND,
    409: 'stale version: the rule changed since you read it',
  })
  updateRule(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam('routing rule')) id: string,
    @Body() dto: UpdateRoutingRuleDto,
    @IfMatchValue() ifMatch?: string,
  ) {
    return this.rules.update(actor, id, dto, ifMatch);
  }

  @Delete('routing/rules/:id')
  @Roles('admin', 'manager')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a routing rule' })
  @ApiNoContentResponse({ description: 'deleted; past decisions keep the rule’s id' })
  @ApiProblemResponses({ 403: RULES_FORBIDDEN, 404: RULE_NOT_FOUND })
  deleteRule(@CurrentActor() actor: Actor, @Param('id', new UuidParam('routing rule')) id: string) {
    return this.rules.remove(actor, id);
  }

  @Post('routing/simulate')
  @HttpCode(200)
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'The decision and explanation routing would give this inquiry now; writes nothing.' })
  @ApiOkResponse({ type: RoutingDecisionView })
  @ApiProblemResponses({
    400: 'the inquiry is not valid InquiryInput; each field named',
    403: 'consultants may not simulate routing',
    422: {
      description:
        'no active office can take the inquiry, or a filled website (honeypot): intake would store it as spam, unrouted',
      code: 'routing.no_office_available',
      detail: 'No active office can take the inquiry: every office is inactive.',
    },
  })
  simulate(@Body() dto: InquiryInputDto) {
    return this.routing.simulate(dto);
  }

  @Get('cases/:id/routing')
  @ApiOperation({ summary: 'The stored routing decision of a case, with its explanation.' })
  @ApiOkResponse({ type: CaseRoutingView })
  @ApiProblemResponses({ 404: 'no such case, not in your scope, or no decision stored for it' })
  caseRouting(@CurrentActor() actor: Actor, @Param('id', new UuidParam('case')) id: string) {
    return this.decisions.forCase(actor, id);
  }
}
