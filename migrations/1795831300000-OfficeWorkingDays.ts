/**
 * An office works on at least one weekday: with none, every first-response deadline routing
 * computes for it fails, and inquiries routed there waited in `received` for ever. The API
 * refuses such a calendar (400 naming businessHours.days); the check keeps it out of the table.
 * NOT VALID: an office stored so before stays as it is (its next write must fix it), so the
 * migration cannot fail on existing data. Written by hand.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class OfficeWorkingDays1795831300000 implements MigrationInterface {
  name = 'OfficeWorkingDays1795831300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "offices" ADD CONSTRAINT "ck_offices_some_days" CHECK (cardinality("business_days") >= 1) NOT VALID`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "offices" DROP CONSTRAINT "ck_offices_some_days"`);
  }
}
