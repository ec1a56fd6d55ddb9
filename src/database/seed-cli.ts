/** `npm run seed:demo`: loads the demo network into DATABASE_URL (idempotent). */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadDatabaseUrl } from '@/config/app-config';
import { runMigrations } from './migrate';
import { seedDemoData } from './demo-seed';
import { typeormOptions } from './typeorm-options';

async function main(): Promise<void> {
  const databaseUrl = loadDatabaseUrl();
  await runMigrations(databaseUrl);
  const dataSource = new DataSource(typeormOptions(databaseUrl, { entities: [] }));
  await dataSource.initialize();
  try {
    const result = await seedDemoData(dataSource);
    process.stdout.write(
      `Demo data: ${result.offices} offices, ${result.consultants} staff, ${result.rules} rules added.\n`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
