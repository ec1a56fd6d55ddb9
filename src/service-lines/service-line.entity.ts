import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import { Timestamped } from '@/common/base.columns';

export interface LocalizedText {
  en: string;
  ru: string;
  zh: string;
}
export interface LocalizedKeywords {
  en: string[];
  ru: string[];
  zh: string[];
}

@Entity('service_lines')
@Check('ck_service_lines_code', `"code" ~ '^[a-z][a-z0-9_]{1,39}$'`)
export class ServiceLineEntity extends Timestamped {
  @PrimaryColumn({ type: 'varchar', length: 40, primaryKeyConstraintName: 'pk_service_lines' })
  code: string;

  @Column({ type: 'jsonb' })
  names: LocalizedText;

  @Column({ type: 'jsonb', default: () => `'{"en": [], "ru": [], "zh": []}'` })
  keywords: LocalizedKeywords;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'integer', default: 0 })
  position: number;
}
