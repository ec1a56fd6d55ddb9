/**
 * The queue-worker process (`npm run start:worker`): the same application without HTTP,
 * running the queue processors, the outbox relay and the sweeps.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { createRootLogger } from './common/logging';
import { loadConfig } from './config/app-config';
import { runMigrations } from './database/migrate';
import { exitOnConfigError } from './main';

async function startWorker(): Promise<void> {
  const config = loadConfig().with({ runWorkers: true });
  const logger = createRootLogger(config.logLevel);
  if (config.migrateOnStart) await runMigrations(config.databaseUrl);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, logger), { bufferLogs: true });
  app.useLogger(app.get(PinoNestLogger));
  app.enableShutdownHooks();
  await app.init();
  logger.info('advisory-crm worker is running');
}

startWorker().catch(exitOnConfigError);
