import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '@/common/auth.decorators';
import { UuidParam } from '@/common/uuid.pipe';
import { CreateOfficeDto, OfficeListQuery, UpdateOfficeDto } from './dto/office.dto';
import { OfficesService } from './offices.service';

@ApiTags('offices')
@ApiBearerAuth()
@Controller('offices')
export class OfficesController {
  constructor(private readonly offices: OfficesService) {}

  @Get()
  list(@Query() query: OfficeListQuery) {
    return this.offices.list(query);
  }

  @Get(':id')
  get(@Param('id', new UuidParam('office')) id: string) {
    return this.offices.get(id);
  }

  @Post()
  @Roles('admin')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateOfficeDto) {
    return this.offices.create(actor, dto);
  }

  @Patch(':id')
  @Roles('admin')
  update(@CurrentActor() actor: Actor, @Param('id', new UuidParam('office')) id: string, @Body() dto: UpdateOfficeDto) {
    return this.offices.update(actor, id, dto);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(200)
  remove(@CurrentActor() actor: Actor, @Param('id', new UuidParam('office')) id: string) {
    return this.offices.deactivate(actor, id);
  }
}
