/**
 * Erasure of one person ("right to be forgotten"): in one transaction, every personal datum held
 * about a contact in Postgres is replaced, while the cases keep their non-personal facts (office,
 * stage, values, dates, service lines, events) so reports still add up.
 *
 * What is replaced:
 * - the contact (name, email, phone, title) and every inquiry they sent (what they typed, the IP,
 *   user agent, idempotency key and body hash);
 * - an individual client named after them (no other live contact), also one a merge left behind
 *   when it moved them to another client (with its website wherever merges carried it, and the
 *   merged client's part of the merges' audit entries);
 * - free text staff wrote on their cases: activity bodies, stage-change and hand-over reasons. Any of
 *   them may name or describe the person and no rule can tell which do, so all are replaced;
 * - their email and phone where colleagues' text at the same company quotes them (a note on a
 *   colleague's case, their inquiry, staff mail about it): the whole address or number — in any
 *   spacing — cut out of that text, the rest of which is someone else's;
 * - e-mails to them (address, subject, text; unsent ones cancelled, their outbox rows dropped) and
 *   hand-over e-mails to staff about their cases (they quote the hand-over reason);
 * - webhook payloads and audit entries about them: strings holding their email, phone or name, and
 *   free-text members, become "[erased]" (webhook payloads carry ids and codes only by design, so
 *   normally nothing changes there).
 *
 * Queued Bull jobs carry ids only (see queue.constants), so Redis holds nothing to erase; the
 * send-notification jobs of cancelled messages are still removed, best effort, after the commit.
 * Erasing again is harmless: it runs the scrub again and reports what it touched.
 */
import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@/audit/audit.service';
import type { Actor } from '@/common/auth.decorators';
import { NotFoundError } from '@/common/domain-error';
import { escapeLike } from '@/common/sql';
import { normalizeCompanyName } from '@/clients/company-name';
import { NotificationsService } from '@/notifications/notifications.service';
import { JobName, QueueName } from '@/queue/queue.constants';
import { Clock } from '@/sla/clock';
import {
  anonymizeInquiries,
  ERASED_CLIENT_NAME,
  ERASED_CONTACT_NAME,
  erasedEmail,
  isPlaceholder,
  updateReturning,
} from './anonymize';
import { ErasureCounts, ErasureView } from './dto/privacy.dto';
import { ERASED, HAND_OVER_NOTE, mentionPattern, scrubJson, ScrubRules, usableTokens } from './personal-data-scrub';

/** Members of stored JSON that hold free text or personal fields whatever their value. */
const PERSONAL_KEYS = ['body', 'reason', 'message', 'fullName', 'email', 'phone', 'title', 'company', 'note'];
/** Client audit entries also name the client: for an individual, the person. */
const CLIENT_KEYS = [...PERSONAL_KEYS, 'name', 'website', 'emailDomain'];
/** How long the request waits for Redis when removing queued mail; the sender skips cancelled mail anyway. */
const QUEUE_CLEANUP_TIMEOUT_MS = 500;

export interface ErasureOutcome {
  view: ErasureView;
  cancelledNotificationIds: string[];
}

interface ContactRow {
  id: string;
  client_id: string;
  full_name: string;
  email: string;
  phone: string | null;
  erased_at: Date | null;
}

interface InquiryRow {
  id: string;
  client_id: string;
  full_name: string;
  email: string;
  phone: string | null;
}

@Injectable()
export class ErasureService {
  private readonly logger = new Logger(ErasureService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @InjectQueue(QueueName.Notifications) private readonly notificationQueue: Queue,
  ) {}

  /** POST /contacts/:id/erase (admins). */
  async erase(actor: Actor, contactId: string): Promise<ErasureView> {
    const outcome = await this.dataSource.transaction((manager) => this.eraseIn(manager, actor, contactId));
    await this.dropQueuedMail(outcome.cancelledNotificationIds);
    return outcome.view;
  }

  /** The erasure inside the caller's transaction; `actor` null for the retention sweep. */
  async eraseIn(manager: EntityManager, actor: Actor | null, contactId: string): Promise<ErasureOutcome> {
    const now = this.clock.now();
    const [contact]: ContactRow[] = await manager.query(
      `SELECT id, client_id, full_name, email, phone, erased_at FROM contacts WHERE id = $1 FOR UPDATE`,
      [contactId],
    );
    if (!contact) throw new NotFoundError('contact', contactId);
    const inquiries: InquiryRow[] = await manager.query(
      `SELECT id, client_id, full_name, email, phone FROM inquiries WHERE contact_id = $1 ORDER BY created_at FOR UPDATE`,
      [contactId],
    );
    const inquiryIds = inquiries.map((i) => i.id);
    const cases: Array<{ id: string; office_id: string }> = await manager.query(
      `SELECT id, office_id FROM cases WHERE contact_id = $1 OR inquiry_id = ANY($2::uuid[]) ORDER BY created_at FOR UPDATE`,
      [contactId, inquiryIds],
    );
    const caseIds = cases.map((c) => c.id);

    // What identifies the person in stored text. Emails and phones are distinctive enough to look
    // for anywhere; names only in rows already known to be about them.
    const personal = [contact, ...inquiries];
    const distinctive = usableTokens(personal.flatMap((p) => [p.email, p.phone]).filter((v) => !isPlaceholder(v)));
    const tokens = usableTokens([...distinctive, ...personal.map((p) => p.full_name).filter((v) => !isPlaceholder(v))]);

    await manager.query(
      `UPDATE contacts SET full_name = $2, email = $3, phone = NULL, title = NULL, erased_at = COALESCE(erased_at, $4), updated_at = now()
        WHERE id = $1`,
      [contactId, ERASED_CONTACT_NAME, erasedEmail(contactId), now],
    );
    const counts: ErasureCounts = {
      inquiries: await anonymizeInquiries(manager, inquiryIds, now),
      cases: caseIds.length,
      clientsRenamed: 0,
      activities: 0,
      caseNotes: 0,
      mentionsElsewhere: 0,
      notifications: 0,
      webhookDeliveries: 0,
      auditEntries: 0,
    };
    const current = [...new Set([contact.client_id, ...inquiries.map((i) => i.client_id)])];
    // The person's clients and every client a merge folded into them.
    const family = [
      ...current,
      ...(
        (await manager.query(`SELECT id FROM clients WHERE merged_into_id = ANY($1::uuid[])`, [current])) as Array<{
          id: string;
        }>
      ).map((c) => c.id),
    ];
    const former = await this.formerIndividualClients(manager, contactId, current);
    const renamedClients = await this.renameIndividualClients(manager, contactId, [...current, ...former.ids]);
    counts.clientsRenamed = renamedClients.length;
    await this.clearWebsitesTakenInMerges(manager, family, former.websites);

    const activityIds = (
      (await manager.query(`SELECT id FROM activities WHERE case_id = ANY($1::uuid[])`, [caseIds])) as Array<{
        id: string;
      }>
    ).map((a) => a.id);
    counts.activities = (
      await updateReturning(
        manager,
        `UPDATE activities SET body = $2, updated_at = now() WHERE case_id = ANY($1::uuid[]) AND body <> $2 RETURNING id`,
        [caseIds, ERASED],
      )
    ).length;
    counts.caseNotes = await this.eraseCaseNotes(manager, caseIds);

    const cancelled = await this.eraseNotifications(manager, contactId, inquiryIds, caseIds);
    counts.notifications = cancelled.touched;
    counts.mentionsElsewhere = await this.eraseMentionsElsewhere(
      manager,
      contactId,
      caseIds,
      family,
      personal.map((p) => p.email).filter((v) => !isPlaceholder(v)),
      personal.map((p) => p.phone).filter((v): v is string => !isPlaceholder(v)),
    );

    counts.webhookDeliveries = await this.scrubWebhookDeliveries(manager, caseIds, inquiryIds, { tokens });
    counts.auditEntries = await this.scrubAudit(
      manager,
      { contactId, inquiryIds, caseIds, activityIds, clientIds: renamedClients },
      usableTokens([...tokens, ...former.names]),
      // their website is as distinctive as their address: wherever a merge's entry shows it
      usableTokens([...distinctive, ...former.websites]),
    );
    await this.scrubRoutingDecisions(manager, inquiryIds, tokens);

    const offices = [...new Set(cases.map((c) => c.office_id))];
    // One entry per office involved, so each office's managers find it in their trail; counts only.
    for (const officeId of offices.length ? offices : [null]) {
      await this.audit.record(manager, {
        actor,
        action: 'contact.erased',
        entity: 'contact',
        entityId: contactId,
        officeId,
        after: { via: actor ? 'request' : 'retention', alreadyErased: contact.erased_at !== null, counts },
      });
    }
    return {
      view: {
        contactId,
        erasedAt: (contact.erased_at ?? now).toISOString(),
        alreadyErased: contact.erased_at !== null,
        counts,
      },
      cancelledNotificationIds: cancelled.cancelledIds,
    };
  }

  /**
   * Individual clients the person belonged to before a merge moved them (with their inquiries and
   * cases) to another client: the merge's audit entry on the merged client lists the contacts it
   * moved. Such a client is the person when no other contact it moved is still live. Also answers
   * their names and websites (scrubbed from the merges' audit entries).
   */
  private async formerIndividualClients(
    manager: EntityManager,
    contactId: string,
    clientIds: string[],
  ): Promise<{ ids: string[]; names: string[]; websites: string[] }> {
    const rows: Array<{ id: string; name: string; website: string | null; merged_into_id: string }> =
      await manager.query(
        `SELECT c.id, c.name, c.website, c.merged_into_id FROM clients c
        WHERE c.merged_into_id = ANY($1::uuid[]) AND c.type = 'individual'
          AND EXISTS (
            SELECT 1 FROM audit_entries a
             WHERE a.entity = 'client' AND a.entity_id = c.id::text AND a.action = 'client.merged_into'
               AND a.after->'moved'->'contacts' ? $2::text
               AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text(a.after->'moved'->'contacts') m(id)
                                 JOIN contacts k ON k.id::text = m.id
                                WHERE k.id <> $2::uuid AND k.erased_at IS NULL))
        ORDER BY c.id
          FOR UPDATE OF c`,
        [clientIds, contactId],
      );
    return {
      ids: rows.map((r) => r.id),
      names: rows.flatMap((r) => [r.name, r.website]).filter((v): v is string => !!v && !isPlaceholder(v)),
      websites: rows.map((r) => r.website).filter((v): v is string => !!v && !isPlaceholder(v)),
    };
  }

  /**
   * A merge gives the survivor the merged client's website when it has none, and a later merge
   * passes it on again: the person's own website (their individual client's) is cleared wherever
   * it went among the clients merged together.
   */
  private async clearWebsitesTakenInMerges(
    manager: EntityManager,
    family: string[],
    websites: string[],
  ): Promise<void> {
    if (websites.length === 0) return;
    await manager.query(
      `UPDATE clients SET website = NULL, version = version + 1, updated_at = now()
        WHERE id = ANY($1::uuid[]) AND website = ANY($2::text[])`,
      [family, websites],
    );
  }

  /** An individual client is the person: renamed unless another live contact still belongs to it. */
  private async renameIndividualClients(
    manager: EntityManager,
    contactId: string,
    clientIds: string[],
  ): Promise<string[]> {
    const rows = await updateReturning(
      manager,
      `UPDATE clients c
          SET name = $3, name_normalized = $4, website = NULL, email_domain = NULL, version = version + 1, updated_at = now()
        WHERE c.id = ANY($1::uuid[]) AND c.type = 'individual' AND c.name <> $3
          AND NOT EXISTS (SELECT 1 FROM contacts k WHERE k.client_id = c.id AND k.id <> $2 AND k.erased_at IS NULL)
        RETURNING c.id`,
      [[...new Set(clientIds)], contactId, ERASED_CLIENT_NAME, normalizeCompanyName(ERASED_CLIENT_NAME)],
    );
    return rows.map((r) => r.id);
  }

  /**
   * The person's email and phone quoted in other people's text about the same company — a note on
   * a colleague's case ("cc …"), a reason, a colleague's inquiry, mail to staff about their cases —
   * are cut out of that text, whole addresses and numbers only (`mentionPattern`); the rest stays:
   * it is about someone else. Their own cases' free text is replaced whole above. Looked for in the
   * cases and inquiries of the person's clients (also those a merge folded together), through the
   * client indexes, not across every row of the firm.
   */
  private async eraseMentionsElsewhere(
    manager: EntityManager,
    contactId: string,
    ownCaseIds: string[],
    clientIds: string[],
    emails: string[],
    phones: string[],
  ): Promise<number> {
    const re = mentionPattern(emails, phones);
    if (re === null || clientIds.length === 0) return 0;
    const others: Array<{ id: string }> = await manager.query(
      `SELECT id FROM cases WHERE client_id = ANY($1::uuid[]) AND id <> ALL($2::uuid[])`,
      [clientIds, ownCaseIds],
    );
    const caseIds = others.map((c) => c.id);
    const cut = (column: string) => `regexp_replace(${column}, $1, '${ERASED}', 'gi')`;
    const statements: Array<[string, unknown[]]> = [
      [
        `UPDATE activities SET body = ${cut('body')}, updated_at = now()
          WHERE case_id = ANY($2::uuid[]) AND body ~* $1 RETURNING id`,
        [re, caseIds],
      ],
      [
        `UPDATE stage_events SET reason = ${cut('reason')}
          WHERE case_id = ANY($2::uuid[]) AND reason ~* $1 RETURNING id`,
        [re, caseIds],
      ],
      [
        `UPDATE case_events SET data = jsonb_set(data, '{reason}', to_jsonb(${cut(`data->>'reason'`)}))
          WHERE case_id = ANY($2::uuid[]) AND ${HAND_OVER_NOTE} AND data->>'reason' ~* $1
          RETURNING id`,
        [re, caseIds],
      ],
      [
        `UPDATE notifications SET subject = ${cut('subject')}, body = ${cut('body')}
          WHERE case_id = ANY($2::uuid[]) AND recipient_kind = 'staff' AND (subject ~* $1 OR body ~* $1) RETURNING id`,
        [re, caseIds],
      ],
      [
        `UPDATE inquiries SET message = ${cut('message')}
          WHERE client_id = ANY($2::uuid[]) AND contact_id IS DISTINCT FROM $3::uuid AND message ~* $1 RETURNING id`,
        [re, clientIds, contactId],
      ],
    ];
    let touched = 0;
    for (const [sql, params] of statements) touched += (await updateReturning(manager, sql, params)).length;
    return touched;
  }

  /** Reasons staff wrote when moving or handing over the cases (system events carry codes only). */
  private async eraseCaseNotes(manager: EntityManager, caseIds: string[]): Promise<number> {
    const stage = await updateReturning(
      manager,
      `UPDATE stage_events SET reason = $2
        WHERE case_id = ANY($1::uuid[]) AND actor_id IS NOT NULL AND reason IS NOT NULL AND reason <> $2 RETURNING id`,
      [caseIds, ERASED],
    );
    const handOvers = await updateReturning(
      manager,
      `UPDATE case_events SET data = jsonb_set(data, '{reason}', to_jsonb($2::text))
        WHERE case_id = ANY($1::uuid[]) AND ${HAND_OVER_NOTE} AND data->>'reason' <> $2 RETURNING id`,
      [caseIds, ERASED],
    );
    return stage.length + handOvers.length;
  }

  /**
   * Mail to the person loses address, subject and text (NotificationsService.eraseContact, plus any
   * investor mail linked only through an inquiry or case); unsent mail — waiting, or failed, which an
   * admin could otherwise send again — is cancelled and its outbox row dropped. Hand-over mail to staff about their cases quotes the reason: its text goes too.
   */
  private async eraseNotifications(
    manager: EntityManager,
    contactId: string,
    inquiryIds: string[],
    caseIds: string[],
  ): Promise<{ touched: number; cancelledIds: string[] }> {
    const investorMail = `recipient_kind = 'investor' AND (contact_id = $1 OR inquiry_id = ANY($2::uuid[]) OR case_id = ANY($3::uuid[]))`;
    const pending: Array<{ id: string }> = await manager.query(
      `SELECT id FROM notifications WHERE ${investorMail} AND status IN ('pending', 'failed') FOR UPDATE`,
      [contactId, inquiryIds, caseIds],
    );
    const [{ n }]: Array<{ n: number }> = await manager.query(
      `SELECT count(*)::int AS n FROM notifications WHERE ${investorMail} AND (recipient_email <> $4::text OR body <> $4::text)`,
      [contactId, inquiryIds, caseIds, ERASED],
    );
    await this.notifications.eraseContact(manager, contactId);
    await manager.query(
      `UPDATE notifications
          SET recipient_email = $4::text, subject = $4::text, body = $4::text,
              status = CASE WHEN status IN ('pending', 'failed') THEN 'cancelled' ELSE status END
        WHERE ${investorMail} AND (contact_id IS NULL OR contact_id <> $1)`,
      [contactId, inquiryIds, caseIds, ERASED],
    );
    const staff = await updateReturning(
      manager,
      `UPDATE notifications SET body = $2
        WHERE case_id = ANY($1::uuid[]) AND recipient_kind = 'staff' AND template = 'case_handover' AND body <> $2 RETURNING id`,
      [caseIds, ERASED],
    );
    const cancelledIds = pending.map((p) => p.id);
    await manager.query(
      `DELETE FROM outbox WHERE published_at IS NULL AND topic = $1 AND payload->>'notificationId' = ANY($2::text[])`,
      [JobName.SendNotification, cancelledIds],
    );
    return { touched: n + staff.length, cancelledIds };
  }

  private async scrubWebhookDeliveries(
    manager: EntityManager,
    caseIds: string[],
    inquiryIds: string[],
    rules: ScrubRules,
  ): Promise<number> {
    const rows: Array<{ id: string; payload: unknown }> = await manager.query(
      `SELECT id, payload FROM webhook_deliveries
        WHERE payload->'data'->>'caseId' = ANY($1::text[]) OR payload->'data'->>'inquiryId' = ANY($2::text[])
        FOR UPDATE`,
      [caseIds, inquiryIds],
    );
    let changed = 0;
    for (const row of rows) {
      const scrubbed = scrubJson(row.payload, rules);
      if (!scrubbed.changed) continue;
      await manager.query(`UPDATE webhook_deliveries SET payload = $2::jsonb WHERE id = $1`, [
        row.id,
        JSON.stringify(scrubbed.value),
      ]);
      changed++;
    }
    return changed;
  }

  /**
   * Audit entries about the contact, their inquiries, cases, activities and renamed clients lose
   * personal and free-text members and any string naming the person; any other entry that quotes
   * their email or phone loses those strings.
   */
  private async scrubAudit(
    manager: EntityManager,
    linked: { contactId: string; inquiryIds: string[]; caseIds: string[]; activityIds: string[]; clientIds: string[] },
    tokens: string[],
    distinctive: string[],
  ): Promise<number> {
    type AuditJson = { id: string; entity: string; before: unknown; after: unknown };
    const about: AuditJson[] = await manager.query(
      `SELECT id, entity, before, after FROM audit_entries
        WHERE (entity = 'contact' AND entity_id = $1)
           OR (entity = 'inquiry' AND entity_id = ANY($2::text[]))
           OR (entity = 'case' AND entity_id = ANY($3::text[]))
           OR (entity = 'activity' AND entity_id = ANY($4::text[]))
           OR (entity = 'client' AND entity_id = ANY($5::text[]))
        FOR UPDATE`,
      [linked.contactId, linked.inquiryIds, linked.caseIds, linked.activityIds, linked.clientIds],
    );
    // A merge's entry on the survivor shows the merged client as it was: for the person's own
    // individual client, the person. That part goes whole; the rest loses strings naming them.
    const merges: AuditJson[] = await manager.query(
      `SELECT id, entity, before, after FROM audit_entries
        WHERE action = 'client.merged' AND entity = 'client' AND after->>'mergedClientId' = ANY($1::text[])
          AND id <> ALL($2::bigint[])
        FOR UPDATE`,
      [linked.clientIds, about.map((a) => a.id)],
    );
    const patterns = distinctive.map((t) => `%${escapeLike(t)}%`);
    const quoting: AuditJson[] = patterns.length
      ? await manager.query(
          `SELECT id, entity, before, after FROM audit_entries
            WHERE id <> ALL($2::bigint[]) AND (before::text ILIKE ANY($1::text[]) OR after::text ILIKE ANY($1::text[]))
            FOR UPDATE`,
          [patterns, [...about, ...merges].map((a) => a.id)],
        )
      : [];
    let changed = 0;
    const rewrite = async (row: AuditJson, rules: ScrubRules) => {
      const before = scrubJson(row.before, rules);
      const after = scrubJson(row.after, rules);
      if (!before.changed && !after.changed) return;
      await manager.query(`UPDATE audit_entries SET before = $2::jsonb, after = $3::jsonb WHERE id = $1`, [
        row.id,
        row.before === null ? null : JSON.stringify(before.value),
        row.after === null ? null : JSON.stringify(after.value),
      ]);
      changed++;
    };
    for (const row of about)
      await rewrite(row, { tokens, keys: row.entity === 'client' ? CLIENT_KEYS : PERSONAL_KEYS });
    for (const row of merges) {
      const before = row.before as Record<string, unknown> | null;
      const merged = before && 'merged' in before ? scrubJson(before.merged, { tokens, keys: CLIENT_KEYS }) : null;
      const rest = scrubJson(merged?.changed ? { ...before, merged: merged.value } : before, { tokens });
      const after = scrubJson(row.after, { tokens });
      if (!merged?.changed && !rest.changed && !after.changed) continue;
      await manager.query(`UPDATE audit_entries SET before = $2::jsonb, after = $3::jsonb WHERE id = $1`, [
        row.id,
        JSON.stringify(rest.value),
        row.after === null ? null : JSON.stringify(after.value),
      ]);
      changed++;
    }
    for (const row of quoting) await rewrite(row, { tokens: distinctive });
    return changed;
  }

  /** Routing explanations hold detected facts and staff names only; scrubbed defensively all the same. */
  private async scrubRoutingDecisions(manager: EntityManager, inquiryIds: string[], tokens: string[]): Promise<void> {
    const rows: Array<{ id: string; explanation: unknown }> = await manager.query(
      `SELECT id, explanation FROM routing_decisions WHERE inquiry_id = ANY($1::uuid[]) FOR UPDATE`,
      [inquiryIds],
    );
    for (const row of rows) {
      const scrubbed = scrubJson(row.explanation, { tokens });
      if (scrubbed.changed) {
        await manager.query(`UPDATE routing_decisions SET explanation = $2::jsonb WHERE id = $1`, [
          row.id,
          JSON.stringify(scrubbed.value),
        ]);
      }
    }
  }

  /** After the commit: queued send-notification jobs of cancelled mail are removed (they hold ids only). */
  private async dropQueuedMail(notificationIds: string[]): Promise<void> {
    if (notificationIds.length === 0) return;
    const removal = Promise.all(
      notificationIds.map(async (id) => {
        const job = await this.notificationQueue.getJob(`notification:${id}`);
        if (job && ['waiting', 'delayed', 'paused'].includes(await job.getState())) await job.remove();
      }),
    ).catch((error: unknown) => {
      this.logger.warn(
        { err: error, count: notificationIds.length },
        'could not remove queued mail of an erased contact; the sender skips it',
      );
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, QUEUE_CLEANUP_TIMEOUT_MS);
      timer.unref();
    });
    await Promise.race([removal, timeout]);
    clearTimeout(timer);
  }
}
