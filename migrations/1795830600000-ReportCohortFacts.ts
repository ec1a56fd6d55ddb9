/**
 * Report facts on the case row, so the cohort reports (pipeline, funnel, velocity) read one
 * narrow index entry per case instead of joining and sorting every stage event of the cohort.
 *
 * Measured on bench/report-history.sql at 1,000,000 cases (4.6 million stage events): the
 * whole-firm year holds ~330,000 cases and ~1.5 million events, and the event-based funnel and
 * velocity spent their time joining those events to the cases, sorting them per case for
 * `lead()`, and building a business-hours calendar for 300,000 answered cases (velocity 5–12 s,
 * funnel ~1 s, on the shared 2-core machine).
 *
 * - `stage_path` / `stage_path_at`: the stages the case entered, in order, and when. Derived from
 *   `stage_events` (still the source of truth) by a statement-level trigger in the event's own
 *   transaction, rebuilt from the case's events ordered by (created_at, id) — the order the
 *   reports always used — so no writer (the router's first event, the stage writer, a bulk
 *   import) can forget it. Events are history: a trigger refuses changes to anything but the
 *   free-text reason (which erasure redacts), so an UPDATE can never leave a path stale.
 * - `first_response_business_hours`: the office's working hours between creation and the first
 *   response, set by a trigger whenever `first_responded_at` is written, from the office
 *   calendar in force at that moment (the same calendar the deadline was computed with; later
 *   calendar edits do not rewrite history). `office_business_seconds` is the SQL twin of
 *   cases/business-hours.ts `businessHoursBetween`; the reports e2e spec checks they agree.
 * - `ix_cases_report_created`: (created_at) with everything the cohort reports filter on or
 *   read, so they are parallel index-only range scans. It supersedes
 *   `ix_stage_events_report_created`, which only the event-based queries used.
 * - The indexes of the SLA report (deadline), the open-case reports (stage, created: workload,
 *   aging, office queues) and sources (inquiries by created; cases by office for the office
 *   filter) gain the columns those reports read, so they too are index-only: the bitmap heap
 *   scans they did fetched 70,000–100,000 wide rows for a firm-wide year or an office's quarter.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

/** Report indexes of migration ReportIndexes that gain the columns their reports read: [name, covering, previous]. */
const COVERING: Array<[name: string, covering: string, previous: string]> = [
  [
    'ix_cases_report_due',
    'ON "cases" ("first_response_due_at") INCLUDE ("office_id", "consultant_id", "first_responded_at", "origin_country", "service_lines")',
    'ON "cases" ("first_response_due_at")',
  ],
  [
    'ix_cases_report_stage_created',
    'ON "cases" ("stage_code", "created_at") INCLUDE ("office_id", "consultant_id", "first_responded_at", "first_response_due_at", "origin_country", "service_lines")',
    'ON "cases" ("stage_code", "created_at")',
  ],
  [
    'ix_cases_report_office_created',
    'ON "cases" ("office_id", "created_at") INCLUDE ("inquiry_id")',
    'ON "cases" ("office_id", "created_at")',
  ],
  [
    'ix_inquiries_report_created',
    'ON "inquiries" ("created_at") INCLUDE ("id", "status", "origin_country", "source", "service_lines", "duplicate_of_id")',
    'ON "inquiries" ("created_at") INCLUDE ("status", "origin_country", "source", "service_lines", "duplicate_of_id")',
  ],
];

export class ReportCohortFacts1795830600000 implements MigrationInterface {
  name = 'ReportCohortFacts1795830600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // --- stage path ---------------------------------------------------------------------------
    await queryRunner.query(`
      ALTER TABLE "cases"
        ADD COLUMN "stage_path" character varying(40)[] NOT NULL DEFAULT '{}',
        ADD COLUMN "stage_path_at" timestamp with time zone[] NOT NULL DEFAULT '{}',
        ADD COLUMN "first_response_business_hours" double precision,
        ADD CONSTRAINT "ck_cases_stage_path" CHECK (cardinality("stage_path") = cardinality("stage_path_at")),
        ADD CONSTRAINT "ck_cases_first_response_hours" CHECK ("first_response_business_hours" >= 0)
    `);
    await queryRunner.query(`
      CREATE FUNCTION "cases_rebuild_stage_path"(case_ids uuid[]) RETURNS void LANGUAGE sql AS $$
        UPDATE cases c
           SET stage_path = coalesce(p.path, '{}'), stage_path_at = coalesce(p.at, '{}')
          FROM unnest(case_ids) AS k(id)
          LEFT JOIN LATERAL (
            SELECT array_agg(e.to_stage ORDER BY e.created_at, e.id) AS path,
                   array_agg(e.created_at ORDER BY e.created_at, e.id) AS at
              FROM stage_events e WHERE e.case_id = k.id
          ) p ON TRUE
         WHERE c.id = k.id
      $$
    `);
    await queryRunner.query(`
      CREATE FUNCTION "stage_events_refresh_path_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM cases_rebuild_stage_path(ARRAY(SELECT DISTINCT case_id FROM inserted));
        RETURN NULL;
      END $$
    `);
    await queryRunner.query(`
      CREATE FUNCTION "stage_events_refresh_path_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM cases_rebuild_stage_path(ARRAY(SELECT DISTINCT case_id FROM deleted));
        RETURN NULL;
      END $$
    `);
    await queryRunner.query(`
      CREATE FUNCTION "stage_events_keep_history"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (NEW.id, NEW.case_id, NEW.from_stage, NEW.to_stage, NEW.created_at) IS DISTINCT FROM
           (OLD.id, OLD.case_id, OLD.from_stage, OLD.to_stage, OLD.created_at) THEN
          RAISE EXCEPTION 'stage events are history: only the reason may change' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER "tr_stage_events_path_inserted" AFTER INSERT ON "stage_events"
        REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION stage_events_refresh_path_inserted()
    `);
    await queryRunner.query(`
      CREATE TRIGGER "tr_stage_events_path_deleted" AFTER DELETE ON "stage_events"
        REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION stage_events_refresh_path_deleted()
    `);
    await queryRunner.query(`
      CREATE TRIGGER "tr_stage_events_keep_history" BEFORE UPDATE ON "stage_events"
        FOR EACH ROW EXECUTE FUNCTION stage_events_keep_history()
    `);

    // --- first response in business hours -----------------------------------------------------
    await queryRunner.query(`
      CREATE FUNCTION "office_business_seconds"(office uuid, since timestamptz, until timestamptz)
        RETURNS double precision LANGUAGE plpgsql STABLE AS $$
      DECLARE
        o offices%ROWTYPE;
        d date;
        last_day date;
        opens timestamptz;
        closes timestamptz;
        total double precision := 0;
      BEGIN
        IF until <= since THEN RETURN 0; END IF;
        SELECT * INTO o FROM offices WHERE id = office;
        IF NOT FOUND THEN RETURN NULL; END IF;
        d := (since AT TIME ZONE o.timezone)::date;
        last_day := (until AT TIME ZONE o.timezone)::date;
        WHILE d <= last_day LOOP
          IF d = ANY(o.extra_working_days)
             OR (extract(isodow FROM d)::int = ANY(o.business_days) AND NOT d = ANY(o.holidays)) THEN
            opens := (d + o.opens_at) AT TIME ZONE o.timezone;
            closes := (d + o.closes_at) AT TIME ZONE o.timezone;
            total := total + greatest(0, extract(epoch FROM least(closes, until) - greatest(opens, since)));
          END IF;
          d := d + 1;
        END LOOP;
        RETURN total;
      END $$
    `);
    await queryRunner.query(`
      CREATE FUNCTION "cases_set_first_response_hours"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.first_response_business_hours := CASE WHEN NEW.first_responded_at IS NULL THEN NULL
          ELSE office_business_seconds(NEW.office_id, NEW.created_at, NEW.first_responded_at) / 3600 END;
        RETURN NEW;
      END $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER "tr_cases_first_response_hours" BEFORE INSERT OR UPDATE OF "first_responded_at" ON "cases"
        FOR EACH ROW EXECUTE FUNCTION cases_set_first_response_hours()
    `);

    // --- existing history ---------------------------------------------------------------------
    await queryRunner.query(`
      UPDATE cases c SET stage_path = p.path, stage_path_at = p.at
        FROM (SELECT case_id, array_agg(to_stage ORDER BY created_at, id) AS path, array_agg(created_at ORDER BY created_at, id) AS at
                FROM stage_events GROUP BY case_id) p
       WHERE c.id = p.case_id
    `);
    await queryRunner.query(`
      UPDATE cases SET first_response_business_hours = office_business_seconds(office_id, created_at, first_responded_at) / 3600
       WHERE first_responded_at IS NOT NULL
    `);

    // --- indexes ------------------------------------------------------------------------------
    await queryRunner.query(`
      CREATE INDEX "ix_cases_report_created" ON "cases" ("created_at")
        INCLUDE ("office_id", "consultant_id", "stage_code", "origin_country", "service_lines", "currency", "estimated_value",
                 "closed_at", "first_response_business_hours", "stage_path", "stage_path_at")
    `);
    await queryRunner.query(`DROP INDEX "public"."ix_stage_events_report_created"`);
    for (const [name, covering] of COVERING) {
      await queryRunner.query(`DROP INDEX "public"."${name}"`);
      await queryRunner.query(`CREATE INDEX "${name}" ${covering}`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name, , previous] of [...COVERING].reverse()) {
      await queryRunner.query(`DROP INDEX "public"."${name}"`);
      await queryRunner.query(`CREATE INDEX "${name}" ${previous}`);
    }
    await queryRunner.query(
      `CREATE INDEX "ix_stage_events_report_created" ON "stage_events" ("created_at") INCLUDE ("case_id", "to_stage", "id")`,
    );
    await queryRunner.query(`DROP INDEX "public"."ix_cases_report_created"`);
    await queryRunner.query(`DROP TRIGGER "tr_cases_first_response_hours" ON "cases"`);
    await queryRunner.query(`DROP FUNCTION "cases_set_first_response_hours"()`);
    await queryRunner.query(`DROP FUNCTION "office_business_seconds"(uuid, timestamptz, timestamptz)`);
    await queryRunner.query(`DROP TRIGGER "tr_stage_events_keep_history" ON "stage_events"`);
    await queryRunner.query(`DROP TRIGGER "tr_stage_events_path_deleted" ON "stage_events"`);
    await queryRunner.query(`DROP TRIGGER "tr_stage_events_path_inserted" ON "stage_events"`);
    await queryRunner.query(`DROP FUNCTION "stage_events_keep_history"()`);
    await queryRunner.query(`DROP FUNCTION "stage_events_refresh_path_deleted"()`);
    await queryRunner.query(`DROP FUNCTION "stage_events_refresh_path_inserted"()`);
    await queryRunner.query(`DROP FUNCTION "cases_rebuild_stage_path"(uuid[])`);
    await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "ck_cases_first_response_hours"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "ck_cases_stage_path"`);
    await queryRunner.query(
      `ALTER TABLE "cases" DROP COLUMN "first_response_business_hours", DROP COLUMN "stage_path_at", DROP COLUMN "stage_path"`,
    );
  }
}
