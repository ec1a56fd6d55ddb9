/**
 * The SLA report charges a flagged miss to whoever held the case then (`breached_under_id`), not
 * to its current holder. Two things for that:
 *
 * - Cases flagged by a late first answer before migration BreachedUnder have no breach event to
 *   fill the column from (a late answer flags the case without one): they get the consultant the
 *   case was last assigned to at that answer (its `assigned`/`sla_reassigned` events; with no event
 *   at all, the current consultant), as a late answer records now.
 * - ix_cases_report_due covers the flag and the column, so compliance stays an index-only scan.
 * - Compliance counts per (office, consultant, flag, holder at the breach): without statistics on
 *   the four together the planner multiplies their distinct counts (~200,000 groups at a million
 *   cases for the ~600 there are), gives up the parallel partial aggregate and the firm-wide year
 *   reads single-threaded. Extended ndistinct statistics give it the real count; ANALYZE fills them.
 *
 * Written by hand.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

const COVERING = `ON "cases" ("first_response_due_at")
  INCLUDE ("office_id", "consultant_id", "first_responded_at", "origin_country", "service_lines", "closed_at",
           "sla_breached", "breached_under_id")`;
const BEFORE = `ON "cases" ("first_response_due_at")
  INCLUDE ("office_id", "consultant_id", "first_responded_at", "origin_country", "service_lines", "closed_at")`;

export class SlaHolder1795832300000 implements MigrationInterface {
  name = 'SlaHolder1795832300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE "cases" c SET "breached_under_id" = h."holder"
        FROM (SELECT x."id",
                     CASE WHEN e."id" IS NULL THEN x."consultant_id" ELSE (e."data"->>'toConsultantId')::uuid END AS "holder"
                FROM "cases" x
                LEFT JOIN LATERAL (
                  SELECT a."id", a."data" FROM "case_events" a
                   WHERE a."case_id" = x."id" AND a."kind" IN ('assigned', 'sla_reassigned')
                     AND a."created_at" <= x."first_responded_at"
                   ORDER BY a."created_at" DESC, a."id" DESC
                   LIMIT 1
                ) e ON TRUE
               WHERE x."sla_breached" AND x."breached_under_id" IS NULL
                 AND x."first_responded_at" > x."first_response_due_at"
                 AND NOT EXISTS (SELECT 1 FROM "case_events" b WHERE b."case_id" = x."id" AND b."kind" = 'sla_breached')
             ) h
       WHERE c."id" = h."id" AND EXISTS (SELECT 1 FROM "consultants" k WHERE k."id" = h."holder")
    `);
    await queryRunner.query(`DROP INDEX "public"."ix_cases_report_due"`);
    await queryRunner.query(`CREATE INDEX "ix_cases_report_due" ${COVERING}`);
    await queryRunner.query(
      `CREATE STATISTICS "st_cases_sla_pairs" (ndistinct) ON "office_id", "consultant_id", "sla_breached", "breached_under_id" FROM "cases"`,
    );
    await queryRunner.query(`ANALYZE "cases"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP STATISTICS "public"."st_cases_sla_pairs"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cases_report_due"`);
    await queryRunner.query(`CREATE INDEX "ix_cases_report_due" ${BEFORE}`);
  }
}
