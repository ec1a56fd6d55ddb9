/**
 * One real application per spec file, on its own database cloned from the migrated template and
 * its own Bull prefix on the shared Redis. Nothing is mocked: HTTP goes through Fastify, data
 * through Postgres, jobs through Redis.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DestinationStream } from 'pino';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { createHttpApp } from '../../src/app.setup';
import { AdminBootstrapService } from '../../src/auth/admin-bootstrap.service';
import { createRootLogger } from '../../src/common/logging';
import { AppConfig, AppConfigValues } from '../../src/config/app-config';
import { databaseUrl } from './test-env';

export const ADMIN = { email: 'admin@test.local', password: 'admin-password-123' };
export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

export interface TestApp {
  app: NestFastifyApplication;
  http: TestAgent;
  db: DataSource;
  config: AppConfig;
  databaseName: string;
  login(email: string, password: string): Promise<{ accessToken: string; refreshToken: string; user: { id: string } }>;
  adminToken(): Promise<string>;
  close(): Promise<void>;
}

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the e2e specs through jest.config.js (global setup)`);
  return value;
}

/** A fresh database cloned from the migrated template, or empty with `{ empty: true }`. */
export async function createTestDatabase(
  opts: { empty?: boolean } = {},
): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const server = env('ACRM_TEST_PG_SERVER_URL');
  const template = opts.empty ? 'template0' : env('ACRM_TEST_TEMPLATE_DB');
  const name = `acrm_t_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: databaseUrl(server, 'postgres') });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}" ENCODING 'UTF8'`);
        break;
      } catch (error) {
        // Two files cloning the template at the same instant can collide; a short retry settles it.
        if (attempt >= 10) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 300));
      }
    }
  } finally {
    await admin.end();
  }
  return {
    name,
    url: databaseUrl(server, name),
    drop: async () => {
      const c = new Client({ connectionString: databaseUrl(server, 'postgres') });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

export function testConfig(overrides: Partial<AppConfigValues> = {}): AppConfig {
  return new AppConfig({
    port: 0,
    databaseUrl: '',
    reportsDatabaseUrl: null,
    dbParallelWorkers: 0,
    redisUrl: env('ACRM_TEST_REDIS_URL'),
    demoData: false,
    migrateOnStart: false,
    adminEmail: ADMIN.email,
    adminPassword: ADMIN.password,
    jwtSecret: TEST_JWT_SECRET,
    accessTokenTtlSeconds: 900,
    refreshTokenTtlDays: 30,
    smtpUrl: null,
    publicFormOrigins: ['https://partner.example'],
    runWorkers: false,
    logLevel: 'silent',
    trustProxy: false,
    publicRateLimit: 1000,
    publicRateWindowSeconds: 60,
    retentionDays: 730,
    allowPrivateWebhookUrls: true,
    queuePrefix: `acrm_t_${randomBytes(4).toString('hex')}`,
    embedded: false,
    ...overrides,
  });
}

/** `logDestination` receives the app's log lines (the production logger, redaction included). */
export async function createTestApp(
  overrides: Partial<AppConfigValues> = {},
  options: { logDestination?: DestinationStream } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = testConfig({ databaseUrl: database.url, ...overrides });
  const logger = createRootLogger(config.logLevel, options.logDestination);
  const app = await createHttpApp(config, logger);
  await app.init();
  // Nest holds its own log lines until listen(), which tests never call: release them as listen() would.
  app.flushLogs();
  await app.getHttpAdapter().getInstance().ready();
  await app.get(AdminBootstrapService).ensureFirstAdmin();
  const http = request(app.getHttpServer());
  let adminAccess: string | null = null;
  const login = async (email: string, password: string) => {
    const res = await http.post('/api/v1/auth/login').send({ email, password });
    if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { accessToken: string; refreshToken: string; user: { id: string } };
  };
  return {
    app,
    http,
    db: app.get(DataSource),
    config,
    databaseName: database.name,
    login,
    adminToken: async () => (adminAccess ??= (await login(ADMIN.email, ADMIN.password)).accessToken),
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

export const bearer = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });
