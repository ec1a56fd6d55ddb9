/**
 * The SLA report's list of open breached cases, index-only.
 *
 * Measured on the benchmark's million cases: for the whole firm's year the list holds ~6,000 of
 * the ~27,000 unanswered cases whose deadline fell in the period (the rest are closed), and the
 * plan fetched all 27,000 rows from the heap (or ANDed a bitmap of every open case of the office
 * and stage) to test their stage and read their reference: 0.4–1.3 s. With the stage, the filter
 * columns and what the list shows in the partial index, it is an index-only scan: ~50 ms.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

const UNANSWERED = {
  before: `ON "cases" ("first_response_due_at") INCLUDE ("office_id", "consultant_id", "stage_code") WHERE "first_responded_at" IS NULL`,
  after: `ON "cases" ("first_response_due_at")
          INCLUDE ("office_id", "consultant_id", "stage_code", "id", "reference", "created_at", "origin_country", "service_lines")
          WHERE "first_responded_at" IS NULL`,
};

export class ReportBreachedCovering1795830810000 implements MigrationInterface {
  name = 'ReportBreachedCovering1795830810000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_cases_report_unanswered"`);
    await queryRunner.query(`CREATE INDEX "ix_cases_report_unanswered" ${UNANSWERED.after}`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_cases_report_unanswered"`);
    await queryRunner.query(`CREATE INDEX "ix_cases_report_unanswered" ${UNANSWERED.before}`);
  }
}
