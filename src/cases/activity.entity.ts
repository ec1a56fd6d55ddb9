import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '@/common/base.columns';
import { CaseEntity } from './case.entity';

export const ACTIVITY_TYPES = ['note', 'call', 'email', 'meeting', 'task'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

@Entity('activities')
@Index('ix_activities_case', ['caseId', 'createdAt'])
@Index('ix_activities_open_tasks', ['authorId', 'dueAt'], { where: `"type" = 'task' AND "completed_at" IS NULL` })
@Check('ck_activities_type', `"type" IN ('note', 'call', 'email', 'meeting', 'task')`)
@Check('ck_activities_direction', `"direction" IS NULL OR "direction" IN ('inbound', 'outbound')`)
export class ActivityEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_activities' })
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_activities_case' })
  case?: CaseEntity;

  @Column({ type: 'uuid', nullable: true })
  authorId: string | null;

  @Column({ type: 'varchar', length: 10 })
  type: ActivityType;

  @Column({ type: 'varchar', length: 10, nullable: true })
  direction: 'inbound' | 'outbound' | null;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
