/** Runs pending migrations at start-up, under an advisory lock so several instances can start together. */
import { DataSource } from 'typeorm';
import { typeormOptions } from './typeorm-options';

const MIGRATION_LOCK = 0x61637231; // "acr1"

export async function runMigrations(databaseUrl: string): Promise<string[]> {
  // Migrations are plain SQL: no entities are loaded, so this also runs outside the app (test setup, CLI).
  const dataSource = new DataSource(typeormOptions(databaseUrl, { entities: [], extra: { max: 1 } }));
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const done = await dataSource.runMigrations({ transaction: 'each' });
      return done.map((m) => m.name);
    } finally {
      await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await dataSource.destroy();
  }
}
