/**
 * Which office assignment locks a routing decision needs, and the consultants it is made again on
 * once they are held (see RoutingService). Pure, so the rules that keep capacity safe are unit tests.
 */
import type { PolicyConsultant, RoutingDecision } from './routing.types';

/**
 * Offices whose consultants the decision weighed: the chosen one, every office of the tier or rule,
 * and those of the client owners (§2: the contact's client's and the email domain's client's) and
 * of the rule's named consultant even when they were passed over (whether they could take the case
 * depends on their load too).
 */
export function officesInvolved(decision: RoutingDecision, consultants: PolicyConsultant[]): string[] {
  const ids = new Set<string>([decision.officeId]);
  for (const c of decision.candidates) ids.add(c.officeId);
  const owners = [decision.affinity?.ownerId, ...(decision.affinity?.passedOver ?? []).map((p) => p.ownerId)];
  for (const id of [...owners, decision.rule?.namedConsultantId]) {
    const officeId = id ? consultants.find((c) => c.id === id)?.officeId : undefined;
    if (officeId) ids.add(officeId);
  }
  return [...ids];
}

/**
 * The roster read before the transaction with the consultants of the locked offices replaced by the
 * ones read under the locks (a consultant who moved between offices meanwhile appears once, as read now).
 */
export function withFreshLoad(
  before: PolicyConsultant[],
  fresh: PolicyConsultant[],
  lockedOffices: string[],
): PolicyConsultant[] {
  const locked = new Set(lockedOffices);
  const freshIds = new Set(fresh.map((c) => c.id));
  return [...before.filter((c) => !locked.has(c.officeId) && !freshIds.has(c.id)), ...fresh];
}
