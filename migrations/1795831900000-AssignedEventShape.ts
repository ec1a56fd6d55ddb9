/**
 * Every `assigned` case event now has one shape — via, from/to consultant and office, reason, by —
 * whoever assigned (routing, a hand-over, the queue drain), so a timeline has one renderer. Routing
 * wrote `{ by: "routing", strategy, toConsultantId, toOfficeId }`; this rewrites those events in
 * the new shape. Written by hand.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class AssignedEventShape1795831900000 implements MigrationInterface {
  name = 'AssignedEventShape1795831900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE "case_events"
         SET "data" = "data" || jsonb_build_object('via', 'routing', 'fromConsultantId', NULL, 'fromOfficeId', NULL,
                                                   'reason', NULL, 'by', NULL)
       WHERE "kind" = 'assigned' AND "data"->>'by' = 'routing'
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE "case_events"
         SET "data" = ("data" - 'via' - 'fromConsultantId' - 'fromOfficeId' - 'reason') || '{"by": "routing"}'::jsonb
       WHERE "kind" = 'assigned' AND "data"->>'via' = 'routing'
    `);
  }
}
