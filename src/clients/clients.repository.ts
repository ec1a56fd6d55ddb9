/**
 * The hand-written SQL of clients and contacts: scoped reads, search, duplicates, and the moves
 * of a merge. Every read of a client or contact goes through `clientScopeSql`, so list, detail,
 * contacts, duplicates and edits cannot disagree on who sees what. Methods take the caller's
 * EntityManager so they run inside its transaction when there is one.
 */
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '@/common/auth.decorators';
import { PageRequest } from '@/common/pagination';
import { foldedLikePattern } from '@/common/sql';
import type { ClientType } from './client.entity';
import { caseScopeSql } from '@/cases/case-scope';
import { SqlParams } from '@/common/sql';
import { clientScopeSql, contactScopeSql } from './client-scope';
import { ClientCaseView, ClientView, DuplicateCandidateView, DuplicateReason } from './dto/client.dto';
import { ContactDetailView, ContactView } from './dto/contact.dto';
import { domainSpellings, isFreeMailDomain, normalizeDomain } from './email-domain';

/** Trigram similarity of normalized names above which two clients are suggested as duplicates. */
export const DUPLICATE_NAME_SIMILARITY = 0.4;
const MAX_DUPLICATES = 20;

export interface ClientFilters {
  q?: string;
  ownerId?: string;
  countryCode?: string;
  type?: ClientType;
}

/** `sort=relevance` (the default with `q`): best match first. Resolved here, since it depends on `q`. */
export const RELEVANCE = 'relevance';

export const CLIENT_SORTABLE = {
  relevance: RELEVANCE,
  name: 'c.name',
  createdAt: 'c.created_at',
  updatedAt: 'c.updated_at',
  countryCode: 'c.country_code',
};

/** Only these can be null; NULLS LAST elsewhere would keep Postgres from reading an index backwards. */
const CLIENT_NULLABLE_SORTS = new Set<string>([RELEVANCE, CLIENT_SORTABLE.countryCode]);

export const CONTACT_SORTABLE = { fullName: 'k.full_name', email: 'k.email', createdAt: 'k.created_at' };

/** The client row as views need it, with its nameNormalized for duplicate search. */
export interface ClientRecord extends ClientView {
  nameNormalized: string;
}

interface ClientRow {
  id: string;
  name: string;
  nameNormalized: string;
  type: ClientType;
  countryCode: string | null;
  website: string | null;
  emailDomain: string | null;
  industry: string | null;
  ownerId: string | null;
  ownerName: string | null;
  mergedInto: string | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

const CLIENT_COLUMNS = `
  c.id, c.name, c.name_normalized AS "nameNormalized", c.type, c.country_code AS "countryCode", c.website,
  c.email_domain AS "emailDomain", c.industry, c.owner_id AS "ownerId", owner.full_name AS "ownerName",
  c.merged_into_id AS "mergedInto", c.created_at AS "createdAt", c.updated_at AS "updatedAt", c.version`;
const CLIENT_FROM = `clients c LEFT JOIN consultants owner ON owner.id = c.owner_id`;

function toClientRecord(r: ClientRow): ClientRecord {
  return {
    id: r.id,
    name: r.name,
    nameNormalized: r.nameNormalized,
    type: r.type,
    countryCode: r.countryCode,
    website: r.website,
    emailDomain: r.emailDomain,
    industry: r.industry,
    ownerId: r.ownerId,
    owner: r.ownerId ? { id: r.ownerId, fullName: r.ownerName ?? '' } : null,
    mergedInto: r.mergedInto,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
  };
}

export function toClientView(r: ClientRecord): ClientView {
  const { nameNormalized: _key, ...view } = r;
  return view;
}

interface ContactRow {
  id: string;
  clientId: string;
  clientName: string;
  fullName: string;
  email: string;
  phone: string | null;
  title: string | null;
  preferredLanguage: string | null;
  erasedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const CONTACT_COLUMNS = `
  k.id, k.client_id AS "clientId", k.full_name AS "fullName", k.email, k.phone, k.title,
  k.preferred_language AS "preferredLanguage", k.erased_at AS "erasedAt", k.created_at AS "createdAt", k.updated_at AS "updatedAt"`;

function toContactView(r: ContactRow): ContactView {
  return {
    id: r.id,
    clientId: r.clientId,
    fullName: r.fullName,
    email: r.email,
    phone: r.phone,
    title: r.title,
    preferredLanguage: r.preferredLanguage,
    erasedAt: r.erasedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

@Injectable()
export class ClientsRepository {
  /** Live (unmerged) clients the actor may see, filtered, one page, with the total. */
  async list(
    manager: EntityManager,
    actor: Actor,
    filters: ClientFilters,
    req: PageRequest,
  ): Promise<{ rows: ClientView[]; total: number }> {
    const countParams = new SqlParams();
    const [{ total }] = await manager.query<Array<{ total: number }>>(
      `SELECT count(*)::int AS total FROM clients c WHERE ${this.listWhere(actor, filters, countParams)}`,
      countParams.values,
    );
    const p = new SqlParams();
    const where = this.listWhere(actor, filters, p);
    const orderBy = req.orderBy === RELEVANCE ? this.relevanceSql(filters.q ?? '', p) : req.orderBy;
    const rows = await manager.query<ClientRow[]>(
      `SELECT ${CLIENT_COLUMNS} FROM ${CLIENT_FROM}
        WHERE ${where}
        ORDER BY ${orderBy} ${req.direction}${CLIENT_NULLABLE_SORTS.has(req.orderBy) ? ' NULLS LAST' : ''}, c.id
        LIMIT ${p.add(req.pageSize)} OFFSET ${p.add(req.offset)}`,
      p.values,
    );
    return { rows: rows.map((r) => toClientView(toClientRecord(r))), total };
  }

  /**
   * One client the actor may see, merged or not, or null. A merged client is visible to whoever
   * sees the client it was merged into. `lock` takes the client row FOR UPDATE.
   */
  async findVisible(manager: EntityManager, actor: Actor, id: string, lock = false): Promise<ClientRecord | null> {
    const p = new SqlParams();
    const [row] = await manager.query<ClientRow[]>(
      `SELECT ${CLIENT_COLUMNS} FROM ${CLIENT_FROM}
        WHERE c.id = ${p.add(id)} AND ${clientScopeSql(actor, 'COALESCE(c.merged_into_id, c.id)', p)}
        ${lock ? 'FOR UPDATE OF c' : ''}`,
      p.values,
    );
    return row ? toClientRecord(row) : null;
  }

  /** Locks client rows in id order, so two merges of the same pair cannot deadlock. */
  async lockClients(manager: EntityManager, ids: string[]): Promise<void> {
    await manager.query(`SELECT id FROM clients WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [ids]);
  }

  /** The live client that holds an email domain, other than `exceptId`. */
  async liveClientWithDomain(manager: EntityManager, domain: string, exceptId: string | null): Promise<string | null> {
    const [row] = await manager.query<Array<{ id: string }>>(
      `SELECT id FROM clients WHERE email_domain = $1 AND merged_into_id IS NULL AND id IS DISTINCT FROM $2::uuid`,
      [domain, exceptId],
    );
    return row?.id ?? null;
  }

  async isActiveStaff(manager: EntityManager, userId: string): Promise<{ officeId: string | null } | null> {
    const [row] = await manager.query<Array<{ officeId: string | null }>>(
      `SELECT office_id AS "officeId" FROM consultants WHERE id = $1 AND active`,
      [userId],
    );
    return row ?? null;
  }

  /** The contacts of a client (one the actor sees) that the actor may see: contactScopeSql. */
  async contactsOf(
    manager: EntityManager,
    actor: Actor,
    clientId: string,
    req?: PageRequest,
  ): Promise<{ rows: ContactView[]; total: number }> {
    const order = req ? `${req.orderBy} ${req.direction}, k.id` : 'k.full_name, k.id';
    const page = req ? `LIMIT ${req.pageSize} OFFSET ${req.offset}` : '';
    const p = new SqlParams();
    const where = `k.client_id = ${p.add(clientId)} AND ${contactScopeSql(actor, 'k', p)}`;
    // One after the other: inside a transaction both would share one connection.
    const rows = await manager.query<ContactRow[]>(
      `SELECT ${CONTACT_COLUMNS} FROM contacts k WHERE ${where} ORDER BY ${order} ${page}`,
      p.values,
    );
    const [{ total }] = await manager.query<Array<{ total: number }>>(
      `SELECT count(*)::int AS total FROM contacts k WHERE ${where}`,
      p.values,
    );
    return { rows: rows.map(toContactView), total };
  }

  /** The client's cases the actor may see, open and closed, newest first, with stage, consultant and office. */
  async casesOf(manager: EntityManager, actor: Actor, clientId: string): Promise<ClientCaseView[]> {
    const p = new SqlParams();
    const rows = await manager.query<
      Array<{
        id: string;
        reference: string;
        stageCode: string;
        stageName: string;
        stageCategory: string;
        consultantId: string | null;
        consultantName: string | null;
        officeId: string;
        officeCode: string;
        officeName: string;
        serviceLines: string[];
        estimatedValue: string | null;
        currency: string | null;
        createdAt: Date;
        closedAt: Date | null;
      }>
    >(
      `SELECT s.id, s.reference, st.code AS "stageCode", st.name AS "stageName", st.category AS "stageCategory",
              s.consultant_id AS "consultantId", u.full_name AS "consultantName",
              o.id AS "officeId", o.code AS "officeCode", o.name AS "officeName",
              s.service_lines AS "serviceLines", s.estimated_value AS "estimatedValue", s.currency,
              s.created_at AS "createdAt", s.closed_at AS "closedAt"
         FROM cases s
         JOIN stages st ON st.code = s.stage_code
         JOIN offices o ON o.id = s.office_id
         LEFT JOIN consultants u ON u.id = s.consultant_id
        WHERE s.client_id = ${p.add(clientId)} AND ${caseScopeSql(actor, p, 's')}
        ORDER BY s.created_at DESC, s.id`,
      p.values,
    );
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      stage: { code: r.stageCode, name: r.stageName, category: r.stageCategory },
      consultant: r.consultantId ? { id: r.consultantId, fullName: r.consultantName ?? '' } : null,
      office: { id: r.officeId, code: r.officeCode, name: r.officeName },
      serviceLines: r.serviceLines,
      estimatedValue:
        r.estimatedValue !== null && r.currency !== null ? { amount: r.estimatedValue, currency: r.currency } : null,
      createdAt: r.createdAt.toISOString(),
      closedAt: r.closedAt?.toISOString() ?? null,
    }));
  }

  /** One contact the actor may see (through its client), or null. */
  async findVisibleContact(
    manager: EntityManager,
    actor: Actor,
    id: string,
    lock = false,
  ): Promise<(ContactDetailView & { clientCountry: string | null }) | null> {
    const p = new SqlParams();
    const [row] = await manager.query<Array<ContactRow & { clientCountry: string | null }>>(
      `SELECT ${CONTACT_COLUMNS}, c.name AS "clientName", c.country_code AS "clientCountry"
         FROM contacts k JOIN clients c ON c.id = k.client_id
        WHERE k.id = ${p.add(id)} AND ${clientScopeSql(actor, 'COALESCE(c.merged_into_id, c.id)', p)}
          AND ${contactScopeSql(actor, 'k', p)}
        ${lock ? 'FOR UPDATE OF k' : ''}`,
      p.values,
    );
    if (!row) return null;
    return {
      ...toContactView(row),
      client: { id: row.clientId, name: row.clientName },
      clientCountry: row.clientCountry,
    };
  }

  async contactWithEmail(manager: EntityManager, email: string, exceptId: string): Promise<string | null> {
    const [row] = await manager.query<Array<{ id: string }>>(`SELECT id FROM contacts WHERE email = $1 AND id <> $2`, [
      email,
      exceptId,
    ]);
    return row?.id ?? null;
  }

  /**
   * Likely duplicates of a client among the live clients the actor may see: those sharing a
   * company email domain (the client's own domain or its contacts', free-mail excluded) and
   * those whose normalized name is similar by trigrams. Best first.
   */
  async duplicates(manager: EntityManager, actor: Actor, client: ClientRecord): Promise<DuplicateCandidateView[]> {
    // The company domains, normalized here: contacts' emails keep a domain as the sender wrote it
    // (Unicode or punycode), clients store its ASCII form, and only node converts between them.
    const own = await manager.query<Array<{ d: string }>>(
      `SELECT email_domain AS d FROM clients WHERE id = $1 AND email_domain IS NOT NULL
       UNION
       SELECT split_part(email, '@', 2) FROM contacts WHERE client_id = $1`,
      [client.id],
    );
    // Clients are matched by every spelling too: one whose Unicode domain migration
    // AsciiClientDomains left as it was (it collided) is a duplicate to merge.
    const domains = [...new Set(own.map((r) => normalizeDomain(r.d)))].filter((d) => d && !isFreeMailDomain(d));
    const p = new SqlParams();
    const id = p.add(client.id);
    const key = p.add(client.nameNormalized);
    const spellings = p.add(domains.flatMap(domainSpellings));
    const rows = await manager.query<Array<ClientRow & { sameDomain: boolean; similarity: number }>>(
      `WITH same_domain AS (
              SELECT c.id FROM clients c WHERE c.email_domain = ANY(${spellings}::text[])
              UNION
              SELECT k.client_id FROM contacts k WHERE split_part(k.email, '@', 2) = ANY(${spellings}::text[])
            ),
            similar_name AS (
              SELECT c.id FROM clients c WHERE c.name_normalized % ${key} AND similarity(c.name_normalized, ${key}) > ${p.add(DUPLICATE_NAME_SIMILARITY)}
            ),
            candidates AS (SELECT id FROM same_domain UNION SELECT id FROM similar_name)
       SELECT ${CLIENT_COLUMNS},
              c.id IN (SELECT id FROM same_domain) AS "sameDomain",
              similarity(c.name_normalized, ${key}) AS similarity
         FROM ${CLIENT_FROM}
        WHERE c.id IN (SELECT id FROM candidates)
          AND c.id <> ${id}
          AND c.merged_into_id IS NULL
          AND NOT c.quarantined
          AND ${clientScopeSql(actor, 'c.id', p)}
        ORDER BY "sameDomain" DESC, similarity DESC, c.name, c.id
        LIMIT ${MAX_DUPLICATES}`,
      p.values,
    );
    return rows.map((r) => {
      const reasons: DuplicateReason[] = [];
      if (r.sameDomain) reasons.push('same_email_domain');
      if (r.similarity > DUPLICATE_NAME_SIMILARITY) reasons.push('similar_name');
      return { ...toClientView(toClientRecord(r)), reasons, similarity: Math.round(r.similarity * 1000) / 1000 };
    });
  }

  /** Moves everything of `fromId` to `toId` and points `fromId` (and clients merged into it) at `toId`. */
  async mergeRecords(
    manager: EntityManager,
    fromId: string,
    toId: string,
  ): Promise<{ contacts: string[]; inquiries: string[]; cases: string[] }> {
    const ids = async (sql: string): Promise<string[]> =>
      (await manager.query<[Array<{ id: string }>, number]>(sql, [toId, fromId]))[0].map((r) => r.id);
    const contacts = await ids(
      `UPDATE contacts SET client_id = $1, updated_at = now() WHERE client_id = $2 RETURNING id`,
    );
    const inquiries = await ids(`UPDATE inquiries SET client_id = $1 WHERE client_id = $2 RETURNING id`);
    // A case whose client changes is a changed case: its version moves, so a concurrent edit of it reloads.
    const cases = await ids(
      `UPDATE cases SET client_id = $1, version = version + 1, updated_at = now() WHERE client_id = $2 RETURNING id`,
    );
    await manager.query(
      `UPDATE clients SET merged_into_id = $1, version = version + 1, updated_at = now() WHERE merged_into_id = $2`,
      [toId, fromId],
    );
    await manager.query(
      `UPDATE clients SET merged_into_id = $1, version = version + 1, updated_at = now() WHERE id = $2`,
      [toId, fromId],
    );
    // The survivor keeps its own values and takes the merged client's where it has none. The domain
    // is free to move now: the unique index covers live clients only.
    await manager.query(
      `UPDATE clients s
          SET owner_id = COALESCE(s.owner_id, o.owner_id),
              email_domain = COALESCE(s.email_domain, o.email_domain),
              country_code = COALESCE(s.country_code, o.country_code),
              website = COALESCE(s.website, o.website),
              industry = COALESCE(s.industry, o.industry),
              quarantined = false, -- a person merged it: no longer a bot's alone
              version = s.version + 1,
              updated_at = now()
         FROM clients o
        WHERE s.id = $1 AND o.id = $2`,
      [toId, fromId],
    );
    return { contacts, inquiries, cases };
  }

  private listWhere(actor: Actor, f: ClientFilters, p: SqlParams): string {
    // A client known only from spam stays out of the lists (and searches) until released.
    const where = ['c.merged_into_id IS NULL', 'NOT c.quarantined', clientScopeSql(actor, 'c.id', p)];
    if (f.q) {
      const pattern = foldedLikePattern(p.add(f.q));
      // Domains are stored in ASCII (normalizeDomain): one typed in Unicode is looked for as such too.
      const ascii = /[^ -~]/.test(f.q) ? normalizeDomain(f.q) : '';
      const asciiDomain =
        ascii && /^[!-~]+$/.test(ascii) ? ` OR m.email_domain LIKE ${foldedLikePattern(p.add(ascii))}` : '';
      // Each arm is served by a trigram index on the same expression (migration ClientSearch); a
      // contact the actor may not see finds nothing, so a search cannot tell it exists.
      where.push(`c.id IN (
          SELECT m.id FROM clients m WHERE search_fold(m.name) LIKE ${pattern} OR m.email_domain LIKE ${pattern}${asciiDomain}
          UNION
          SELECT k.client_id FROM contacts k
           WHERE (search_fold(k.full_name) LIKE ${pattern} OR k.email LIKE ${pattern}) AND ${contactScopeSql(actor, 'k', p)})`);
    }
    if (f.ownerId === 'none') where.push('c.owner_id IS NULL');
    else if (f.ownerId) where.push(`c.owner_id = ${p.add(f.ownerId)}::uuid`);
    if (f.countryCode) where.push(`c.country_code = ${p.add(f.countryCode)}`);
    if (f.type) where.push(`c.type = ${p.add(f.type)}`);
    return where.join(' AND ');
  }

  /** Names starting with the query first, then by how much of the name the query covers. */
  private relevanceSql(q: string, p: SqlParams): string {
    const folded = `search_fold(${p.add(q)})`;
    const prefix = foldedLikePattern(p.add(q), 'prefix');
    return `(CASE WHEN search_fold(c.name) LIKE ${prefix} THEN 1 ELSE 0 END) + word_similarity(${folded}, search_fold(c.name))`;
  }
}
