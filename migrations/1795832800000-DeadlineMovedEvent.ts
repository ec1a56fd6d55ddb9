/**
 * A waiting case's first-response deadline moves when its office's calendar or SLA changes
 * (OfficesService); the case's timeline now says so, with an `sla_deadline_moved` event (from, to,
 * who changed the calendar), so a consultant whose deadline moved can see why. Written by hand.
 * `down` drops those events: the release before cannot show them.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = (kinds: string[]) => kinds.map((k) => `'${k}'`).join(', ');
const BEFORE = ['assigned', 'sla_breached', 'sla_reassigned', 'first_response'];
const AFTER = [...BEFORE, 'sla_deadline_moved'];

export class DeadlineMovedEvent1795832800000 implements MigrationInterface {
  name = 'DeadlineMovedEvent1795832800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "case_events" DROP CONSTRAINT "ck_case_events_kind"`);
    await queryRunner.query(
      `ALTER TABLE "case_events" ADD CONSTRAINT "ck_case_events_kind" CHECK ("kind" IN (${KINDS(AFTER)}))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "case_events" WHERE "kind" = 'sla_deadline_moved'`);
    await queryRunner.query(`ALTER TABLE "case_events" DROP CONSTRAINT "ck_case_events_kind"`);
    await queryRunner.query(
      `ALTER TABLE "case_events" ADD CONSTRAINT "ck_case_events_kind" CHECK ("kind" IN (${KINDS(BEFORE)}))`,
    );
  }
}
