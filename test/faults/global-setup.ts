/**
 * Once per fault run: an embedded Postgres on a spare port (never the machine's server, which these
 * specs must not disturb), with a template database holding every migration and the demo network.
 * Each spec clones its own database from the template and starts its own Redis.
 */
import 'reflect-metadata';
import { createTemplate, startPostgres } from '../../bench/lib/services';

declare global {
  var __ACRM_FAULTS_TEARDOWN__: (() => Promise<void>) | undefined;
}

export const TEMPLATE_DB = 'faults_tpl';

export default async function globalSetup(): Promise<void> {
  const pg = await startPostgres({ useEnv: false });
  await createTemplate(pg, TEMPLATE_DB, { seed: true });
  process.env.ACRM_FAULTS_PG_URL = pg.url('postgres');
  process.env.ACRM_FAULTS_TEMPLATE = TEMPLATE_DB;
  globalThis.__ACRM_FAULTS_TEARDOWN__ = pg.stop;
}
