/**
 * Intake finds a company by its email domain among live clients, and — since a merge no longer
 * means the merged company's next colleague founds a new duplicate — among clients merged away,
 * whose survivor it then follows. The unique index covers live clients only; this one covers the
 * merged ones (few) for that second look-up. Written by hand.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class MergedClientDomains1795831800000 implements MigrationInterface {
  name = 'MergedClientDomains1795831800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_clients_merged_email_domain" ON "clients" ("email_domain")
        WHERE "merged_into_id" IS NOT NULL AND "email_domain" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_clients_merged_email_domain"`);
  }
}
