import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CaseEntity } from '@/cases/case.entity';
import { ContactEntity } from '@/clients/contact.entity';
import { ConsultantEntity } from '@/consultants/consultant.entity';
import { InquiryEntity } from '@/inquiries/inquiry.entity';

export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed', 'logged', 'cancelled'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];
export const RECIPIENT_KINDS = ['investor', 'staff'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

/**
 * The database outbox of e-mail: every message is rendered and stored here in the transaction that
 * causes it, then sent by the SendNotification job (only its id goes to Redis). Without SMTP_URL a
 * message ends `logged`: kept here, never sent.
 */
@Entity('notifications')
@Index('ix_notifications_status_created', ['status', 'createdAt'])
@Index('ix_notifications_case', ['caseId'])
@Index('ix_notifications_contact', ['contactId'])
@Index('uq_notifications_dedupe_key', ['dedupeKey'], { unique: true })
@Check('ck_notifications_status', `"status" IN ('pending', 'sent', 'failed', 'logged', 'cancelled')`)
@Check('ck_notifications_recipient_kind', `"recipient_kind" IN ('investor', 'staff')`)
@Check('ck_notifications_locale', `"locale" IN ('en', 'ru', 'zh')`)
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_notifications' })
  id: string;

  @Column({ type: 'varchar', length: 40 })
  template: string;

  @Column({ type: 'varchar', length: 2 })
  locale: string;

  @Column({ type: 'varchar', length: 10 })
  recipientKind: RecipientKind;

  @Column({ type: 'varchar', length: 254 })
  recipientEmail: string;

  @Column({ type: 'uuid', nullable: true })
  recipientConsultantId: string | null;

  @ManyToOne(() => ConsultantEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'recipient_consultant_id', foreignKeyConstraintName: 'fk_notifications_recipient_consultant' })
  recipientConsultant?: ConsultantEntity | null;

  @Column({ type: 'uuid', nullable: true })
  contactId: string | null;

  @ManyToOne(() => ContactEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'fk_notifications_contact' })
  contact?: ContactEntity | null;

  @Column({ type: 'uuid', nullable: true })
  caseId: string | null;

  @ManyToOne(() => CaseEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_notifications_case' })
  case?: CaseEntity | null;

  @Column({ type: 'uuid', nullable: true })
  inquiryId: string | null;

  @ManyToOne(() => InquiryEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'inquiry_id', foreignKeyConstraintName: 'fk_notifications_inquiry' })
  inquiry?: InquiryEntity | null;

  @Column({ type: 'varchar', length: 300 })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status: NotificationStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  /** The server refused the address for good (SMTP 5xx): not retried. */
  @Column({ type: 'boolean', default: false })
  permanentFailure: boolean;

  /** Makes a repeated cause (a retried job, the sweep after the delayed check) write one message, not two. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  dedupeKey: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
