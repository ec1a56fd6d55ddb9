import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who changed what, when, with before and after: every staff write and every automatic action. */
@Entity('audit_entries')
@Index('ix_audit_entity', ['entity', 'entityId', 'createdAt'])
@Index('ix_audit_actor', ['actorId', 'createdAt'])
@Index('ix_audit_created', ['createdAt', 'id'])
@Index('ix_audit_office_created', ['officeId', 'createdAt', 'id'])
@Check('ck_audit_actor_kind', `"actor_kind" IN ('user', 'system')`)
export class AuditEntryEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'pk_audit_entries' })
  id: string;

  @Column({ type: 'varchar', length: 10 })
  actorKind: 'user' | 'system';

  /** Not a foreign key on purpose: audit outlives the users it mentions. */
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 60 })
  action: string;

  @Column({ type: 'varchar', length: 40 })
  entity: string;

  @Column({ type: 'varchar', length: 64 })
  entityId: string;

  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  officeId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
