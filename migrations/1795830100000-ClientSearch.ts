/**
 * Client search and duplicate detection: `unaccent` and `pg_trgm`, an IMMUTABLE folding function
 * (unaccent itself is only STABLE, so it cannot appear in an index), and GIN trigram indexes on
 * the folded names and the emails and domains that `GET /clients?q=` matches. Trigram GIN indexes
 * serve `LIKE '%…%'` for any query of three or more characters, in every script; shorter queries
 * (one or two Chinese characters) are still answered correctly, by a recheck of the candidates.
 * Written by hand.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class ClientSearch1795830100000 implements MigrationInterface {
  name = 'ClientSearch1795830100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`);
    // Schema-qualified dictionary and function: an index expression must not depend on search_path.
    await queryRunner.query(`
            CREATE FUNCTION "search_fold"(text) RETURNS text
            LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
            AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_clients_name_trgm" ON "clients" USING gin (search_fold("name") gin_trgm_ops)
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_clients_email_domain_trgm" ON "clients" USING gin ("email_domain" gin_trgm_ops)
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_clients_name_normalized_trgm" ON "clients" USING gin ("name_normalized" gin_trgm_ops)
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_contacts_full_name_trgm" ON "contacts" USING gin (search_fold("full_name") gin_trgm_ops)
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_contacts_email_trgm" ON "contacts" USING gin ("email" gin_trgm_ops)
        `);
    // Duplicate suggestions compare clients by the domains of their contacts' addresses.
    await queryRunner.query(`
            CREATE INDEX "ix_contacts_email_domain" ON "contacts" (split_part("email", '@', 2))
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_clients_merged_into" ON "clients" ("merged_into_id")
            WHERE "merged_into_id" IS NOT NULL
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_clients_merged_into"`);
    await queryRunner.query(`DROP INDEX "public"."ix_contacts_email_domain"`);
    await queryRunner.query(`DROP INDEX "public"."ix_contacts_email_trgm"`);
    await queryRunner.query(`DROP INDEX "public"."ix_contacts_full_name_trgm"`);
    await queryRunner.query(`DROP INDEX "public"."ix_clients_name_normalized_trgm"`);
    await queryRunner.query(`DROP INDEX "public"."ix_clients_email_domain_trgm"`);
    await queryRunner.query(`DROP INDEX "public"."ix_clients_name_trgm"`);
    await queryRunner.query(`DROP FUNCTION "search_fold"(text)`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS pg_trgm`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS unaccent`);
  }
}
