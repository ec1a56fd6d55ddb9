import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { Timestamped } from '@/common/base.columns';
import { ClientEntity } from '@/clients/client.entity';
import { ContactEntity } from '@/clients/contact.entity';
import { ConsultantEntity } from '@/consultants/consultant.entity';
import { InquiryEntity } from '@/inquiries/inquiry.entity';
import { OfficeEntity } from '@/offices/office.entity';
import { StageEntity } from '@/stages/stage.entity';

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** The unit of work in the pipeline, one per routed inquiry. `version` guards every write. */
@Entity('cases')
@Index('uq_cases_inquiry', ['inquiryId'], { unique: true })
@Index('uq_cases_reference', ['reference'], { unique: true })
@Index('ix_cases_office_stage', ['officeId', 'stageCode'])
@Index('ix_cases_consultant_stage', ['consultantId', 'stageCode'])
@Index('ix_cases_client', ['clientId'])
@Index('ix_cases_contact', ['contactId'])
// Trigram index of migration ListSearchIndexes (an operator class TypeORM cannot declare).
@Index('ix_cases_reference_trgm', { synchronize: false })
@Index('ix_cases_created', ['createdAt'])
@Index('ix_cases_sla_due', ['firstResponseDueAt'], { where: `"first_responded_at" IS NULL AND NOT "sla_breached"` })
@Check('ck_cases_priority', `"priority" IN ('low', 'normal', 'high', 'urgent')`)
@Check('ck_cases_value_currency', `("estimated_value" IS NULL) = ("currency" IS NULL)`)
@Check('ck_cases_value_positive', `"estimated_value" IS NULL OR "estimated_value" >= 0`)
@Check('ck_cases_first_response_hours', `"first_response_business_hours" >= 0`)
@Check(
  'ck_cases_given_due',
  `"first_response_given_due_at" IS NULL OR ("first_response_due_at" IS NOT NULL AND "first_response_due_at" >= "first_response_given_due_at")`,
)
@Check('ck_cases_stage_path', `cardinality("stage_path") = cardinality("stage_path_at")`)
@Check('ck_cases_breached_office', `("breached_office_id" IS NOT NULL) = "sla_breached"`)
@Check('ck_cases_closed_since', `"closed_since" IS NULL OR ("closed_at" IS NOT NULL AND "closed_since" <= "closed_at")`)
@Check('ck_cases_currency', `"currency" IS NULL OR "currency" ~ '^[A-Z]{3}$'`)
@Check(
  'ck_cases_lost_reason',
  `"lost_reason" IS NULL OR "lost_reason" IN ('price', 'no_response', 'competitor', 'not_a_fit', 'timing', 'compliance', 'other')`,
)
export class CaseEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_cases' })
  id: string;

  /** Same as its inquiry's reference. */
  @Column({ type: 'varchar', length: 20 })
  reference: string;

  @Column({ type: 'uuid' })
  inquiryId: string;

  @ManyToOne(() => InquiryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'inquiry_id', foreignKeyConstraintName: 'fk_cases_inquiry' })
  inquiry?: InquiryEntity;

  @Column({ type: 'uuid' })
  clientId: string;

  @ManyToOne(() => ClientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'fk_cases_client' })
  client?: ClientEntity;

  @Column({ type: 'uuid' })
  contactId: string;

  @ManyToOne(() => ContactEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'fk_cases_contact' })
  contact?: ContactEntity;

  @Column({ type: 'uuid' })
  officeId: string;

  @ManyToOne(() => OfficeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_cases_office' })
  office?: OfficeEntity;

  /** null = waiting in the office queue. */
  @Column({ type: 'uuid', nullable: true })
  consultantId: string | null;

  @ManyToOne(() => ConsultantEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'consultant_id', foreignKeyConstraintName: 'fk_cases_consultant' })
  consultant?: ConsultantEntity | null;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  serviceLines: string[];

  @Column({ type: 'varchar', length: 40, default: 'new' })
  stageCode: string;

  @ManyToOne(() => StageEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'stage_code', foreignKeyConstraintName: 'fk_cases_stage' })
  stage?: StageEntity;

  @Column({ type: 'varchar', length: 10, default: 'normal' })
  priority: Priority;

  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true })
  estimatedValue: string | null;

  @Column({ type: 'char', length: 3, nullable: true })
  currency: string | null;

  @Column({ type: 'date', nullable: true })
  expectedCloseDate: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  lostReason: string | null;

  /** Denormalized from the inquiry for report filters. */
  @Column({ type: 'char', length: 2 })
  originCountry: string;

  @Column({ type: 'timestamptz', nullable: true })
  firstResponseDueAt: Date | null;

  /**
   * The first-response deadline the case was given when it came to its office: by routing, or by a
   * hand-over to another office (migration FirstResponseGivenDue). An office calendar or SLA change
   * moves a waiting case's deadline either way, but never earlier than this: a case on time under
   * the rules it arrived with is not breached at once. Null on cases from before the column (and
   * rows written outside the app): a calendar change then takes, and records, the current deadline.
   */
  @Column({ type: 'timestamptz', nullable: true })
  firstResponseGivenDueAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  firstRespondedAt: Date | null;

  @Column({ type: 'boolean', default: false })
  slaBreached: boolean;

  /**
   * Who held the case when its deadline was missed (null: the office queue, or not missed): the
   * SLA report charges the miss to them, not to whoever holds the case now — reassign-on-breach
   * moves a breached case to someone who had no part in it.
   */
  @Column({ type: 'uuid', nullable: true })
  breachedUnderId: string | null;

  @ManyToOne(() => ConsultantEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'breached_under_id', foreignKeyConstraintName: 'fk_cases_breached_under' })
  breachedUnder?: ConsultantEntity | null;

  /**
   * The office the case was in when its deadline was missed (set exactly when `slaBreached`,
   * `ck_cases_breached_office`): the SLA report charges the miss to it, not to an office a manager
   * sent the breached case to later.
   */
  @Column({ type: 'uuid', nullable: true })
  breachedOfficeId: string | null;

  @ManyToOne(() => OfficeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'breached_office_id', foreignKeyConstraintName: 'fk_cases_breached_office' })
  breachedOffice?: OfficeEntity | null;

  @Column({ type: 'timestamptz', nullable: true })
  assignedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /**
   * Where `closedAt` (the move into the current outcome) is not the start of the case's closed
   * stretch — it moved won ↔ lost since — that start; else null (migration ClosedSince). The SLA
   * report owes no answer for a case closed unanswered before its deadline and closed ever since.
   */
  @Column({ type: 'timestamptz', nullable: true })
  closedSince: Date | null;

  /**
   * The stages the case entered, in order, and when (migration ReportCohortFacts): derived from its
   * stage events by a database trigger for the funnel and velocity reports; no code writes them.
   */
  @Column({
    type: 'varchar',
    length: 40,
    array: true,
    default: () => `'{}'`,
    select: false,
    insert: false,
    update: false,
  })
  stagePath: string[];

  @Column({ type: 'timestamptz', array: true, default: () => `'{}'`, select: false, insert: false, update: false })
  stagePathAt: Date[];

  /** The bits (`stages.bit`) of every stage on the path, kept with it by the same trigger (migration ReportStageMask). */
  @Column({ type: 'bigint', default: 0, select: false, insert: false, update: false })
  stagesReached: string;

  /** When the case entered its current stage: the last time on its path, kept with it (migration ReportVelocityRollup). */
  @Column({ type: 'timestamptz', nullable: true, select: false, insert: false, update: false })
  stageEnteredAt: Date | null;

  /** Office working hours from creation to the first response, set by a database trigger (migration ReportCohortFacts). */
  @Column({ type: 'double precision', nullable: true, select: false, insert: false, update: false })
  firstResponseBusinessHours: number | null;

  @VersionColumn({ default: 1 })
  version: number;
}
