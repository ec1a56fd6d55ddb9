/**
 * Contacts: the people at clients. They are seen through their client (same scope) and edited by
 * anyone who sees them. Emails stay unique (the dedupe key of intake); phones are stored as E.164.
 * Audit entries name the changed fields but not their values: personal data must be erasable.
 */
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@/audit/audit.service';
import type { Actor } from '@/common/auth.decorators';
import { NotFoundError } from '@/common/domain-error';
import { Page, PageQuery, toPage, toPageRequest } from '@/common/pagination';
import { isUniqueViolation } from '@/common/pg-errors';
import { stripUndefined } from '@/common/sql';
import { ClientError } from './clients.errors';
import { CONTACT_SORTABLE, ClientsRepository } from './clients.repository';
import { ContactEntity } from './contact.entity';
import { ContactDetailView, ContactView, UpdateContactDto } from './dto/contact.dto';
import { toE164 } from './phone';
import { assertNamesAChange } from '@/common/validation';

const EMAIL_INDEX = 'uq_contacts_email';

@Injectable()
export class ContactsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly repo: ClientsRepository,
  ) {}

  async listForClient(actor: Actor, clientId: string, query: PageQuery): Promise<Page<ContactView>> {
    const req = toPageRequest(query, CONTACT_SORTABLE, 'fullName:asc');
    const client = await this.repo.findVisible(this.dataSource.manager, actor, clientId);
    if (!client) throw new NotFoundError('client', clientId);
    const { rows, total } = await this.repo.contactsOf(this.dataSource.manager, actor, client.id, req);
    return toPage(rows, total, req);
  }

  async get(actor: Actor, id: string): Promise<ContactDetailView> {
    return this.load(this.dataSource.manager, actor, id);
  }

  async update(actor: Actor, id: string, dto: UpdateContactDto): Promise<ContactDetailView> {
    assertNamesAChange(dto);
    return this.dataSource.transaction(async (manager) => {
      const current = await this.loadWithCountry(manager, actor, id, true);
      if (current.erasedAt) throw ClientError.contactErased();
      const patch = stripUndefined({
        fullName: dto.fullName,
        email: dto.email,
        phone: dto.phone === undefined || dto.phone === null ? dto.phone : this.phone(dto.phone, current.clientCountry),
        title: dto.title,
        preferredLanguage: dto.preferredLanguage,
      });
      const changed = Object.keys(patch).filter(
        (key) => current[key as keyof ContactView] !== patch[key as keyof typeof patch],
      );
      if (changed.length === 0) return this.load(manager, actor, id);
      if (
        patch.email &&
        patch.email !== current.email &&
        (await this.repo.contactWithEmail(manager, patch.email, id))
      ) {
        throw ClientError.contactEmailTaken();
      }
      try {
        await manager.update(ContactEntity, { id }, patch);
      } catch (error) {
        if (isUniqueViolation(error, EMAIL_INDEX)) throw ClientError.contactEmailTaken();
        throw error;
      }
      await this.audit.record(manager, {
        actor,
        action: 'contact.updated',
        entity: 'contact',
        entityId: id,
        officeId: actor.officeId,
        after: { clientId: current.clientId, fields: changed },
      });
      return this.load(manager, actor, id);
    });
  }

  private phone(input: string, clientCountry: string | null): string | null {
    if (input === '') return null;
    const e164 = toE164(input, clientCountry);
    if (!e164) throw ClientError.invalidPhone();
    return e164;
  }

  private async load(manager: EntityManager, actor: Actor, id: string): Promise<ContactDetailView> {
    const { clientCountry: _country, ...view } = await this.loadWithCountry(manager, actor, id);
    return view;
  }

  private async loadWithCountry(manager: EntityManager, actor: Actor, id: string, lock = false) {
    const contact = await this.repo.findVisibleContact(manager, actor, id, lock);
    if (!contact) throw new NotFoundError('contact', id);
    return contact;
  }
}
