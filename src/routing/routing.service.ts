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
import { DomainError } from '@/common/domain-error';
import { honeypotFilled } from '@/inquiries/honeypot';
import { InquiryError } from '@/inquiries/inquiries.errors';
import { ServiceLinesLookup } from '@/service-lines/service-lines.lookup';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { lockOfficeAssignments } from '@/cases/locks';
import { isFreeMailDomain } from '@/clients/email-domain';
import { InquiryInputDto } from '@/inquiries/dto/inquiry-input.dto';
import { NotificationsService } from '@/notifications/notifications.service';
import { JobName } from '@/queue/queue.constants';
import { Clock } from '@/sla/clock';
import { computeFirstResponseDue } from '@/sla/sla-calendar';
import { checkOutboxRow } from '@/sla/sla.service';
import { WebhooksService } from '@/webhooks/webhooks.service';
import { enrichInquiry, InquiryForEnrichment } from './enrichment';
import { decideRouting } from './routing-policy';
import { officesInvolved, withFreshLoad } from './routing-locks';
import {
  AFFINITY_PAIR_COLUMNS,
  AFFINITY_PAIR_JOINS,
  AffinityPairRow,
  affinityPairOf,
  emailDomainNeedsNode,
  OfficeDetails,
  ROUTING_VERSIONS_FROM,
  RoutingConfig,
  RoutingRepository,
  RoutingVersions,
} from './routing.repository';
import type { DetectedAttributes, Language, RoutingDecision, RoutingInput } from './routing.types';

export type RouteOutcome =
  | { status: 'routed'; caseId: string; decision: RoutingDecision }
  | { status: 'skipped'; reason: 'missing' | 'not_received' | 'already_routed' };

interface InquiryRow {
  id: string;
  reference: string;
  status: string;
  client_id: string;
  contact_id: string;
  full_name: string;
  email: string;
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
    private readonly notifications: NotificationsService,
    private readonly webhooks: WebhooksService,
    private readonly clock: Clock,
    private readonly serviceLines: ServiceLinesLookup,
  ) {}

  /** The job handler's entry point. Idempotent: re-reads the inquiry and does nothing if it moved on. */
  async routeInquiry(inquiryId: string): Promise<RouteOutcome> {
    const manager = this.dataSource.manager;
    const inquiry = await this.loadInquiryToRoute(manager, inquiryId);
    if (!inquiry) return { status: 'skipped', reason: 'missing' };
    if (inquiry.status !== 'received') return { status: 'skipped', reason: 'not_received' };

    // A first decision without locks, on the roster without load, tells which offices to lock; under
    // the locks the decision is made again on those offices' consultants with their load. If it
    // then involves another office, lock that too and start over.
    const now = this.clock.now();
    const { config, roster } = await this.repo.configAndRoster(manager, now, inquiry);
    const input = { ...this.loadInput(inquiry, config, inquiry.affinities), consultants: roster };
    let locks = officesInvolved(decideRouting(input, now), input.consultants);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.dataSource.transaction((tx) =>
          this.routeUnderLocks(tx, inquiryId, input, config.officeDetails, locks),
        );
      } catch (error) {
        if (!(error instanceof LockSetTooSmall) || attempt >= 3) throw error;
        locks = [...new Set([...locks, ...error.needed])];
      }
    }
  }

  /**
   * What routing detects in an inquiry (language, service lines, city, target country) as the
   * configuration stands now, writing nothing: the detail of an inquiry not routed (yet, or ever:
   * spam, a repeat) shows it, as a routed one shows what was detected when it was routed.
   */
  async detect(
    inquiry: InquiryForEnrichment,
  ): Promise<Pick<DetectedAttributes, 'language' | 'serviceLines' | 'city' | 'targetCountry'>> {
    const { serviceLines, coveredCities } = await this.repo.config(this.dataSource.manager);
    const {
      language,
      serviceLines: lines,
      city,
      targetCountry,
    } = enrichInquiry(inquiry, { serviceLines, coveredCities });
    return { language, serviceLines: lines, city, targetCountry };
  }

  /** What routing would decide for a would-be inquiry, reading live data and writing nothing. */
  async simulate(input: InquiryInputDto): Promise<RoutingDecision> {
    // What intake would store as spam it never routes: no decision to show.
    if (honeypotFilled(input.website)) {
      throw new DomainError(
        'unprocessable',
        'routing.would_be_spam',
        'A filled website field marks the submission as spam: intake stores it and never routes it.',
        { errors: [{ field: 'website', message: 'is the honeypot: intake would store this as spam, unrouted' }] },
      );
    }
    const manager = this.dataSource.manager;
    // The same input intake takes: a code intake would refuse is a 400 here too, not silently dropped.
    const unknown = await this.serviceLines.unknownCodes(manager, [...new Set(input.serviceLines ?? [])], true);
    if (unknown.length) throw InquiryError.unknownServiceLines(unknown);
    const domain = input.email.split('@')[1] ?? '';
    const clientId = await this.repo.clientForEmail(manager, input.email, isFreeMailDomain(domain));
    const now = this.clock.now();
    const policyInput = this.loadInput(
      toEnrichmentInput(input),
      await this.repo.config(manager),
      await this.repo.affinities(manager, clientId, input.email),
    );
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
    officeDetails: ReadonlyMap<string, OfficeDetails>,
    locks: string[],
  ): Promise<RouteOutcome> {
    // The inquiry's client is held before the office locks, so the usual case adds no time under them.
    const held = await this.holdClientOf(manager, inquiryId);
    for (const officeId of [...locks].sort()) await lockOfficeAssignments(manager, officeId);
    const inquiry = await this.lockInquiryToRoute(manager, inquiryId, held);
    if (!inquiry || inquiry.status !== 'received') return { status: 'skipped', reason: 'not_received' };
    const now = this.clock.now();
    const fresh = await this.repo.consultants(manager, locks, now);
    const consultants = withFreshLoad(input.consultants, fresh, locks);
    const decision = decideRouting({ ...input, consultants }, now);
    const missing = officesInvolved(decision, consultants).filter((id) => !locks.includes(id));
    if (missing.length) throw new LockSetTooSmall(missing);

    // Everything routing writes is known now, so it is written by one statement: every round trip
    // here is time the office locks are held. The case id is chosen here so that the messages, the
    // SLA job and the webhook payload can be rendered before the insert. Each write after the case
    // reads `created`, so when the case already exists (ON CONFLICT) none of them happens.
    const office = officeDetails.get(decision.officeId);
    if (!office) throw new Error(`routing chose office ${decision.officeId}, which the routing config does not hold`);
    const caseId = randomUUID();
    const dueAt = computeFirstResponseDue(office, inquiry.created_at);
    const consultant = decision.consultantId ? consultants.find((c) => c.id === decision.consultantId) : undefined;
    const messages = this.notifications.routedCaseMessages({
      caseId,
      reference: inquiry.reference,
      investor: {
        fullName: inquiry.full_name,
        preferredLanguage: inquiry.preferred_language,
        message: inquiry.message,
      },
      detectedLanguage: decision.detected.language,
      office,
      consultant: decision.consultantId ? { id: decision.consultantId, name: consultant?.name ?? '' } : null,
      serviceLines: decision.detected.serviceLines,
      originCountry: inquiry.origin_country,
      dueAt,
      queueRecipients: decision.consultantId ? [] : await this.notifications.officeQueueRecipients(manager, office),
    });
    const sla = checkOutboxRow(caseId, dueAt);
    const webhook = this.webhooks.prepare('case.assigned', {
      caseId,
      reference: inquiry.reference,
      inquiryId: inquiry.id,
      officeId: decision.officeId,
      consultantId: decision.consultantId,
      previousOfficeId: null,
      previousConsultantId: null,
      reason: 'routing',
      strategy: decision.strategy,
    });
    const [created]: Array<{ id: string }> = await manager.query(
      `WITH created AS (
         INSERT INTO cases (id, reference, inquiry_id, client_id, contact_id, office_id, consultant_id, service_lines,
                            stage_code, priority, origin_country, assigned_at, first_response_due_at,
                            first_response_given_due_at, stage_path, stage_path_at, stages_reached, stage_entered_at)
         VALUES ($17::uuid, $1, $2, $3, $4, $5, $6::uuid, $7, 'new', 'normal', $8,
                 CASE WHEN $6::uuid IS NULL THEN NULL ELSE $9::timestamptz END, $10, $10,
                 -- The stage path of the one event below (same now()), so its trigger has nothing to rewrite.
                 '{new}', ARRAY[now()], (SELECT 1::bigint << s.bit FROM stages s WHERE s.code = 'new'), now())
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
         -- decided with the case's first stage and assignment (now(), as theirs), so the timeline
         -- orders the three by its rank rather than by the few milliseconds the statement took
         SELECT $2::uuid, id, $12::text, $13::uuid, $5::uuid, $6::uuid, $14::jsonb, $15::int, now() FROM created
       ), inquiry AS (
         UPDATE inquiries SET status = 'routed', routed_at = $9, detected = $16::jsonb
          WHERE id = $2 AND EXISTS (SELECT 1 FROM created)
       ), consultant AS (
         UPDATE consultants SET last_assigned_at = $9 WHERE id = $6::uuid AND EXISTS (SELECT 1 FROM created)
       ), audit AS (
         INSERT INTO audit_entries (actor_kind, actor_id, action, entity, entity_id, office_id, before, after)
         SELECT 'system', NULL, 'case.routed', 'case', id::text, $5::text, NULL, $18::jsonb FROM created
       ), sla_check AS (
         INSERT INTO outbox (topic, payload, job_id, available_at)
         SELECT $19::text, $20::jsonb, $21::text, $10::timestamptz FROM created
       ), ack AS (
         -- The acknowledgement, unless the contact has been erased.
         INSERT INTO notifications (template, locale, recipient_kind, recipient_email, contact_id, case_id, inquiry_id,
                                    subject, body, dedupe_key)
         SELECT $22::text, $23::text, 'investor', $24::text, $4::uuid, created.id, $2::uuid, $25::text, $26::text,
                'ack:' || $2::text
           FROM created JOIN contacts ct ON ct.id = $4::uuid AND ct.erased_at IS NULL
         ON CONFLICT (dedupe_key) DO NOTHING
         RETURNING id
       ), staff AS (
         -- A message without an address goes to its consultant, if they are active and have one.
         INSERT INTO notifications (template, locale, recipient_kind, recipient_email, recipient_consultant_id, case_id,
                                    subject, body)
         SELECT m.template, m.locale, 'staff', COALESCE(m.email, k.email), m.consultant_id, created.id, m.subject, m.body
           FROM created
          CROSS JOIN jsonb_to_recordset($27::jsonb)
                AS m(template text, locale text, email text, consultant_id uuid, subject text, body text)
           LEFT JOIN consultants k ON m.email IS NULL AND k.id = m.consultant_id
          WHERE m.email IS NOT NULL OR (k.active AND k.email IS NOT NULL)
         RETURNING id
       ), messages_queued AS (
         INSERT INTO outbox (topic, payload, job_id)
         SELECT $28::text, jsonb_build_object('notificationId', id), 'notification:' || id
           FROM (SELECT id FROM ack UNION ALL SELECT id FROM staff) n
       ), deliveries AS (
         INSERT INTO webhook_deliveries (subscription_id, event_id, event, payload)
         SELECT w.id, $29::uuid, $30::text, $31::jsonb FROM created, webhook_subscriptions w
          WHERE w.deleted_at IS NULL AND $30::text = ANY (w.events)
         RETURNING id
       ), deliveries_queued AS (
         INSERT INTO outbox (topic, payload, job_id)
         SELECT $32::text, jsonb_build_object('deliveryId', id), 'webhook:' || id FROM deliveries
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
        // The shape every `assigned` event has (hand-over, queue drain): via, from/to, reason, by.
        JSON.stringify({
          via: 'routing',
          fromConsultantId: null,
          toConsultantId: decision.consultantId,
          fromOfficeId: null,
          toOfficeId: decision.officeId,
          reason: null,
          by: null,
          strategy: decision.strategy,
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
        caseId,
        JSON.stringify({
          inquiryId: inquiry.id,
          officeId: decision.officeId,
          consultantId: decision.consultantId,
          strategy: decision.strategy,
          ruleId: decision.ruleId,
        }),
        sla.topic,
        sla.payload,
        sla.jobId,
        messages.ack.template,
        messages.ack.locale,
        inquiry.email,
        messages.ack.subject,
        messages.ack.body,
        JSON.stringify(
          messages.staff.map((m) => ({
            template: m.template,
            locale: m.locale,
            email: m.email,
            consultant_id: m.consultantId,
            subject: m.subject,
            body: m.body,
          })),
        ),
        JobName.SendNotification,
        webhook.eventId,
        'case.assigned',
        webhook.body,
        JobName.DeliverWebhook,
      ],
    );
    if (!created) return { status: 'skipped', reason: 'already_routed' };

    this.logger.log(
      { inquiryId: inquiry.id, caseId, strategy: decision.strategy, queued: decision.consultantId === null },
      'inquiry routed',
    );
    return { status: 'routed', caseId, decision };
  }

  /** The policy's input for an inquiry but the consultants: enriched, with the routing config and client affinity. */
  private loadInput(
    inquiry: InquiryForEnrichment,
    config: RoutingConfig,
    affinities: Pick<RoutingInput, 'affinity' | 'domainAffinity'>,
  ): Omit<RoutingInput, 'consultants'> {
    const { serviceLines, offices, rules, coveredCities } = config;
    const enriched = enrichInquiry(inquiry, { serviceLines, coveredCities });
    return { inquiry: enriched, offices, rules, ...affinities };
  }

  /**
   * The inquiry as loadInquiry reads it, with both client affinities (as RoutingRepository.affinities
   * finds them) and the routing config's and roster's versions: everything routing reads before its
   * transaction, but the config and roster themselves when they changed, in one round trip — two
   * for a sender who wrote an internationalized domain in Unicode, whose stored (punycode) form
   * only node computes.
   */
  private async loadInquiryToRoute(
    manager: EntityManager,
    id: string,
  ): Promise<
    | (InquiryRow &
        InquiryForEnrichment &
        RoutingVersions & { affinities: Pick<RoutingInput, 'affinity' | 'domainAffinity'> })
    | null
  > {
    const [row]: Array<InquiryRow & RoutingVersions & AffinityPairRow> = await manager.query(
      `SELECT i.id, i.reference, i.status, i.client_id, i.contact_id, i.email, i.message, i.preferred_language,
                i.service_lines, i.target_city, i.target_country, i.origin_country, i.created_at,
                ${AFFINITY_PAIR_COLUMNS}, v.version, v.roster_version
           FROM inquiries i
           ${AFFINITY_PAIR_JOINS}
          CROSS JOIN ${ROUTING_VERSIONS_FROM}
          WHERE i.id = $1`,
      [id],
    );
    if (!row) return null;
    return {
      ...forEnrichment(row),
      affinities: emailDomainNeedsNode(row.email)
        ? await this.repo.affinities(manager, row.client_id, row.email)
        : affinityPairOf(row),
    };
  }

  /**
   * The inquiry locked FOR UPDATE, its client held first (FOR KEY SHARE), in the order a merge takes
   * them: the clients, then their inquiries. The case's foreign key takes the client FOR KEY SHARE
   * anyway; taken after the inquiry, it deadlocked with a merge of that client in flight (the merge
   * holding the client and waiting for the inquiry), and Postgres failed one of the two. A merge
   * that committed while we waited moved the inquiry: its new client is held the same way.
   */
  private async lockInquiryToRoute(
    manager: EntityManager,
    id: string,
    heldClientId: string | null,
  ): Promise<(InquiryRow & InquiryForEnrichment) | null> {
    let held = heldClientId;
    for (let hops = 0; hops < 20; hops++) {
      const inquiry = await this.loadInquiry(manager, id, true);
      if (!inquiry || inquiry.client_id === held) return inquiry;
      held = await this.holdClientOf(manager, id);
    }
    throw new Error(`routing: inquiry ${id} keeps moving between clients`);
  }

  /** Holds the inquiry's client FOR KEY SHARE (waiting for a merge of it in flight): see lockInquiryToRoute. */
  private async holdClientOf(manager: EntityManager, inquiryId: string): Promise<string | null> {
    const [held]: Array<{ id: string }> = await manager.query(
      `SELECT c.id FROM clients c WHERE c.id = (SELECT client_id FROM inquiries WHERE id = $1) FOR KEY SHARE`,
      [inquiryId],
    );
    return held?.id ?? null;
  }

  private async loadInquiry(
    manager: EntityManager,
    id: string,
    lock = false,
  ): Promise<(InquiryRow & InquiryForEnrichment) | null> {
    const [row]: InquiryRow[] = await manager.query(
      `SELECT id, reference, status, client_id, contact_id, ${lock ? 'full_name, email,' : ''} message,
              preferred_language, service_lines, target_city, target_country, origin_country, created_at
         FROM inquiries WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return row ? forEnrichment(row) : null;
  }
}

/** An inquiry row with the names enrichment reads. */
function forEnrichment<T extends InquiryRow>(row: T): T & InquiryForEnrichment {
  return {
    ...row,
    preferredLanguage: row.preferred_language,
    serviceLines: row.service_lines,
    targetCity: row.target_city,
    targetCountry: row.target_country,
    originCountry: row.origin_country,
  };
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
