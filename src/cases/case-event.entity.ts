import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CaseEntity } from './case.entity';

export const CASE_EVENT_KINDS = [
  'assigned',
  'sla_breached',
  'sla_reassigned',
  'first_response',
  'sla_deadline_moved',
] as const;
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];

/**
 * Assignments (routing, hand-over, queue draining) and SLA events (breach, reassignment, first
 * response, a deadline moved by the office's calendar), for the timeline.
 */
@Entity('case_events')
@Index('ix_case_events_case', ['caseId', 'createdAt'])
@Check(
  'ck_case_events_kind',
  `"kind" IN ('assigned', 'sla_breached', 'sla_reassigned', 'first_response', 'sla_deadline_moved')`,
)
export class CaseEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'pk_case_events' })
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_case_events_case' })
  case?: CaseEntity;

  @Column({ type: 'varchar', length: 20 })
  kind: CaseEventKind;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  /** ids and codes only: from/to consultant and office, reason, how it was decided. */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  data: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
