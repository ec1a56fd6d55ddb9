import { Module } from '@nestjs/common';
import { ServiceLinesController } from './service-lines.controller';
import { ServiceLinesLookup } from './service-lines.lookup';
import { ServiceLinesService } from './service-lines.service';

@Module({
  controllers: [ServiceLinesController],
  providers: [ServiceLinesService, ServiceLinesLookup],
  exports: [ServiceLinesService, ServiceLinesLookup],
})
export class ServiceLinesModule {}
