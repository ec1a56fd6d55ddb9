import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { Timestamped } from '@/common/base.columns';
import { ConsultantEntity } from '@/consultants/consultant.entity';

export type ClientType = 'company' | 'individual';

/** A company or an individual the firm advises. Companies are deduplicated by email domain and name. */
@Entity('clients')
@Index('uq_clients_email_domain', ['emailDomain'], {
  unique: true,
  where: `"merged_into_id" IS NULL AND "email_domain" IS NOT NULL`,
})
@Index('ix_clients_name_normalized', ['nameNormalized'])
@Index('ix_clients_owner', ['ownerId'])
// Expression and trigram indexes of migration ClientSearch: TypeORM cannot describe them, so it must not touch them.
@Index('ix_clients_name_trgm', { synchronize: false })
@Index('ix_clients_email_domain_trgm', { synchronize: false })
@Index('ix_clients_name_normalized_trgm', { synchronize: false })
@Index('ix_clients_merged_into', ['mergedIntoId'], { where: `"merged_into_id" IS NOT NULL` })
// The list's sort orders over live clients (migration ClientListIndexes).
@Index('ix_clients_live_name', { synchronize: false })
@Index('ix_clients_live_created', { synchronize: false })
@Index('ix_clients_live_updated', { synchronize: false })
// Merged-away clients' domains, which intake follows to the survivor (migration MergedClientDomains).
@Index('ix_clients_merged_email_domain', { synchronize: false })
@Check('ck_clients_type', `"type" IN ('company', 'individual')`)
@Check('ck_clients_country_code', `"country_code" IS NULL OR "country_code" ~ '^[A-Z]{2}$'`)
@Check('ck_clients_email_domain', `"email_domain" IS NULL OR "email_domain" = lower("email_domain")`)
@Check('ck_clients_not_merged_into_self', `"merged_into_id" IS NULL OR "merged_into_id" <> "id"`)
export class ClientEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_clients' })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Lower-case, accents and legal-form suffixes removed: the company dedupe key. */
  @Column({ type: 'varchar', length: 200 })
  nameNormalized: string;

  @Column({ type: 'varchar', length: 12 })
  type: ClientType;

  @Column({ type: 'char', length: 2, nullable: true })
  countryCode: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  website: string | null;

  @Column({ type: 'varchar', length: 253, nullable: true })
  emailDomain: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  industry: string | null;

  @Column({ type: 'uuid', nullable: true })
  ownerId: string | null;

  @ManyToOne(() => ConsultantEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_id', foreignKeyConstraintName: 'fk_clients_owner' })
  owner?: ConsultantEntity | null;

  @Column({ type: 'uuid', nullable: true })
  mergedIntoId: string | null;

  @ManyToOne(() => ClientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'merged_into_id', foreignKeyConstraintName: 'fk_clients_merged_into' })
  mergedInto?: ClientEntity | null;

  /**
   * Known only from spam (a bot's submission): left out of client lists and searches until a
   * person releases its inquiry or the same address writes in for real.
   */
  @Column({ type: 'boolean', default: false })
  quarantined: boolean;

  @VersionColumn({ default: 1 })
  version: number;
}
