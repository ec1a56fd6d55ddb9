/**
 * Staff reads of inquiries with the case each one became, scoped to what the caller may see:
 * admins everything; managers their office's inquiries plus the unrouted ones (spam, inquiries
 * waiting for routing), since those belong to no office yet, and the duplicates of their office's
 * inquiries; consultants the inquiries behind their own cases and their office queue.
 */
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { caseScopeSql } from '@/cases/case-scope';
import type { Actor } from '@/common/auth.decorators';
import { PageRequest } from '@/common/pagination';
import { foldedLikePattern, SqlParams } from '@/common/sql';
import { InquiryStatus } from './inquiry.entity';

export interface InquiryRow {
  id: string;
  reference: string;
  status: InquiryStatus;
  full_name: string;
  email: string;
  phone: string | null;
  company: string | null;
  origin_country: string;
  target_country: string | null;
  target_city: string | null;
  service_lines: string[];
  message: string;
  preferred_language: string | null;
  source: string;
  consent_privacy: boolean;
  consent_marketing: boolean;
  consent_text_version: string | null;
  consent_at: Date;
  consent_ip: string | null;
  user_agent: string | null;
  client_id: string;
  contact_id: string;
  duplicate_of_id: string | null;
  detected: Record<string, unknown> | null;
  /** Set when privacy erasure or retention replaced the personal data (detail reads only). */
  anonymized_at?: Date | null;
  created_at: Date;
  routed_at: Date | null;
  case_id: string | null;
}

export interface InquiryFilters {
  status?: InquiryStatus;
  from?: Date;
  to?: Date;
  q?: string;
}

/** Up to this many matches, a search is read through its indexes and sorted (see list()). */
const SORT_MATCHES_UP_TO = 10_000;

const LIST_COLUMNS = `i.id, i.reference, i.status, i.full_name, i.email, i.company, i.origin_country, i.target_country,
  i.service_lines, i.source, i.created_at, c.id AS case_id`;

/**
 * Case visibility is the cases feature's rule; an inquiry without a case is for admins and managers,
 * except a duplicate, which follows the case of the inquiry it repeats (another office's investor).
 */
function scopeSql(actor: Actor, params: SqlParams): string {
  switch (actor.role) {
    case 'admin':
      return 'TRUE';
    case 'manager':
      return `(${caseScopeSql(actor, params, 'c')} OR (c.id IS NULL AND NOT EXISTS (
        SELECT 1 FROM cases dc WHERE dc.inquiry_id = i.duplicate_of_id AND NOT ${caseScopeSql(actor, params, 'dc')})))`;
    case 'consultant':
      return `(c.id IS NOT NULL AND ${caseScopeSql(actor, params, 'c')})`;
  }
}

@Injectable()
export class InquiriesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(actor: Actor, filters: InquiryFilters, page: PageRequest): Promise<{ rows: InquiryRow[]; total: number }> {
    const p = new SqlParams();
    const where = [scopeSql(actor, p)];
    if (filters.status) where.push(`i.status = ${p.add(filters.status)}`);
    if (filters.from) where.push(`i.created_at >= ${p.add(filters.from)}`);
    if (filters.to) where.push(`i.created_at < ${p.add(filters.to)}`);
    if (filters.q) {
      // The same expression as the trigram index of migration ListSearchIndexes: the four columns,
      // folded (case and accents), joined by unit separators so a match cannot span two of them.
      where.push(
        `inquiry_search_text(i.reference, i.full_name, i.email, i.company) LIKE ${foldedLikePattern(p.add(filters.q))}`,
      );
    }
    const from = `FROM inquiries i LEFT JOIN cases c ON c.inquiry_id = i.id WHERE ${where.join(' AND ')}`;
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(`SELECT count(*)::int AS total ${from}`, [
      ...p.values,
    ]);
    if (total === 0) return { rows: [], total };
    // A search matching few inquiries is read through its trigram indexes and then sorted: left to
    // itself, Postgres walked the newest-first index hoping to meet 25 matches soon and read every
    // inquiry when there were none (~4 s at a million). OFFSET 0 keeps the search a subquery of its
    // own; aliased `i`, its columns answer the same ORDER BY. A search matching many still walks
    // the index, which then finds a page at once.
    const fenced = Boolean(filters.q) && total <= SORT_MATCHES_UP_TO;
    const select = fenced
      ? `SELECT * FROM (SELECT ${LIST_COLUMNS} ${from} OFFSET 0) i`
      : `SELECT ${LIST_COLUMNS} ${from}`;
    const rows: InquiryRow[] = await this.dataSource.query(
      `${select}
        ORDER BY ${page.orderBy} ${page.direction}, i.id ${page.direction}
        LIMIT ${p.add(page.pageSize)} OFFSET ${p.add(page.offset)}`,
      p.values,
    );
    return { rows, total };
  }

  /** The inquiry if it exists and the actor may see it; `lock` takes its row for an update. */
  async findVisible(manager: EntityManager, actor: Actor, id: string, lock = false): Promise<InquiryRow | null> {
    const p = new SqlParams();
    const [row]: InquiryRow[] = await manager.query(
      `SELECT i.*, c.id AS case_id FROM inquiries i LEFT JOIN cases c ON c.inquiry_id = i.id
        WHERE i.id = ${p.add(id)} AND ${scopeSql(actor, p)}${lock ? ' FOR UPDATE OF i' : ''}`,
      p.values,
    );
    return row ?? null;
  }
}
