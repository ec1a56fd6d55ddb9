/**
 * One definition of the TypeORM connection, shared by the app, the migration CLI and tests.
 * `synchronize` is off everywhere: the schema comes from migrations only.
 */
import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './naming.strategy';

export const ENTITY_GLOB = join(__dirname, '..', '**', '*.entity.{ts,js}');
export const MIGRATION_GLOB = join(__dirname, '..', '..', 'migrations', '*.{ts,js}');

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
    logging: ['error'],
    extra: { max: 20, application_name: 'advisory-crm' },
    ...extra,
  } as DataSourceOptions;
}
