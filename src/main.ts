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
import { runMigrations } from './database/migrate';

export interface StartOptions {
  /** Printed after start: the demo logins of the embedded mode. */
  banner?: (urls: Record<string, string>) => string[];
  /** Runs after migrations, before the server listens (the demo seed). */
  beforeListen?: (config: AppConfig) => Promise<void>;
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
  await options.beforeListen?.(config);
  await app.listen({ port: config.port, host: '0.0.0.0' });
  const urls = describeUrls(config.port);
  logger.info({ urls, workers: config.runWorkers }, 'advisory-crm is listening');
  const lines = options.banner?.(urls) ?? [];
  if (lines.length) process.stdout.write(`\n${lines.join('\n')}\n\n`);
}

export function exitOnConfigError(error: unknown): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`Start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
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
