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
 * A contact is seen with its client, but only where the caller works with that person (API.md,
 * Roles: "the clients and contacts of those cases"): a contact with a case is seen by whoever sees
 * one of its cases; one without any case (added by staff, or whose inquiries made none) by whoever
 * sees the client; and the client's owner — or, for a manager, an owner of their office — sees all
 * of the client's contacts. So a consultant in Shanghai working Rosmash's case does not read the
 * Rosmash contact whose only case is with Mumbai. Anything else answers 404 (API.md, Roles).
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

/**
 * Contacts the actor may see among those of clients they see: a predicate on the contact alias
 * `k` (with `k.client_id`), to be combined with clientScopeSql on the contact's client.
 */
export function contactScopeSql(actor: Actor, k: string, p: SqlParams): string {
  if (actor.role === 'admin') return 'TRUE';
  const caseInScope = `EXISTS (SELECT 1 FROM cases scope_kc WHERE scope_kc.contact_id = ${k}.id AND ${caseScopeSql(actor, p, 'scope_kc')})`;
  const noCase = `NOT EXISTS (SELECT 1 FROM cases scope_ka WHERE scope_ka.contact_id = ${k}.id)`;
  const owner =
    actor.role === 'consultant'
      ? `scope_ko.owner_id = ${p.add(actor.id)}::uuid`
      : `scope_kw.office_id = ANY(${p.add(officeScope(actor) ?? [])}::uuid[])`;
  const ownedHere = `EXISTS (SELECT 1 FROM clients scope_ko JOIN consultants scope_kw ON scope_kw.id = scope_ko.owner_id
     WHERE scope_ko.id = ${k}.client_id AND ${owner})`;
  return `(${caseInScope} OR ${noCase} OR ${ownedHere})`;
}
