import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { StageEntity } from '@/stages/stage.entity';
import { CaseEntity } from './case.entity';

/** Every stage change, including the first (from null to `new`): funnel and velocity read these. */
@Entity('stage_events')
@Index('ix_stage_events_case', ['caseId', 'createdAt'])
@Index('ix_stage_events_to_stage', ['toStage', 'createdAt'])
export class StageEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'pk_stage_events' })
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_stage_events_case' })
  case?: CaseEntity;

  @Column({ type: 'varchar', length: 40, nullable: true })
  fromStage: string | null;

  @Column({ type: 'varchar', length: 40 })
  toStage: string;

  @ManyToOne(() => StageEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'to_stage', foreignKeyConstraintName: 'fk_stage_events_to_stage' })
  toStageRef?: StageEntity;

  /** null = the system (routing). */
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  reason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
