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
  // Creating the context waits for Redis without a word (Nest's own lines are buffered until it
  // is up): say what it waits for, and keep saying it, so a wrong REDIS_URL is not a silent hang.
  const redis = hostOf(config.redisUrl);
  logger.info({ redis }, 'starting the worker: connecting to Redis');
  const waiting = setInterval(
    () => logger.warn({ redis }, 'still waiting for Redis: check REDIS_URL and that the server answers'),
    10_000,
  );
  waiting.unref();
  try {
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, logger), { bufferLogs: true });
    app.useLogger(app.get(PinoNestLogger));
    app.enableShutdownHooks();
    await app.init();
  } finally {
    clearInterval(waiting);
  }
  logger.info('advisory-crm worker is running');
}

/** host:port of a URL, never its user or password. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(unparsable REDIS_URL)';
  }
}

startWorker().catch(exitOnConfigError);
