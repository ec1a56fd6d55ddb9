/**
 * The one writer of case stages. It loads the case and the stages, asks the transition table
 * (`checkStageMove`), then in one transaction updates the case `WHERE id AND version`, writes the
 * stage event, stamps the first response, the audit entry, the engagement hook and the outbound
 * event. A case that closes frees its consultant, so the office queue is drained after commit.
 */
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@/audit/audit.service';
import type { Actor } from '@/common/auth.decorators';
import { StaleVersionError } from '@/common/domain-error';
import { CaseEventsPublisher, CaseLifecycleHooks } from './case-hooks';
import { checkStageMove, closingSets, Money, Stage } from './case-pipeline';
import { SqlParams } from '@/common/sql';
import { mayWorkOn } from './case-scope';
import { requireVersion } from './case-version';
import { CaseError } from './cases.errors';
import { CaseRow, CasesRepository } from './cases.repository';
import { CaseView, StageMoveDto } from './dto/case.dto';
import { lockOfficeAssignments } from './locks';
import { QueueDrainService } from './queue-drain.service';
import { recordStaffAssignment } from './staff-assignment';

const snapshot = (v: CaseView) => ({
  stage: v.stage,
  lostReason: v.lostReason,
  estimatedValue: v.estimatedValue,
  firstRespondedAt: v.firstRespondedAt,
  closedAt: v.closedAt,
  version: v.version,
});

@Injectable()
export class CasePipelineService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CasesRepository,
    private readonly audit: AuditService,
    private readonly hooks: CaseLifecycleHooks,
    private readonly publisher: CaseEventsPublisher,
    private readonly queueDrain: QueueDrainService,
  ) {}

  async moveToStage(actor: Actor, caseId: string, dto: StageMoveDto, ifMatch?: string): Promise<CaseView> {
    const version = requireVersion(dto.version, ifMatch);
    const now = new Date();
    const { view, freedOffice } = await this.dataSource.transaction(async (manager) => {
      const row = await this.cases.findRow(manager, actor, caseId);
      if (!mayWorkOn(actor, row.consultantId)) throw CaseError.notAssignedToYou();
      if (row.version !== version) throw new StaleVersionError('case', row.version);

      const stages = await this.stages(manager);
      const from = stages.get(row.stageCode);
      if (!from) throw new Error(`case ${caseId} is in unknown stage ${row.stageCode}`);
      const to = stages.get(dto.stage);
      const lostReason = dto.lostReason === '' ? null : (dto.lostReason ?? null);
      const result = checkStageMove({
        from,
        to,
        actorRole: actor.role,
        lostReason,
        estimatedValue: dto.estimatedValue ?? currentValue(row),
      });
      if (!result.ok) throw CaseError.fromStageMove(result.error);
      const target = to as Stage;
      const { effects } = result;

      const before = await this.cases.view(manager, actor, caseId);
      const params = new SqlParams();
      const sets = [
        `stage_code = ${params.add(target.code)}`,
        `lost_reason = ${params.add(target.category === 'lost' ? lostReason : null)}`,
      ];
      sets.push(...closingSets(effects, () => params.add(now)));
      const { requeue, overCapacity } =
        effects.reopens && row.consultantId
          ? await this.reopenedHolder(manager, row)
          : { requeue: null, overCapacity: false };
      if (requeue) sets.push('consultant_id = NULL', 'assigned_at = NULL');
      if (dto.estimatedValue) {
        sets.push(
          `estimated_value = ${params.add(dto.estimatedValue.amount)}::numeric`,
          `currency = ${params.add(dto.estimatedValue.currency)}`,
        );
      }
      await this.cases.updateVersioned(manager, caseId, version, sets, params);
      await manager.query(
        `INSERT INTO stage_events (case_id, from_stage, to_stage, actor_id, reason) VALUES ($1, $2, $3, $4, $5)`,
        [caseId, from.code, target.code, actor.id, dto.reason ?? null],
      );
      if (effects.setsFirstResponse) {
        await this.cases.markFirstResponse(manager, caseId, now, actor.id, { via: 'stage', stage: target.code });
      }
      if (target.category === 'won' && from.category !== 'won') await this.hooks.onEngaged(manager, caseId);
      if (requeue) {
        await recordStaffAssignment(manager, this.publisher, {
          caseId,
          reference: row.reference,
          fromConsultantId: row.consultantId,
          toConsultantId: null,
          fromOfficeId: row.officeId,
          toOfficeId: row.officeId,
          via: 'hand_over',
          actorId: actor.id,
          reason: requeue,
          at: now,
        });
      }

      const after = await this.cases.view(manager, null, caseId);
      await this.audit.record(manager, {
        actor,
        action: 'case.stage_changed',
        entity: 'case',
        entityId: caseId,
        officeId: row.officeId,
        before: snapshot(before),
        after: { ...snapshot(after), reason: dto.reason ?? null, ...(overCapacity ? { overCapacity: true } : {}) },
      });
      await this.publisher.stageChanged(manager, {
        caseId,
        reference: row.reference,
        officeId: row.officeId,
        // Who holds the case after the move: a reopened case whose consultant is gone is in the queue.
        consultantId: requeue ? null : row.consultantId,
        fromStage: from.code,
        toStage: target.code,
        actorId: actor.id,
        at: now,
      });
      return {
        view: after,
        freedOffice: (effects.closes && row.consultantId) || requeue ? row.officeId : null,
      };
    });
    if (freedOffice) await this.queueDrain.drainOfficeLogged(freedOffice);
    return view;
  }

  /**
   * A reopened case goes back to the consultant who had it — unless they no longer can take it:
   * deactivated, or moved to another office meanwhile (closed cases do not hold a move back). Then
   * it goes to its office's queue, to be drained to someone available. Answers the reason (null:
   * they keep it) and whether that takes them past their capacity. Under the office's assignment
   * lock, as every assignment is.
   */
  private async reopenedHolder(
    manager: EntityManager,
    row: CaseRow,
  ): Promise<{ requeue: string | null; overCapacity: boolean }> {
    await lockOfficeAssignments(manager, row.officeId);
    const [holder]: Array<{ active: boolean; office_id: string | null; capacity: number }> = await manager.query(
      `SELECT active, office_id, capacity FROM consultants WHERE id = $1 FOR NO KEY UPDATE`,
      [row.consultantId],
    );
    if (!holder || !holder.active)
      return { requeue: 'reopened: its consultant is no longer active', overCapacity: false };
    if (holder.office_id !== row.officeId)
      return { requeue: 'reopened: its consultant now works in another office', overCapacity: false };
    // Reopening is a manager's or admin's call, as handing work to someone full is: it stands, and
    // the audit entry says so (`overCapacity`), as a hand-over's does.
    const [load]: Array<{ open: number }> = await manager.query(
      `SELECT count(*)::int AS open FROM cases c JOIN stages s ON s.code = c.stage_code AND s.category = 'open'
        WHERE c.consultant_id = $1`,
      [row.consultantId],
    );
    return { requeue: null, overCapacity: load.open >= holder.capacity };
  }

  private async stages(manager: EntityManager): Promise<Map<string, Stage>> {
    const rows: Stage[] = await manager.query('SELECT code, name, position, probability, category FROM stages');
    return new Map(rows.map((s) => [s.code, s]));
  }
}

function currentValue(row: CaseRow): Money | null {
  return row.estimatedValue !== null && row.currency !== null
    ? { amount: row.estimatedValue, currency: row.currency }
    : null;
}
