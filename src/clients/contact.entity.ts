import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '@/common/base.columns';
import { ClientEntity } from './client.entity';

/** A person at a client. Deduplicated by normalized email (the unique index is the rule). */
@Entity('contacts')
@Index('uq_contacts_email', ['email'], { unique: true })
@Index('ix_contacts_client', ['clientId'])
// Expression and trigram indexes of migration ClientSearch: TypeORM cannot describe them, so it must not touch them.
@Index('ix_contacts_full_name_trgm', { synchronize: false })
@Index('ix_contacts_email_trgm', { synchronize: false })
@Index('ix_contacts_email_domain', { synchronize: false })
@Check('ck_contacts_email_normalized', `"email" = lower(btrim("email"))`)
@Check('ck_contacts_language', `"preferred_language" IS NULL OR "preferred_language" ~ '^[a-z]{2}$'`)
export class ContactEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_contacts' })
  id: string;

  @Column({ type: 'uuid' })
  clientId: string;

  @ManyToOne(() => ClientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'fk_contacts_client' })
  client?: ClientEntity;

  @Column({ type: 'varchar', length: 200 })
  fullName: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  /** E.164 */
  @Column({ type: 'varchar', length: 20, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 2, nullable: true })
  preferredLanguage: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  title: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  erasedAt: Date | null;
}
