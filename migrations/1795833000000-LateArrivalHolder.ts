/**
 * Who holds the misses of cases that reached their office already late. A move to another office
 * recounts an unanswered case's deadline in that office's calendar, which can put it before the
 * move; the breach check (or a late first answer) then flagged the miss against that office
 * (`breached_office_id`) but charged it to whoever held the case at the deadline — a consultant of
 * the office it had left. `HOLDER_AT_DEADLINE` (src/cases/assignment-history.ts) now charges such a
 * miss to whoever the move into the office gave the case to (null: that office's queue).
 *
 * Repairs the cases flagged that way before: flagged in the office they are still in, whose last
 * move into it came after their deadline and no later than the flag (their first `sla_breached`
 * event, else their late first answer). A case that left the office after its flag, or came into it
 * before its deadline, is left as it is. The holder must still exist (the foreign key). No other
 * case is rewritten.
 *
 * down() keeps the repaired holders: the ones they replace named a consultant of another office.
 *
 * Written by hand.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class LateArrivalHolder1795833000000 implements MigrationInterface {
  name = 'LateArrivalHolder1795833000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      WITH "arrived" AS (
        SELECT DISTINCT ON (e."case_id") e."case_id", e."created_at", (e."data"->>'toConsultantId')::uuid AS "holder"
          FROM "case_events" e
          JOIN "cases" c ON c."id" = e."case_id"
         WHERE c."sla_breached" AND c."breached_office_id" = c."office_id"
           AND e."kind" = 'assigned' AND e."data"->>'toOfficeId' = c."office_id"::text
           AND e."data"->>'fromOfficeId' IS DISTINCT FROM e."data"->>'toOfficeId'
         ORDER BY e."case_id", e."created_at" DESC, e."id" DESC
      )
      UPDATE "cases" c SET "breached_under_id" = a."holder"
        FROM "arrived" a
       WHERE c."id" = a."case_id"
         AND a."created_at" > c."first_response_due_at"
         AND a."created_at" <= coalesce(
               (SELECT min(b."created_at") FROM "case_events" b WHERE b."case_id" = c."id" AND b."kind" = 'sla_breached'),
               c."first_responded_at")
         AND c."breached_under_id" IS DISTINCT FROM a."holder"
         AND (a."holder" IS NULL OR EXISTS (SELECT 1 FROM "consultants" k WHERE k."id" = a."holder"))
    `);
  }

  public async down(): Promise<void> {
    // Nothing to undo in the schema; the repaired holders stay (see above).
  }
}
