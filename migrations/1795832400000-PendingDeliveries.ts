/**
 * The webhook deliveries still pending, oldest first, for the reconciler that re-queues the ones
 * whose job Redis lost (LostJobsReconciler, every minute): a partial index, so it stays as small as
 * the backlog however long the delivery log grows. Written by hand.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class PendingDeliveries1795832400000 implements MigrationInterface {
  name = 'PendingDeliveries1795832400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_webhook_deliveries_pending" ON "webhook_deliveries" ("created_at") WHERE "status" = 'pending'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_deliveries_pending"`);
  }
}
