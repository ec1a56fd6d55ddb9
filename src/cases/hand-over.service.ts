/**
 * Hand-over: moving a case to another consultant, back to the office queue, or (managers and
 * admins) to another office. Consultants hand over their own cases within their office, or take a
 * queued case of their office for themselves; managers assign within their office and may send a
 * case to another office; admins do anything.
 *
 * The target consultant must be active and work in the target office (422 otherwise). Load is
 * checked under the target office's assignment lock and the consultant's row lock, as routing does:
 * a consultant may not hand a case to a colleague who is at capacity or out of office (409), while a
 * manager or admin may, deliberately, and the event and audit entry record `overCapacity` /
 * `outOfOffice` so reports can see it.
 */
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@/audit/audit.service';
import type { Actor } from '@/common/auth.decorators';
import { StaleVersionError } from '@/common/domain-error';
import { OfficeEntity } from '@/offices/office.entity';
import { computeFirstResponseDue } from '@/sla/sla-calendar';
import { scheduleMovedCheck } from '@/sla/sla-check-job';
import { CaseEventsPublisher } from './case-hooks';
import { SqlParams } from '@/common/sql';
import { requireVersion } from './case-version';
import { CaseError } from './cases.errors';
import { CaseRow, CasesRepository } from './cases.repository';
import { AssignCaseDto, CaseView } from './dto/case.dto';
import { lockOfficeAssignments } from './locks';
import { QueueDrainService } from './queue-drain.service';
import { recordStaffAssignment } from './staff-assignment';

interface TargetConsultant {
  id: string;
  office_id: string | null;
  active: boolean;
  capacity: number;
  open_cases: number;
  out_of_office: boolean;
}

@Injectable()
export class HandOverService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CasesRepository,
    private readonly audit: AuditService,
    private readonly publisher: CaseEventsPublisher,
    private readonly queueDrain: QueueDrainService,
  ) {}

  async assign(actor: Actor, caseId: string, dto: AssignCaseDto, ifMatch?: string): Promise<CaseView> {
    const version = requireVersion(dto.version, ifMatch);
    const now = new Date();
    const { view, drain } = await this.dataSource.transaction(async (manager) => {
      const row = await this.cases.findRow(manager, actor, caseId);
      if (row.version !== version) throw new StaleVersionError('case', row.version);
      const toConsultant = dto.consultantId;
      const toOffice = dto.officeId ?? (await this.officeOf(manager, toConsultant)) ?? row.officeId;
      const officeFrom = dto.officeId === undefined ? 'consultantId' : 'officeId';
      this.assertMayAssign(actor, row, toOffice, toConsultant, officeFrom);
      if (toConsultant === row.consultantId && toOffice === row.officeId) throw CaseError.alreadyAssigned();
      if (toOffice !== row.officeId) await this.assertActiveOffice(manager, toOffice, officeFrom);

      await lockOfficeAssignments(manager, toOffice);
      const flags: Record<string, unknown> = toConsultant
        ? await this.checkTarget(manager, actor, row, toConsultant, toOffice, now)
        : {};
      const dueAt = toOffice !== row.officeId ? await this.deadlineIn(manager, row, toOffice) : null;

      const params = new SqlParams();
      await this.cases.updateVersioned(
        manager,
        caseId,
        version,
        [
          `consultant_id = ${params.add(toConsultant)}`,
          `office_id = ${params.add(toOffice)}`,
          `assigned_at = ${params.add(toConsultant ? now : null)}`,
          // The new office's deadline is the one the case arrives there with: its calendar changes
          // never move it earlier than this.
          ...(dueAt
            ? [`first_response_due_at = ${params.add(dueAt)}`, `first_response_given_due_at = ${params.add(dueAt)}`]
            : []),
        ],
        params,
      );
      if (dueAt) {
        await scheduleMovedCheck(manager, caseId, dueAt, now);
        flags.firstResponseDueAt = dueAt.toISOString();
      }
      if (toConsultant)
        await manager.query('UPDATE consultants SET last_assigned_at = $2 WHERE id = $1', [toConsultant, now]);
      const move = {
        fromConsultantId: row.consultantId,
        toConsultantId: toConsultant,
        fromOfficeId: row.officeId,
        toOfficeId: toOffice,
      };
      // One entry per office involved, so both offices' managers find it in their audit trail.
      for (const officeId of new Set([row.officeId, toOffice])) {
        await this.audit.record(manager, {
          actor,
          action: 'case.assigned',
          entity: 'case',
          entityId: caseId,
          officeId,
          before: { consultantId: row.consultantId, officeId: row.officeId, version: row.version },
          after: {
            consultantId: toConsultant,
            officeId: toOffice,
            version: row.version + 1,
            reason: dto.reason,
            ...flags,
          },
        });
      }
      await recordStaffAssignment(
        manager,
        this.publisher,
        { caseId, reference: row.reference, ...move, via: 'hand_over', actorId: actor.id, reason: dto.reason, at: now },
        flags,
      );

      // A freed consultant may take queued work; a case sent to a queue may find a free consultant.
      const drain = new Set<string>();
      if (row.stageCategory === 'open') {
        if (row.consultantId) drain.add(row.officeId);
        if (!toConsultant) drain.add(toOffice);
      }
      return { view: await this.cases.view(manager, null, caseId), drain };
    });
    for (const officeId of drain) await this.queueDrain.drainOfficeLogged(officeId);
    return view;
  }

  private assertMayAssign(
    actor: Actor,
    row: CaseRow,
    toOffice: string,
    toConsultant: string | null,
    officeFrom: 'officeId' | 'consultantId',
  ): void {
    if (actor.role !== 'consultant') return;
    if (toOffice !== row.officeId) throw CaseError.officeMoveForbidden(officeFrom);
    const ownCase = row.consultantId === actor.id;
    const claimsQueued = row.consultantId === null && toConsultant === actor.id;
    if (!ownCase && !claimsQueued) {
      throw CaseError.handOverForbidden(
        'Consultants hand over the cases assigned to them, or take a queued case for themselves.',
      );
    }
  }

  /**
   * A case moved to another office before anyone answered the investor gets that office's
   * first-response deadline: counted from the inquiry's arrival in the new office's business hours
   * and time zone, as if routing had sent it there, with its own check at the deadline; it is also
   * the deadline the case is given there, the floor of that office's later calendar changes. Null
   * when the deadline no longer matters (answered, already breached, closed).
   *
   * Answer and breach are read again under the case's row lock, which the write takes anyway: they
   * move no version, and one may have committed while this hand-over waited for the office lock
   * (an answered case would get a deadline it then missed; a breached one, another deadline).
   */
  private async deadlineIn(manager: EntityManager, row: CaseRow, officeId: string): Promise<Date | null> {
    if (row.stageCategory !== 'open') return null;
    const [c]: Array<{ received_at: Date; sla_breached: boolean; first_responded_at: Date | null }> =
      await manager.query(
        `SELECT i.created_at AS received_at, c.sla_breached, c.first_responded_at
           FROM cases c JOIN inquiries i ON i.id = c.inquiry_id
          WHERE c.id = $1
            FOR NO KEY UPDATE OF c`,
        [row.id],
      );
    if (!c || c.sla_breached || c.first_responded_at !== null) return null;
    const office = await manager.findOneByOrFail(OfficeEntity, { id: officeId });
    return computeFirstResponseDue(office, c.received_at);
  }

  /**
   * Without `officeId`, the case goes to the office of the consultant it is handed to (API.md's
   * hand-over names the consultant only): a manager or admin handing it to a colleague elsewhere
   * moves it there, a consultant is told they may not move cases between offices. Null: no such
   * consultant, or none named (the office queue of the case's own office).
   */
  private async officeOf(manager: EntityManager, consultantId: string | null): Promise<string | null> {
    if (consultantId === null) return null;
    const [found]: Array<{ office_id: string | null }> = await manager.query(
      'SELECT office_id FROM consultants WHERE id = $1',
      [consultantId],
    );
    return found?.office_id ?? null;
  }

  private async assertActiveOffice(
    manager: EntityManager,
    officeId: string,
    field: 'officeId' | 'consultantId',
  ): Promise<void> {
    const found: unknown[] = await manager.query('SELECT 1 FROM offices WHERE id = $1 AND active', [officeId]);
    if (found.length === 0) throw CaseError.unknownOffice(field);
  }

  /** Locks the target's row, then checks who they are and their load; returns what to record. */
  private async checkTarget(
    manager: EntityManager,
    actor: Actor,
    row: CaseRow,
    consultantId: string,
    officeId: string,
    now: Date,
  ): Promise<{ overCapacity?: true; outOfOffice?: true }> {
    const found: TargetConsultant[] = await manager.query(
      `SELECT u.id, u.office_id, u.active, u.capacity,
              (SELECT count(*) FROM cases oc JOIN stages os ON os.code = oc.stage_code AND os.category = 'open'
                WHERE oc.consultant_id = u.id)::int AS open_cases,
              EXISTS (SELECT 1 FROM out_of_office_periods p WHERE p.consultant_id = u.id AND p.starts_at <= $2 AND $2 < p.ends_at) AS out_of_office
         FROM consultants u WHERE u.id = $1 FOR NO KEY UPDATE OF u`,
      [consultantId, now],
    );
    const target = found[0];
    if (!target) throw CaseError.consultantNotEligible('does not name a staff user');
    if (!target.active) throw CaseError.consultantNotEligible('is not an active staff user');
    if (target.office_id !== officeId) throw CaseError.consultantNotEligible('does not work in the target office');

    const overCapacity = row.stageCategory === 'open' && target.open_cases >= target.capacity;
    if (actor.role === 'consultant' && overCapacity) throw CaseError.consultantUnavailable('is at capacity');
    if (actor.role === 'consultant' && target.out_of_office && target.id !== actor.id)
      throw CaseError.consultantUnavailable('is out of office');
    return {
      ...(overCapacity ? { overCapacity: true as const } : {}),
      ...(target.out_of_office ? { outOfOffice: true as const } : {}),
    };
  }
}
