/**
 * Two repairs for databases upgraded from before session 9 (found by upgrading a live copy):
 *
 * - QuarantinedClients quarantined every client with no owner and only spam, also ones a person
 *   vouched for — a client staff created (a bot later wrote from its domain) or the survivor of a
 *   merge staff made — so they vanished from lists and searches. A client with any staff write in
 *   its audit trail (created, updated, owner changed, merged) is released; staff edits release it
 *   at run time too.
 * - AssignedEventShape rewrote routing's `assigned` events only; the queue drain's older events
 *   lacked `by`. Every `assigned` event now has every key of the one shape (missing ones null).
 *
 * Written by hand. `down` leaves the data as repaired (nothing to undo: the old release reads both).
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

const ASSIGNED_KEYS = ['via', 'fromConsultantId', 'toConsultantId', 'fromOfficeId', 'toOfficeId', 'reason', 'by'];

export class UpgradeRepairs1795832500000 implements MigrationInterface {
  name = 'UpgradeRepairs1795832500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE "clients" c SET "quarantined" = false
       WHERE c."quarantined"
         AND EXISTS (SELECT 1 FROM "audit_entries" a
                      WHERE a."entity" = 'client' AND a."entity_id" = c."id"::text
                        AND a."action" IN ('client.created', 'client.updated', 'client.owner_changed', 'client.merged'))
    `);
    const nulls = ASSIGNED_KEYS.map((k) => `'${k}', NULL`).join(', ');
    await queryRunner.query(
      `UPDATE "case_events" SET "data" = jsonb_build_object(${nulls}) || "data"
        WHERE "kind" = 'assigned' AND NOT ("data" ?& $1::text[])`,
      [ASSIGNED_KEYS],
    );
  }

  public async down(): Promise<void> {
    // The repaired rows are valid for the previous schema as they are.
  }
}
