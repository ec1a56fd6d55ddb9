/**
 * A client known only from spam — created for a bot's submission, with no case, no owner and no
 * other inquiry — is quarantined: left out of client lists and searches until a person releases
 * its inquiry or the same address writes in for real. Existing ones are marked from their
 * inquiries. Written by hand.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class QuarantinedClients1795832000000 implements MigrationInterface {
  name = 'QuarantinedClients1795832000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "clients" ADD "quarantined" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`
      UPDATE "clients" c SET "quarantined" = true
       WHERE c."owner_id" IS NULL AND c."merged_into_id" IS NULL
         AND EXISTS (SELECT 1 FROM "inquiries" i WHERE i."client_id" = c."id" AND i."status" = 'spam')
         AND NOT EXISTS (SELECT 1 FROM "inquiries" i WHERE i."client_id" = c."id" AND i."status" <> 'spam')
         AND NOT EXISTS (SELECT 1 FROM "cases" k WHERE k."client_id" = c."id")
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "clients" DROP COLUMN "quarantined"`);
  }
}
