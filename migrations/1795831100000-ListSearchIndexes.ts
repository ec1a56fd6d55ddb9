/**
 * The staff lists at a million cases. `GET /cases?q=` matched the reference, the client's name and
 * the contact's name and email with ILIKE across the view's joins, which no index serves: 4–7 s
 * on the benchmark's history. It now matches cases whose reference contains the text (a trigram
 * index) or whose client or contact matches it through the trigram indexes of ClientSearch, found
 * by `client_id` (indexed) and `contact_id` (indexed here). `GET /inquiries?q=` matched four of the
 * inquiry's own columns with ILIKE, scanning every inquiry (~3 s): trigram indexes on each let
 * Postgres combine them. Trigram GIN serves `LIKE '%…%'` for three characters or more; shorter
 * text is still answered correctly, by rechecking candidates. Written by hand.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

const INDEXES: Array<[name: string, definition: string]> = [
  ['ix_cases_contact', 'ON "cases" ("contact_id")'],
  ['ix_cases_reference_trgm', 'ON "cases" USING gin ("reference" gin_trgm_ops)'],
  ['ix_inquiries_reference_trgm', 'ON "inquiries" USING gin ("reference" gin_trgm_ops)'],
  ['ix_inquiries_full_name_trgm', 'ON "inquiries" USING gin (search_fold("full_name") gin_trgm_ops)'],
  ['ix_inquiries_email_trgm', 'ON "inquiries" USING gin ("email" gin_trgm_ops)'],
  ['ix_inquiries_company_trgm', 'ON "inquiries" USING gin (search_fold("company") gin_trgm_ops)'],
];

export class ListSearchIndexes1795831100000 implements MigrationInterface {
  name = 'ListSearchIndexes1795831100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [name, definition] of INDEXES) await queryRunner.query(`CREATE INDEX "${name}" ${definition}`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name] of [...INDEXES].reverse()) await queryRunner.query(`DROP INDEX "public"."${name}"`);
  }
}
