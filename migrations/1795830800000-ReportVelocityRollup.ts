/**
 * Firm-wide velocity without reading every stay of the cohort.
 *
 * Measured on the benchmark's million cases: the whole-firm year holds ~330,000 cases and ~1.5
 * million stays; unnesting their stage paths, bucketing every stay and sorting the few buckets
 * that hold the medians took 2.5–3 s however the query was shaped. Almost all of those stays are
 * settled (the case has moved on, so the stay's length never changes again); only the stay in a
 * case's current stage still grows with "now".
 *
 * - `case_stays`: one row per settled sample of a case, derived from the case row by a trigger —
 *   each stay but the last of its stage path (ordinal = its place on the path, value in days), the
 *   business hours to first response (ordinal 0) and, for a case closed in a won stage, the days
 *   from creation to closing (ordinal -1) — with its histogram bucket ⌊256·ln(1 + value)⌋, the
 *   bucket the velocity query uses. The trigger fires when the path, the facts or the stage change
 *   and rewrites only the rows that differ, so an ordinary stage change adds one row.
 * - `case_stay_histogram`: how many samples of each series fall in each bucket, per UTC month of
 *   the case's creation; kept by statement-level triggers on `case_stays` (its transition tables),
 *   so every way a row comes or goes — the case trigger, a cascade from a deleted case — counts.
 *   Rows are locked in key order within a statement.
 * - Indexes: (series, bucket, cohort_at) with the value, for the exact percentile's second pass,
 *   which reads only the samples of the buckets that hold the wanted ranks; (cohort_at) with series
 *   and bucket, to count the days of a period that do not cover whole months.
 * - `cases.stage_entered_at`: when the case entered its current stage (the last time on its path),
 *   kept by the stage-path function, and carried by `ix_cases_report_stage_created`, so the stays
 *   still running — one per open case — are read from the open stages' index entries alone.
 *
 * "Won" is read from the stage's category when the case changes; categories never change after a
 * stage is created (stages.service creates them open; the seeded won and lost stages are fixed).
 * Case creation times never change either, so a sample's month is fixed.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The stage-path function of migration ReportStageMask, now also keeping `stage_entered_at` and leaving alone a case
 * whose row already holds what it would write.
 */
const rebuildStagePath = (enteredAt: boolean): string => `
  CREATE OR REPLACE FUNCTION "cases_rebuild_stage_path"(case_ids uuid[]) RETURNS void LANGUAGE sql AS $$
    UPDATE cases c
       SET stage_path = coalesce(p.path, '{}'), stage_path_at = coalesce(p.at, '{}'), stages_reached = coalesce(p.mask, 0)
           ${enteredAt ? ', stage_entered_at = p.at[cardinality(p.at)]' : ''}
      FROM unnest(case_ids) AS k(id)
      LEFT JOIN LATERAL (
        SELECT array_agg(e.to_stage ORDER BY e.created_at, e.id) AS path,
               array_agg(e.created_at ORDER BY e.created_at, e.id) AS at,
               bit_or(1::bigint << s.bit) AS mask
          FROM stage_events e JOIN stages s ON s.code = e.to_stage
         WHERE e.case_id = k.id
      ) p ON TRUE
     WHERE c.id = k.id
       ${
         enteredAt
           ? `-- A case whose row already holds its path (the router writes the first stage with the case) is not
       -- rewritten: the update would touch every covering index and re-check the new row's foreign keys.
       AND (c.stage_path, c.stage_path_at, c.stages_reached, c.stage_entered_at)
           IS DISTINCT FROM (coalesce(p.path, '{}'), coalesce(p.at, '{}'), coalesce(p.mask, 0), p.at[cardinality(p.at)])`
           : ''
       }
  $$`;

const STAGE_CREATED_INDEX = {
  before: `INCLUDE ("office_id", "consultant_id", "first_responded_at", "first_response_due_at", "origin_country", "service_lines")`,
  after: `INCLUDE ("office_id", "consultant_id", "first_responded_at", "first_response_due_at", "origin_country", "service_lines",
                   "stage_entered_at")`,
};

/**
 * A case's settled samples from its row. The same arithmetic as the velocity query's live part
 * (date_part of the interval over 86,400, never below zero), so both give identical values.
 */
const SAMPLES_FUNCTION = `
  CREATE FUNCTION "case_settled_samples"(path varchar[], path_at timestamptz[], first_response_hours float8, won boolean,
                                         created_at timestamptz, closed_at timestamptz)
  RETURNS TABLE (ordinal int, series text, value float8) LANGUAGE sql IMMUTABLE AS $$
    SELECT i, path[i]::text, greatest(date_part('epoch', path_at[i + 1] - path_at[i]) / 86400, 0)
      FROM generate_series(1, coalesce(cardinality(path), 0) - 1) AS i
    UNION ALL
    SELECT 0, '#first_response', greatest(first_response_hours, 0) WHERE first_response_hours IS NOT NULL
    UNION ALL
    SELECT -1, '#to_win', greatest(date_part('epoch', closed_at - created_at) / 86400, 0) WHERE won AND closed_at IS NOT NULL
  $$`;

const SYNC_FUNCTION = `
  CREATE FUNCTION "cases_sync_stays"() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    won boolean := EXISTS (SELECT 1 FROM stages s WHERE s.code = NEW.stage_code AND s.category = 'won');
  BEGIN
    IF TG_OP = 'UPDATE' THEN
      DELETE FROM case_stays s
       WHERE s.case_id = NEW.id
         AND (s.cohort_at <> NEW.created_at OR NOT EXISTS (
               SELECT 1 FROM case_settled_samples(NEW.stage_path, NEW.stage_path_at, NEW.first_response_business_hours, won,
                                                  NEW.created_at, NEW.closed_at) d
                WHERE d.ordinal = s.ordinal AND d.series = s.series AND d.value = s.value));
    END IF;
    INSERT INTO case_stays (case_id, ordinal, series, cohort_at, value, bucket)
    SELECT NEW.id, d.ordinal, d.series, NEW.created_at, d.value, floor(ln(1 + d.value) * 256)::int
      FROM case_settled_samples(NEW.stage_path, NEW.stage_path_at, NEW.first_response_business_hours, won,
                                NEW.created_at, NEW.closed_at) d
     WHERE NOT EXISTS (SELECT 1 FROM case_stays s WHERE s.case_id = NEW.id AND s.ordinal = d.ordinal)
     ORDER BY d.ordinal;
    RETURN NULL;
  END $$`;

export class ReportVelocityRollup1795830800000 implements MigrationInterface {
  name = 'ReportVelocityRollup1795830800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cases" ADD COLUMN "stage_entered_at" timestamptz`);
    await queryRunner.query(rebuildStagePath(true));
    await queryRunner.query(`
      UPDATE cases SET stage_entered_at = stage_path_at[cardinality(stage_path_at)] WHERE cardinality(stage_path_at) > 0
    `);
    await queryRunner.query(`DROP INDEX "public"."ix_cases_report_stage_created"`);
    await queryRunner.query(
      `CREATE INDEX "ix_cases_report_stage_created" ON "cases" ("stage_code", "created_at") ${STAGE_CREATED_INDEX.after}`,
    );

    await queryRunner.query(`
      CREATE TABLE "case_stays" (
        "case_id" uuid NOT NULL,
        "ordinal" integer NOT NULL,
        "series" text NOT NULL,
        "cohort_at" timestamptz NOT NULL,
        "value" float8 NOT NULL,
        "bucket" integer NOT NULL,
        CONSTRAINT "pk_case_stays" PRIMARY KEY ("case_id", "ordinal"),
        CONSTRAINT "fk_case_stays_case" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE CASCADE,
        CONSTRAINT "ck_case_stays_value" CHECK ("value" >= 0 AND "value" <> 'NaN'::float8 AND "value" <> 'Infinity'::float8),
        CONSTRAINT "ck_case_stays_bucket" CHECK ("bucket" = floor(ln(1 + "value") * 256))
      )
    `);
    await queryRunner.query(`
      CREATE TABLE "case_stay_histogram" (
        "month" timestamptz NOT NULL,
        "series" text NOT NULL,
        "bucket" integer NOT NULL,
        "n" integer NOT NULL,
        CONSTRAINT "pk_case_stay_histogram" PRIMARY KEY ("month", "series", "bucket"),
        CONSTRAINT "ck_case_stay_histogram_n" CHECK ("n" >= 0),
        CONSTRAINT "ck_case_stay_histogram_month" CHECK ("month" = date_trunc('month', "month", 'UTC'))
      )
    `);
    await queryRunner.query(SAMPLES_FUNCTION);

    // --- the histogram follows case_stays -----------------------------------------------------
    await queryRunner.query(`
      CREATE FUNCTION "case_stays_counted"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO case_stay_histogram (month, series, bucket, n)
        SELECT date_trunc('month', a.cohort_at, 'UTC'), a.series, a.bucket, count(*) FROM added a GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            ON CONFLICT (month, series, bucket) DO UPDATE SET n = case_stay_histogram.n + excluded.n;
        RETURN NULL;
      END $$
    `);
    await queryRunner.query(`
      CREATE FUNCTION "case_stays_uncounted"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE case_stay_histogram h SET n = h.n - r.n
          FROM (SELECT date_trunc('month', r.cohort_at, 'UTC') AS month, r.series, r.bucket, count(*) AS n
                  FROM removed r GROUP BY 1, 2, 3) r
         WHERE h.month = r.month AND h.series = r.series AND h.bucket = r.bucket;
        RETURN NULL;
      END $$
    `);
    await queryRunner.query(`
      CREATE FUNCTION "case_stays_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'case_stays rows are replaced, never updated' USING ERRCODE = 'check_violation';
      END $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER "tr_case_stays_counted" AFTER INSERT ON "case_stays"
        REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION case_stays_counted()
    `);
    await queryRunner.query(`
      CREATE TRIGGER "tr_case_stays_uncounted" AFTER DELETE ON "case_stays"
        REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION case_stays_uncounted()
    `);
    await queryRunner.query(`
      CREATE TRIGGER "tr_case_stays_immutable" BEFORE UPDATE OR TRUNCATE ON "case_stays"
        FOR EACH STATEMENT EXECUTE FUNCTION case_stays_immutable()
    `);

    // --- case_stays follows the case ----------------------------------------------------------
    await queryRunner.query(SYNC_FUNCTION);
    await queryRunner.query(`
      CREATE TRIGGER "tr_cases_stays_inserted" AFTER INSERT ON "cases" FOR EACH ROW
        WHEN (cardinality(NEW.stage_path) > 1 OR NEW.first_response_business_hours IS NOT NULL OR NEW.closed_at IS NOT NULL)
        EXECUTE FUNCTION cases_sync_stays()
    `);
    await queryRunner.query(`
      CREATE TRIGGER "tr_cases_stays_updated"
        -- first_responded_at too: the hours are set by a BEFORE trigger, and an UPDATE OF list names only what the
        -- statement itself sets.
        AFTER UPDATE OF stage_path, stage_path_at, first_responded_at, first_response_business_hours, closed_at, stage_code, created_at
        ON "cases"
        FOR EACH ROW
        -- Only when the samples may differ: a case with a one-stage path and no facts has none before or after, so the
        -- router's first stage event (which writes the path ['new']) costs no trigger call.
        WHEN ((OLD.stage_path, OLD.stage_path_at, OLD.first_response_business_hours, OLD.closed_at, OLD.stage_code, OLD.created_at)
              IS DISTINCT FROM
              (NEW.stage_path, NEW.stage_path_at, NEW.first_response_business_hours, NEW.closed_at, NEW.stage_code, NEW.created_at)
              AND (cardinality(OLD.stage_path) > 1 OR cardinality(NEW.stage_path) > 1
                   OR OLD.first_response_business_hours IS NOT NULL OR NEW.first_response_business_hours IS NOT NULL
                   OR OLD.closed_at IS NOT NULL OR NEW.closed_at IS NOT NULL))
        EXECUTE FUNCTION cases_sync_stays()
    `);

    // --- existing history (the statement trigger counts it into the histogram) ----------------
    await queryRunner.query(`
      INSERT INTO case_stays (case_id, ordinal, series, cohort_at, value, bucket)
      SELECT c.id, d.ordinal, d.series, c.created_at, d.value, floor(ln(1 + d.value) * 256)::int
        FROM cases c
        LEFT JOIN stages s ON s.code = c.stage_code
        CROSS JOIN LATERAL case_settled_samples(c.stage_path, c.stage_path_at, c.first_response_business_hours,
                                                coalesce(s.category = 'won', false), c.created_at, c.closed_at) d
    `);
    await queryRunner.query(`
      CREATE INDEX "ix_case_stays_bucket" ON "case_stays" ("series", "bucket", "cohort_at") INCLUDE ("value")
    `);
    await queryRunner.query(`
      CREATE INDEX "ix_case_stays_cohort" ON "case_stays" ("cohort_at") INCLUDE ("series", "bucket")
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "tr_cases_stays_updated" ON "cases"`);
    await queryRunner.query(`DROP TRIGGER "tr_cases_stays_inserted" ON "cases"`);
    await queryRunner.query(`DROP FUNCTION "cases_sync_stays"()`);
    await queryRunner.query(`DROP TABLE "case_stays"`);
    await queryRunner.query(`DROP FUNCTION "case_stays_immutable"()`);
    await queryRunner.query(`DROP FUNCTION "case_stays_uncounted"()`);
    await queryRunner.query(`DROP FUNCTION "case_stays_counted"()`);
    await queryRunner.query(
      `DROP FUNCTION "case_settled_samples"(varchar[], timestamptz[], float8, boolean, timestamptz, timestamptz)`,
    );
    await queryRunner.query(`DROP TABLE "case_stay_histogram"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cases_report_stage_created"`);
    await queryRunner.query(
      `CREATE INDEX "ix_cases_report_stage_created" ON "cases" ("stage_code", "created_at") ${STAGE_CREATED_INDEX.before}`,
    );
    await queryRunner.query(rebuildStagePath(false));
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "stage_entered_at"`);
  }
}
