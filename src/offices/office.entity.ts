import { Check, Column, Entity, Index, JoinTable, ManyToMany, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '@/common/base.columns';
import { ServiceLineEntity } from '@/service-lines/service-line.entity';

@Entity('offices')
@Index('uq_offices_code', ['code'], { unique: true })
@Index('uq_offices_single_default', ['isDefault'], { unique: true, where: '"is_default"' })
@Check('ck_offices_code', `"code" ~ '^[A-Z0-9]{2,10}$'`)
@Check('ck_offices_country_code', `"country_code" ~ '^[A-Z]{2}$'`)
@Check('ck_offices_hours', `"closes_at" > "opens_at"`)
@Check('ck_offices_days', `"business_days" <@ ARRAY[1,2,3,4,5,6,7]::smallint[]`)
@Check('ck_offices_some_days', `cardinality("business_days") >= 1`)
@Check('ck_offices_sla', `"first_response_sla_hours" > 0 AND "first_response_sla_hours" <= 720`)
export class OfficeEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_offices' })
  id: string;

  @Column({ type: 'varchar', length: 10 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'char', length: 2 })
  countryCode: string;

  @Column({ type: 'varchar', length: 100 })
  city: string;

  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  languages: string[];

  @ManyToMany(() => ServiceLineEntity)
  @JoinTable({
    name: 'office_service_lines',
    joinColumn: {
      name: 'office_id',
      referencedColumnName: 'id',
      foreignKeyConstraintName: 'fk_office_service_lines_office',
    },
    inverseJoinColumn: {
      name: 'service_line_code',
      referencedColumnName: 'code',
      foreignKeyConstraintName: 'fk_office_service_lines_service_line',
    },
  })
  serviceLines: ServiceLineEntity[];

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  coverageCities: string[];

  @Column({ type: 'smallint', array: true, default: () => `'{1,2,3,4,5}'` })
  businessDays: number[];

  @Column({ type: 'time', default: () => `'09:00:00'` })
  opensAt: string;

  @Column({ type: 'time', default: () => `'18:00:00'` })
  closesAt: string;

  @Column({ type: 'date', array: true, default: () => `'{}'` })
  holidays: string[];

  @Column({ type: 'date', array: true, default: () => `'{}'` })
  extraWorkingDays: string[];

  @Column({
    type: 'numeric',
    precision: 6,
    scale: 2,
    default: 8,
    transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
  })
  firstResponseSlaHours: number;

  @Column({ type: 'boolean', default: false })
  reassignOnBreach: boolean;

  @Column({ type: 'boolean', default: false })
  isDefault: boolean;

  @Column({ type: 'boolean', default: true })
  active: boolean;
}
