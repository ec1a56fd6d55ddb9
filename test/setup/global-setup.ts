/**
 * Runs once before the end-to-end specs: finds Postgres and Redis (DATABASE_URL/REDIS_URL, or
 * embedded ones when unset), runs every migration into a template database, and publishes its
 * name; each spec file then clones its own database from the template (CREATE DATABASE … TEMPLATE),
 * so files run in parallel without sharing state.
 */
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ensureDatabase, startEmbeddedPostgres, startEmbeddedRedis } from '../../src/database/embedded-services';
import { runMigrations } from '../../src/database/migrate';
import { databaseUrl } from './test-env';

declare global {
  var __ACRM_TEST_TEARDOWN__: Array<() => Promise<void>> | undefined;
}

export default async function globalSetup(): Promise<void> {
  const teardown: Array<() => Promise<void>> = [];
  let pgServerUrl = process.env.DATABASE_URL;
  if (!pgServerUrl) {
    const pg = await startEmbeddedPostgres(mkdtempSync(join(tmpdir(), 'acrm-test-pg-')), { persistent: false });
    teardown.push(pg.stop);
    pgServerUrl = pg.url('postgres');
  }
  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    const redis = await startEmbeddedRedis({});
    teardown.push(redis.stop);
    redisUrl = redis.url;
  }

  const templateDb = `acrm_tpl_${process.pid}`;
  const admin = new Client({ connectionString: databaseUrl(pgServerUrl, 'postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${templateDb}"`);
  await admin.end();
  await ensureDatabase(databaseUrl(pgServerUrl, 'postgres'), templateDb);
  await runMigrations(databaseUrl(pgServerUrl, templateDb));

  teardown.unshift(async () => {
    const c = new Client({ connectionString: databaseUrl(pgServerUrl, 'postgres') });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${templateDb}" WITH (FORCE)`);
    await c.end();
  });
  globalThis.__ACRM_TEST_TEARDOWN__ = teardown;
  process.env.ACRM_TEST_PG_SERVER_URL = pgServerUrl;
  process.env.ACRM_TEST_REDIS_URL = redisUrl;
  process.env.ACRM_TEST_TEMPLATE_DB = templateDb;
}
