/**
 * The e-mail outbox (notifications), webhook subscriptions and their delivery log. Written by
 * hand to match the entities in src/notifications and src/webhooks.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class SlaNotificationsWebhooks1795830400000 implements MigrationInterface {
  name = 'SlaNotificationsWebhooks1795830400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "notifications" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "template" character varying(40) NOT NULL,
                "locale" character varying(2) NOT NULL,
                "recipient_kind" character varying(10) NOT NULL,
                "recipient_email" character varying(254) NOT NULL,
                "recipient_consultant_id" uuid,
                "contact_id" uuid,
                "case_id" uuid,
                "inquiry_id" uuid,
                "subject" character varying(300) NOT NULL,
                "body" text NOT NULL,
                "status" character varying(10) NOT NULL DEFAULT 'pending',
                "attempts" integer NOT NULL DEFAULT '0',
                "last_error" character varying(500),
                "permanent_failure" boolean NOT NULL DEFAULT false,
                "dedupe_key" character varying(200),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "sent_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "ck_notifications_locale" CHECK ("locale" IN ('en', 'ru', 'zh')),
                CONSTRAINT "ck_notifications_recipient_kind" CHECK ("recipient_kind" IN ('investor', 'staff')),
                CONSTRAINT "ck_notifications_status" CHECK (
                    "status" IN ('pending', 'sent', 'failed', 'logged', 'cancelled')
                ),
                CONSTRAINT "pk_notifications" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(
      `CREATE INDEX "ix_notifications_status_created" ON "notifications" ("status", "created_at")`,
    );
    await queryRunner.query(`CREATE INDEX "ix_notifications_case" ON "notifications" ("case_id")`);
    await queryRunner.query(`CREATE INDEX "ix_notifications_contact" ON "notifications" ("contact_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_notifications_dedupe_key" ON "notifications" ("dedupe_key")`);
    await queryRunner.query(`
            ALTER TABLE "notifications"
            ADD CONSTRAINT "fk_notifications_recipient_consultant" FOREIGN KEY ("recipient_consultant_id") REFERENCES "consultants"("id") ON DELETE SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "notifications"
            ADD CONSTRAINT "fk_notifications_contact" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "notifications"
            ADD CONSTRAINT "fk_notifications_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "notifications"
            ADD CONSTRAINT "fk_notifications_inquiry" FOREIGN KEY ("inquiry_id") REFERENCES "inquiries"("id") ON DELETE SET NULL ON UPDATE NO ACTION
        `);

    await queryRunner.query(`
            CREATE TABLE "webhook_subscriptions" (
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "url" character varying(2000) NOT NULL,
                "events" text array NOT NULL,
                "secret" character varying(200) NOT NULL,
                "created_by_id" uuid,
                "deleted_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "pk_webhook_subscriptions" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "webhook_deliveries" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "subscription_id" uuid NOT NULL,
                "event_id" uuid NOT NULL,
                "event" character varying(40) NOT NULL,
                "payload" jsonb NOT NULL,
                "status" character varying(10) NOT NULL DEFAULT 'pending',
                "attempts" integer NOT NULL DEFAULT '0',
                "last_status_code" integer,
                "last_error" character varying(500),
                "last_attempt_at" TIMESTAMP WITH TIME ZONE,
                "delivered_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_webhook_deliveries_status" CHECK (
                    "status" IN ('pending', 'delivered', 'failed', 'cancelled')
                ),
                CONSTRAINT "pk_webhook_deliveries" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(
      `CREATE INDEX "ix_webhook_deliveries_subscription" ON "webhook_deliveries" ("subscription_id", "created_at")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_webhook_deliveries_event" ON "webhook_deliveries" ("subscription_id", "event_id")`,
    );
    await queryRunner.query(`
            ALTER TABLE "webhook_deliveries"
            ADD CONSTRAINT "fk_webhook_deliveries_subscription" FOREIGN KEY ("subscription_id") REFERENCES "webhook_subscriptions"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP TABLE "webhook_subscriptions"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
  }
}
