/**
 * The office a missed first-response deadline is charged to: the case's office when the miss was
 * flagged (by the breach check, or by an answer after the deadline). A manager may send a breached
 * case to another office; the SLA report went on charging the miss to the case's office now, so
 * the office that let it pass lost it from its figures and the new office's report showed a miss —
 * and a consultant — of another office.
 *
 * - `breached_office_id` is set exactly when the case is flagged (`ck_cases_breached_office`).
 * - Filled for flagged cases from the breach event's office; for misses flagged by a late answer
 *   (no event), the office of the case's last assignment before that answer; else its office now.
 * - ix_cases_report_due covers the column, so compliance (and its office filter, which reads it)
 *   stays an index-only scan, and the extended statistics st_cases_sla_pairs take it in (the
 *   report counts per office at the breach).
 *
 * Cost: the fill rewrites every flagged case (and its index entries) with `cases` locked: measured
 * 19–21 s for 80,000 flagged cases of 200,000 on a 2-vCPU machine (an upgrade from the previous
 * release), so about a quarter of a second per thousand flagged cases of start-up on upgrade.
 *
 * Written by hand.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

const COVERING = `ON "cases" ("first_response_due_at")
  INCLUDE ("office_id", "consultant_id", "first_responded_at", "origin_country", "service_lines", "closed_at",
           "sla_breached", "breached_under_id", "breached_office_id")`;
const BEFORE = `ON "cases" ("first_response_due_at")
  INCLUDE ("office_id", "consultant_id", "first_responded_at", "origin_country", "service_lines", "closed_at",
           "sla_breached", "breached_under_id")`;

export class BreachedOffice1795832600000 implements MigrationInterface {
  name = 'BreachedOffice1795832600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cases" ADD "breached_office_id" uuid`);
    await queryRunner.query(`
      ALTER TABLE "cases" ADD CONSTRAINT "fk_cases_breached_office" FOREIGN KEY ("breached_office_id")
        REFERENCES "offices"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
      UPDATE "cases" c SET "breached_office_id" = coalesce(
               (SELECT o."id" FROM "case_events" e JOIN "offices" o ON o."id"::text = e."data"->>'officeId'
                 WHERE e."case_id" = c."id" AND e."kind" = 'sla_breached'
                 ORDER BY e."created_at", e."id" LIMIT 1),
               (SELECT o."id" FROM "case_events" a JOIN "offices" o ON o."id"::text = a."data"->>'toOfficeId'
                 WHERE a."case_id" = c."id" AND a."kind" = 'assigned' AND a."created_at" <= c."first_responded_at"
                 ORDER BY a."created_at" DESC, a."id" DESC LIMIT 1),
               c."office_id")
       WHERE c."sla_breached"
    `);
    await queryRunner.query(`
      ALTER TABLE "cases" ADD CONSTRAINT "ck_cases_breached_office"
        CHECK (("breached_office_id" IS NOT NULL) = "sla_breached")
    `);
    await queryRunner.query(`DROP INDEX "public"."ix_cases_report_due"`);
    await queryRunner.query(`CREATE INDEX "ix_cases_report_due" ${COVERING}`);
    await queryRunner.query(`DROP STATISTICS "public"."st_cases_sla_pairs"`);
    await queryRunner.query(
      `CREATE STATISTICS "st_cases_sla_pairs" (ndistinct)
         ON "office_id", "consultant_id", "sla_breached", "breached_under_id", "breached_office_id" FROM "cases"`,
    );
    await queryRunner.query(`ANALYZE "cases"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP STATISTICS "public"."st_cases_sla_pairs"`);
    await queryRunner.query(
      `CREATE STATISTICS "st_cases_sla_pairs" (ndistinct) ON "office_id", "consultant_id", "sla_breached", "breached_under_id" FROM "cases"`,
    );
    await queryRunner.query(`DROP INDEX "public"."ix_cases_report_due"`);
    await queryRunner.query(`CREATE INDEX "ix_cases_report_due" ${BEFORE}`);
    await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "ck_cases_breached_office"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "fk_cases_breached_office"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "breached_office_id"`);
  }
}
