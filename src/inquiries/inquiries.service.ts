/**
 * What staff do with inquiries: list and read them (scoped, see InquiriesRepository) and release
 * a false-positive spam so it is routed like any other. Routing itself, which sets `routed`,
 * `detected` and creates the case, belongs to the routing module.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '@/audit/audit.service';
import type { Actor } from '@/common/auth.decorators';
import { NotFoundError } from '@/common/domain-error';
import { Page, toPage, toPageRequest } from '@/common/pagination';
import { resolvePeriod } from '@/common/period';
import { OutboxService } from '@/queue/outbox.service';
import { RoutingService } from '@/routing/routing.service';
import type { Language } from '@/routing/routing.types';
import { JobName } from '@/queue/queue.constants';
import { INQUIRY_RECEIVED_DELIVERIES } from '@/webhooks/inquiry-received.sql';
import { DetectedView, InquiryDetail, InquiryListItem, InquiryListQuery } from './dto/inquiry.dto';
import { DUPLICATE_WINDOW } from './intake.service';
import { InquiriesRepository, InquiryRow } from './inquiries.repository';
import { InquiryError } from './inquiries.errors';

export const INQUIRY_SORTABLE = { createdAt: 'i.created_at', reference: 'i.reference' };

function toListItem(r: InquiryRow): InquiryListItem {
  return {
    id: r.id,
    reference: r.reference,
    status: r.status,
    fullName: r.full_name,
    email: r.email,
    company: r.company,
    originCountry: r.origin_country,
    targetCountry: r.target_country,
    serviceLines: r.service_lines,
    source: r.source,
    caseId: r.case_id,
    createdAt: r.created_at.toISOString(),
  };
}

function toDetected(d: Record<string, unknown> | null): DetectedView | null {
  if (!d) return null;
  const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  return {
    language: text(d.language),
    serviceLines: Array.isArray(d.serviceLines) ? d.serviceLines.filter((s): s is string => typeof s === 'string') : [],
    city: text(d.city),
    targetCountry: text(d.targetCountry),
  };
}

export function toInquiryDetail(r: InquiryRow): InquiryDetail {
  return {
    ...toListItem(r),
    phone: r.phone,
    targetCity: r.target_city,
    message: r.message,
    preferredLanguage: r.preferred_language,
    consent: {
      privacy: r.consent_privacy,
      marketing: r.consent_marketing,
      textVersion: r.consent_text_version,
      at: r.consent_at.toISOString(),
      ip: r.consent_ip,
      userAgent: r.user_agent,
    },
    clientId: r.client_id,
    contactId: r.contact_id,
    duplicateOf: r.duplicate_of_id,
    detected: toDetected(r.detected),
    routedAt: r.routed_at ? r.routed_at.toISOString() : null,
  };
}

@Injectable()
export class InquiriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: InquiriesRepository,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly routing: RoutingService,
  ) {}

  async list(actor: Actor, query: InquiryListQuery): Promise<Page<InquiryListItem>> {
    const page = toPageRequest(query, INQUIRY_SORTABLE, 'createdAt:desc');
    const period = resolvePeriod(query);
    const { rows, total } = await this.repository.list(
      actor,
      {
        status: query.status,
        from: period.from ?? undefined,
        to: period.to ?? undefined,
        q: query.q || undefined,
      },
      page,
    );
    return toPage(rows.map(toListItem), total, page);
  }

  async get(actor: Actor, id: string): Promise<InquiryDetail> {
    const row = await this.repository.findVisible(this.dataSource.manager, actor, id);
    if (!row) throw new NotFoundError('inquiry', id);
    const detail = toInquiryDetail(row);
    // Not routed (yet, or ever): what routing detects in it now, so the detail always says it —
    // unless its text was erased, and there is nothing left to read.
    if (detail.detected === null && !row.anonymized_at) {
      detail.detected = await this.routing.detect({
        message: row.message,
        preferredLanguage: row.preferred_language as Language | null,
        serviceLines: row.service_lines,
        targetCity: row.target_city,
        targetCountry: row.target_country,
        originCountry: row.origin_country,
      });
    }
    return detail;
  }

  /**
   * A spam inquiry a person judged honest becomes `received` and is queued for routing — unless it
   * repeats an inquiry of the same address and message within the duplicate window, as intake
   * would have found had it not been spam: then it becomes that one's `duplicate` and is not
   * routed (releasing it made a second case and a second acknowledgement). Checked under intake's
   * lock for the address, so a submission arriving meanwhile cannot slip between.
   */
  async release(actor: Actor, id: string): Promise<InquiryDetail> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.repository.findVisible(manager, actor, id, true);
      if (!row) throw new NotFoundError('inquiry', id);
      if (row.status !== 'spam') throw InquiryError.notSpam(row.status);
      const [{ original }]: Array<{ original: string | null }> = await manager.query(
        `SELECT pg_advisory_xact_lock(hashtextextended($1, 0)),
                (SELECT COALESCE(o.duplicate_of_id, o.id) FROM inquiries o
                  WHERE o.id <> $2 AND o.email = $3 AND o.message = $4 AND o.status <> 'spam'
                    AND o.created_at BETWEEN $5::timestamptz - $6::interval AND $5::timestamptz + $6::interval
                  ORDER BY o.created_at, o.id LIMIT 1) AS original`,
        [`intake:email:${row.email}`, id, row.email, row.message, row.created_at, DUPLICATE_WINDOW],
      );
      const status = original ? 'duplicate' : 'received';
      await manager.query(`UPDATE inquiries SET status = $2, duplicate_of_id = $3 WHERE id = $1`, [
        id,
        status,
        original,
      ]);
      // A person vouched for it: its client (quarantined if only spam knew it) joins the lists.
      await manager.query(`UPDATE clients SET quarantined = false WHERE id = $1 AND quarantined`, [row.client_id]);
      if (status === 'received') await this.outbox.add(manager, JobName.RouteInquiry, { inquiryId: id }, id);
      // Received now, as far as integrators are concerned: intake sends no webhook for spam.
      const deliveries: Array<{ id: string }> = await manager.query(INQUIRY_RECEIVED_DELIVERIES, [id]);
      for (const delivery of deliveries) {
        await this.outbox.add(manager, JobName.DeliverWebhook, { deliveryId: delivery.id }, `webhook:${delivery.id}`);
      }
      await this.audit.record(manager, {
        actor,
        action: 'inquiry.released',
        entity: 'inquiry',
        entityId: id,
        officeId: actor.officeId,
        before: { status: 'spam' },
        after: { status, duplicateOf: original },
      });
      return toInquiryDetail({ ...row, status, duplicate_of_id: original });
    });
  }
}
