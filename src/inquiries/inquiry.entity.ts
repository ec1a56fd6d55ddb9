import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ClientEntity } from '@/clients/client.entity';
import { ContactEntity } from '@/clients/contact.entity';

export const INQUIRY_STATUSES = ['received', 'routed', 'spam', 'duplicate'] as const;
export type InquiryStatus = (typeof INQUIRY_STATUSES)[number];
export const INQUIRY_SOURCES = ['website', 'referral', 'event', 'partner', 'email', 'other'] as const;
export type InquirySource = (typeof INQUIRY_SOURCES)[number];

export interface DetectedFields {
  language: string;
  serviceLines: string[];
  city: string | null;
  targetCountry: string | null;
}

/** Exactly what the investor submitted, with the consent record and what the system detected. */
@Entity('inquiries')
@Index('uq_inquiries_reference', ['reference'], { unique: true })
@Index('uq_inquiries_idempotency_key', ['idempotencyKey'], { unique: true })
@Index('ix_inquiries_email_created', ['email', 'createdAt'])
@Index('ix_inquiries_status_created', ['status', 'createdAt'])
@Index('ix_inquiries_contact', ['contactId'])
@Index('ix_inquiries_client', ['clientId'])
// Trigram index of migration ListSearchIndexes (an expression and operator class TypeORM cannot declare).
@Index('ix_inquiries_search_trgm', { synchronize: false })
@Check('ck_inquiries_status', `"status" IN ('received', 'routed', 'spam', 'duplicate')`)
@Check('ck_inquiries_source', `"source" IN ('website', 'referral', 'event', 'partner', 'email', 'other')`)
@Check('ck_inquiries_duplicate_link', `("status" = 'duplicate') = ("duplicate_of_id" IS NOT NULL)`)
@Check('ck_inquiries_consent', `"consent_privacy" = true`)
@Check('ck_inquiries_language', `"preferred_language" IS NULL OR "preferred_language" IN ('en', 'ru', 'zh')`)
export class InquiryEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_inquiries' })
  id: string;

  /** INQ-YYYY-NNNNNN from a sequence: never reused. */
  @Column({ type: 'varchar', length: 20 })
  reference: string;

  @Column({ type: 'uuid' })
  contactId: string;

  @ManyToOne(() => ContactEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'fk_inquiries_contact' })
  contact?: ContactEntity;

  @Column({ type: 'uuid' })
  clientId: string;

  @ManyToOne(() => ClientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'fk_inquiries_client' })
  client?: ClientEntity;

  @Column({ type: 'varchar', length: 200 })
  fullName: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  company: string | null;

  @Column({ type: 'char', length: 2 })
  originCountry: string;

  @Column({ type: 'char', length: 2, nullable: true })
  targetCountry: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  targetCity: string | null;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  serviceLines: string[];

  @Column({ type: 'text' })
  message: string;

  @Column({ type: 'varchar', length: 2, nullable: true })
  preferredLanguage: string | null;

  @Column({ type: 'varchar', length: 20, default: 'website' })
  source: InquirySource;

  @Column({ type: 'boolean' })
  consentPrivacy: boolean;

  @Column({ type: 'boolean', default: false })
  consentMarketing: boolean;

  @Column({ type: 'varchar', length: 50, nullable: true })
  consentTextVersion: string | null;

  @Column({ type: 'timestamptz' })
  consentAt: Date;

  @Column({ type: 'varchar', length: 45, nullable: true })
  consentIp: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  userAgent: string | null;

  @Column({ type: 'varchar', length: 12, default: 'received' })
  status: InquiryStatus;

  @Column({ type: 'uuid', nullable: true })
  duplicateOfId: string | null;

  @ManyToOne(() => InquiryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'duplicate_of_id', foreignKeyConstraintName: 'fk_inquiries_duplicate_of' })
  duplicateOf?: InquiryEntity | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  idempotencyKey: string | null;

  /** SHA-256 of the canonical request body, to tell a retry from a different request with the same key. */
  @Column({ type: 'char', length: 64, nullable: true })
  requestHash: string | null;

  @Column({ type: 'jsonb', nullable: true })
  detected: DetectedFields | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  routedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  anonymizedAt: Date | null;
}
