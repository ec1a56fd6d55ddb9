import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';
import { ReportsDatabase } from './reports-database';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';
import { SourcesFoldSweeper } from './sources-fold.sweeper';

/** Manager reports (pipeline, funnel, velocity, SLA, workload, aging, sources), read through their own pool. */
@Module({
  controllers: [ReportsController],
  providers: [ReportsDatabase, ReportsRepository, ReportsService],
})
export class ReportsModule {}

/** What the reports feature runs in worker processes only. */
@Module({ providers: [SourcesFoldSweeper], exports: [SourcesFoldSweeper] })
export class ReportsWorkerModule {}
