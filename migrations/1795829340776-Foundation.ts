/**
 * Offices, service lines, staff users, stages, auth tables and the audit trail.
 * Generated from the entities, then read; base stages are seeded here (service lines in the next migration).
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795829340776 implements MigrationInterface {
  name = 'Foundation1795829340776';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await queryRunner.query(`
            CREATE TABLE "stages" (
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "code" character varying(40) NOT NULL,
                "name" character varying(100) NOT NULL,
                "position" integer NOT NULL,
                "probability" integer NOT NULL,
                "category" character varying(10) NOT NULL,
                CONSTRAINT "ck_stages_probability" CHECK (
                    "probability" >= 0
                    AND "probability" <= 100
                ),
                CONSTRAINT "ck_stages_category" CHECK ("category" IN ('open', 'won', 'lost')),
                CONSTRAINT "ck_stages_code" CHECK ("code" ~ '^[a-z][a-z0-9_]{1,39}$'),
                CONSTRAINT "pk_stages" PRIMARY KEY ("code")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "service_lines" (
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "code" character varying(40) NOT NULL,
                "names" jsonb NOT NULL,
                "keywords" jsonb NOT NULL DEFAULT '{"en":[],"ru":[],"zh":[]}',
                "active" boolean NOT NULL DEFAULT true,
                "position" integer NOT NULL DEFAULT '0',
                CONSTRAINT "ck_service_lines_code" CHECK ("code" ~ '^[a-z][a-z0-9_]{1,39}$'),
                CONSTRAINT "pk_service_lines" PRIMARY KEY ("code")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "offices" (
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "code" character varying(10) NOT NULL,
                "name" character varying(200) NOT NULL,
                "country_code" character(2) NOT NULL,
                "city" character varying(100) NOT NULL,
                "timezone" character varying(64) NOT NULL,
                "email" character varying(254),
                "languages" text array NOT NULL DEFAULT '{}',
                "coverage_cities" text array NOT NULL DEFAULT '{}',
                "business_days" smallint array NOT NULL DEFAULT '{1,2,3,4,5}',
                "opens_at" TIME NOT NULL DEFAULT '09:00:00',
                "closes_at" TIME NOT NULL DEFAULT '18:00:00',
                "holidays" date array NOT NULL DEFAULT '{}',
                "extra_working_days" date array NOT NULL DEFAULT '{}',
                "first_response_sla_hours" numeric(6, 2) NOT NULL DEFAULT '8',
                "reassign_on_breach" boolean NOT NULL DEFAULT false,
                "is_default" boolean NOT NULL DEFAULT false,
                "active" boolean NOT NULL DEFAULT true,
                CONSTRAINT "ck_offices_sla" CHECK (
                    "first_response_sla_hours" > 0
                    AND "first_response_sla_hours" <= 720
                ),
                CONSTRAINT "ck_offices_days" CHECK (
                    "business_days" <@ ARRAY [1,2,3,4,5,6,7]::smallint []
                ),
                CONSTRAINT "ck_offices_hours" CHECK ("closes_at" > "opens_at"),
                CONSTRAINT "ck_offices_country_code" CHECK ("country_code" ~ '^[A-Z]{2}$'),
                CONSTRAINT "ck_offices_code" CHECK ("code" ~ '^[A-Z0-9]{2,10}$'),
                CONSTRAINT "pk_offices" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_offices_single_default" ON "offices" ("is_default")
            WHERE "is_default"
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_offices_code" ON "offices" ("code")
        `);
    await queryRunner.query(`
            CREATE TABLE "consultants" (
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "full_name" character varying(200) NOT NULL,
                "email" character varying(254) NOT NULL,
                "office_id" uuid,
                "role" character varying(20) NOT NULL,
                "languages" text array NOT NULL DEFAULT '{}',
                "capacity" integer NOT NULL DEFAULT '10',
                "active" boolean NOT NULL DEFAULT true,
                "password_hash" text,
                "last_assigned_at" TIMESTAMP WITH TIME ZONE,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "ck_consultants_capacity" CHECK (
                    "capacity" >= 0
                    AND "capacity" <= 1000
                ),
                CONSTRAINT "ck_consultants_office_required" CHECK (
                    "role" = 'admin'
                    OR "office_id" IS NOT NULL
                ),
                CONSTRAINT "ck_consultants_role" CHECK ("role" IN ('consultant', 'manager', 'admin')),
                CONSTRAINT "ck_consultants_email_normalized" CHECK ("email" = lower(btrim("email"))),
                CONSTRAINT "pk_consultants" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_consultants_office" ON "consultants" ("office_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_consultants_email" ON "consultants" ("email")
        `);
    await queryRunner.query(`
            CREATE TABLE "out_of_office_periods" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "consultant_id" uuid NOT NULL,
                "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "note" character varying(500),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_out_of_office_range" CHECK ("ends_at" > "starts_at"),
                CONSTRAINT "pk_out_of_office_periods" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_out_of_office_consultant" ON "out_of_office_periods" ("consultant_id", "ends_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "refresh_tokens" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "family_id" uuid NOT NULL,
                "token_hash" character(64) NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "rotated_at" TIMESTAMP WITH TIME ZONE,
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "pk_refresh_tokens" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_refresh_tokens_user" ON "refresh_tokens" ("user_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_refresh_tokens_family" ON "refresh_tokens" ("family_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_refresh_tokens_hash" ON "refresh_tokens" ("token_hash")
        `);
    await queryRunner.query(`
            CREATE TABLE "login_attempts" (
                "key" character varying(100) NOT NULL,
                "failures" integer NOT NULL DEFAULT '0',
                "window_started_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "locked_until" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "pk_login_attempts" PRIMARY KEY ("key")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "audit_entries" (
                "id" bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,
                "actor_kind" character varying(10) NOT NULL,
                "actor_id" uuid,
                "action" character varying(60) NOT NULL,
                "entity" character varying(40) NOT NULL,
                "entity_id" character varying(64) NOT NULL,
                "before" jsonb,
                "after" jsonb,
                "office_id" character varying(64),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_audit_actor_kind" CHECK ("actor_kind" IN ('user', 'system')),
                CONSTRAINT "pk_audit_entries" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_audit_actor" ON "audit_entries" ("actor_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_audit_entity" ON "audit_entries" ("entity", "entity_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "office_service_lines" (
                "office_id" uuid NOT NULL,
                "service_line_code" character varying(40) NOT NULL,
                CONSTRAINT "PK_f119f3ff5747bc9bbb9e61f9dac" PRIMARY KEY ("office_id", "service_line_code")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_f6dfeedf8cbb5a9164139eecc5" ON "office_service_lines" ("office_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_ec891d4a6a03983cf1dcc58994" ON "office_service_lines" ("service_line_code")
        `);
    await queryRunner.query(`
            CREATE TABLE "consultant_service_lines" (
                "consultant_id" uuid NOT NULL,
                "service_line_code" character varying(40) NOT NULL,
                CONSTRAINT "PK_5c1c3568e2ac6958e94f6d684e6" PRIMARY KEY ("consultant_id", "service_line_code")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_0413acf169b629eda732ef30df" ON "consultant_service_lines" ("consultant_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_0665be34f8c315f903c9ba62cc" ON "consultant_service_lines" ("service_line_code")
        `);
    await queryRunner.query(`
            ALTER TABLE "consultants"
            ADD CONSTRAINT "fk_consultants_office" FOREIGN KEY ("office_id") REFERENCES "offices"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "out_of_office_periods"
            ADD CONSTRAINT "fk_out_of_office_consultant" FOREIGN KEY ("consultant_id") REFERENCES "consultants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "refresh_tokens"
            ADD CONSTRAINT "fk_refresh_tokens_user" FOREIGN KEY ("user_id") REFERENCES "consultants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "office_service_lines"
            ADD CONSTRAINT "fk_office_service_lines_office" FOREIGN KEY ("office_id") REFERENCES "offices"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "office_service_lines"
            ADD CONSTRAINT "fk_office_service_lines_service_line" FOREIGN KEY ("service_line_code") REFERENCES "service_lines"("code") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "consultant_service_lines"
            ADD CONSTRAINT "fk_consultant_service_lines_consultant" FOREIGN KEY ("consultant_id") REFERENCES "consultants"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "consultant_service_lines"
            ADD CONSTRAINT "fk_consultant_service_lines_service_line" FOREIGN KEY ("service_line_code") REFERENCES "service_lines"("code") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            INSERT INTO "stages" ("code", "name", "position", "probability", "category") VALUES
                ('new', 'New', 10, 10, 'open'),
                ('contacted', 'Contacted', 20, 20, 'open'),
                ('qualified', 'Qualified', 30, 40, 'open'),
                ('proposal', 'Proposal', 40, 60, 'open'),
                ('engaged', 'Engaged', 50, 100, 'won'),
                ('lost', 'Lost', 60, 0, 'lost')
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "consultant_service_lines" DROP CONSTRAINT "fk_consultant_service_lines_service_line"
        `);
    await queryRunner.query(`
            ALTER TABLE "consultant_service_lines" DROP CONSTRAINT "fk_consultant_service_lines_consultant"
        `);
    await queryRunner.query(`
            ALTER TABLE "office_service_lines" DROP CONSTRAINT "fk_office_service_lines_service_line"
        `);
    await queryRunner.query(`
            ALTER TABLE "office_service_lines" DROP CONSTRAINT "fk_office_service_lines_office"
        `);
    await queryRunner.query(`
            ALTER TABLE "refresh_tokens" DROP CONSTRAINT "fk_refresh_tokens_user"
        `);
    await queryRunner.query(`
            ALTER TABLE "out_of_office_periods" DROP CONSTRAINT "fk_out_of_office_consultant"
        `);
    await queryRunner.query(`
            ALTER TABLE "consultants" DROP CONSTRAINT "fk_consultants_office"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_0665be34f8c315f903c9ba62cc"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_0413acf169b629eda732ef30df"
        `);
    await queryRunner.query(`
            DROP TABLE "consultant_service_lines"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_ec891d4a6a03983cf1dcc58994"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_f6dfeedf8cbb5a9164139eecc5"
        `);
    await queryRunner.query(`
            DROP TABLE "office_service_lines"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_audit_entity"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_audit_actor"
        `);
    await queryRunner.query(`
            DROP TABLE "audit_entries"
        `);
    await queryRunner.query(`
            DROP TABLE "login_attempts"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_refresh_tokens_hash"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_refresh_tokens_family"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_refresh_tokens_user"
        `);
    await queryRunner.query(`
            DROP TABLE "refresh_tokens"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_out_of_office_consultant"
        `);
    await queryRunner.query(`
            DROP TABLE "out_of_office_periods"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_consultants_email"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_consultants_office"
        `);
    await queryRunner.query(`
            DROP TABLE "consultants"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_offices_code"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_offices_single_default"
        `);
    await queryRunner.query(`
            DROP TABLE "offices"
        `);
    await queryRunner.query(`
            DROP TABLE "service_lines"
        `);
    await queryRunner.query(`
            DROP TABLE "stages"
        `);
  }
}
