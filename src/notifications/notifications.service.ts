/**
 * Queues e-mail: renders a template now, stores the message in `notifications` and writes an outbox
 * row for the SendNotification job, all in the caller's transaction, so a message exists exactly
 * when the change that caused it does. The producers for routing, hand-over and SLA live here.
 */
import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@/audit/audit.service';
import type { Actor } from '@/common/auth.decorators';
import { DomainError, NotFoundError } from '@/common/domain-error';
import { Page, toPage, toPageRequest } from '@/common/pagination';
import { clearFinishedJob } from '@/queue/finished-job';
import { JobName, QueueName } from '@/queue/queue.constants';
import { detectLanguage } from '@/routing/enrichment';
import { NotificationListQuery, NotificationView } from './dto/notification.dto';
import { NotificationEntity, RecipientKind } from './notification.entity';
import {
  CaseAssignedData,
  isLocale,
  Locale,
  renderNotification,
  TemplateData,
  TemplateName,
} from './notification-templates';

export type Recipient =
  | { kind: 'investor'; email: string; contactId: string | null }
  | { kind: 'staff'; email: string; consultantId: string | null };

export interface EnqueueInput<T extends TemplateName> {
  template: T;
  /** Staff templates are English whatever is asked. */
  locale?: Locale;
  to: Recipient;
  caseId?: string | null;
  inquiryId?: string | null;
  data: TemplateData[T];
  /** A second enqueue with the same key is a no-op (a retried job must not mail twice). */
  dedupeKey?: string;
}

/** The case facts every staff template shows, in one query. */
interface CaseFacts {
  id: string;
  reference: string;
  officeId: string;
  officeName: string;
  officeCity: string;
  officeEmail: string | null;
  timezone: string;
  consultantId: string | null;
  consultantName: string | null;
  consultantEmail: string | null;
  consultantActive: boolean | null;
  serviceLines: string[];
  originCountry: string;
  language: string;
  dueAt: Date | null;
}

export interface StaffMember {
  id: string;
  fullName: string;
  email: string;
}

/** A message rendered for a caller that writes it within its own statement (routing). */
export interface PreparedMessage {
  template: TemplateName;
  locale: Locale;
  /** null: the consultant's address, read when the row is written, and only if they are active. */
  email: string | null;
  consultantId: string | null;
  subject: string;
  body: string;
}

/** What routing knows about the case it is creating, enough to render its messages without reading it back. */
export interface RoutedCaseFacts {
  caseId: string;
  reference: string;
  investor: { fullName: string; preferredLanguage: string | null; message: string };
  /** The language routing detected (stored on the inquiry with the case). */
  detectedLanguage: string | null;
  office: { id: string; name: string; city: string; timezone: string };
  consultant: { id: string; name: string } | null;
  serviceLines: string[];
  originCountry: string;
  dueAt: Date;
  /** When the case waits in the office queue: who is told (officeRecipients). */
  queueRecipients: StaffMember[];
}

export const NOTIFICATION_SORTABLE = {
  createdAt: 'n.created_at',
  sentAt: 'n.sent_at',
  status: 'n.status',
  template: 'n.template',
};
/** What a privacy erasure leaves of a message's address and text (the same mark as the rest of the erasure). */
const ERASED_MAIL = '[erased]';

export function toNotificationView(n: NotificationEntity): NotificationView {
  return {
    id: n.id,
    template: n.template,
    locale: n.locale,
    recipientKind: n.recipientKind,
    recipientEmail: n.recipientEmail,
    recipientConsultantId: n.recipientConsultantId,
    contactId: n.contactId,
    caseId: n.caseId,
    inquiryId: n.inquiryId,
    subject: n.subject,
    body: n.body,
    status: n.status,
    attempts: n.attempts,
    lastError: n.lastError,
    permanentFailure: n.permanentFailure,
    createdAt: n.createdAt.toISOString(),
    sentAt: n.sentAt?.toISOString() ?? null,
  };
}

@Injectable()
export class NotificationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
  ) {}

  /** Renders and stores one message and queues its sending. Returns its id, or null when deduplicated. */
  async enqueue<T extends TemplateName>(manager: EntityManager, input: EnqueueInput<T>): Promise<string | null> {
    const rendered = renderNotification(
      input.template,
      input.to.kind === 'investor' ? (input.locale ?? 'en') : 'en',
      input.data,
    );
    const kind: RecipientKind = input.to.kind;
    // The message and its SendNotification outbox row (payload { notificationId }, job id as
    // OutboxService.add would write them) in one statement: routing enqueues while it holds office
    // locks, where every round trip counts.
    const rows: Array<{ id: string }> = await manager.query(
      `WITH created AS (
         INSERT INTO notifications (template, locale, recipient_kind, recipient_email, recipient_consultant_id,
                                    contact_id, case_id, inquiry_id, subject, body, dedupe_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (dedupe_key) DO NOTHING
         RETURNING id
       ), queued AS (
         INSERT INTO outbox (topic, payload, job_id)
         SELECT $12::text, jsonb_build_object('notificationId', id), 'notification:' || id FROM created
       )
       SELECT id FROM created`,
      [
        input.template,
        rendered.locale,
        kind,
        input.to.email,
        input.to.kind === 'staff' ? input.to.consultantId : null,
        input.to.kind === 'investor' ? input.to.contactId : null,
        input.caseId ?? null,
        input.inquiryId ?? null,
        rendered.subject.slice(0, 300),
        rendered.body,
        input.dedupeKey ?? null,
        JobName.SendNotification,
      ],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * The investor's acknowledgement, in their language: the inquiry's preferred language, else the one
   * detected at routing, else detected from the message now. Call once the case exists.
   */
  async acknowledgeInquiry(manager: EntityManager, inquiryId: string, caseId: string): Promise<string | null> {
    const rows: Array<{
      reference: string;
      full_name: string;
      email: string;
      contact_id: string;
      erased_at: Date | null;
      preferred_language: string | null;
      detected_language: string | null;
      message: string;
      due_at: Date | null;
      office_name: string;
      office_city: string;
      timezone: string;
      consultant_name: string | null;
    }> = await manager.query(
      `SELECT i.reference, i.full_name, i.email, i.contact_id, ct.erased_at, i.preferred_language,
              i.detected->>'language' AS detected_language, i.message,
              c.first_response_due_at AS due_at, o.name AS office_name, o.city AS office_city, o.timezone,
              k.full_name AS consultant_name
         FROM inquiries i
         JOIN contacts ct ON ct.id = i.contact_id
         JOIN cases c ON c.id = $2
         JOIN offices o ON o.id = c.office_id
         LEFT JOIN consultants k ON k.id = c.consultant_id
        WHERE i.id = $1`,
      [inquiryId, caseId],
    );
    const r = rows[0];
    if (!r || r.erased_at) return null;
    return this.enqueue(manager, {
      template: 'inquiry_acknowledgement',
      locale: investorLocale(r.preferred_language, r.detected_language, r.message),
      to: { kind: 'investor', email: r.email, contactId: r.contact_id },
      caseId,
      inquiryId,
      dedupeKey: `ack:${inquiryId}`,
      data: {
        fullName: r.full_name,
        reference: r.reference,
        officeName: r.office_name,
        officeCity: r.office_city,
        timezone: r.timezone,
        consultantName: r.consultant_name,
        dueAt: r.due_at,
      },
    });
  }

  /** "New case" to the case's consultant; to the office managers when it waits in the queue. */
  async notifyAssignment(
    manager: EntityManager,
    caseId: string,
    reason: CaseAssignedData['reason'] = 'routing',
  ): Promise<void> {
    const facts = await this.caseFacts(manager, caseId);
    if (!facts) return;
    if (!facts.consultantId) return this.notifyQueued(manager, caseId);
    if (!facts.consultantEmail || !facts.consultantActive) return;
    await this.enqueue(manager, {
      template: 'case_assigned',
      to: { kind: 'staff', email: facts.consultantEmail, consultantId: facts.consultantId },
      caseId,
      data: { ...staffFacts(facts, facts.consultantName ?? ''), reason },
    });
  }

  /**
   * The messages of a case routing is creating, rendered as acknowledgeInquiry, notifyAssignment
   * (reason `routing`) and notifyQueued would render them from the stored case: the investor's
   * acknowledgement (its address and contact are the inquiry's, and it is written only while the
   * contact is not erased) and "new case" to the consultant or the office-queue alert to each
   * recipient. Routing writes them, with their outbox rows, in the statement that creates the case.
   */
  routedCaseMessages(f: RoutedCaseFacts): { ack: PreparedMessage; staff: PreparedMessage[] } {
    const ackLocale = investorLocale(f.investor.preferredLanguage, f.detectedLanguage, f.investor.message);
    const ack = prepared('inquiry_acknowledgement', ackLocale, null, null, {
      fullName: f.investor.fullName,
      reference: f.reference,
      officeName: f.office.name,
      officeCity: f.office.city,
      timezone: f.office.timezone,
      consultantName: f.consultant?.name ?? null,
      dueAt: f.dueAt,
    });
    const facts = (recipientName: string): TemplateData['office_queue'] => ({
      recipientName,
      reference: f.reference,
      caseId: f.caseId,
      officeName: f.office.name,
      officeCity: f.office.city,
      timezone: f.office.timezone,
      serviceLines: f.serviceLines,
      originCountry: f.originCountry,
      language: f.detectedLanguage ?? f.investor.preferredLanguage ?? 'en',
      dueAt: f.dueAt,
    });
    const staff = f.consultant
      ? [
          prepared('case_assigned', 'en', null, f.consultant.id, {
            ...facts(f.consultant.name),
            reason: 'routing' as const,
          }),
        ]
      : f.queueRecipients.map((m) => prepared('office_queue', 'en', m.email, m.id || null, facts(m.fullName)));
    return { ack, staff };
  }

  /** The office's active managers; the office's own address when it has none (office-queue alerts). */
  officeQueueRecipients(
    manager: EntityManager,
    office: { id: string; name: string; email: string | null },
  ): Promise<StaffMember[]> {
    return this.officeRecipients(manager, { officeId: office.id, officeName: office.name, officeEmail: office.email });
  }

  /** Office-queue alert to the office's managers (or the office's address when it has no manager). */
  async notifyQueued(manager: EntityManager, caseId: string, actorId: string | null = null): Promise<void> {
    const facts = await this.caseFacts(manager, caseId);
    if (!facts) return;
    // Whoever put the case in the queue knows (as with hand-overs).
    for (const m of (await this.officeRecipients(manager, facts)).filter((r) => !actorId || r.id !== actorId)) {
      await this.enqueue(manager, {
        template: 'office_queue',
        to: { kind: 'staff', email: m.email, consultantId: m.id || null },
        caseId,
        data: staffFacts(facts, m.fullName),
      });
    }
  }

  /**
   * Hand-over: one message to the consultant who lost the case and one to the one who got it
   * (null = the office queue; call notifyQueued for the managers when the case went there).
   */
  async notifyHandover(
    manager: EntityManager,
    caseId: string,
    fromConsultantId: string | null,
    toConsultantId: string | null,
    reason: string | null = null,
    actorId: string | null = null,
  ): Promise<void> {
    const facts = await this.caseFacts(manager, caseId);
    if (!facts) return;
    // Sequential: the caller's transaction has one connection. Whoever made the change is not told
    // of it (a consultant taking a queued case, or handing their own case on).
    const from = await this.staffMember(manager, fromConsultantId === actorId ? null : fromConsultantId);
    const to = await this.staffMember(manager, toConsultantId === actorId ? null : toConsultantId);
    if (from && from.id !== to?.id) {
      await this.enqueue(manager, {
        template: 'case_handover',
        to: { kind: 'staff', email: from.email, consultantId: from.id },
        caseId,
        data: { ...staffFacts(facts, from.fullName), direction: 'from', otherName: to?.fullName ?? null, reason },
      });
    }
    if (to && to.id !== from?.id) {
      await this.enqueue(manager, {
        template: 'case_handover',
        to: { kind: 'staff', email: to.email, consultantId: to.id },
        caseId,
        data: { ...staffFacts(facts, to.fullName), direction: 'to', otherName: from?.fullName ?? null, reason },
      });
    }
  }

  /** SLA breach alert to the consultant (before any reassignment) and the office managers, each once. */
  /**
   * The breach alert to the case's consultant and the office's managers; `reassignedToName` when
   * the office reassigns missed cases and the case is moving to that consultant in the same
   * transaction (the alert says so, instead of asking the consultant who lost it to act).
   */
  async notifySlaBreach(manager: EntityManager, caseId: string, reassignedToName: string | null = null): Promise<void> {
    const facts = await this.caseFacts(manager, caseId);
    if (!facts) return;
    const recipients = await this.officeRecipients(manager, facts);
    if (facts.consultantId && facts.consultantEmail && facts.consultantActive) {
      recipients.unshift({
        id: facts.consultantId,
        fullName: facts.consultantName ?? '',
        email: facts.consultantEmail,
      });
    }
    const seen = new Set<string>();
    for (const r of recipients) {
      if (seen.has(r.email)) continue;
      seen.add(r.email);
      await this.enqueue(manager, {
        template: 'sla_breach',
        to: { kind: 'staff', email: r.email, consultantId: r.id || null },
        caseId,
        dedupeKey: `sla_breach:${caseId}:${r.email}`,
        data: { ...staffFacts(facts, r.fullName), consultantName: facts.consultantName, reassignedToName },
      });
    }
  }

  /**
   * Privacy erasure of a contact: their stored messages lose address and text; unsent ones —
   * waiting, or failed and so still able to be sent again — are cancelled.
   */
  async eraseContact(manager: EntityManager, contactId: string): Promise<void> {
    await manager.query(
      `UPDATE notifications
          SET recipient_email = $2::text, subject = $2::text, body = $2::text,
              status = CASE WHEN status IN ('pending', 'failed') THEN 'cancelled' ELSE status END
        WHERE contact_id = $1`,
      [contactId, ERASED_MAIL],
    );
  }

  /**
   * Admins: a message that failed for good — refused by the mail server, or every retry used up in
   * a long SMTP outage — is queued again as it was written. Only a failed one: anything else is
   * on its way, delivered, or cancelled (an erased person's mail is never sent again).
   */
  async resend(actor: Actor, id: string): Promise<NotificationView> {
    await clearFinishedJob(this.queue, `notification:${id}`);
    return this.dataSource.transaction(async (manager) => {
      const n = await manager.findOne(NotificationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!n) throw new NotFoundError('notification', id);
      // Erased before erasure cancelled failed mail too: failed, but to nobody.
      if (n.recipientEmail === ERASED_MAIL) {
        throw new DomainError(
          'conflict',
          'notification.erased',
          'This message’s recipient was erased: it is never sent again.',
        );
      }
      if (n.status !== 'failed') {
        throw new DomainError(
          'conflict',
          'notification.not_failed',
          `Only a failed message can be sent again; this one is ${n.status}.`,
        );
      }
      await manager.update(NotificationEntity, { id }, { status: 'pending', lastError: null, permanentFailure: false });
      await manager.query(
        `INSERT INTO outbox (topic, payload, job_id) VALUES ($1, jsonb_build_object('notificationId', $2::uuid), $3)`,
        [JobName.SendNotification, id, `notification:${id}`],
      );
      await this.audit.record(manager, {
        actor,
        action: 'notification.resent',
        entity: 'notification',
        entityId: id,
        before: { status: n.status, attempts: n.attempts, lastError: n.lastError },
        after: { status: 'pending' },
      });
      return toNotificationView({ ...n, status: 'pending', lastError: null, permanentFailure: false });
    });
  }

  /** Admins: every stored message, newest first by default. */
  async list(query: NotificationListQuery): Promise<Page<NotificationView>> {
    const req = toPageRequest(query, NOTIFICATION_SORTABLE, 'createdAt:desc');
    const qb = this.dataSource
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .orderBy(req.orderBy, req.direction)
      .addOrderBy('n.id')
      .skip(req.offset)
      .take(req.pageSize);
    if (query.status) qb.andWhere('n.status = :status', { status: query.status });
    if (query.template) qb.andWhere('n.template = :template', { template: query.template });
    if (query.caseId) qb.andWhere('n.case_id = :caseId', { caseId: query.caseId });
    const [rows, total] = await qb.getManyAndCount();
    return toPage(rows.map(toNotificationView), total, req);
  }

  private async caseFacts(manager: EntityManager, caseId: string): Promise<CaseFacts | null> {
    const rows: CaseFacts[] = await manager.query(
      `SELECT c.id, c.reference, c.office_id AS "officeId", o.name AS "officeName", o.city AS "officeCity",
              o.email AS "officeEmail", o.timezone, c.consultant_id AS "consultantId", k.full_name AS "consultantName",
              k.email AS "consultantEmail", k.active AS "consultantActive", c.service_lines AS "serviceLines",
              c.origin_country AS "originCountry",
              COALESCE(i.detected->>'language', i.preferred_language, 'en') AS language,
              c.first_response_due_at AS "dueAt"
         FROM cases c
         JOIN offices o ON o.id = c.office_id
         JOIN inquiries i ON i.id = c.inquiry_id
         LEFT JOIN consultants k ON k.id = c.consultant_id
        WHERE c.id = $1`,
      [caseId],
    );
    return rows[0] ?? null;
  }

  /** The office's active managers; the office's own address when it has none. */
  private async officeRecipients(
    manager: EntityManager,
    facts: Pick<CaseFacts, 'officeId' | 'officeName' | 'officeEmail'>,
  ): Promise<StaffMember[]> {
    const managers: StaffMember[] = await manager.query(
      `SELECT id, full_name AS "fullName", email FROM consultants
        WHERE office_id = $1 AND role = 'manager' AND active ORDER BY id`,
      [facts.officeId],
    );
    if (managers.length) return managers;
    return facts.officeEmail ? [{ id: '', fullName: `${facts.officeName} office`, email: facts.officeEmail }] : [];
  }

  private async staffMember(manager: EntityManager, id: string | null): Promise<StaffMember | null> {
    if (!id) return null;
    const rows: StaffMember[] = await manager.query(
      `SELECT id, full_name AS "fullName", email FROM consultants WHERE id = $1 AND active`,
      [id],
    );
    return rows[0] ?? null;
  }
}

function prepared<T extends TemplateName>(
  template: T,
  locale: Locale,
  email: string | null,
  consultantId: string | null,
  data: TemplateData[T],
): PreparedMessage {
  const rendered = renderNotification(template, locale, data);
  return {
    template,
    locale: rendered.locale,
    email,
    consultantId,
    subject: rendered.subject.slice(0, 300),
    body: rendered.body,
  };
}

function staffFacts(f: CaseFacts, recipientName: string): TemplateData['office_queue'] {
  return {
    recipientName,
    reference: f.reference,
    caseId: f.id,
    officeName: f.officeName,
    officeCity: f.officeCity,
    timezone: f.timezone,
    serviceLines: f.serviceLines,
    originCountry: f.originCountry,
    language: f.language,
    dueAt: f.dueAt,
  };
}

/** preferredLanguage, else the language routing detected, else detect it from the message (ROUTING.md §1). */
export function investorLocale(preferred: string | null, detected: string | null, message: string): Locale {
  if (isLocale(preferred)) return preferred;
  if (isLocale(detected)) return detected;
  return detectLanguage(message).language;
}
