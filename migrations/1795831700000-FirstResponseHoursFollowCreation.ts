/**
 * A case's first-response business hours (read by velocity) were counted again only when
 * `first_responded_at` changed; a corrected creation time (a data repair or an import) left the old
 * figure. The trigger now fires on either column, and cases answered already are recounted once.
 * Written by hand.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class FirstResponseHoursFollowCreation1795831700000 implements MigrationInterface {
  name = 'FirstResponseHoursFollowCreation1795831700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "tr_cases_first_response_hours" ON "cases"`);
    await queryRunner.query(`
      CREATE TRIGGER "tr_cases_first_response_hours" BEFORE INSERT OR UPDATE OF "first_responded_at", "created_at" ON "cases"
        FOR EACH ROW EXECUTE FUNCTION cases_set_first_response_hours()
    `);
    await queryRunner.query(`
      UPDATE "cases" SET "first_response_business_hours" = office_business_seconds("office_id", "created_at", "first_responded_at") / 3600
       WHERE "first_responded_at" IS NOT NULL
         AND "first_response_business_hours" IS DISTINCT FROM office_business_seconds("office_id", "created_at", "first_responded_at") / 3600
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "tr_cases_first_response_hours" ON "cases"`);
    await queryRunner.query(`
      CREATE TRIGGER "tr_cases_first_response_hours" BEFORE INSERT OR UPDATE OF "first_responded_at" ON "cases"
        FOR EACH ROW EXECUTE FUNCTION cases_set_first_response_hours()
    `);
  }
}
