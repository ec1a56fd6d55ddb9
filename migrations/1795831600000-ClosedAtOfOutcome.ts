/**
 * A case moved straight from lost to won (or back) kept the date of its first outcome in
 * `closed_at`, so "days to win" counted to the loss. The writer now dates the close on every change
 * of outcome; this repairs the cases written before, from their stage events: a closed case whose
 * latest move between the two outcomes is newer than its `closed_at` takes that move's time (a case
 * reopened and closed again since already has the newer date and is left alone). The report tables
 * follow through their triggers on `closed_at`. Written by hand; nothing to undo.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class ClosedAtOfOutcome1795831600000 implements MigrationInterface {
  name = 'ClosedAtOfOutcome1795831600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE "cases" c
         SET "closed_at" = m.at
        FROM (SELECT e."case_id", max(e."created_at") AS at
                FROM "stage_events" e
                JOIN "stages" f ON f."code" = e."from_stage"
                JOIN "stages" t ON t."code" = e."to_stage"
               WHERE f."category" <> 'open' AND t."category" <> 'open' AND f."category" <> t."category"
               GROUP BY e."case_id") m,
             "stages" s
       WHERE c."id" = m."case_id"
         AND s."code" = c."stage_code" AND s."category" <> 'open'
         AND c."closed_at" < m.at
    `);
  }

  public async down(): Promise<void> {
    // The old dates were wrong; there is nothing to put back.
  }
}
