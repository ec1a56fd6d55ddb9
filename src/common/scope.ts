/**
 * Role scoping shared by every staff resource: admins see everything, managers and consultants
 * their own office. Out-of-scope objects answer 404, as if absent (API.md, Roles).
 */
import type { Actor } from './auth.decorators';
import { NotFoundError } from './domain-error';

/** The office ids the actor may see, or null for "all offices". */
export function officeScope(actor: Actor): string[] | null {
  if (actor.role === 'admin') return null;
  return actor.officeId ? [actor.officeId] : [];
}

export function canSeeOffice(actor: Actor, officeId: string | null): boolean {
  const scope = officeScope(actor);
  return scope === null || (officeId !== null && scope.includes(officeId));
}

export function assertOfficeInScope(actor: Actor, officeId: string | null, entity: string, id: string): void {
  if (!canSeeOffice(actor, officeId)) throw new NotFoundError(entity, id);
}
