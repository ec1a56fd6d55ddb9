/**
 * The first-response SLA: the deadline when a case is routed, a delayed CheckSla job at that
 * deadline, and a sweep every minute for anything the job missed. A breach is one transaction:
 * flag (idempotent UPDATE … WHERE NOT sla_breached), case event, audit entry, alerts to the
 * consultant and the office managers, the `case.sla_breached` webhook and, where the office has
 * `reassignOnBreach`, a re-route inside the office under the routing lock.
 */
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@/audit/audit.service';
import { HOLDER_AT_DEADLINE, SELF_RETURNED_BY } from '@/cases/assignment-history';
import { lockOfficeAssignments } from '@/cases/locks';
import { NotificationsService } from '@/notifications/notifications.service';
import { selectConsultant } from '@/routing/consultant-selection';
import { loadPolicyConsultants } from '@/routing/routing.repository';
import type { Language, PolicyConsultant } from '@/routing/routing.types';
import { WebhooksService } from '@/webhooks/webhooks.service';
import { OfficeEntity } from '@/offices/office.entity';
import { Clock } from './clock';
import { computeFirstResponseDue } from './sla-calendar';
import { scheduleCheckAt } from './sla-check-job';

export type SlaCheckOutcome = 'breached' | 'not_breached' | 'missing';
export type BreachSource = 'job' | 'sweep';

interface BreachedCase {
  id: string;
  reference: string;
  office_id: string;
  consultant_id: string | null;
  inquiry_id: string;
  service_lines: string[];
  first_response_due_at: Date;
  assigned_at: Date | null;
  /** A consultant who handed the case back to the queue themselves (SELF_RETURNED_BY). */
  returned_by: string | null;
}

export { checkJobId, checkOutboxRow } from './sla-check-job';

/**
 * Reassign-on-breach takes a case from the consultant who let its deadline pass — or gives a
 * queued one to someone. A consultant given the case when the deadline had already gone (a
 * manager's hand-over to another office recounts it from the arrival, say) let nothing pass:
 * the breach is recorded, and the case stays with whom the manager chose.
 */
function letItPass(c: BreachedCase): boolean {
  return c.consultant_id === null || c.assigned_at === null || c.assigned_at < c.first_response_due_at;
}

/** TypeORM answers UPDATE … RETURNING as [rows, count]. */
async function updateReturning<T>(manager: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const result = (await manager.query(sql, params)) as [T[], number];
  return result[0];
}

@Injectable()
export class SlaService {
  private readonly logger = new Logger(SlaService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly webhooks: WebhooksService,
  ) {}

  /**
   * Sets the case's first-response deadline from its office's calendar — the deadline it is given
   * there, too — and schedules the check, in the caller's transaction. Returns the deadline.
   */
  async startFirstResponseClock(manager: EntityManager, caseId: string, receivedAt: Date): Promise<Date> {
    const [row]: Array<{ office_id: string }> = await manager.query(`SELECT office_id FROM cases WHERE id = $1`, [
      caseId,
    ]);
    if (!row) throw new Error(`startFirstResponseClock: no case ${caseId}`);
    const dueAt = await this.firstResponseDue(manager, row.office_id, receivedAt);
    await manager.query(`UPDATE cases SET first_response_due_at = $2, first_response_given_due_at = $2 WHERE id = $1`, [
      caseId,
      dueAt,
    ]);
    await this.scheduleCheck(manager, caseId, dueAt);
    return dueAt;
  }

  /**
   * The first-response deadline of an inquiry received at `receivedAt` for a case in the office.
   * Routing computes it before it inserts the case, writes it with the case and then calls
   * scheduleCheck: two statements fewer in the routing transaction than startFirstResponseClock.
   */
  async firstResponseDue(manager: EntityManager, officeId: string, receivedAt: Date): Promise<Date> {
    const office = await manager.findOneByOrFail(OfficeEntity, { id: officeId });
    return computeFirstResponseDue(office, receivedAt);
  }

  /**
   * Schedules the CheckSla job for `dueAt`: an outbox row that becomes available at the deadline,
   * so the relay hands the job to Bull exactly when it is due. Waiting in Postgres rather than as
   * a long Bull delay means a Redis flush or restart cannot lose it. One job per case and deadline.
   */
  async scheduleCheck(manager: EntityManager, caseId: string, dueAt: Date): Promise<void> {
    await scheduleCheckAt(manager, caseId, dueAt);
  }

  /**
   * Breaches the case if it is still open, unanswered and past due at `now`, and was not breached
   * before. Safe to run any number of times, concurrently too: one breach at most.
   */
  async checkCase(
    caseId: string,
    now: Date = this.clock.now(),
    source: BreachSource = 'job',
  ): Promise<SlaCheckOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const [target]: Array<{ office_id: string; reassign_on_breach: boolean }> = await manager.query(
        `SELECT c.office_id, o.reassign_on_breach FROM cases c JOIN offices o ON o.id = c.office_id WHERE c.id = $1`,
        [caseId],
      );
      if (!target) return 'missing';
      // Lock before touching the case row: routing and queue draining take this lock first too.
      if (target.reassign_on_breach) await lockOfficeAssignments(manager, target.office_id);
      const [breached] = await updateReturning<BreachedCase>(
        manager,
        `UPDATE cases c SET sla_breached = true, breached_under_id = ${HOLDER_AT_DEADLINE('c')}, breached_office_id = c.office_id,
               updated_at = now()
           FROM stages s
          WHERE c.id = $1 AND s.code = c.stage_code AND s.category = 'open'
            AND NOT c.sla_breached AND c.first_responded_at IS NULL
            AND c.first_response_due_at IS NOT NULL AND c.first_response_due_at <= $2
         RETURNING c.id, c.reference, c.office_id, c.consultant_id, c.inquiry_id, c.service_lines, c.first_response_due_at,
                   c.assigned_at, ${SELF_RETURNED_BY('c')} AS returned_by`,
        [caseId, now],
      );
      if (!breached) return 'not_breached';
      // Who takes the case over (ROUTING.md §5 inside the office) is chosen before the alerts go
      // out, so they tell the consultant who let it pass where it went rather than to act on it.
      const replacement =
        target.reassign_on_breach && breached.office_id === target.office_id && letItPass(breached)
          ? await this.replacementFor(manager, breached, now)
          : null;
      await this.recordBreach(manager, breached, now, source, replacement);
      if (replacement) await this.reassign(manager, breached, replacement, now);
      return 'breached';
    });
  }

  /** Every open, unanswered case past due at `now` that is not flagged yet (partial index ix_cases_sla_due). */
  async sweep(now: Date = this.clock.now(), batch = 200): Promise<number> {
    let breached = 0;
    for (;;) {
      const due: Array<{ id: string }> = await this.dataSource.query(
        `SELECT c.id FROM cases c JOIN stages s ON s.code = c.stage_code
          WHERE c.first_responded_at IS NULL AND NOT c.sla_breached
            AND c.first_response_due_at <= $1 AND s.category = 'open'
          ORDER BY c.first_response_due_at, c.id
          LIMIT $2`,
        [now, batch],
      );
      let progressed = 0;
      for (const { id } of due) {
        try {
          if ((await this.checkCase(id, now, 'sweep')) === 'breached') progressed++;
        } catch (error) {
          this.logger.error({ err: error, caseId: id }, 'SLA check failed in the sweep');
        }
      }
      breached += progressed;
      // A batch that breached nothing (errors, races) would be read again: stop and leave it to the next sweep.
      if (due.length < batch || progressed === 0) return breached;
    }
  }

  private async recordBreach(
    manager: EntityManager,
    c: BreachedCase,
    now: Date,
    source: BreachSource,
    replacement: PolicyConsultant | null,
  ): Promise<void> {
    const dueAt = new Date(c.first_response_due_at).toISOString();
    await manager.query(
      `INSERT INTO case_events (case_id, kind, actor_id, data, created_at) VALUES ($1, 'sla_breached', NULL, $2::jsonb, $3)`,
      [c.id, JSON.stringify({ dueAt, consultantId: c.consultant_id, officeId: c.office_id, detectedBy: source }), now],
    );
    await this.audit.record(manager, {
      actor: null,
      action: 'case.sla_breached',
      entity: 'case',
      entityId: c.id,
      officeId: c.office_id,
      before: { slaBreached: false },
      after: { slaBreached: true, firstResponseDueAt: dueAt, consultantId: c.consultant_id },
    });
    await this.notifications.notifySlaBreach(manager, c.id, replacement?.name ?? null);
    await this.webhooks.emit(manager, 'case.sla_breached', {
      caseId: c.id,
      reference: c.reference,
      officeId: c.office_id,
      consultantId: c.consultant_id,
      firstResponseDueAt: dueAt,
    });
  }

  /** ROUTING.md §5 inside the case's office, without the consultant who let the deadline pass; null: nobody. */
  private async replacementFor(manager: EntityManager, c: BreachedCase, now: Date): Promise<PolicyConsultant | null> {
    // Not who let it pass, nor who handed a queued case back themselves (as the queue drain).
    const consultants = (await loadPolicyConsultants(manager, [c.office_id], now)).filter(
      (k) => k.id !== c.consultant_id && k.id !== c.returned_by,
    );
    const [inquiry]: Array<{ language: string | null }> = await manager.query(
      `SELECT COALESCE(detected->>'language', preferred_language) AS language FROM inquiries WHERE id = $1`,
      [c.inquiry_id],
    );
    const language = (inquiry?.language ?? 'en') as Language;
    const { winner } = selectConsultant(consultants, { language, serviceLines: c.service_lines }, now);
    if (!winner) {
      this.logger.log(
        { caseId: c.id, officeId: c.office_id },
        'SLA breach: nobody else available in the office, case stays',
      );
      return null;
    }
    return winner;
  }

  /**
   * Hands the case to `winner`: event, audit, their assignment mail and the webhook. The consultant
   * who lost it learns where it went from the breach alert (recordBreach).
   */
  private async reassign(manager: EntityManager, c: BreachedCase, winner: PolicyConsultant, now: Date): Promise<void> {
    await manager.query(
      `UPDATE cases SET consultant_id = $2, assigned_at = $3, version = version + 1, updated_at = now() WHERE id = $1`,
      [c.id, winner.id, now],
    );
    await manager.query(`UPDATE consultants SET last_assigned_at = $2 WHERE id = $1`, [winner.id, now]);
    const change = {
      fromConsultantId: c.consultant_id,
      toConsultantId: winner.id,
      officeId: c.office_id,
      reason: 'sla_breach',
    };
    await manager.query(
      `INSERT INTO case_events (case_id, kind, actor_id, data, created_at) VALUES ($1, 'sla_reassigned', NULL, $2::jsonb, $3)`,
      [c.id, JSON.stringify(change), now],
    );
    await this.audit.record(manager, {
      actor: null,
      action: 'case.sla_reassigned',
      entity: 'case',
      entityId: c.id,
      officeId: c.office_id,
      before: { consultantId: c.consultant_id },
      after: { consultantId: winner.id, reason: 'sla_breach' },
    });
    await this.notifications.notifyAssignment(manager, c.id, c.consultant_id ? 'sla_breach' : 'sla_breach_queue');
    await this.webhooks.emit(manager, 'case.assigned', {
      caseId: c.id,
      reference: c.reference,
      officeId: c.office_id,
      consultantId: winner.id,
      previousOfficeId: c.office_id,
      previousConsultantId: c.consultant_id,
      reason: 'sla_breach',
    });
  }
}
