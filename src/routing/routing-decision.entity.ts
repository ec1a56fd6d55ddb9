import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { InquiryEntity } from '@/inquiries/inquiry.entity';

/** The stored explanation of how one inquiry was routed (policy input summary and outcome). */
@Entity('routing_decisions')
@Index('uq_routing_decisions_inquiry', ['inquiryId'], { unique: true })
@Index('ix_routing_decisions_case', ['caseId'])
@Check('ck_routing_decisions_strategy', `"strategy" IN ('affinity', 'rule', 'territory', 'fallback')`)
export class RoutingDecisionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_routing_decisions' })
  id: string;

  @Column({ type: 'uuid' })
  inquiryId: string;

  @ManyToOne(() => InquiryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'inquiry_id', foreignKeyConstraintName: 'fk_routing_decisions_inquiry' })
  inquiry?: InquiryEntity;

  @Column({ type: 'uuid' })
  caseId: string;

  @Column({ type: 'varchar', length: 12 })
  strategy: 'affinity' | 'rule' | 'territory' | 'fallback';

  @Column({ type: 'uuid', nullable: true })
  ruleId: string | null;

  @Column({ type: 'uuid' })
  officeId: string;

  @Column({ type: 'uuid', nullable: true })
  consultantId: string | null;

  /** The full explanation: detected fields, tiers, candidates with reasons, summary. */
  @Column({ type: 'jsonb' })
  explanation: Record<string, unknown>;

  @Column({ type: 'integer' })
  policyVersion: number;

  @Column({ type: 'timestamptz' })
  decidedAt: Date;
}
