import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  VersionColumn,
} from 'typeorm';
import { Timestamped } from '@/common/base.columns';
import type { Role } from '@/common/auth.decorators';
import { OfficeEntity } from '@/offices/office.entity';
import { ServiceLineEntity } from '@/service-lines/service-line.entity';
import { OutOfOfficeEntity } from './out-of-office.entity';

/** A staff user: consultant, office manager or admin. */
@Entity('consultants')
@Index('uq_consultants_email', ['email'], { unique: true })
@Check('ck_consultants_email_normalized', `"email" = lower(btrim("email"))`)
@Index('ix_consultants_office', ['officeId'])
@Check('ck_consultants_role', `"role" IN ('consultant', 'manager', 'admin')`)
@Check('ck_consultants_office_required', `"role" = 'admin' OR "office_id" IS NOT NULL`)
@Check('ck_consultants_capacity', `"capacity" >= 0 AND "capacity" <= 1000`)
export class ConsultantEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_consultants' })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  fullName: string;

  /** Stored normalized (trimmed, lower-case) so the unique index is the dedupe rule. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'uuid', nullable: true })
  officeId: string | null;

  @ManyToOne(() => OfficeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_consultants_office' })
  office?: OfficeEntity;

  @Column({ type: 'varchar', length: 20 })
  role: Role;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  languages: string[];

  @ManyToMany(() => ServiceLineEntity)
  @JoinTable({
    name: 'consultant_service_lines',
    joinColumn: {
      name: 'consultant_id',
      referencedColumnName: 'id',
      foreignKeyConstraintName: 'fk_consultant_service_lines_consultant',
    },
    inverseJoinColumn: {
      name: 'service_line_code',
      referencedColumnName: 'code',
      foreignKeyConstraintName: 'fk_consultant_service_lines_service_line',
    },
  })
  serviceLines: ServiceLineEntity[];

  @Column({ type: 'integer', default: 10 })
  capacity: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'text', nullable: true, select: false })
  passwordHash: string | null;

  /** Access tokens issued before this are refused (password changed, deactivated). */
  @Column({ type: 'timestamptz', nullable: true, select: false })
  tokensValidAfter: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastAssignedAt: Date | null;

  @OneToMany(() => OutOfOfficeEntity, (p) => p.consultant)
  outOfOffice?: OutOfOfficeEntity[];

  @VersionColumn({ default: 1 })
  version: number;
}
