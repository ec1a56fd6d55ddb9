/**
 * Retention: personal data of inquiries that did not lead to business is not kept for ever.
 *
 * - Spam is anonymized 30 days after it arrived (long enough to release a false positive), or
 *   after RETENTION_DAYS when that is shorter: a bot's text never outlives genuine inquiries.
 * - Any other inquiry is anonymized RETENTION_DAYS (default 730) after it arrived unless its case
 *   (for a duplicate, the case of the inquiry it repeats) ever reached a won stage (`engaged`), or
 *   is still open and was worked on within the period.
 * - A contact left with nothing but anonymized inquiries and no such case is then erased as a whole
 *   (ErasureService: contact, notes on their cases, mail, payloads, audit), one transaction each.
 *
 * The worker runs `sweep` daily; tests call it with any `now`. Batches keep transactions short.
 */
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '@/audit/audit.service';
import { AppConfig } from '@/config/app-config';
import { anonymizeInquiries } from './anonymize';
import { ErasureService } from './erasure.service';

export const SPAM_RETENTION_DAYS = 30;
const BATCH = 500;
const DAY_MS = 86_400_000;

export interface RetentionResult {
  spamAnonymized: number;
  inquiriesAnonymized: number;
  contactsErased: number;
}

/** A case that still matters: it ever reached a won stage, or it is open and was touched since `$1`. */
const CASE_STILL_MATTERS = `(
  EXISTS (SELECT 1 FROM stages s WHERE s.code = c.stage_code AND s.category = 'won')
  OR EXISTS (SELECT 1 FROM stage_events se JOIN stages s ON s.code = se.to_stage WHERE se.case_id = c.id AND s.category = 'won')
  OR (EXISTS (SELECT 1 FROM stages s WHERE s.code = c.stage_code AND s.category = 'open')
      AND (c.updated_at >= $1 OR EXISTS (SELECT 1 FROM activities a WHERE a.case_id = c.id AND a.created_at >= $1)))
)`;

@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly erasure: ErasureService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async sweep(now: Date): Promise<RetentionResult> {
    const cutoff = new Date(now.getTime() - this.config.retentionDays * DAY_MS);
    const spamDays = Math.min(SPAM_RETENTION_DAYS, this.config.retentionDays);
    const spamCutoff = new Date(now.getTime() - spamDays * DAY_MS);
    const result: RetentionResult = { spamAnonymized: 0, inquiriesAnonymized: 0, contactsErased: 0 };

    result.spamAnonymized = await this.inBatches(
      `SELECT i.id FROM inquiries i
        WHERE i.anonymized_at IS NULL AND i.status = 'spam' AND i.created_at < $1
        ORDER BY i.created_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      [spamCutoff],
      now,
    );
    result.inquiriesAnonymized = await this.inBatches(
      `SELECT i.id FROM inquiries i
        WHERE i.anonymized_at IS NULL AND i.status <> 'spam' AND i.created_at < $1
          AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.inquiry_id = COALESCE(i.duplicate_of_id, i.id) AND ${CASE_STILL_MATTERS})
        ORDER BY i.created_at LIMIT ${BATCH} FOR UPDATE OF i SKIP LOCKED`,
      [cutoff],
      now,
    );

    // Contacts whose every inquiry is anonymized now and who have no case that still matters.
    for (;;) {
      const contacts: Array<{ id: string }> = await this.dataSource.query(
        `SELECT k.id FROM contacts k
          WHERE k.erased_at IS NULL
            AND EXISTS (SELECT 1 FROM inquiries i WHERE i.contact_id = k.id)
            AND NOT EXISTS (SELECT 1 FROM inquiries i WHERE i.contact_id = k.id AND i.anonymized_at IS NULL)
            AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.contact_id = k.id AND ${CASE_STILL_MATTERS})
          ORDER BY k.created_at LIMIT ${BATCH}`,
        [cutoff],
      );
      for (const { id } of contacts) {
        await this.dataSource.transaction((manager) => this.erasure.eraseIn(manager, null, id));
        result.contactsErased++;
      }
      if (contacts.length < BATCH) break;
    }

    if (result.spamAnonymized + result.inquiriesAnonymized + result.contactsErased > 0) {
      await this.audit.record(this.dataSource.manager, {
        actor: null,
        action: 'privacy.retention_applied',
        entity: 'privacy',
        entityId: now.toISOString(),
        after: {
          ...result,
          retentionDays: this.config.retentionDays,
          cutoff: cutoff.toISOString(),
          spamCutoff: spamCutoff.toISOString(),
        },
      });
      this.logger.log({ ...result }, 'retention applied');
    }
    return result;
  }

  /** Anonymizes the inquiries `select` picks, batch by batch, each batch in its own transaction. */
  private async inBatches(select: string, params: unknown[], now: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const done = await this.dataSource.transaction(async (manager) => {
        const rows: Array<{ id: string }> = await manager.query(select, params);
        return anonymizeInquiries(
          manager,
          rows.map((r) => r.id),
          now,
        );
      });
      total += done;
      if (done < BATCH) return total;
    }
  }
}
