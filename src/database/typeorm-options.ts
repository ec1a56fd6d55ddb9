/**
 * One definition of the TypeORM connection, shared by the app, the migration CLI and tests.
 * `synchronize` is off everywhere: the schema comes from migrations only.
 */
import { join } from 'node:path';
import { types } from 'pg';
import type { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './naming.strategy';
import { asStartupOptions, sessionSettings } from './session-settings';

// Calendar dates stay 'YYYY-MM-DD' strings: turning them into Date objects would shift them by
// the server's time zone (an office holiday must not move a day).
types.setTypeParser(1082, (value: string) => value);
// 1182 is date[]; @types/pg's TypeId enum lists scalar types only.
types.setTypeParser(1182 as Parameters<typeof types.setTypeParser>[0], (value: string) =>
  value === '{}' ? [] : value.slice(1, -1).split(','),
);

export const ENTITY_GLOB = join(__dirname, '..', '**', '*.entity.{ts,js}');
export const MIGRATION_GLOB = join(__dirname, '..', '..', 'migrations', '*.{ts,js}');

/** The application's own pool: the shared definition, its sessions set up as sessionSettings says. */
export function applicationTypeormOptions(databaseUrl: string, parallelWorkers: number): DataSourceOptions {
  const options = typeormOptions(databaseUrl);
  return {
    ...options,
    extra: { ...(options.extra as object), options: asStartupOptions(sessionSettings(parallelWorkers)) },
  } as DataSourceOptions;
}

export function typeormOptions(databaseUrl: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: [ENTITY_GLOB],
    migrations: [MIGRATION_GLOB],
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
    // Failed queries surface as errors the filter logs (with a request id) — no second, unredacted log.
    logging: false,
    // A bounded wait for a connection: a database that is down answers 503 instead of hanging requests.
    extra: { max: 20, application_name: 'advisory-crm', connectionTimeoutMillis: 5000 },
    ...extra,
  } as DataSourceOptions;
}
