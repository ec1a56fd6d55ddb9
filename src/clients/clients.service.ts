/**
 * Clients: search, detail with contacts and cases, staff-added clients, edits with optimistic
 * locking, merging duplicates, and the owner rule the pipeline triggers. Who sees what is
 * `client-scope.ts`; the SQL is `clients.repository.ts`.
 */
import { Injectable } from '@nestjs/common';
import { versionOf } from '@/common/versioning';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@/audit/audit.service';
import type { Actor } from '@/common/auth.decorators';
import { NotFoundError, StaleVersionError, ValidationFailedError } from '@/common/domain-error';
import { Page, toPage, toPageRequest } from '@/common/pagination';
import { isUniqueViolation } from '@/common/pg-errors';
import { stripUndefined } from '@/common/sql';
import { ClientEntity } from './client.entity';
import { ClientError } from './clients.errors';
import { CLIENT_SORTABLE, ClientRecord, ClientsRepository, RELEVANCE, toClientView } from './clients.repository';
import { normalizeCompanyName } from './company-name';
import {
  ClientDetailView,
  ClientListQuery,
  ClientView,
  CreateClientDto,
  DuplicateList,
  MergeClientsDto,
  UpdateClientDto,
} from './dto/client.dto';
import { isFreeMailDomain } from './email-domain';
import { assertNamesAChange } from '@/common/validation';

const EMAIL_DOMAIN_INDEX = 'uq_clients_email_domain';

@Injectable()
export class ClientsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly repo: ClientsRepository,
  ) {}

  /** Live clients in the caller's scope; merged clients are never listed. */
  async list(actor: Actor, query: ClientListQuery): Promise<Page<ClientView>> {
    const req = toPageRequest(query, CLIENT_SORTABLE, query.q ? `${RELEVANCE}:desc` : 'name:asc');
    if (req.orderBy === RELEVANCE && !query.q)
      throw ValidationFailedError.field('sort', 'relevance needs a search query q');
    const { rows, total } = await this.repo.list(this.dataSource.manager, actor, query, req);
    return toPage(rows, total, req);
  }

  /** A merged client answers with its own (now empty) record and `mergedInto`, not 404. */
  async get(actor: Actor, id: string): Promise<ClientDetailView> {
    return this.detail(this.dataSource.manager, actor, await this.load(this.dataSource.manager, actor, id));
  }

  async duplicates(actor: Actor, id: string): Promise<DuplicateList> {
    const client = await this.load(this.dataSource.manager, actor, id);
    return { data: await this.repo.duplicates(this.dataSource.manager, actor, client) };
  }

  /**
   * Staff add clients directly (a referral, an event contact). A consultant may: the client is
   * theirs (they become its owner), so they keep seeing it before it has a case.
   */
  async create(actor: Actor, dto: CreateClientDto): Promise<ClientDetailView> {
    const ownerId = this.ownerForNewClient(actor, dto.ownerId);
    if (dto.emailDomain && isFreeMailDomain(dto.emailDomain)) throw ClientError.freeMailDomain(dto.emailDomain);
    return this.dataSource.transaction(async (manager) => {
      if (ownerId) await this.assertValidOwner(manager, actor, ownerId);
      if (dto.emailDomain) await this.assertDomainFree(manager, dto.emailDomain, null);
      const entity = manager.create(ClientEntity, {
        name: dto.name,
        nameNormalized: normalizeCompanyName(dto.name),
        type: dto.type,
        countryCode: dto.countryCode ?? null,
        website: dto.website ?? null,
        emailDomain: dto.emailDomain ?? null,
        industry: dto.industry ?? null,
        ownerId,
        mergedIntoId: null,
      });
      const saved = await this.write(manager, dto.emailDomain ?? null, null, () => manager.save(ClientEntity, entity));
      const created = await this.load(manager, actor, saved.id);
      await this.audit.record(manager, {
        actor,
        action: 'client.created',
        entity: 'client',
        entityId: saved.id,
        officeId: actor.officeId,
        after: toClientView(created),
      });
      return this.detail(manager, actor, created);
    });
  }

  /** Checked against the `version` the caller read, when given. An owner change is for managers and admins, and audited on its own. */
  async update(actor: Actor, id: string, dto: UpdateClientDto, ifMatch?: string): Promise<ClientDetailView> {
    // API.md gives versions to cases only: a client edit may send one (then a stale one is a 409).
    const version = versionOf(dto.version, ifMatch, { required: false });
    assertNamesAChange(dto);
    return this.dataSource.transaction(async (manager) => {
      const current = await this.load(manager, actor, id, true);
      if (current.mergedInto) throw ClientError.merged(id, current.mergedInto);
      if (version !== undefined && version !== current.version) throw new StaleVersionError('client', current.version);
      const { version: _version, ...fields } = dto;
      const changes = Object.fromEntries(
        Object.entries(stripUndefined(fields)).filter(([key, value]) => current[key as keyof ClientRecord] !== value),
      ) as Partial<Omit<UpdateClientDto, 'version'>>;
      if (Object.keys(changes).length === 0) return this.detail(manager, actor, current);

      if (changes.ownerId !== undefined) {
        if (actor.role === 'consultant')
          throw ClientError.ownerNotAllowed('only managers and admins may change a client\u2019s owner');
        if (changes.ownerId) await this.assertValidOwner(manager, actor, changes.ownerId);
      }
      if (changes.emailDomain) {
        if (isFreeMailDomain(changes.emailDomain)) throw ClientError.freeMailDomain(changes.emailDomain);
        await this.assertDomainFree(manager, changes.emailDomain, id);
      }
      // A person edited it: no longer a client known only from a bot (quarantined ones are read by id).
      const [{ quarantined }]: Array<{ quarantined: boolean }> = await manager.query(
        `SELECT quarantined FROM clients WHERE id = $1`,
        [id],
      );
      const patch = {
        ...changes,
        ...(changes.name ? { nameNormalized: normalizeCompanyName(changes.name) } : {}),
        quarantined: false,
      };
      await this.write(manager, changes.emailDomain ?? null, id, () => manager.update(ClientEntity, { id }, patch));

      const updated = await this.load(manager, actor, id);
      if (quarantined) {
        await this.audit.record(manager, {
          actor,
          action: 'client.quarantine_released',
          entity: 'client',
          entityId: id,
          officeId: actor.officeId,
          before: { quarantined: true },
          after: { quarantined: false, by: 'edit' },
        });
      }
      const { ownerId, ...others } = changes;
      if (ownerId !== undefined) {
        await this.audit.record(manager, {
          actor,
          action: 'client.owner_changed',
          entity: 'client',
          entityId: id,
          officeId: actor.officeId,
          before: { ownerId: current.ownerId },
          after: { ownerId: updated.ownerId },
        });
      }
      if (Object.keys(others).length > 0) {
        await this.audit.record(manager, {
          actor,
          action: 'client.updated',
          entity: 'client',
          entityId: id,
          officeId: actor.officeId,
          before: toClientView(current),
          after: toClientView(updated),
        });
      }
      return this.detail(manager, actor, updated);
    });
  }

  /**
   * Moves the other client's contacts, inquiries and cases to this one in one transaction and
   * leaves the other pointing here (`mergedInto`). This client keeps its values and takes the
   * other's where it has none (owner, domain, country, website, industry).
   */
  async merge(actor: Actor, id: string, dto: MergeClientsDto): Promise<ClientDetailView> {
    const otherId = dto.otherClientId;
    if (otherId === id) throw ClientError.mergeIntoSelf();
    return this.dataSource.transaction(async (manager) => {
      await this.repo.lockClients(manager, [id, otherId].sort());
      const survivor = await this.load(manager, actor, id);
      const other = await this.load(manager, actor, otherId);
      if (survivor.mergedInto) throw ClientError.merged(id, survivor.mergedInto);
      if (other.mergedInto) throw ClientError.merged(otherId, other.mergedInto);

      const moved = await this.repo.mergeRecords(manager, otherId, id);
      const merged = await this.load(manager, actor, id);
      await this.audit.record(manager, {
        actor,
        action: 'client.merged',
        entity: 'client',
        entityId: id,
        officeId: actor.officeId,
        before: { survivor: toClientView(survivor), merged: toClientView(other) },
        after: { client: toClientView(merged), mergedClientId: otherId, moved },
      });
      await this.audit.record(manager, {
        actor,
        action: 'client.merged_into',
        entity: 'client',
        entityId: otherId,
        officeId: actor.officeId,
        before: toClientView(other),
        after: { mergedInto: id, moved },
      });
      return this.detail(manager, actor, merged);
    });
  }

  /**
   * The owner rule, for the pipeline's stage writer to call inside its transaction when a case
   * reaches a won stage (`engaged`): a client without an owner gets that case's consultant. The
   * first engagement sets it; later ones find it set and change nothing, so calling this on
   * every engagement is safe. Audited as an automatic change. Returns the new owner, if any.
   */
  async onCaseEngaged(manager: EntityManager, caseId: string): Promise<{ clientId: string; ownerId: string } | null> {
    const [rows] = await manager.query<[Array<{ clientId: string; ownerId: string; officeId: string }>, number]>(
      `UPDATE clients c
          SET owner_id = k.consultant_id, version = c.version + 1, updated_at = now()
         FROM cases k JOIN stages st ON st.code = k.stage_code
        WHERE k.id = $1
          AND c.id = k.client_id
          AND st.category = 'won'
          AND k.consultant_id IS NOT NULL
          AND c.owner_id IS NULL
          AND c.merged_into_id IS NULL
        RETURNING c.id AS "clientId", c.owner_id AS "ownerId", k.office_id AS "officeId"`,
      [caseId],
    );
    const set = rows[0];
    if (!set) return null;
    await this.audit.record(manager, {
      actor: null,
      action: 'client.owner_set_on_engagement',
      entity: 'client',
      entityId: set.clientId,
      officeId: set.officeId,
      before: { ownerId: null },
      after: { ownerId: set.ownerId, caseId },
    });
    return { clientId: set.clientId, ownerId: set.ownerId };
  }

  private async load(manager: EntityManager, actor: Actor, id: string, lock = false): Promise<ClientRecord> {
    const client = await this.repo.findVisible(manager, actor, id, lock);
    if (!client) throw new NotFoundError('client', id);
    return client;
  }

  private async detail(manager: EntityManager, actor: Actor, client: ClientRecord): Promise<ClientDetailView> {
    const contacts = await this.repo.contactsOf(manager, actor, client.id);
    const cases = await this.repo.casesOf(manager, actor, client.id);
    return { ...toClientView(client), contacts: contacts.rows, cases };
  }

  private ownerForNewClient(actor: Actor, requested: string | null | undefined): string | null {
    if (actor.role !== 'consultant') return requested ?? null;
    if (requested && requested !== actor.id) {
      throw ClientError.ownerNotAllowed(
        'a consultant adding a client becomes its owner; omit ownerId or give your own id',
      );
    }
    return actor.id;
  }

  /** Owners are active staff; a manager hands clients to their own office's people only. */
  private async assertValidOwner(manager: EntityManager, actor: Actor, ownerId: string): Promise<void> {
    const owner = await this.repo.isActiveStaff(manager, ownerId);
    if (!owner) throw ClientError.unknownOwner();
    if (actor.role === 'manager' && ownerId !== actor.id && owner.officeId !== actor.officeId) {
      throw ClientError.ownerNotAllowed('managers may give clients to staff of their own office only');
    }
  }

  private async assertDomainFree(manager: EntityManager, domain: string, exceptId: string | null): Promise<void> {
    const existing = await this.repo.liveClientWithDomain(manager, domain, exceptId);
    if (existing) throw ClientError.emailDomainTaken(domain, existing);
  }

  /** Runs a write; a concurrent insert of the same domain (the unique index) becomes the same 409. */
  private async write<T>(
    manager: EntityManager,
    domain: string | null,
    exceptId: string | null,
    run: () => Promise<T>,
  ): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (domain && isUniqueViolation(error, EMAIL_DOMAIN_INDEX)) {
        const existing = await this.repo.liveClientWithDomain(this.dataSource.manager, domain, exceptId);
        throw ClientError.emailDomainTaken(domain, existing);
      }
      throw error;
    }
  }
}
