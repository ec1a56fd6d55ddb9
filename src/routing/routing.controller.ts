import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '@/common/auth.decorators';
import { UuidParam } from '@/common/uuid.pipe';
import { InquiryInputDto } from '@/inquiries/dto/inquiry-input.dto';
import { CreateRoutingRuleDto, RoutingRuleListQuery, UpdateRoutingRuleDto } from './dto/routing-rule.dto';
import { RoutingDecisionsService } from './routing-decisions.service';
import { RoutingRulesService } from './routing-rules.service';
import { RoutingService } from './routing.service';

@ApiTags('routing')
@ApiBearerAuth()
@Controller()
export class RoutingController {
  constructor(
    private readonly rules: RoutingRulesService,
    private readonly routing: RoutingService,
    private readonly decisions: RoutingDecisionsService,
  ) {}

  @Get('routing/rules')
  @Roles('admin', 'manager')
  listRules(@CurrentActor() actor: Actor, @Query() query: RoutingRuleListQuery) {
    return this.rules.list(actor, query);
  }

  @Post('routing/rules')
  @Roles('admin', 'manager')
  createRule(@CurrentActor() actor: Actor, @Body() dto: CreateRoutingRuleDto) {
    return this.rules.create(actor, dto);
  }

  @Get('routing/rules/:id')
  @Roles('admin', 'manager')
  getRule(@CurrentActor() actor: Actor, @Param('id', new UuidParam('routing rule')) id: string) {
    return this.rules.get(actor, id);
  }

  @Patch('routing/rules/:id')
  @Roles('admin', 'manager')
  updateRule(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam('routing rule')) id: string,
    @Body() dto: UpdateRoutingRuleDto,
  ) {
    return this.rules.update(actor, id, dto);
  }

  @Delete('routing/rules/:id')
  @Roles('admin', 'manager')
  @HttpCode(204)
  deleteRule(@CurrentActor() actor: Actor, @Param('id', new UuidParam('routing rule')) id: string) {
    return this.rules.remove(actor, id);
  }

  @Post('routing/simulate')
  @HttpCode(200)
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'The decision and explanation routing would give this inquiry now; writes nothing.' })
  simulate(@Body() dto: InquiryInputDto) {
    return this.routing.simulate(dto);
  }

  @Get('cases/:id/routing')
  @ApiOperation({ summary: 'The stored routing decision of a case, with its explanation.' })
  caseRouting(@CurrentActor() actor: Actor, @Param('id', new UuidParam('case')) id: string) {
    return this.decisions.forCase(actor, id);
  }
}
