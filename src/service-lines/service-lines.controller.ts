import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '@/common/auth.decorators';
import { CodeParam } from '@/common/code.pipe';
import { CreateServiceLineDto, UpdateServiceLineDto } from './dto/service-line.dto';
import { ServiceLinesService } from './service-lines.service';

@ApiTags('service lines')
@ApiBearerAuth()
@Controller('service-lines')
export class ServiceLinesController {
  constructor(private readonly serviceLines: ServiceLinesService) {}

  @Get()
  list() {
    return this.serviceLines.list();
  }

  @Post()
  @Roles('admin')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateServiceLineDto) {
    return this.serviceLines.create(actor, dto);
  }

  @Patch(':code')
  @Roles('admin')
  update(
    @CurrentActor() actor: Actor,
    @Param('code', new CodeParam('service line')) code: string,
    @Body() dto: UpdateServiceLineDto,
  ) {
    return this.serviceLines.update(actor, code, dto);
  }
}
