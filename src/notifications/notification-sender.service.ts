/**
 * Sends one stored message. Idempotent: a message that is no longer `pending` is left alone, and
 * an office-queue alert whose case was assigned meanwhile, or staff mail to someone deactivated
 * since it was written, is cancelled, not sent.
 * Without SMTP_URL the message is marked `logged` and one line with ids only is logged.
 * A transient failure is rethrown for Bull to retry with backoff; a permanent one (SMTP 5xx, such
 * as an unknown mailbox) ends the message as `failed` with `permanentFailure`, never retried.
 */
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { AppConfig } from '@/config/app-config';
import { Clock } from '@/sla/clock';
import { NotificationEntity } from './notification.entity';

export const DEFAULT_MAIL_FROM = 'advisory-crm <no-reply@advisory-crm.invalid>';

export interface SendAttempt {
  /** 1 for the first try. */
  attempt: number;
  maxAttempts: number;
}

export type SendOutcome = 'sent' | 'logged' | 'retry' | 'failed' | 'skipped';

/** SMTP replies 5xx for permanent refusals (RFC 5321 §4.2.1); everything else may pass later. */
export function isPermanentSmtpFailure(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** What is kept of an error: the SMTP code and text without any address in it. */
export function describeSmtpError(error: unknown): string {
  const e = error as { responseCode?: number; code?: string; message?: string } | null;
  const text = (e?.message ?? String(error)).replace(/<?[^\s<>@]+@[^\s<>@]+>?/g, '[address]');
  return [e?.responseCode, e?.code, text]
    .filter((v) => v !== undefined && v !== '')
    .join(' ')
    .slice(0, 500);
}

export class TransientSendError extends Error {}

/**
 * An office-queue alert whose case has a consultant by the time it goes out — the queue drain
 * assigns a case handed back to the queue (or reopened, or left by a deactivated consultant) the
 * moment someone there is free — would ask the managers to assign what is assigned: it is
 * cancelled instead. SQL over the notification `n`.
 */
const ASSIGNED_MEANWHILE = `(n.template = 'office_queue'
  AND EXISTS (SELECT 1 FROM cases c WHERE c.id = n.case_id AND c.consultant_id IS NOT NULL))`;
const ASSIGNED_MEANWHILE_NOTE = 'not sent: the case was assigned before the alert went out';

/**
 * Staff mail written for someone deactivated since (a former employee), while it waited out an SMTP
 * outage or before an admin sent it again: cancelled too, as no staff mail is written to them.
 */
const RECIPIENT_DEACTIVATED = `EXISTS (SELECT 1 FROM consultants k WHERE k.id = n.recipient_consultant_id AND NOT k.active)`;
const RECIPIENT_DEACTIVATED_NOTE = 'not sent: the recipient was deactivated';
/** Why a pending message is cancelled instead of sent; null: it is sent. SQL over `n`. */
const NOT_SENT_NOTE = `CASE WHEN ${ASSIGNED_MEANWHILE} THEN $2::text WHEN ${RECIPIENT_DEACTIVATED} THEN $3::text END`;

@Injectable()
export class NotificationSender implements OnApplicationShutdown {
  private readonly logger = new Logger(NotificationSender.name);
  private readonly transport: Transporter | null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.transport = config.smtpUrl ? createTransport(config.smtpUrl) : null;
  }

  async send(notificationId: string, attempt: SendAttempt): Promise<SendOutcome> {
    const repo = this.dataSource.getRepository(NotificationEntity);
    if (!this.transport) {
      // Nothing to send it with: one statement marks a pending message logged (every routed
      // inquiry has two or more, so the read-then-update pair this replaces was worth saving).
      const [rows]: [Array<{ template: string; case_id: string | null; status: string }>, number] =
        await this.dataSource.query(
          `UPDATE notifications n
              SET status = CASE WHEN ${NOT_SENT_NOTE} IS NULL THEN 'logged' ELSE 'cancelled' END,
                  last_error = COALESCE(${NOT_SENT_NOTE}, last_error)
            WHERE n.id = $1 AND n.status = 'pending'
           RETURNING n.template, n.case_id, n.status`,
          [notificationId, ASSIGNED_MEANWHILE_NOTE, RECIPIENT_DEACTIVATED_NOTE],
        );
      const n = rows[0];
      if (!n || n.status === 'cancelled') return 'skipped';
      this.logger.log(
        { notificationId, template: n.template, caseId: n.case_id },
        'notification kept in the outbox (no SMTP_URL)',
      );
      return 'logged';
    }
    const n = await repo.findOne({ where: { id: notificationId } });
    if (!n || n.status !== 'pending') return 'skipped';
    if (n.template === 'office_queue' || n.recipientConsultantId) {
      const [, cancelled]: [unknown, number] = await this.dataSource.query(
        `UPDATE notifications n SET status = 'cancelled', last_error = ${NOT_SENT_NOTE}
          WHERE n.id = $1 AND n.status = 'pending' AND ${NOT_SENT_NOTE} IS NOT NULL`,
        [n.id, ASSIGNED_MEANWHILE_NOTE, RECIPIENT_DEACTIVATED_NOTE],
      );
      if (cancelled > 0) return 'skipped';
    }
    try {
      await this.transport.sendMail({
        from: this.config.mailFrom ?? DEFAULT_MAIL_FROM,
        ...(n.recipientKind === 'investor' ? { replyTo: await this.officeAddress(n) } : {}),
        to: n.recipientEmail,
        subject: n.subject,
        text: n.body,
        headers: { 'X-Notification-Id': n.id },
      });
      await repo.update(
        { id: n.id, status: 'pending' },
        { status: 'sent', sentAt: this.clock.now(), attempts: attempt.attempt, lastError: null },
      );
      return 'sent';
    } catch (error) {
      const permanent = isPermanentSmtpFailure(error);
      const last = permanent || attempt.attempt >= attempt.maxAttempts;
      await repo.update(
        { id: n.id, status: 'pending' },
        {
          status: last ? 'failed' : 'pending',
          attempts: attempt.attempt,
          lastError: describeSmtpError(error),
          permanentFailure: permanent,
        },
      );
      this.logger.warn({ notificationId: n.id, attempt: attempt.attempt, permanent }, 'notification not sent');
      return last ? 'failed' : 'retry';
    }
  }

  /**
   * Where an investor's answer goes: the sender is a no-reply address, and the acknowledgement asks
   * them to quote their reference when they write — to the office that has their case (its
   * address, when the office has one).
   */
  private async officeAddress(n: NotificationEntity): Promise<string | undefined> {
    const [office]: Array<{ email: string | null }> = await this.dataSource.query(
      `SELECT o.email FROM cases c JOIN offices o ON o.id = c.office_id
        WHERE c.id = $1 OR (c.inquiry_id = $2 AND $1::uuid IS NULL)
        LIMIT 1`,
      [n.caseId, n.inquiryId],
    );
    return office?.email ?? undefined;
  }

  /** After the queues closed (their jobs may still be sending until then). */
  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
