import { Module } from '@nestjs/common';
import { AuthModule } from '@/auth/auth.module';
import { CasesModule } from '@/cases/cases.module';
import { ServiceLinesModule } from '@/service-lines/service-lines.module';
import { ConsultantsController } from './consultants.controller';
import { ConsultantsService } from './consultants.service';

@Module({
  imports: [ServiceLinesModule, AuthModule, CasesModule],
  controllers: [ConsultantsController],
  providers: [ConsultantsService],
  exports: [ConsultantsService],
})
export class ConsultantsModule {}
