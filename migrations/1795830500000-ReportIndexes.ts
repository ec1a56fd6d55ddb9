/**
 * Indexes for the manager reports (src/reports/reports.repository.ts). Hand-written; the entities
 * learn their names from src/reports/report-indexes.entity.ts (synchronize: false).
 *
 * Found with EXPLAIN (ANALYZE, BUFFERS) on a synthetic history (the predecessor of
 * bench/report-history.sql: 200,000 cases, 757,000 stage events, 230,000 inquiries, 28 offices;
 * Postgres 15; the reports session: jit off, work_mem 64MB),
 * for four filter shapes: the firm for a year (66,000 cases), one office for a quarter (610), one
 * consultant for a month (19), and the firm for a year with serviceLine and originCountry. The
 * machine was running other suites (load ≈ 11 on 2 cores), so read times as relative, before → after:
 *
 * - (office_id, created_at): what managers run. Replaces a BitmapAnd of ix_cases_office_stage and
 *   ix_cases_created; every report for one office or one consultant plans in index scans, 1–20 ms.
 * - (stage_code, created_at): open-case reports loop over the open stages with index(-only) scans
 *   instead of scanning every case: aging 216 → 47 ms, workload 195 → 34 ms, office queues 49 → 13 ms.
 * - (first_response_due_at) and (office_id, first_response_due_at): the SLA period is on the
 *   deadline, which no index had (ix_cases_sla_due only holds unanswered, unflagged cases).
 * - (first_response_due_at) WHERE first_responded_at IS NULL: the breached list reads only the
 *   ~8 % unanswered cases: 348 → 26 ms for the firm.
 * - GIN (service_lines): the serviceLine filter was a sequential scan in every report: pipeline
 *   for the firm and a line 270 → 35 ms, SLA 136 → 29 ms.
 * - stage_events (created_at) INCLUDE (case_id, to_stage, id): funnel and velocity read a cohort's
 *   events from the period's start (events never precede their case) by an index-only range scan —
 *   a third of the table for a year — instead of hashing all 757,000 rows.
 * - inquiries (created_at) INCLUDE (status, origin_country, source, service_lines, duplicate_of_id):
 *   sources is an index-only scan: 596 → 184 ms for the firm, 258 → 7 ms for a consultant.
 *
 * Not solved by an index: the whole-firm pipeline is a parallel sequential scan (a third of the
 * table matches; 245 ms), and whole-firm funnel (~1.0 s) and velocity (~1.4–1.8 s) must read and
 * de-duplicate or sort every stage event of a 66,000-case cohort (250,000 rows). They grow with the
 * cohort, so a million cases over a year is about five times that: meeting 300 ms there needs a
 * per-case stage summary kept by the stage writer, not more indexes (migration ReportCohortFacts).
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

const INDEXES: Array<[name: string, definition: string]> = [
  ['ix_stage_events_report_created', 'ON "stage_events" ("created_at") INCLUDE ("case_id", "to_stage", "id")'],
  ['ix_cases_report_office_created', 'ON "cases" ("office_id", "created_at")'],
  ['ix_cases_report_stage_created', 'ON "cases" ("stage_code", "created_at")'],
  ['ix_cases_report_due', 'ON "cases" ("first_response_due_at")'],
  ['ix_cases_report_office_due', 'ON "cases" ("office_id", "first_response_due_at")'],
  ['ix_cases_report_service_lines', 'ON "cases" USING gin ("service_lines")'],
  [
    'ix_cases_report_unanswered',
    'ON "cases" ("first_response_due_at") INCLUDE ("office_id", "consultant_id", "stage_code") WHERE "first_responded_at" IS NULL',
  ],
  [
    'ix_inquiries_report_created',
    'ON "inquiries" ("created_at") INCLUDE ("status", "origin_country", "source", "service_lines", "duplicate_of_id")',
  ],
];

export class ReportIndexes1795830500000 implements MigrationInterface {
  name = 'ReportIndexes1795830500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [name, definition] of INDEXES) await queryRunner.query(`CREATE INDEX "${name}" ${definition}`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name] of [...INDEXES].reverse()) await queryRunner.query(`DROP INDEX "public"."${name}"`);
  }
}
