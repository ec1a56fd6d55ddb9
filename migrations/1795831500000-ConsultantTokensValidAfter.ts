/**
 * Access tokens issued before this moment are refused: set when a staff member's password is
 * changed or they are deactivated, so a token taken from them stops at once rather than when it
 * expires (refresh tokens are revoked at the same time). Written by hand.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class ConsultantTokensValidAfter1795831500000 implements MigrationInterface {
  name = 'ConsultantTokensValidAfter1795831500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "consultants" ADD "tokens_valid_after" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "consultants" DROP COLUMN "tokens_valid_after"`);
  }
}
