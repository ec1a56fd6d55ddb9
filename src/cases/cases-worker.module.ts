import { Module } from '@nestjs/common';
import { CasesModule } from './cases.module';
import { QueueDrainSweeper } from './queue-drain.sweeper';

/** What the cases feature runs in worker processes only. */
@Module({ imports: [CasesModule], providers: [QueueDrainSweeper] })
export class CasesWorkerModule {}
