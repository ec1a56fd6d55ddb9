/**
 * Staff reads of inquiries with the case each one became, scoped to what the caller may see:
 * admins everything; managers their office's inquiries plus every unrouted one (no case yet: spam,
 * duplicates, inquiries waiting for routing), since those belong to no office yet; consultants the
 * inquiries behind their own cases and their office queue.
 */
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '@/common/auth.decorators';
import { PageRequest } from '@/common/pagination';
import { officeScope } from '@/common/scope';
import { escapeLike } from '@/common/sql';
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

const LIST_COLUMNS = `i.id, i.reference, i.status, i.full_name, i.email, i.company, i.origin_country, i.target_country,
  i.service_lines, i.source, i.created_at, c.id AS case_id`;

/** Builds WHERE clauses with numbered parameters. */
class Where {
  readonly clauses: string[] = [];
  readonly params: unknown[] = [];

  add(sql: (p: (value: unknown) => string) => string): void {
    this.clauses.push(sql((value) => `$${this.params.push(value)}`));
  }

  toString(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

function addScope(where: Where, actor: Actor): void {
  const offices = officeScope(actor);
  if (offices === null) return;
  if (actor.role === 'manager') {
    where.add((p) => `(c.id IS NULL OR c.office_id = ANY(${p(offices)}::uuid[]))`);
  } else {
    where.add(
      (p) =>
        `(c.office_id = ANY(${p(offices)}::uuid[]) AND (c.consultant_id = ${p(actor.id)} OR c.consultant_id IS NULL))`,
    );
  }
}

@Injectable()
export class InquiriesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(actor: Actor, filters: InquiryFilters, page: PageRequest): Promise<{ rows: InquiryRow[]; total: number }> {
    const where = new Where();
    addScope(where, actor);
    if (filters.status) where.add((p) => `i.status = ${p(filters.status)}`);
    if (filters.from) where.add((p) => `i.created_at >= ${p(filters.from)}`);
    if (filters.to) where.add((p) => `i.created_at < ${p(filters.to)}`);
    if (filters.q) {
      where.add((p) => {
        const q = p(`%${escapeLike(filters.q ?? '')}%`);
        return `(i.reference ILIKE ${q} OR i.full_name ILIKE ${q} OR i.email ILIKE ${q} OR i.company ILIKE ${q})`;
      });
    }
    const from = `FROM inquiries i LEFT JOIN cases c ON c.inquiry_id = i.id ${where}`;
    const n = where.params.length;
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${LIST_COLUMNS} ${from} ORDER BY ${page.orderBy} ${page.direction}, i.id ${page.direction} LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...where.params, page.pageSize, page.offset],
      ) as Promise<InquiryRow[]>,
      this.dataSource.query(`SELECT count(*)::int AS total ${from}`, where.params) as Promise<Array<{ total: number }>>,
    ]);
    return { rows, total };
  }

  /** The inquiry if it exists and the actor may see it; `lock` takes its row for an update. */
  async findVisible(manager: EntityManager, actor: Actor, id: string, lock = false): Promise<InquiryRow | null> {
    const where = new Where();
    where.add((p) => `i.id = ${p(id)}`);
    addScope(where, actor);
    const [row]: InquiryRow[] = await manager.query(
      `SELECT i.*, c.id AS case_id FROM inquiries i LEFT JOIN cases c ON c.inquiry_id = i.id ${where}${lock ? ' FOR UPDATE OF i' : ''}`,
      where.params,
    );
    return row ?? null;
  }
}
