/**
 * Writes audit entries inside the caller's transaction, so the entry lands exactly when the change
 * does; and reads them back for admins (everything) and managers (entries of their office).
 */
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '@/common/auth.decorators';
import { Page, toPageRequest } from '@/common/pagination';
import { resolvePeriod } from '@/common/period';
import { officeScope } from '@/common/scope';
import { AuditEntity } from './audit-entities';
import { AuditEntryView, AuditListQuery } from './dto/audit.dto';

export interface AuditRecord {
  actor: Actor | null;
  action: string;
  entity: AuditEntity;
  entityId: string;
  /**
   * The office whose managers may read the entry (API.md, Roles: a manager sees everything of
   * their office). Case and staff entries name the case's or staff member's office; writes on
   * clients, contacts and inquiries, which belong to no single office, name the office of the
   * staff member who made them. Null: admins only.
   */
  officeId?: string | null;
  before?: object | null;
  after?: object | null;
}

interface AuditRow {
  id: string;
  actor_kind: 'user' | 'system';
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity: string;
  entity_id: string;
  office_id: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  created_at: Date;
}

export const AUDIT_SORTABLE = { createdAt: 'created_at' };

@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, rec: AuditRecord): Promise<void> {
    await manager.query(
      `INSERT INTO audit_entries (actor_kind, actor_id, action, entity, entity_id, office_id, before, after)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb)`,
      [
        rec.actor ? 'user' : 'system',
        rec.actor?.id ?? null,
        rec.action,
        rec.entity,
        rec.entityId,
        rec.officeId ?? null,
        rec.before ? JSON.stringify(rec.before) : null,
        rec.after ? JSON.stringify(rec.after) : null,
      ],
    );
  }

  async list(actor: Actor, query: AuditListQuery): Promise<Page<AuditEntryView>> {
    const { page, pageSize, offset, direction } = toPageRequest(query, AUDIT_SORTABLE, 'createdAt:desc');
    const values: unknown[] = [];
    const where: string[] = [];
    const add = (condition: (p: string) => string, value: unknown) => {
      values.push(value);
      where.push(condition(`$${values.length}`));
    };
    const scope = officeScope(actor);
    if (scope) add((p) => `a.office_id = ANY(${p}::text[])`, scope);
    if (query.entity) add((p) => `a.entity = ${p}`, query.entity);
    // ids are stored as Postgres prints them (lower case), stage codes are lower case anyway
    if (query.entityId) add((p) => `a.entity_id = ${p}`, query.entityId.toLowerCase());
    if (query.actorId) add((p) => `a.actor_id = ${p}`, query.actorId);
    const period = resolvePeriod(query);
    if (period.from) add((p) => `a.created_at >= ${p}`, period.from);
    if (period.to) add((p) => `a.created_at < ${p}`, period.to);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    // Counted on the table alone, and the page's ids found before anything is joined or read: a
    // window count over the joined rows read every matching entry, jsonb and all (8–13 s for any
    // page at 7.6 million entries); indexes on (created_at, id) and (office_id, created_at, id)
    // (migration AuditListIndexes) give the newest (or, read backwards, the oldest) first without a sort.
    const [{ n }]: Array<{ n: string }> = await this.dataSource.query(
      `SELECT count(*) AS n FROM audit_entries a ${filter}`,
      values,
    );
    const total = Number(n);
    if (total === 0) return { data: [], total, page, pageSize };
    const rows: AuditRow[] = await this.dataSource.query(
      `SELECT a.id, a.actor_kind, a.actor_id, u.full_name AS actor_name, a.action, a.entity, a.entity_id, a.office_id,
              a.before, a.after, a.created_at
         FROM (SELECT a.id FROM audit_entries a ${filter}
                ORDER BY a.created_at ${direction}, a.id ${direction}
                LIMIT $${values.length + 1} OFFSET $${values.length + 2}) page
         JOIN audit_entries a ON a.id = page.id
         LEFT JOIN consultants u ON u.id = a.actor_id
        ORDER BY a.created_at ${direction}, a.id ${direction}`,
      [...values, pageSize, offset],
    );
    const data = rows.map((r) => ({
      id: String(r.id),
      actor: { kind: r.actor_kind, id: r.actor_id, fullName: r.actor_name },
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      officeId: r.office_id,
      before: r.before,
      after: r.after,
      createdAt: r.created_at.toISOString(),
    }));
    return { data, total, page, pageSize };
  }
}
