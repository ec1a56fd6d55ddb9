/**
 * Who held a case when its first-response deadline was missed, so the SLA report charges the miss
 * to them rather than to the case's current holder (reassign-on-breach moves a breached case to
 * someone else at once). Filled from the breach events for cases breached before. Written by hand.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class BreachedUnder1795832100000 implements MigrationInterface {
  name = 'BreachedUnder1795832100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cases" ADD "breached_under_id" uuid`);
    await queryRunner.query(`
      ALTER TABLE "cases" ADD CONSTRAINT "fk_cases_breached_under" FOREIGN KEY ("breached_under_id")
        REFERENCES "consultants"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
      UPDATE "cases" c SET "breached_under_id" = (e."data"->>'consultantId')::uuid
        FROM "case_events" e
       WHERE e."case_id" = c."id" AND e."kind" = 'sla_breached' AND e."data"->>'consultantId' IS NOT NULL
         AND EXISTS (SELECT 1 FROM "consultants" k WHERE k."id" = (e."data"->>'consultantId')::uuid)
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "fk_cases_breached_under"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "breached_under_id"`);
  }
}
