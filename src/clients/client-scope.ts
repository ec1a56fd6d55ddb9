/**
 * Who sees which clients, as SQL predicates shared by every client and contact query (list,
 * detail, contacts, duplicates, merge, edits), so the rule is written once:
 *
 * - a consultant sees the clients of cases assigned to them or waiting in their office's queue,
 *   and the clients they own (a referral they added has no case yet);
 * - a manager sees the clients of their office's cases, and clients with no case yet that belong
 *   to no other office: unowned (event contacts), or owned by someone of their office or of no
 *   office (a referral a consultant of another office added is that office's);
 * - an admin sees every client.
 *
 * Contacts follow their client. Anything else answers 404 (API.md, Roles).
 */
import { caseScopeSql } from '@/cases/case-scope';
import type { Actor } from '@/common/auth.decorators';
import { officeScope } from '@/common/scope';
import type { SqlParams } from '@/common/sql';

/**
 * Clients the actor may see, as a predicate on an SQL expression giving the client id. Detail
 * reads pass `COALESCE(c.merged_into_id, c.id)`: a merged client is visible to whoever sees the
 * client it was merged into (its cases moved there).
 */
export function clientScopeSql(actor: Actor, clientId: string, p: SqlParams): string {
  const hasVisibleCase = `EXISTS (SELECT 1 FROM cases scope_case WHERE scope_case.client_id = ${clientId} AND ${caseScopeSql(actor, p, 'scope_case')})`;
  switch (actor.role) {
    case 'admin':
      return 'TRUE';
    case 'manager': {
      const offices = p.add(officeScope(actor) ?? []);
      const ownedElsewhere = `EXISTS (SELECT 1 FROM clients scope_owned JOIN consultants scope_owner ON scope_owner.id = scope_owned.owner_id
         WHERE scope_owned.id = ${clientId} AND scope_owner.office_id IS NOT NULL AND NOT scope_owner.office_id = ANY(${offices}::uuid[]))`;
      return `(${hasVisibleCase} OR (NOT EXISTS (SELECT 1 FROM cases scope_any WHERE scope_any.client_id = ${clientId}) AND NOT ${ownedElsewhere}))`;
    }
    case 'consultant':
      return `(${hasVisibleCase} OR EXISTS (SELECT 1 FROM clients scope_owned WHERE scope_owned.id = ${clientId} AND scope_owned.owner_id = ${p.add(actor.id)}::uuid))`;
  }
}
