import { Check, Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import { Timestamped } from '@/common/base.columns';

export type StageCategory = 'open' | 'won' | 'lost';

@Entity('stages')
@Check('ck_stages_code', `"code" ~ '^[a-z][a-z0-9_]{1,39}$'`)
@Check('ck_stages_category', `"category" IN ('open', 'won', 'lost')`)
@Check('ck_stages_probability', `"probability" >= 0 AND "probability" <= 100`)
@Check('ck_stages_bit', `"bit" BETWEEN 0 AND 62`)
@Unique('uq_stages_bit', ['bit'])
export class StageEntity extends Timestamped {
  @PrimaryColumn({ type: 'varchar', length: 40, primaryKeyConstraintName: 'pk_stages' })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'integer' })
  probability: number;

  @Column({ type: 'varchar', length: 10 })
  category: StageCategory;

  /** The stage's bit in `cases.stages_reached`, given by a database trigger on creation (migration ReportStageMask). */
  @Column({ type: 'smallint', insert: false, update: false })
  bit: number;
}
