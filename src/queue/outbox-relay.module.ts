import { Module } from '@nestjs/common';
import { LostJobsReconciler } from './lost-jobs.reconciler';
import { OutboxPruneSweeper } from './outbox-prune.sweeper';
import { OutboxRelayService } from './outbox-relay.service';

/**
 * The outbox relay, the pruning of what it published, and the re-queuing of mail and webhook jobs
 * Redis lost: imported by WorkerModule only, so only worker processes move rows to Bull.
 */
@Module({
  providers: [OutboxRelayService, OutboxPruneSweeper, LostJobsReconciler],
  exports: [OutboxRelayService, LostJobsReconciler],
})
export class OutboxRelayModule {}
