import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '@/common/auth.decorators';
import { CodeParam } from '@/common/code.pipe';
import { CreateStageDto, UpdateStageDto } from './dto/stage.dto';
import { StagesService } from './stages.service';

@ApiTags('stages')
@ApiBearerAuth()
@Controller('stages')
export class StagesController {
  constructor(private readonly stages: StagesService) {}

  @Get()
  list() {
    return this.stages.list();
  }

  @Post()
  @Roles('admin')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateStageDto) {
    return this.stages.create(actor, dto);
  }

  @Patch(':code')
  @Roles('admin')
  update(
    @CurrentActor() actor: Actor,
    @Param('code', new CodeParam('stage')) code: string,
    @Body() dto: UpdateStageDto,
  ) {
    return this.stages.update(actor, code, dto);
  }
}
