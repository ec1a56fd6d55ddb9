import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { Timestamped } from '@/common/base.columns';
import { ConsultantEntity } from '@/consultants/consultant.entity';
import { OfficeEntity } from '@/offices/office.entity';

export interface RuleConditions {
  originCountries?: string[];
  targetCountries?: string[];
  serviceLines?: string[];
  languages?: string[];
  keywords?: string[];
}

/** An admin routing rule: the first active matching rule by priority (then age) wins. */
@Entity('routing_rules')
@Index('ix_routing_rules_priority', ['priority', 'createdAt'])
@Index('ix_routing_rules_office', ['officeId'])
export class RoutingRuleEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_routing_rules' })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'integer' })
  priority: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  conditions: RuleConditions;

  @Column({ type: 'uuid' })
  officeId: string;

  @ManyToOne(() => OfficeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_routing_rules_office' })
  office?: OfficeEntity;

  @Column({ type: 'uuid', nullable: true })
  consultantId: string | null;

  @ManyToOne(() => ConsultantEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'consultant_id', foreignKeyConstraintName: 'fk_routing_rules_consultant' })
  consultant?: ConsultantEntity | null;

  @VersionColumn({ default: 1 })
  version: number;
}
