/**
 * The HTTP process (`npm run start:api`). With RUN_WORKERS=true it also runs the queue
 * processors, which is what `npm start` does for a one-process local system.
 */
import 'reflect-metadata';
import { AdminBootstrapService } from './auth/admin-bootstrap.service';
import { createHttpApp, describeUrls } from './app.setup';
import { createRootLogger } from './common/logging';
import { closeOnSignals } from './common/shutdown';
import { AppConfig, ConfigError, loadConfig } from './config/app-config';
import { DataSource } from 'typeorm';
import { seedDemoData } from './database/demo-seed';
import { runMigrations } from './database/migrate';

export interface StartOptions {
  /** Printed after start: the demo logins of the embedded mode. */
  banner?: (urls: Record<string, string>) => string[];
  /**
   * Runs on SIGINT, SIGTERM or SIGHUP once the application has closed (its requests answered, its
   * jobs finished or handed back, its connections ended), before the process exits: `npm start`
   * stops its embedded Postgres and Redis here. Without it, Nest's shutdown hooks close the application.
   */
  afterClose?: () => Promise<void>;
}

export async function startHttp(config: AppConfig, options: StartOptions = {}): Promise<void> {
  const logger = createRootLogger(config.logLevel);
  if (config.migrateOnStart) {
    const applied = await runMigrations(config.databaseUrl);
    if (applied.length) logger.info({ applied }, 'migrations applied');
  }
  const app = await createHttpApp(config, logger, { shutdownHooks: !options.afterClose });
  if (options.afterClose) closeOnSignals(app, options.afterClose, logger);
  await app.get(AdminBootstrapService).ensureFirstAdmin();
  // DEMO_DATA (default: on with npm start's embedded database only): idempotent, so every start
  // of any API process may run it.
  if (config.demoData) await seedDemoData(app.get(DataSource));
  await app.listen({ port: config.port, host: '0.0.0.0' });
  const urls = describeUrls(config.port);
  logger.info({ urls, workers: config.runWorkers }, 'advisory-crm is listening');
  const lines = options.banner?.(urls) ?? [];
  if (lines.length) process.stdout.write(`\n${lines.join('\n')}\n\n`);
}

/**
 * One line an operator can act on: what failed and, for the usual suspects, which setting to look
 * at. The stack only with LOG_LEVEL=debug or trace (it helps developers, not operators, and a
 * driver's stack can be long). Nothing here quotes a connection string.
 */
export function startupFailure(error: unknown, env: NodeJS.ProcessEnv = process.env): string {
  if (!(error instanceof Error)) return `Start-up failed: ${String(error)}`;
  const code = (error as { code?: unknown }).code;
  const hint =
    code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === '3D000' || code === '28P01'
      ? ' (check DATABASE_URL, and REDIS_URL)'
      : code === 'EADDRINUSE'
        ? ' (check PORT: another process listens there)'
        : code === '42P01'
          ? ' (the schema is missing: run the migrations, or leave DB_MIGRATE_ON_START on)'
          : error instanceof TypeError && /url/i.test(error.message)
            ? ' (check DATABASE_URL, REDIS_URL and REPORTS_DATABASE_URL)'
            : '';
  const line = `Start-up failed: ${error.message}${typeof code === 'string' ? ` [${code}]` : ''}${hint}`;
  return ['debug', 'trace'].includes(env.LOG_LEVEL ?? '') && error.stack ? `${line}\n${error.stack}` : line;
}

export function exitOnConfigError(error: unknown): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`${startupFailure(error)}\n`);
  process.exit(1);
}

if (require.main === module) {
  try {
    const config = loadConfig();
    startHttp(config).catch(exitOnConfigError);
  } catch (error) {
    exitOnConfigError(error);
  }
}
