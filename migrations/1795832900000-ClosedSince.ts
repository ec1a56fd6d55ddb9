/**
 * When a closed case's closed stretch began, where `closed_at` no longer says so. `closed_at` is
 * the move into the case's current outcome (a case found won after it was marked lost counts its
 * days to the win), so a case lost unanswered before its first-response deadline and won after it
 * looked, to the SLA report, closed after its deadline: it was counted as a miss, though it owed no
 * answer and the breach check passed it over (found by the reports oracle spec).
 *
 * - `closed_since`: set by a move from one outcome to the other (won ↔ lost) to the start of the
 *   closed stretch; null otherwise — `closed_at` is that start — and whenever the case is open.
 * - Filled for closed cases whose stage path ends in a won ↔ lost move, from the path: the first
 *   stage of its closing run of won and lost stages. Every other case keeps null (no rewrite).
 * - ix_cases_report_due covers it, so compliance stays an index-only scan.
 *
 * Written by hand.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

const COVERING = `ON "cases" ("first_response_due_at")
  INCLUDE ("office_id", "consultant_id", "first_responded_at", "origin_country", "service_lines", "closed_at",
           "sla_breached", "breached_under_id", "breached_office_id", "closed_since")`;
const BEFORE = `ON "cases" ("first_response_due_at")
  INCLUDE ("office_id", "consultant_id", "first_responded_at", "origin_country", "service_lines", "closed_at",
           "sla_breached", "breached_under_id", "breached_office_id")`;

export class ClosedSince1795832900000 implements MigrationInterface {
  name = 'ClosedSince1795832900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cases" ADD "closed_since" TIMESTAMP WITH TIME ZONE`);
    // The closing run of won and lost stages starts after the path's last open stage; two or more
    // stages in it are a won ↔ lost move (a stage cannot follow itself).
    await queryRunner.query(`
      UPDATE "cases" c SET "closed_since" = least(c."stage_path_at"[r."start"], c."closed_at")
        FROM (SELECT x."id",
                     (SELECT coalesce(max(q."n"), 0) + 1
                        FROM unnest(x."stage_path") WITH ORDINALITY AS q("code", "n")
                        JOIN "stages" s ON s."code" = q."code"
                       WHERE s."category" = 'open')::int AS "start"
                FROM "cases" x
               WHERE x."closed_at" IS NOT NULL AND cardinality(x."stage_path") >= 2) r
       WHERE c."id" = r."id" AND r."start" < cardinality(c."stage_path")
    `);
    await queryRunner.query(`
      ALTER TABLE "cases" ADD CONSTRAINT "ck_cases_closed_since"
        CHECK ("closed_since" IS NULL OR ("closed_at" IS NOT NULL AND "closed_since" <= "closed_at"))
    `);
    await queryRunner.query(`DROP INDEX "public"."ix_cases_report_due"`);
    await queryRunner.query(`CREATE INDEX "ix_cases_report_due" ${COVERING}`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_cases_report_due"`);
    await queryRunner.query(`CREATE INDEX "ix_cases_report_due" ${BEFORE}`);
    await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "ck_cases_closed_since"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "closed_since"`);
  }
}
