import { Module } from '@nestjs/common';
import { OutboxRelayService } from './outbox-relay.service';

/** The outbox relay: imported by WorkerModule only, so only worker processes move rows to Bull. */
@Module({ providers: [OutboxRelayService], exports: [OutboxRelayService] })
export class OutboxRelayModule {}
