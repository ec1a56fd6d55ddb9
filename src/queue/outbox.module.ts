import { Module } from '@nestjs/common';
import { OutboxService } from './outbox.service';

/** For modules whose writes cause background work: they add outbox rows in their own transactions. */
@Module({ providers: [OutboxService], exports: [OutboxService] })
export class OutboxModule {}
