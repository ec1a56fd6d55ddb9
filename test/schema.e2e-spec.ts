/**
 * The schema comes from migrations only: run every migration on an empty database, then ask
 * TypeORM what it would change to match the entities. Anything but nothing means an entity and
 * the migrations disagree. Also proves every migration can be reverted and re-applied.
 */
import { DataSource } from 'typeorm';
import { typeormOptions } from '../src/database/typeorm-options';
import { createTestDatabase } from './setup/test-app';

describe('Schema', () => {
  let dropEmpty: (() => Promise<void>) | undefined;
  let ds: DataSource | undefined;
  afterAll(async () => {
    await ds?.destroy();
    await dropEmpty?.();
  });

  it('migrations build a schema that matches the entities exactly, and revert cleanly', async () => {
    // An empty database, not the template: this run is the proof that migrations alone suffice.
    const empty = await createTestDatabase({ empty: true });
    dropEmpty = empty.drop;
    ds = new DataSource(typeormOptions(empty.url));
    await ds.initialize();
    const applied = await ds.runMigrations({ transaction: 'each' });
    expect(applied.length).toBeGreaterThan(0);

    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);

    for (let i = 0; i < applied.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    const tables: Array<{ table_name: string }> = await ds.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations'`,
    );
    expect(tables).toEqual([]);
    expect(await ds.runMigrations({ transaction: 'each' })).toHaveLength(applied.length);
  });

  it('seeds the twelve base service lines and six base stages', async () => {
    const lines = await ds!.query(`SELECT code FROM service_lines ORDER BY position`);
    expect(lines.map((l: { code: string }) => l.code)).toEqual([
      'company_formation',
      'bank_account',
      'tax',
      'accounting',
      'payroll_hr',
      'legal_compliance',
      'audit',
      'due_diligence',
      'market_intelligence',
      'trade_customs',
      'visa_immigration',
      'investment_advisory',
    ]);
    const stages = await ds!.query(`SELECT code, probability, category FROM stages ORDER BY position`);
    expect(stages).toEqual([
      { code: 'new', probability: 10, category: 'open' },
      { code: 'contacted', probability: 20, category: 'open' },
      { code: 'qualified', probability: 40, category: 'open' },
      { code: 'proposal', probability: 60, category: 'open' },
      { code: 'engaged', probability: 100, category: 'won' },
      { code: 'lost', probability: 0, category: 'lost' },
    ]);
  });
});
