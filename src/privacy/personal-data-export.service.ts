/**
 * The personal-data export (a data subject's access request): everything held about one contact,
 * as JSON. Admins may export anyone; a manager a contact with a case in their office, and then the
 * whole record (the answer to an access request must be complete). Every export is audited.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '@/audit/audit.service';
import type { Actor } from '@/common/auth.decorators';
import { NotFoundError } from '@/common/domain-error';
import { Clock } from '@/sla/clock';
import {
  ExportedActivity,
  ExportedCase,
  ExportedClient,
  ExportedCaseNote,
  ExportedInquiry,
  ExportedNotification,
  ExportedWebhookDelivery,
  PersonalDataExport,
} from './dto/privacy.dto';
import { HAND_OVER_NOTE } from './personal-data-scrub';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

interface ClientRow {
  id: string;
  name: string;
  type: string;
  country_code: string | null;
  website: string | null;
  industry: string | null;
  email_domain: string | null;
}
const CLIENT_COLUMNS = 'c.id, c.name, c.type, c.country_code, c.website, c.industry, c.email_domain';

const NOTES = [
  'Inquiries are exactly what was submitted, with the consent record (privacy and marketing consent, text version, time, IP address and browser).',
  'Activities, stage-change and hand-over reasons are what staff wrote on the cases about this person.',
  'Notifications are the e-mails addressed to this person; e-mails to staff about the cases name no investor.',
  'Webhook deliveries about these inquiries and cases carry ids and codes only, by design: no name, address or message text leaves by webhook.',
  'Queued background jobs hold ids only; logs hold no e-mail addresses, phone numbers or message text.',
];

@Injectable()
export class PersonalDataExportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async export(actor: Actor, contactId: string): Promise<PersonalDataExport> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [contact]: Array<{
        id: string;
        full_name: string;
        email: string;
        phone: string | null;
        title: string | null;
        preferred_language: string | null;
        created_at: Date;
        updated_at: Date;
        erased_at: Date | null;
        client_id: string;
      }> = await manager.query(
        `SELECT k.id, k.full_name, k.email, k.phone, k.title, k.preferred_language, k.created_at, k.updated_at, k.erased_at,
                k.client_id
           FROM contacts k
          WHERE k.id = $1
            AND ($2::boolean OR EXISTS (
                  SELECT 1 FROM cases s LEFT JOIN inquiries i ON i.id = s.inquiry_id
                   WHERE (s.contact_id = k.id OR i.contact_id = k.id) AND s.office_id = $3::uuid))`,
        [contactId, actor.role === 'admin', actor.officeId],
      );
      if (!contact) throw new NotFoundError('contact', contactId);
      const clientOf = (c: ClientRow): ExportedClient => ({
        id: c.id,
        name: c.name,
        type: c.type,
        countryCode: c.country_code,
        website: c.website,
        industry: c.industry,
        emailDomain: c.email_domain,
      });
      const [client]: ClientRow[] = await manager.query(`SELECT ${CLIENT_COLUMNS} FROM clients c WHERE c.id = $1`, [
        contact.client_id,
      ]);
      // Individual clients of theirs a merge moved them from: the merge's audit entry lists them.
      const formerClients: ClientRow[] = await manager.query(
        `SELECT ${CLIENT_COLUMNS} FROM clients c
          WHERE c.merged_into_id = $1 AND c.type = 'individual'
            AND EXISTS (SELECT 1 FROM audit_entries a
                         WHERE a.entity = 'client' AND a.entity_id = c.id::text AND a.action = 'client.merged_into'
                           AND a.after->'moved'->'contacts' ? $2::text)
          ORDER BY c.created_at, c.id`,
        [contact.client_id, contactId],
      );

      const inquiries: ExportedInquiry[] = (
        await manager.query(
          `SELECT i.*, r.strategy AS routing_strategy, r.office_id AS routing_office_id,
                  r.consultant_id AS routing_consultant_id, r.explanation->>'summary' AS routing_summary,
                  r.decided_at AS routing_decided_at
             FROM inquiries i LEFT JOIN routing_decisions r ON r.inquiry_id = i.id
            WHERE i.contact_id = $1 ORDER BY i.created_at`,
          [contactId],
        )
      ).map((i: Record<string, never>) => ({
        id: i.id,
        reference: i.reference,
        status: i.status,
        fullName: i.full_name,
        email: i.email,
        phone: i.phone,
        company: i.company,
        originCountry: i.origin_country,
        targetCountry: i.target_country,
        targetCity: i.target_city,
        serviceLines: i.service_lines,
        message: i.message,
        preferredLanguage: i.preferred_language,
        source: i.source,
        consent: {
          privacy: i.consent_privacy,
          marketing: i.consent_marketing,
          textVersion: i.consent_text_version,
          at: (i.consent_at as Date).toISOString(),
          ip: i.consent_ip,
          userAgent: i.user_agent,
        },
        detected: i.detected,
        duplicateOfId: i.duplicate_of_id,
        routing: i.routing_strategy
          ? {
              strategy: i.routing_strategy,
              officeId: i.routing_office_id,
              consultantId: i.routing_consultant_id,
              summary: i.routing_summary,
              decidedAt: (i.routing_decided_at as Date).toISOString(),
            }
          : null,
        createdAt: (i.created_at as Date).toISOString(),
        anonymizedAt: iso(i.anonymized_at),
      }));
      const inquiryIds = inquiries.map((i) => i.id);

      const cases: ExportedCase[] = (
        await manager.query(
          `SELECT id, reference, office_id, consultant_id, stage_code, service_lines, priority, estimated_value, currency,
                  to_char(expected_close_date, 'YYYY-MM-DD') AS expected_close_date, lost_reason, created_at, closed_at
             FROM cases
            WHERE contact_id = $1 OR inquiry_id = ANY($2::uuid[]) ORDER BY created_at`,
          [contactId, inquiryIds],
        )
      ).map((c: Record<string, never>) => ({
        id: c.id,
        reference: c.reference,
        officeId: c.office_id,
        consultantId: c.consultant_id,
        stage: c.stage_code,
        serviceLines: c.service_lines,
        priority: c.priority,
        estimatedValue: c.estimated_value === null ? null : { amount: c.estimated_value, currency: c.currency },
        expectedCloseDate: c.expected_close_date,
        lostReason: c.lost_reason,
        createdAt: (c.created_at as Date).toISOString(),
        closedAt: iso(c.closed_at),
      }));
      const caseIds = cases.map((c) => c.id);

      const activities: ExportedActivity[] = (
        await manager.query(
          `SELECT id, case_id, type, direction, body, due_at, completed_at, created_at FROM activities
            WHERE case_id = ANY($1::uuid[]) ORDER BY created_at, id`,
          [caseIds],
        )
      ).map(
        (a: {
          id: string;
          case_id: string;
          type: string;
          direction: string | null;
          body: string;
          due_at: Date | null;
          completed_at: Date | null;
          created_at: Date;
        }) => ({
          id: a.id,
          caseId: a.case_id,
          type: a.type,
          direction: a.direction,
          body: a.body,
          dueAt: iso(a.due_at),
          completedAt: iso(a.completed_at),
          createdAt: a.created_at.toISOString(),
        }),
      );

      const caseNotes: ExportedCaseNote[] = (
        await manager.query(
          `SELECT case_id, 'stage_change' AS kind, reason AS text, created_at FROM stage_events
            WHERE case_id = ANY($1::uuid[]) AND actor_id IS NOT NULL AND reason IS NOT NULL
           UNION ALL
           SELECT case_id, 'hand_over', data->>'reason', created_at FROM case_events
            WHERE case_id = ANY($1::uuid[]) AND ${HAND_OVER_NOTE}
           ORDER BY created_at`,
          [caseIds],
        )
      ).map((n: { case_id: string; kind: string; text: string; created_at: Date }) => ({
        caseId: n.case_id,
        kind: n.kind,
        text: n.text,
        at: n.created_at.toISOString(),
      }));

      const notifications: ExportedNotification[] = (
        await manager.query(
          `SELECT id, template, locale, recipient_email, subject, body, status, created_at, sent_at FROM notifications
            WHERE recipient_kind = 'investor' AND (contact_id = $1 OR inquiry_id = ANY($2::uuid[]) OR case_id = ANY($3::uuid[]))
            ORDER BY created_at, id`,
          [contactId, inquiryIds, caseIds],
        )
      ).map((n: Record<string, never>) => ({
        id: n.id,
        template: n.template,
        locale: n.locale,
        recipientEmail: n.recipient_email,
        subject: n.subject,
        body: n.body,
        status: n.status,
        createdAt: (n.created_at as Date).toISOString(),
        sentAt: iso(n.sent_at),
      }));

      const webhookDeliveries: ExportedWebhookDelivery[] = (
        await manager.query(
          `SELECT id, event, status, created_at, payload FROM webhook_deliveries
            WHERE payload->'data'->>'caseId' = ANY($1::text[]) OR payload->'data'->>'inquiryId' = ANY($2::text[])
            ORDER BY created_at, id`,
          [caseIds, inquiryIds],
        )
      ).map((d: { id: string; event: string; status: string; created_at: Date; payload: Record<string, unknown> }) => ({
        id: d.id,
        event: d.event,
        status: d.status,
        createdAt: d.created_at.toISOString(),
        payload: d.payload,
      }));

      await this.audit.record(manager, {
        actor,
        action: 'contact.exported',
        entity: 'contact',
        entityId: contactId,
        officeId: actor.officeId,
        after: { inquiries: inquiries.length, cases: cases.length },
      });

      return {
        exportedAt: this.clock.now().toISOString(),
        contact: {
          id: contact.id,
          fullName: contact.full_name,
          email: contact.email,
          phone: contact.phone,
          title: contact.title,
          preferredLanguage: contact.preferred_language,
          createdAt: contact.created_at.toISOString(),
          updatedAt: contact.updated_at.toISOString(),
          erasedAt: iso(contact.erased_at),
        },
        client: clientOf(client),
        formerClients: formerClients.map(clientOf),
        inquiries,
        cases,
        activities,
        caseNotes,
        notifications,
        webhookDeliveries,
        notes: NOTES,
      };
    });
  }
}
