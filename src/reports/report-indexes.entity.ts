/**
 * Tells TypeORM about the report indexes of migrations ReportIndexes, ReportCohortFacts and later
 * ones, which live on tables other modules own (cases, stage_events, inquiries). Declared with `synchronize: false`, so the schema
 * check (migrations vs entities) neither drops them nor tries to create them; the migration is
 * their only definition. A `.entity.ts` file so the entity glob loads it wherever entities load.
 */
import { Index } from 'typeorm';
import { CaseEntity } from '../cases/case.entity';
import { InquiryEntity } from '../inquiries/inquiry.entity';

const managedByMigration = { synchronize: false } as const;

for (const name of [
  'ix_cases_report_created',
  'ix_cases_report_stage_mask',
  'ix_cases_report_office_created',
  'ix_cases_report_stage_created',
  'ix_cases_report_stage_entered',
  'ix_cases_report_due',
  'ix_cases_report_office_due',
  'ix_cases_report_service_lines',
  'ix_cases_report_unanswered',
]) {
  Index(name, managedByMigration)(CaseEntity);
}
Index('ix_inquiries_report_created', managedByMigration)(InquiryEntity);
