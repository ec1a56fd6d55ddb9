/**
 * The CRM core: clients, contacts, inquiries, cases with stage events, activities and case events,
 * routing rules and decisions, and the transactional outbox. Generated from the entities, then read;
 * the inquiry reference sequence is added by hand.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class CrmCore1795829620922 implements MigrationInterface {
  name = 'CrmCore1795829620922';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // INQ-YYYY-NNNNNN numbers come from here: a sequence never hands out a number twice.
    await queryRunner.query(`CREATE SEQUENCE "inquiry_reference_seq" START 1 NO CYCLE`);
    await queryRunner.query(`
            CREATE TABLE "routing_rules" (
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(200) NOT NULL,
                "priority" integer NOT NULL,
                "active" boolean NOT NULL DEFAULT true,
                "conditions" jsonb NOT NULL DEFAULT '{}',
                "office_id" uuid NOT NULL,
                "consultant_id" uuid,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "pk_routing_rules" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_routing_rules_office" ON "routing_rules" ("office_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_routing_rules_priority" ON "routing_rules" ("priority", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "clients" (
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(200) NOT NULL,
                "name_normalized" character varying(200) NOT NULL,
                "type" character varying(12) NOT NULL,
                "country_code" character(2),
                "website" character varying(300),
                "email_domain" character varying(253),
                "industry" character varying(100),
                "owner_id" uuid,
                "merged_into_id" uuid,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "ck_clients_not_merged_into_self" CHECK (
                    "merged_into_id" IS NULL
                    OR "merged_into_id" <> "id"
                ),
                CONSTRAINT "ck_clients_email_domain" CHECK (
                    "email_domain" IS NULL
                    OR "email_domain" = lower("email_domain")
                ),
                CONSTRAINT "ck_clients_country_code" CHECK (
                    "country_code" IS NULL
                    OR "country_code" ~ '^[A-Z]{2}$'
                ),
                CONSTRAINT "ck_clients_type" CHECK ("type" IN ('company', 'individual')),
                CONSTRAINT "pk_clients" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_clients_owner" ON "clients" ("owner_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_clients_name_normalized" ON "clients" ("name_normalized")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_clients_email_domain" ON "clients" ("email_domain")
            WHERE "merged_into_id" IS NULL
                AND "email_domain" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE TABLE "contacts" (
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "client_id" uuid NOT NULL,
                "full_name" character varying(200) NOT NULL,
                "email" character varying(254) NOT NULL,
                "phone" character varying(20),
                "preferred_language" character varying(2),
                "title" character varying(200),
                "erased_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "ck_contacts_language" CHECK (
                    "preferred_language" IS NULL
                    OR "preferred_language" ~ '^[a-z]{2}$'
                ),
                CONSTRAINT "ck_contacts_email_normalized" CHECK ("email" = lower(btrim("email"))),
                CONSTRAINT "pk_contacts" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_contacts_client" ON "contacts" ("client_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_contacts_email" ON "contacts" ("email")
        `);
    await queryRunner.query(`
            CREATE TABLE "inquiries" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "reference" character varying(20) NOT NULL,
                "contact_id" uuid NOT NULL,
                "client_id" uuid NOT NULL,
                "full_name" character varying(200) NOT NULL,
                "email" character varying(254) NOT NULL,
                "phone" character varying(20),
                "company" character varying(200),
                "origin_country" character(2) NOT NULL,
                "target_country" character(2),
                "target_city" character varying(100),
                "service_lines" text array NOT NULL DEFAULT '{}',
                "message" text NOT NULL,
                "preferred_language" character varying(2),
                "source" character varying(20) NOT NULL DEFAULT 'website',
                "consent_privacy" boolean NOT NULL,
                "consent_marketing" boolean NOT NULL DEFAULT false,
                "consent_text_version" character varying(50),
                "consent_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "consent_ip" character varying(45),
                "user_agent" character varying(500),
                "status" character varying(12) NOT NULL DEFAULT 'received',
                "duplicate_of_id" uuid,
                "idempotency_key" character varying(100),
                "request_hash" character(64),
                "detected" jsonb,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "routed_at" TIMESTAMP WITH TIME ZONE,
                "anonymized_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "ck_inquiries_language" CHECK (
                    "preferred_language" IS NULL
                    OR "preferred_language" IN ('en', 'ru', 'zh')
                ),
                CONSTRAINT "ck_inquiries_consent" CHECK ("consent_privacy" = true),
                CONSTRAINT "ck_inquiries_duplicate_link" CHECK (
                    ("status" = 'duplicate') = ("duplicate_of_id" IS NOT NULL)
                ),
                CONSTRAINT "ck_inquiries_source" CHECK (
                    "source" IN (
                        'website',
                        'referral',
                        'event',
                        'partner',
                        'email',
                        'other'
                    )
                ),
                CONSTRAINT "ck_inquiries_status" CHECK (
                    "status" IN ('received', 'routed', 'spam', 'duplicate')
                ),
                CONSTRAINT "pk_inquiries" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_inquiries_client" ON "inquiries" ("client_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_inquiries_contact" ON "inquiries" ("contact_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_inquiries_status_created" ON "inquiries" ("status", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_inquiries_email_created" ON "inquiries" ("email", "created_at")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_inquiries_idempotency_key" ON "inquiries" ("idempotency_key")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_inquiries_reference" ON "inquiries" ("reference")
        `);
    await queryRunner.query(`
            CREATE TABLE "routing_decisions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "inquiry_id" uuid NOT NULL,
                "case_id" uuid NOT NULL,
                "strategy" character varying(12) NOT NULL,
                "rule_id" uuid,
                "office_id" uuid NOT NULL,
                "consultant_id" uuid,
                "explanation" jsonb NOT NULL,
                "policy_version" integer NOT NULL,
                "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "ck_routing_decisions_strategy" CHECK (
                    "strategy" IN ('affinity', 'rule', 'territory', 'fallback')
                ),
                CONSTRAINT "pk_routing_decisions" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_routing_decisions_case" ON "routing_decisions" ("case_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_routing_decisions_inquiry" ON "routing_decisions" ("inquiry_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "outbox" (
                "id" bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,
                "topic" character varying(60) NOT NULL,
                "payload" jsonb NOT NULL,
                "job_id" character varying(120),
                "available_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "published_at" TIMESTAMP WITH TIME ZONE,
                "attempts" integer NOT NULL DEFAULT '0',
                "last_error" character varying(500),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "pk_outbox" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_outbox_pending" ON "outbox" ("available_at")
            WHERE "published_at" IS NULL
        `);
    await queryRunner.query(`
            CREATE TABLE "cases" (
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "reference" character varying(20) NOT NULL,
                "inquiry_id" uuid NOT NULL,
                "client_id" uuid NOT NULL,
                "contact_id" uuid NOT NULL,
                "office_id" uuid NOT NULL,
                "consultant_id" uuid,
                "service_lines" text array NOT NULL DEFAULT '{}',
                "stage_code" character varying(40) NOT NULL DEFAULT 'new',
                "priority" character varying(10) NOT NULL DEFAULT 'normal',
                "estimated_value" numeric(14, 2),
                "currency" character(3),
                "expected_close_date" date,
                "lost_reason" character varying(20),
                "origin_country" character(2) NOT NULL,
                "first_response_due_at" TIMESTAMP WITH TIME ZONE,
                "first_responded_at" TIMESTAMP WITH TIME ZONE,
                "sla_breached" boolean NOT NULL DEFAULT false,
                "assigned_at" TIMESTAMP WITH TIME ZONE,
                "closed_at" TIMESTAMP WITH TIME ZONE,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "ck_cases_lost_reason" CHECK (
                    "lost_reason" IS NULL
                    OR "lost_reason" IN (
                        'price',
                        'no_response',
                        'competitor',
                        'not_a_fit',
                        'timing',
                        'compliance',
                        'other'
                    )
                ),
                CONSTRAINT "ck_cases_currency" CHECK (
                    "currency" IS NULL
                    OR "currency" ~ '^[A-Z]{3}$'
                ),
                CONSTRAINT "ck_cases_value_positive" CHECK (
                    "estimated_value" IS NULL
                    OR "estimated_value" >= 0
                ),
                CONSTRAINT "ck_cases_value_currency" CHECK (
                    ("estimated_value" IS NULL) = ("currency" IS NULL)
                ),
                CONSTRAINT "ck_cases_priority" CHECK (
                    "priority" IN ('low', 'normal', 'high', 'urgent')
                ),
                CONSTRAINT "pk_cases" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_cases_sla_due" ON "cases" ("first_response_due_at")
            WHERE "first_responded_at" IS NULL
                AND NOT "sla_breached"
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_cases_created" ON "cases" ("created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_cases_client" ON "cases" ("client_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_cases_consultant_stage" ON "cases" ("consultant_id", "stage_code")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_cases_office_stage" ON "cases" ("office_id", "stage_code")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_cases_reference" ON "cases" ("reference")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_cases_inquiry" ON "cases" ("inquiry_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "stage_events" (
                "id" bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,
                "case_id" uuid NOT NULL,
                "from_stage" character varying(40),
                "to_stage" character varying(40) NOT NULL,
                "actor_id" uuid,
                "reason" character varying(1000),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "pk_stage_events" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_stage_events_to_stage" ON "stage_events" ("to_stage", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_stage_events_case" ON "stage_events" ("case_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "case_events" (
                "id" bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,
                "case_id" uuid NOT NULL,
                "kind" character varying(20) NOT NULL,
                "actor_id" uuid,
                "data" jsonb NOT NULL DEFAULT '{}',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_case_events_kind" CHECK (
                    "kind" IN (
                        'assigned',
                        'sla_breached',
                        'sla_reassigned',
                        'first_response'
                    )
                ),
                CONSTRAINT "pk_case_events" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_case_events_case" ON "case_events" ("case_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "activities" (
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "case_id" uuid NOT NULL,
                "author_id" uuid,
                "type" character varying(10) NOT NULL,
                "direction" character varying(10),
                "body" text NOT NULL,
                "due_at" TIMESTAMP WITH TIME ZONE,
                "completed_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "ck_activities_direction" CHECK (
                    "direction" IS NULL
                    OR "direction" IN ('inbound', 'outbound')
                ),
                CONSTRAINT "ck_activities_type" CHECK (
                    "type" IN ('note', 'call', 'email', 'meeting', 'task')
                ),
                CONSTRAINT "pk_activities" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_activities_open_tasks" ON "activities" ("author_id", "due_at")
            WHERE "type" = 'task'
                AND "completed_at" IS NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_activities_case" ON "activities" ("case_id", "created_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "service_lines"
            ALTER COLUMN "keywords"
            SET DEFAULT '{"en":[],"ru":[],"zh":[]}'
        `);
    await queryRunner.query(`
            ALTER TABLE "routing_rules"
            ADD CONSTRAINT "fk_routing_rules_office" FOREIGN KEY ("office_id") REFERENCES "offices"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "routing_rules"
            ADD CONSTRAINT "fk_routing_rules_consultant" FOREIGN KEY ("consultant_id") REFERENCES "consultants"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "clients"
            ADD CONSTRAINT "fk_clients_owner" FOREIGN KEY ("owner_id") REFERENCES "consultants"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "clients"
            ADD CONSTRAINT "fk_clients_merged_into" FOREIGN KEY ("merged_into_id") REFERENCES "clients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "contacts"
            ADD CONSTRAINT "fk_contacts_client" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "inquiries"
            ADD CONSTRAINT "fk_inquiries_contact" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "inquiries"
            ADD CONSTRAINT "fk_inquiries_client" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "inquiries"
            ADD CONSTRAINT "fk_inquiries_duplicate_of" FOREIGN KEY ("duplicate_of_id") REFERENCES "inquiries"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "routing_decisions"
            ADD CONSTRAINT "fk_routing_decisions_inquiry" FOREIGN KEY ("inquiry_id") REFERENCES "inquiries"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "cases"
            ADD CONSTRAINT "fk_cases_inquiry" FOREIGN KEY ("inquiry_id") REFERENCES "inquiries"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "cases"
            ADD CONSTRAINT "fk_cases_client" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "cases"
            ADD CONSTRAINT "fk_cases_contact" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "cases"
            ADD CONSTRAINT "fk_cases_office" FOREIGN KEY ("office_id") REFERENCES "offices"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "cases"
            ADD CONSTRAINT "fk_cases_consultant" FOREIGN KEY ("consultant_id") REFERENCES "consultants"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "cases"
            ADD CONSTRAINT "fk_cases_stage" FOREIGN KEY ("stage_code") REFERENCES "stages"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "stage_events"
            ADD CONSTRAINT "fk_stage_events_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "stage_events"
            ADD CONSTRAINT "fk_stage_events_to_stage" FOREIGN KEY ("to_stage") REFERENCES "stages"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "case_events"
            ADD CONSTRAINT "fk_case_events_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "activities"
            ADD CONSTRAINT "fk_activities_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "activities" DROP CONSTRAINT "fk_activities_case"
        `);
    await queryRunner.query(`
            ALTER TABLE "case_events" DROP CONSTRAINT "fk_case_events_case"
        `);
    await queryRunner.query(`
            ALTER TABLE "stage_events" DROP CONSTRAINT "fk_stage_events_to_stage"
        `);
    await queryRunner.query(`
            ALTER TABLE "stage_events" DROP CONSTRAINT "fk_stage_events_case"
        `);
    await queryRunner.query(`
            ALTER TABLE "cases" DROP CONSTRAINT "fk_cases_stage"
        `);
    await queryRunner.query(`
            ALTER TABLE "cases" DROP CONSTRAINT "fk_cases_consultant"
        `);
    await queryRunner.query(`
            ALTER TABLE "cases" DROP CONSTRAINT "fk_cases_office"
        `);
    await queryRunner.query(`
            ALTER TABLE "cases" DROP CONSTRAINT "fk_cases_contact"
        `);
    await queryRunner.query(`
            ALTER TABLE "cases" DROP CONSTRAINT "fk_cases_client"
        `);
    await queryRunner.query(`
            ALTER TABLE "cases" DROP CONSTRAINT "fk_cases_inquiry"
        `);
    await queryRunner.query(`
            ALTER TABLE "routing_decisions" DROP CONSTRAINT "fk_routing_decisions_inquiry"
        `);
    await queryRunner.query(`
            ALTER TABLE "inquiries" DROP CONSTRAINT "fk_inquiries_duplicate_of"
        `);
    await queryRunner.query(`
            ALTER TABLE "inquiries" DROP CONSTRAINT "fk_inquiries_client"
        `);
    await queryRunner.query(`
            ALTER TABLE "inquiries" DROP CONSTRAINT "fk_inquiries_contact"
        `);
    await queryRunner.query(`
            ALTER TABLE "contacts" DROP CONSTRAINT "fk_contacts_client"
        `);
    await queryRunner.query(`
            ALTER TABLE "clients" DROP CONSTRAINT "fk_clients_merged_into"
        `);
    await queryRunner.query(`
            ALTER TABLE "clients" DROP CONSTRAINT "fk_clients_owner"
        `);
    await queryRunner.query(`
            ALTER TABLE "routing_rules" DROP CONSTRAINT "fk_routing_rules_consultant"
        `);
    await queryRunner.query(`
            ALTER TABLE "routing_rules" DROP CONSTRAINT "fk_routing_rules_office"
        `);
    await queryRunner.query(`
            ALTER TABLE "service_lines"
            ALTER COLUMN "keywords"
            SET DEFAULT '{"en": [], "ru": [], "zh": []}'
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_activities_case"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_activities_open_tasks"
        `);
    await queryRunner.query(`
            DROP TABLE "activities"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_case_events_case"
        `);
    await queryRunner.query(`
            DROP TABLE "case_events"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_stage_events_case"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_stage_events_to_stage"
        `);
    await queryRunner.query(`
            DROP TABLE "stage_events"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_cases_inquiry"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_cases_reference"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_cases_office_stage"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_cases_consultant_stage"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_cases_client"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_cases_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_cases_sla_due"
        `);
    await queryRunner.query(`
            DROP TABLE "cases"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_outbox_pending"
        `);
    await queryRunner.query(`
            DROP TABLE "outbox"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_routing_decisions_inquiry"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_routing_decisions_case"
        `);
    await queryRunner.query(`
            DROP TABLE "routing_decisions"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_inquiries_reference"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_inquiries_idempotency_key"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_inquiries_email_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_inquiries_status_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_inquiries_contact"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_inquiries_client"
        `);
    await queryRunner.query(`
            DROP TABLE "inquiries"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_contacts_email"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_contacts_client"
        `);
    await queryRunner.query(`
            DROP TABLE "contacts"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_clients_email_domain"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_clients_name_normalized"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_clients_owner"
        `);
    await queryRunner.query(`
            DROP TABLE "clients"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_routing_rules_priority"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_routing_rules_office"
        `);
    await queryRunner.query(`
            DROP TABLE "routing_rules"
        `);
    await queryRunner.query(`DROP SEQUENCE "inquiry_reference_seq"`);
  }
}
