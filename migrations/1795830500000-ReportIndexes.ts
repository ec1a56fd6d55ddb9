/**
 * Indexes for the manager reports (src/reports/reports.repository.ts). Hand-written; the entities
 * learn their names from src/reports/report-indexes.entity.ts (synchronize: false).
 *
 * Why each exists is written beside the query that uses it in the reports repository.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

const INDEXES: Array<[name: string, definition: string]> = [
  ['ix_stage_events_report_created', 'ON "stage_events" ("created_at") INCLUDE ("case_id", "to_stage", "id")'],
  ['ix_cases_report_office_created', 'ON "cases" ("office_id", "created_at")'],
  ['ix_cases_report_stage_created', 'ON "cases" ("stage_code", "created_at")'],
  ['ix_cases_report_due', 'ON "cases" ("first_response_due_at")'],
  ['ix_cases_report_office_due', 'ON "cases" ("office_id", "first_response_due_at")'],
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
