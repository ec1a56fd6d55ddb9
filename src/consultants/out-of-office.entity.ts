import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ConsultantEntity } from './consultant.entity';

@Entity('out_of_office_periods')
@Index('ix_out_of_office_consultant', ['consultantId', 'endsAt'])
@Check('ck_out_of_office_range', `"ends_at" > "starts_at"`)
export class OutOfOfficeEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_out_of_office_periods' })
  id: string;

  @Column({ type: 'uuid' })
  consultantId: string;

  @ManyToOne(() => ConsultantEntity, (c) => c.outOfOffice, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'consultant_id', foreignKeyConstraintName: 'fk_out_of_office_consultant' })
  consultant?: ConsultantEntity;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'timestamptz' })
  endsAt: Date;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
