import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '@/common/auth.decorators';
import { UuidParam } from '@/common/uuid.pipe';
import { ConsultantsService } from './consultants.service';
import { ConsultantListQuery, CreateConsultantDto, OutOfOfficeDto, UpdateConsultantDto } from './dto/consultant.dto';

@ApiTags('consultants')
@ApiBearerAuth()
@Controller('consultants')
export class ConsultantsController {
  constructor(private readonly consultants: ConsultantsService) {}

  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ConsultantListQuery) {
    return this.consultants.list(actor, query);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', new UuidParam('consultant')) id: string) {
    return this.consultants.get(actor, id);
  }

  @Post()
  @Roles('admin', 'manager')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateConsultantDto) {
    return this.consultants.create(actor, dto);
  }

  @Patch(':id')
  @Roles('admin', 'manager')
  update(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam('consultant')) id: string,
    @Body() dto: UpdateConsultantDto,
  ) {
    return this.consultants.update(actor, id, dto);
  }

  @Delete(':id')
  @Roles('admin', 'manager')
  @HttpCode(200)
  remove(@CurrentActor() actor: Actor, @Param('id', new UuidParam('consultant')) id: string) {
    return this.consultants.deactivate(actor, id);
  }

  @Post(':id/out-of-office')
  addOutOfOffice(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam('consultant')) id: string,
    @Body() dto: OutOfOfficeDto,
  ) {
    return this.consultants.addOutOfOffice(actor, id, dto);
  }

  @Delete(':id/out-of-office/:periodId')
  @HttpCode(200)
  removeOutOfOffice(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam('consultant')) id: string,
    @Param('periodId', new UuidParam('out-of-office period')) periodId: string,
  ) {
    return this.consultants.removeOutOfOffice(actor, id, periodId);
  }
}
