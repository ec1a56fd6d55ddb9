import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CasesModule } from './cases/cases.module';
import { ClientsModule } from './clients/clients.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { ConsultantsModule } from './consultants/consultants.module';
import { applicationTypeormOptions } from './database/typeorm-options';
import { HealthModule } from './health/health.module';
import { InquiriesModule } from './inquiries/inquiries.module';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OfficesModule } from './offices/offices.module';
import { PrivacyModule } from './privacy/privacy.module';
import { PublicModule } from './public/public.module';
import { QueueModule } from './queue/queue.module';
import { ReportsModule } from './reports/reports.module';
import { RoutingModule } from './routing/routing.module';
import { ServiceLinesModule } from './service-lines/service-lines.module';
import { ClockModule } from './sla/clock';
import { SlaModule } from './sla/sla.module';
import { StagesModule } from './stages/stages.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { WorkerModule } from './worker.module';

/**
 * The whole application. The HTTP process and the worker process build the same module; with
 * `runWorkers` the queue processors, the outbox relay and the sweeps are added.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: { logger, autoLogging: false }, useExisting: true }),
        TypeOrmModule.forRoot({
          ...applicationTypeormOptions(config.databaseUrl, config.dbParallelWorkers),
          autoLoadEntities: false,
        }),
        QueueModule,
        ClockModule,
        MetricsModule,
        AuditModule,
        HealthModule,
        AuthModule,
        ServiceLinesModule,
        OfficesModule,
        ConsultantsModule,
        StagesModule,
        InquiriesModule,
        PublicModule,
        CasesModule,
        ClientsModule,
        NotificationsModule,
        WebhooksModule,
        RoutingModule,
        SlaModule,
        ReportsModule,
        PrivacyModule,
        ...(config.runWorkers ? [WorkerModule] : []),
      ],
    };
  }
}
