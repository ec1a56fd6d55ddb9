/**
 * Applies the routing policy to stored inquiries. The decision is made by the pure policy; this
 * service loads its inputs, takes the assignment locks of every office the decision involves
 * (the same per-office advisory lock hand-over and queue draining take), re-reads the load of
 * those offices' consultants under them, and writes the case, its first stage event, the
 * assignment, the stored explanation, the audit entry and the follow-up work (SLA check,
 * acknowledgement, notifications, webhook) in one transaction. Routing an inquiry twice is a
 * no-op: one case per inquiry is a unique index.
 *
 * Throughput rests on doing little while the locks are held, and reading little at all:
 * enrichment, the routing config (cached, see RoutingRepository), client affinity and the roster
 * of consultants without their load are read once, before the transaction; they are enough to
 * know which offices to lock. Under the locks only the locked offices' consultants are read, with
 * their load, and the decision is made again on that.
 */
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@/audit/audit.service';
import { lockOfficeAssignments } from '@/cases/locks';
import { isFreeMailDomain } from '@/clients/email-domain';
import { InquiryInputDto } from '@/inquiries/dto/inquiry-input.dto';
import { NotificationsService } from '@/notifications/notifications.service';
import { Clock } from '@/sla/clock';
import { SlaService } from '@/sla/sla.service';
import { WebhooksService } from '@/webhooks/webhooks.service';
import { enrichInquiry, InquiryForEnrichment } from './enrichment';
import { decideRouting } from './routing-policy';
import { officesInvolved, withFreshLoad } from './routing-locks';
import { RoutingRepository } from './routing.repository';
import type { Language, RoutingDecision, RoutingInput } from './routing.types';

export type RouteOutcome =
  | { status: 'routed'; caseId: string; decision: RoutingDecision }
  | { status: 'skipped'; reason: 'missing' | 'not_received' | 'already_routed' };

interface InquiryRow {
  id: string;
  reference: string;
  status: string;
  client_id: string;
  contact_id: string;
  message: string;
  preferred_language: Language | null;
  service_lines: string[];
  target_city: string | null;
  target_country: string | null;
  origin_country: string;
  created_at: Date;
}

/** Raised inside the transaction when the decision needs an office whose lock it does not hold. */
class LockSetTooSmall extends Error {
  constructor(readonly needed: string[]) {
    super('routing needs more office locks');
  }
}

@Injectable()
export class RoutingService {
  private readonly logger = new Logger(RoutingService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: RoutingRepository,
    private readonly audit: AuditService,
    private readonly sla: SlaService,
    private readonly notifications: NotificationsService,
    private readonly webhooks: WebhooksService,
    private readonly clock: Clock,
  ) {}

  /** The job handler's entry point. Idempotent: re-reads the inquiry and does nothing if it moved on. */
  async routeInquiry(inquiryId: string): Promise<RouteOutcome> {
    const manager = this.dataSource.manager;
    const inquiry = await this.loadInquiry(manager, inquiryId);
    if (!inquiry) return { status: 'skipped', reason: 'missing' };
    if (inquiry.status !== 'received') return { status: 'skipped', reason: 'not_received' };

    // A first decision without locks, on the roster without load, tells which offices to lock; under
    // the locks the decision is made again on those offices' consultants with their load. If it
    // then involves another office, lock that too and start over.
    const now = this.clock.now();
    const input = { ...(await this.loadInput(manager, inquiry)), consultants: await this.repo.roster(manager, now) };
    let locks = officesInvolved(decideRouting(input, now), input.consultants);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.dataSource.transaction((tx) => this.routeUnderLocks(tx, inquiryId, input, locks));
      } catch (error) {
        if (!(error instanceof LockSetTooSmall) || attempt >= 3) throw error;
        locks = [...new Set([...locks, ...error.needed])];
      }
    }
  }

  /** What routing would decide for a would-be inquiry, reading live data and writing nothing. */
  async simulate(input: InquiryInputDto): Promise<RoutingDecision> {
    const manager = this.dataSource.manager;
    const domain = input.email.split('@')[1] ?? '';
    const clientId = await this.repo.clientForEmail(manager, input.email, isFreeMailDomain(domain));
    const now = this.clock.now();
    const policyInput = await this.loadInput(manager, { ...toEnrichmentInput(input), client_id: clientId });
    return decideRouting({ ...policyInput, consultants: await this.repo.consultants(manager, null, now) }, now);
  }

  /**
   * Decides under the locks of `locks` on those offices' consultants read now, with their load.
   * The consultants of other offices stay as in the roster (no load): a decision that weighs any
   * of them — as candidate, client owner or a rule's named consultant — involves their office, so
   * LockSetTooSmall starts over with that office locked and read too. The decision that is kept
   * therefore rests on locked offices' data only.
   */
  private async routeUnderLocks(
    manager: EntityManager,
    inquiryId: string,
    input: RoutingInput,
    locks: string[],
  ): Promise<RouteOutcome> {
    for (const officeId of [...locks].sort()) await lockOfficeAssignments(manager, officeId);
    const inquiry = await this.loadInquiry(manager, inquiryId, true);
    if (!inquiry || inquiry.status !== 'received') return { status: 'skipped', reason: 'not_received' };
    const now = this.clock.now();
    const fresh = await this.repo.consultants(manager, locks, now);
    const consultants = withFreshLoad(input.consultants, fresh, locks);
    const decision = decideRouting({ ...input, consultants }, now);
    const missing = officesInvolved(decision, consultants).filter((id) => !locks.includes(id));
    if (missing.length) throw new LockSetTooSmall(missing);
    const dueAt = await this.sla.firstResponseDue(manager, decision.officeId, inquiry.created_at);

    // The case and what routing writes with it, in one statement: every round trip here is time
    // the office locks are held. Each write after the case reads `created`, so when the case
    // already exists (ON CONFLICT) none of them happens.
    const [created]: Array<{ id: string }> = await manager.query(
      `WITH created AS (
         INSERT INTO cases (reference, inquiry_id, client_id, contact_id, office_id, consultant_id, service_lines,
                            stage_code, priority, origin_country, assigned_at, first_response_due_at)
         VALUES ($1, $2, $3, $4, $5, $6::uuid, $7, 'new', 'normal', $8,
                 CASE WHEN $6::uuid IS NULL THEN NULL ELSE $9::timestamptz END, $10)
         ON CONFLICT (inquiry_id) DO NOTHING
         RETURNING id
       ), stage_event AS (
         INSERT INTO stage_events (case_id, from_stage, to_stage, actor_id, reason)
         SELECT id, NULL, 'new', NULL, 'routed' FROM created
       ), case_event AS (
         INSERT INTO case_events (case_id, kind, actor_id, data) SELECT id, 'assigned', NULL, $11::jsonb FROM created
       ), routing_decision AS (
         INSERT INTO routing_decisions (inquiry_id, case_id, strategy, rule_id, office_id, consultant_id, explanation,
                                        policy_version, decided_at)
         SELECT $2::uuid, id, $12::text, $13::uuid, $5::uuid, $6::uuid, $14::jsonb, $15::int, $9::timestamptz FROM created
       ), inquiry AS (
         UPDATE inquiries SET status = 'routed', routed_at = $9, detected = $16::jsonb
          WHERE id = $2 AND EXISTS (SELECT 1 FROM created)
       ), consultant AS (
         UPDATE consultants SET last_assigned_at = $9 WHERE id = $6::uuid AND EXISTS (SELECT 1 FROM created)
       )
       SELECT id FROM created`,
      [
        inquiry.reference,
        inquiry.id,
        inquiry.client_id,
        inquiry.contact_id,
        decision.officeId,
        decision.consultantId,
        decision.detected.serviceLines,
        inquiry.origin_country,
        now,
        dueAt,
        JSON.stringify({
          by: 'routing',
          strategy: decision.strategy,
          toConsultantId: decision.consultantId,
          toOfficeId: decision.officeId,
        }),
        decision.strategy,
        decision.ruleId,
        JSON.stringify(decision),
        decision.policyVersion,
        JSON.stringify({
          language: decision.detected.language,
          serviceLines: decision.detected.serviceLines,
          city: decision.detected.city,
          targetCountry: decision.detected.targetCountry,
        }),
      ],
    );
    if (!created) return { status: 'skipped', reason: 'already_routed' };
    const caseId = created.id;

    await this.audit.record(manager, {
      actor: null,
      action: 'case.routed',
      entity: 'case',
      entityId: caseId,
      officeId: decision.officeId,
      after: {
        inquiryId: inquiry.id,
        officeId: decision.officeId,
        consultantId: decision.consultantId,
        strategy: decision.strategy,
        ruleId: decision.ruleId,
      },
    });

    await this.sla.scheduleCheck(manager, caseId, dueAt);
    await this.notifications.acknowledgeInquiry(manager, inquiry.id, caseId);
    if (decision.consultantId) await this.notifications.notifyAssignment(manager, caseId, 'routing');
    else await this.notifications.notifyQueued(manager, caseId);
    await this.webhooks.emit(manager, 'case.assigned', {
      caseId,
      reference: inquiry.reference,
      inquiryId: inquiry.id,
      officeId: decision.officeId,
      consultantId: decision.consultantId,
      strategy: decision.strategy,
    });
    this.logger.log(
      { inquiryId: inquiry.id, caseId, strategy: decision.strategy, queued: decision.consultantId === null },
      'inquiry routed',
    );
    return { status: 'routed', caseId, decision };
  }

  /** The policy's input for an inquiry but the consultants: enriched, with the routing config and client affinity. */
  private async loadInput(
    manager: EntityManager,
    inquiry: InquiryForEnrichment & { client_id: string | null },
  ): Promise<Omit<RoutingInput, 'consultants'>> {
    const { serviceLines, offices, rules, coveredCities } = await this.repo.config(manager);
    const affinity = await this.repo.affinity(manager, inquiry.client_id);
    const enriched = enrichInquiry(inquiry, { serviceLines, coveredCities });
    return { inquiry: enriched, offices, rules, affinity };
  }

  private async loadInquiry(
    manager: EntityManager,
    id: string,
    lock = false,
  ): Promise<(InquiryRow & InquiryForEnrichment) | null> {
    const [row]: InquiryRow[] = await manager.query(
      `SELECT id, reference, status, client_id, contact_id, message, preferred_language, service_lines, target_city,
              target_country, origin_country, created_at
         FROM inquiries WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    if (!row) return null;
    return {
      ...row,
      preferredLanguage: row.preferred_language,
      serviceLines: row.service_lines,
      targetCity: row.target_city,
      targetCountry: row.target_country,
      originCountry: row.origin_country,
    };
  }
}

function toEnrichmentInput(input: InquiryInputDto): InquiryForEnrichment {
  return {
    message: input.message,
    preferredLanguage: (input.preferredLanguage as Language | undefined) ?? null,
    serviceLines: input.serviceLines ?? null,
    targetCity: input.targetCity ?? null,
    targetCountry: input.targetCountry ?? null,
    originCountry: input.originCountry,
  };
}
