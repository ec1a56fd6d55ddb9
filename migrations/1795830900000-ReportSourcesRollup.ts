/**
 * Firm-wide sources without reading every inquiry of the year.
 *
 * Measured on the benchmark's million cases: a year holds ~385,000 inquiries; reading their index
 * entries and folding them by (week, origin, source, service lines, status) took 0.9–1.2 s however
 * the query was shaped, most of it hashing the service-line arrays. The report's answer for a
 * whole week never changes once nothing in it changes, so it is kept.
 *
 * - `inquiry_source_weeks`: the report's own rows — per ISO week (UTC, its Monday), dimension
 *   (total, originCountry, serviceLine, source), key and inquiry status, how many inquiries. The
 *   key is null for the total and for "no service line"; an inquiry naming two lines counts under
 *   both, as in the report.
 * - `inquiry_source_changes`: what has changed since the last fold, one row per inquiry coming
 *   (+1) or going (−1) under its (week, origin, source, lines, status); a bulk load may append
 *   counts instead (the migration does, for the inquiries already there). Statement triggers on
 *   `inquiries` append it, so intake never waits on a shared counter row: concurrent inquiries of
 *   the same week would all queue on the week's total otherwise.
 * - `fold_inquiry_source_changes()` moves the changes into the weeks in one statement (a worker
 *   sweep calls it every minute; folds take turns). The report reads the weeks and the unfolded
 *   changes together, so it is exact whether or not a fold has run.
 * Inquiries are never truncated: cases refer to them, and a truncate cascading to cases stops at
 * `case_stays`, which refuses it.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

/** The report's keys of one inquiry: the total, its origin, its source and each service line (null for none). */
const KEYS_FUNCTION = `
  CREATE FUNCTION "inquiry_source_keys"(origin_country text, source text, service_lines text[])
  RETURNS TABLE (dimension text, key text) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT 'total', NULL::text
    UNION ALL SELECT 'originCountry', origin_country
    UNION ALL SELECT 'source', source
    UNION ALL SELECT 'serviceLine', line
      FROM unnest(CASE WHEN cardinality(service_lines) = 0 THEN ARRAY[NULL::text] ELSE service_lines END) AS line
  $$`;

/** Appends one change row per inquiry of the transition table, with the sign given. */
const changesFrom = (table: string, sign: 1 | -1): string => `
  INSERT INTO inquiry_source_changes (week, origin_country, source, service_lines, status, n)
  SELECT date_trunc('week', r.created_at AT TIME ZONE 'UTC')::date, r.origin_country, r.source, r.service_lines, r.status, ${sign}
    FROM ${table} r`;

/**
 * One fold at a time (an advisory lock; a second waits, then folds what came since). Keys already
 * kept are updated and new ones inserted in two parts, not with ON CONFLICT: a CHECK is tested on
 * the proposed row before the conflict is, so a net −1 for a kept key would be refused.
 */
const FOLD_FUNCTION = `
  CREATE FUNCTION "fold_inquiry_source_changes"() RETURNS integer LANGUAGE sql AS $$
    SELECT pg_advisory_xact_lock(hashtext('fold_inquiry_source_changes'));
    WITH moved AS (
      DELETE FROM inquiry_source_changes RETURNING week, origin_country, source, service_lines, status, n
    ), fine AS (
      SELECT week, origin_country, source, service_lines, status, sum(n) AS n FROM moved GROUP BY 1, 2, 3, 4, 5
    ), delta AS (
      SELECT f.week, k.dimension, k.key, f.status, sum(f.n)::int AS n
        FROM fine f CROSS JOIN LATERAL inquiry_source_keys(f.origin_country, f.source, f.service_lines) k
       GROUP BY 1, 2, 3, 4
      HAVING sum(f.n) <> 0
    ), updated AS (
      UPDATE inquiry_source_weeks w SET n = w.n + d.n
        FROM delta d
       WHERE w.week = d.week AND w.dimension = d.dimension AND w.key IS NOT DISTINCT FROM d.key AND w.status = d.status
      RETURNING w.week, w.dimension, w.key, w.status
    ), inserted AS (
      INSERT INTO inquiry_source_weeks (week, dimension, key, status, n)
      SELECT d.week, d.dimension, d.key, d.status, d.n FROM delta d
       WHERE NOT EXISTS (SELECT 1 FROM updated u WHERE u.week = d.week AND u.dimension = d.dimension
                                                  AND u.key IS NOT DISTINCT FROM d.key AND u.status = d.status)
      RETURNING 1
    )
    SELECT ((SELECT count(*) FROM updated) + (SELECT count(*) FROM inserted))::int
  $$`;

export class ReportSourcesRollup1795830900000 implements MigrationInterface {
  name = 'ReportSourcesRollup1795830900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "inquiry_source_weeks" (
        "week" date NOT NULL,
        "dimension" text NOT NULL,
        "key" text,
        "status" varchar(12) NOT NULL,
        "n" integer NOT NULL,
        CONSTRAINT "uq_inquiry_source_weeks" UNIQUE NULLS NOT DISTINCT ("week", "dimension", "key", "status"),
        CONSTRAINT "ck_inquiry_source_weeks_week" CHECK (extract(isodow FROM "week") = 1),
        CONSTRAINT "ck_inquiry_source_weeks_dimension" CHECK (
          ("dimension" = 'total' AND "key" IS NULL)
          OR ("dimension" IN ('originCountry', 'source') AND "key" IS NOT NULL)
          OR "dimension" = 'serviceLine'
        ),
        CONSTRAINT "ck_inquiry_source_weeks_status" CHECK ("status" IN ('received', 'routed', 'spam', 'duplicate')),
        CONSTRAINT "ck_inquiry_source_weeks_n" CHECK ("n" >= 0)
      )
    `);
    await queryRunner.query(`
      CREATE TABLE "inquiry_source_changes" (
        "week" date NOT NULL,
        "origin_country" text NOT NULL,
        "source" text NOT NULL,
        "service_lines" text[] NOT NULL,
        "status" varchar(12) NOT NULL,
        "n" integer NOT NULL,
        CONSTRAINT "ck_inquiry_source_changes_n" CHECK ("n" <> 0)
      )
    `);
    await queryRunner.query(KEYS_FUNCTION);
    await queryRunner.query(FOLD_FUNCTION);

    await queryRunner.query(`
      CREATE FUNCTION "inquiries_sources_added"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${changesFrom('added', 1)}; RETURN NULL; END $$
    `);
    await queryRunner.query(`
      CREATE FUNCTION "inquiries_sources_removed"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${changesFrom('removed', -1)}; RETURN NULL; END $$
    `);
    // An update counts only the rows whose report keys changed (routing sets the status; most other updates change none).
    await queryRunner.query(`
      CREATE FUNCTION "inquiries_sources_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO inquiry_source_changes (week, origin_country, source, service_lines, status, n)
        SELECT date_trunc('week', x.created_at AT TIME ZONE 'UTC')::date, x.origin_country, x.source, x.service_lines, x.status, x.n
          FROM before b JOIN after a ON a.id = b.id
         CROSS JOIN LATERAL (VALUES (b.created_at, b.origin_country, b.source, b.service_lines, b.status, -1),
                                    (a.created_at, a.origin_country, a.source, a.service_lines, a.status, 1))
               AS x (created_at, origin_country, source, service_lines, status, n)
         WHERE (b.created_at, b.origin_country, b.source, b.service_lines, b.status)
               IS DISTINCT FROM (a.created_at, a.origin_country, a.source, a.service_lines, a.status);
        RETURN NULL;
      END $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER "tr_inquiries_sources_added" AFTER INSERT ON "inquiries"
        REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION inquiries_sources_added()
    `);
    await queryRunner.query(`
      CREATE TRIGGER "tr_inquiries_sources_removed" AFTER DELETE ON "inquiries"
        REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION inquiries_sources_removed()
    `);
    await queryRunner.query(`
      CREATE TRIGGER "tr_inquiries_sources_updated" AFTER UPDATE ON "inquiries"
        REFERENCING OLD TABLE AS before NEW TABLE AS after FOR EACH STATEMENT EXECUTE FUNCTION inquiries_sources_updated()
    `);
    // --- existing inquiries ----------------------------------------------------------------------
    await queryRunner.query(`
      INSERT INTO inquiry_source_changes (week, origin_country, source, service_lines, status, n)
      SELECT date_trunc('week', i.created_at AT TIME ZONE 'UTC')::date, i.origin_country, i.source, i.service_lines, i.status, count(*)
        FROM inquiries i GROUP BY 1, 2, 3, 4, 5
    `);
    await queryRunner.query(`SELECT fold_inquiry_source_changes()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "tr_inquiries_sources_updated" ON "inquiries"`);
    await queryRunner.query(`DROP TRIGGER "tr_inquiries_sources_removed" ON "inquiries"`);
    await queryRunner.query(`DROP TRIGGER "tr_inquiries_sources_added" ON "inquiries"`);
    await queryRunner.query(`DROP FUNCTION "inquiries_sources_updated"()`);
    await queryRunner.query(`DROP FUNCTION "inquiries_sources_removed"()`);
    await queryRunner.query(`DROP FUNCTION "inquiries_sources_added"()`);
    await queryRunner.query(`DROP FUNCTION "fold_inquiry_source_changes"()`);
    await queryRunner.query(`DROP FUNCTION "inquiry_source_keys"(text, text, text[])`);
    await queryRunner.query(`DROP TABLE "inquiry_source_changes"`);
    await queryRunner.query(`DROP TABLE "inquiry_source_weeks"`);
  }
}
