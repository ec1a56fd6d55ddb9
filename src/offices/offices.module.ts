import { Module } from '@nestjs/common';
import { ServiceLinesModule } from '@/service-lines/service-lines.module';
import { OfficesController } from './offices.controller';
import { OfficesService } from './offices.service';

@Module({
  imports: [ServiceLinesModule],
  controllers: [OfficesController],
  providers: [OfficesService],
  exports: [OfficesService],
})
export class OfficesModule {}
