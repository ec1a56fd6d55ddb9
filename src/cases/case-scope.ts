/**
 * Which cases an actor may see (API.md, Roles), written once as a SQL predicate: a consultant sees
 * the cases assigned to them and their office's queue, a manager their office's cases, an admin
 * all. Every read and write of a case filters through it, so out-of-scope cases answer 404.
 */
import type { Actor } from '@/common/auth.decorators';
import { officeScope } from '@/common/scope';
import type { SqlParams } from '@/common/sql';

export function caseScopeSql(actor: Actor, params: SqlParams, alias = 'c'): string {
  switch (actor.role) {
    case 'admin':
      return 'TRUE';
    case 'manager': {
      const offices = officeScope(actor) ?? [];
      return `${alias}.office_id = ANY(${params.add(offices)}::uuid[])`;
    }
    case 'consultant': {
      const own = `${alias}.consultant_id = ${params.add(actor.id)}`;
      if (!actor.officeId) return own;
      return `(${own} OR (${alias}.consultant_id IS NULL AND ${alias}.office_id = ${params.add(actor.officeId)}))`;
    }
  }
}

/**
 * Consultants may read their office's queue but write only the cases assigned to them; managers
 * and admins write every case they can see.
 */
export function mayWorkOn(actor: Actor, consultantId: string | null): boolean {
  return actor.role !== 'consultant' || consultantId === actor.id;
}
