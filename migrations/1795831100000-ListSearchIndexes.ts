/**
 * The staff lists at a million cases. `GET /cases?q=` matched the reference, the client's name and
 * the contact's name and email with ILIKE across the view's joins, which no index serves: 4–7 s
 * on the benchmark's history. It now matches cases whose reference contains the text (a trigram
 * index) or whose client or contact matches it through the trigram indexes of ClientSearch, found
 * by `client_id` (indexed) and `contact_id` (indexed here). `GET /inquiries?q=` matched four of the
 * inquiry's own columns with ILIKE, scanning every inquiry (~3 s): one trigram index over the
 * four, folded (case and accents), serves it. Trigram GIN serves `LIKE '%…%'` for three characters
 * or more; shorter text is still answered correctly, by rechecking candidates. Written by hand.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

const INDEXES: Array<[name: string, definition: string]> = [
  ['ix_cases_contact', 'ON "cases" ("contact_id")'],
  ['ix_cases_reference_trgm', 'ON "cases" USING gin ("reference" gin_trgm_ops)'],
  // One index for the four searched columns, the smallest to keep up: every inquiry the public form
  // accepts updates it (intake back to back: 512 → 451 req/s). Unit separators (chr 31) keep a
  // match from spanning two columns. inquiry_search_text() is the expression, in one place.
  [
    'ix_inquiries_search_trgm',
    'ON "inquiries" USING gin (inquiry_search_text("reference", "full_name", "email", "company") gin_trgm_ops)',
  ],
];

export class ListSearchIndexes1795831100000 implements MigrationInterface {
  name = 'ListSearchIndexes1795831100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION "inquiry_search_text"(reference text, full_name text, email text, company text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT public.search_fold(concat_ws(chr(31), reference, full_name, email, company)) $$
    `);
    for (const [name, definition] of INDEXES) await queryRunner.query(`CREATE INDEX "${name}" ${definition}`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name] of [...INDEXES].reverse()) await queryRunner.query(`DROP INDEX "public"."${name}"`);
    await queryRunner.query(`DROP FUNCTION "inquiry_search_text"(text, text, text, text)`);
  }
}
