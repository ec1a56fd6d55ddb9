/**
 * Applies the routing policy to stored inquiries. The decision is made by the pure policy; this
 * service loads its inputs, takes the assignment locks of every office the decision involves
 * (the same per-office advisory lock hand-over and queue draining take), re-reads load under
 * them, and writes the case, its first stage event, the assignment, the stored explanation, the
 * audit entry and the follow-up work (SLA check, acknowledgement, notifications, webhook) in one
 * transaction. Routing an inquiry twice is a no-op: one case per inquiry is a unique index.
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
import { RoutingRepository } from './routing.repository';
import type { EnrichedInquiry, Language, PolicyOffice, RoutingDecision } from './routing.types';

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
    const inquiry = await this.loadInquiry(this.dataSource.manager, inquiryId);
    if (!inquiry) return { status: 'skipped', reason: 'missing' };
    if (inquiry.status !== 'received') return { status: 'skipped', reason: 'not_received' };

    // A first decision without locks tells which offices to lock; under the locks the decision is
    // made again on fresh load. If it then involves another office, lock that too and start over.
    let locks = officesInvolved(await this.decide(this.dataSource.manager, inquiry, this.clock.now()));
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.dataSource.transaction((manager) => this.routeUnderLocks(manager, inquiryId, locks));
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
    return this.decide(manager, { ...toEnrichmentInput(input), client_id: clientId }, this.clock.now());
  }

  private async routeUnderLocks(manager: EntityManager, inquiryId: string, locks: string[]): Promise<RouteOutcome> {
    for (const officeId of [...locks].sort()) await lockOfficeAssignments(manager, officeId);
    const inquiry = await this.loadInquiry(manager, inquiryId, true);
    if (!inquiry || inquiry.status !== 'received') return { status: 'skipped', reason: 'not_received' };
    const now = this.clock.now();
    const decision = await this.decide(manager, inquiry, now);
    const missing = officesInvolved(decision).filter((id) => !locks.includes(id));
    if (missing.length) throw new LockSetTooSmall(missing);

    const [created]: Array<{ id: string }> = await manager.query(
      `INSERT INTO cases (reference, inquiry_id, client_id, contact_id, office_id, consultant_id, service_lines,
                          stage_code, priority, origin_country, assigned_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'new', 'normal', $8, CASE WHEN $6::uuid IS NULL THEN NULL ELSE $9::timestamptz END)
       ON CONFLICT (inquiry_id) DO NOTHING
       RETURNING id`,
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
      ],
    );
    if (!created) return { status: 'skipped', reason: 'already_routed' };
    const caseId = created.id;

    await manager.query(
      `INSERT INTO stage_events (case_id, from_stage, to_stage, actor_id, reason) VALUES ($1, NULL, 'new', NULL, 'routed')`,
      [caseId],
    );
    await manager.query(
      `INSERT INTO case_events (case_id, kind, actor_id, data) VALUES ($1, 'assigned', NULL, $2::jsonb)`,
      [
        caseId,
        JSON.stringify({
          by: 'routing',
          strategy: decision.strategy,
          toConsultantId: decision.consultantId,
          toOfficeId: decision.officeId,
        }),
      ],
    );
    if (decision.consultantId) {
      await manager.query(`UPDATE consultants SET last_assigned_at = $2 WHERE id = $1`, [decision.consultantId, now]);
    }
    await manager.query(
      `INSERT INTO routing_decisions (inquiry_id, case_id, strategy, rule_id, office_id, consultant_id, explanation, policy_version, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)`,
      [
        inquiry.id,
        caseId,
        decision.strategy,
        decision.ruleId,
        decision.officeId,
        decision.consultantId,
        JSON.stringify(decision),
        decision.policyVersion,
        now,
      ],
    );
    await manager.query(`UPDATE inquiries SET status = 'routed', routed_at = $2, detected = $3::jsonb WHERE id = $1`, [
      inquiry.id,
      now,
      JSON.stringify({
        language: decision.detected.language,
        serviceLines: decision.detected.serviceLines,
        city: decision.detected.city,
        targetCountry: decision.detected.targetCountry,
      }),
    ]);
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

    await this.sla.startFirstResponseClock(manager, caseId, inquiry.created_at);
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

  private async decide(
    manager: EntityManager,
    inquiry: InquiryForEnrichment & { client_id: string | null },
    now: Date,
  ): Promise<RoutingDecision> {
    // One after another: inside a transaction they share one connection.
    const serviceLines = await this.repo.serviceLines(manager);
    const offices = await this.repo.offices(manager);
    const rules = await this.repo.rules(manager);
    const consultants = await this.repo.consultants(manager, null, now);
    const enriched: EnrichedInquiry = enrichInquiry(inquiry, { serviceLines, coveredCities: coveredCities(offices) });
    const affinity = await this.repo.affinity(manager, inquiry.client_id);
    return decideRouting({ inquiry: enriched, offices, consultants, rules, affinity }, now);
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

/** Offices whose consultants the decision weighed: the chosen one and every office of the tier or rule. */
export function officesInvolved(decision: RoutingDecision): string[] {
  const ids = new Set<string>([decision.officeId]);
  for (const c of decision.candidates) ids.add(c.officeId);
  return [...ids];
}

function coveredCities(offices: PolicyOffice[]): Set<string> {
  return new Set(offices.filter((o) => o.active).flatMap((o) => o.coverageCities));
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
