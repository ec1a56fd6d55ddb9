/**
 * What only worker processes run: queue processors, the outbox relay and periodic sweeps.
 * Added to AppModule when RUN_WORKERS is true (always for `npm start` and `start:worker`).
 * Feature modules export their processors through a `XWorkerModule` listed here.
 */
import { BULL_MODULE_QUEUE_PROCESS } from '@nestjs/bull/dist/bull.constants';
import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { CasesWorkerModule } from './cases/cases-worker.module';
import { NotificationsWorkerModule } from './notifications/notifications.module';
import { PrivacyWorkerModule } from './privacy/privacy.module';
import { OutboxRelayModule } from './queue/outbox-relay.module';
import { JobName } from './queue/queue.constants';
import { QueueShutdownService } from './queue/queue-shutdown.service';
import { ReportsWorkerModule } from './reports/reports.module';
import { RoutingWorkerModule } from './routing/routing-worker.module';
import { SlaWorkerModule } from './sla/sla.module';
import { WebhooksWorkerModule } from './webhooks/webhooks.module';

@Module({
  imports: [
    DiscoveryModule,
    OutboxRelayModule,
    RoutingWorkerModule,
    CasesWorkerModule,
    SlaWorkerModule,
    NotificationsWorkerModule,
    WebhooksWorkerModule,
    PrivacyWorkerModule,
    ReportsWorkerModule,
  ],
  providers: [QueueShutdownService],
})
export class WorkerModule implements OnApplicationBootstrap {
  constructor(private readonly discovery: DiscoveryService) {}

  /** Every job name must have exactly one handler, or jobs would sit in Redis forever (immich's check). */
  onApplicationBootstrap(): void {
    const handled = new Map<string, number>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const proto = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const key of Object.getOwnPropertyNames(proto)) {
        // Read descriptors, not properties: getters on framework providers must not run here.
        const method: unknown = Object.getOwnPropertyDescriptor(proto, key)?.value;
        if (typeof method !== 'function') continue;
        const meta = Reflect.getMetadata(BULL_MODULE_QUEUE_PROCESS, method) as { name?: string } | undefined;
        if (meta?.name) handled.set(meta.name, (handled.get(meta.name) ?? 0) + 1);
      }
    }
    const problems = Object.values(JobName)
      .filter((name) => handled.get(name) !== 1)
      .map((name) => `${name}: ${handled.get(name) ?? 0} handlers`);
    if (problems.length) throw new Error(`Every job needs exactly one handler: ${problems.join('; ')}`);
  }
}
