import { Module } from '@nestjs/common';
import { OutboxPruneSweeper } from './outbox-prune.sweeper';
import { OutboxRelayService } from './outbox-relay.service';

/**
 * The outbox relay and the pruning of what it published: imported by WorkerModule only, so only
 * worker processes move rows to Bull.
 */
@Module({ providers: [OutboxRelayService, OutboxPruneSweeper], exports: [OutboxRelayService] })
export class OutboxRelayModule {}
