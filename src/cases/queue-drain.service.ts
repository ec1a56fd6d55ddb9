/**
 * Queue draining: cases waiting in an office queue go to consultants of that office as soon as one
 * is available (back from leave, a case closed, capacity raised, newly added), oldest case first.
 * Runs under the office's assignment lock (the one routing takes) with the candidates' rows locked,
 * so it never pushes anyone past capacity. Callers: case closes and hand-overs here, the consultants
 * service when someone becomes available, and the worker's sweep every minute.
 */
import { SELF_RETURNED_BY } from './assignment-history';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@/audit/audit.service';
import { CaseEventsPublisher } from './case-hooks';
import { SqlParams } from '@/common/sql';
import { CasesRepository } from './cases.repository';
import { lockOfficeAssignments } from './locks';
import { DrainCandidate, isAvailable, pickConsultant } from './queue-assignment';

export interface DrainAssignment {
  caseId: string;
  consultantId: string;
}

interface QueueRow {
  id: string;
  reference: string;
  service_lines: string[];
  version: number;
  language: string | null;
  returned_by: string | null;
}

@Injectable()
export class QueueDrainService {
  private readonly logger = new Logger(QueueDrainService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CasesRepository,
    private readonly audit: AuditService,
    private readonly publisher: CaseEventsPublisher,
  ) {}

  /** Assigns the office's queued open cases, oldest first, while anybody eligible is available. */
  drainOffice(officeId: string, now: Date = new Date()): Promise<DrainAssignment[]> {
    return this.dataSource.transaction(async (manager) => {
      await lockOfficeAssignments(manager, officeId);
      const queue = await this.queuedCases(manager, officeId);
      if (queue.length === 0) return [];
      const candidates = await this.candidates(manager, officeId, now);
      const done: DrainAssignment[] = [];
      for (const queued of queue) {
        if (!candidates.some(isAvailable)) break;
        const chosen = pickConsultant(candidates, {
          serviceLines: queued.service_lines,
          language: queued.language,
          excludedConsultantId: queued.returned_by,
        });
        if (!chosen) continue;
        await this.assign(manager, officeId, queued, chosen, now);
        chosen.openCases += 1;
        chosen.lastAssignedAt = now;
        done.push({ caseId: queued.id, consultantId: chosen.id });
      }
      return done;
    });
  }

  /** Drains every office that has queued open cases; one office failing does not stop the others. */
  async drainAll(now: Date = new Date()): Promise<DrainAssignment[]> {
    const offices: Array<{ office_id: string }> = await this.dataSource.query(
      `SELECT DISTINCT c.office_id FROM cases c JOIN stages s ON s.code = c.stage_code AND s.category = 'open'
        WHERE c.consultant_id IS NULL ORDER BY c.office_id`,
    );
    const all: DrainAssignment[] = [];
    for (const { office_id } of offices) {
      all.push(...(await this.drainOfficeLogged(office_id, now)));
    }
    return all;
  }

  /** For callers that trigger a drain after their own commit: a failure is logged, the sweep retries. */
  async drainOfficeLogged(officeId: string, now: Date = new Date()): Promise<DrainAssignment[]> {
    try {
      return await this.drainOffice(officeId, now);
    } catch (error) {
      this.logger.error({ err: error, officeId }, 'queue drain failed; the next sweep retries');
      return [];
    }
  }

  private queuedCases(manager: EntityManager, officeId: string): Promise<QueueRow[]> {
    // Only a consultant who handed the case back themselves is passed over (SELF_RETURNED_BY): a
    // case a manager sent to the queue, or the system returned (its consultant deactivated, its
    // holder gone when it reopened), may go to anyone — the same consultant included, back from
    // leave or reactivated, or the only one there is.
    return manager.query(
      `SELECT c.id, c.reference, c.service_lines, c.version,
              COALESCE(i.detected->>'language', i.preferred_language) AS language,
              ${SELF_RETURNED_BY('c')} AS returned_by
         FROM cases c
         JOIN stages s ON s.code = c.stage_code AND s.category = 'open'
         JOIN inquiries i ON i.id = c.inquiry_id
        WHERE c.office_id = $1 AND c.consultant_id IS NULL
        ORDER BY c.created_at, c.id
          FOR UPDATE OF c SKIP LOCKED`,
      [officeId],
    );
  }

  /**
   * Active consultants of the office not out of office at `now`, with their open-case load, rows
   * locked. Managers are left out: they are alerted to their queue and hand work out themselves.
   */
  private async candidates(manager: EntityManager, officeId: string, now: Date): Promise<DrainCandidate[]> {
    const rows: Array<{
      id: string;
      capacity: number;
      languages: string[];
      service_lines: string[];
      last_assigned_at: Date | null;
      open_cases: number;
    }> = await manager.query(
      `SELECT u.id, u.capacity, u.languages, u.last_assigned_at,
              ARRAY(SELECT x.service_line_code FROM consultant_service_lines x WHERE x.consultant_id = u.id)::text[] AS service_lines,
              (SELECT count(*) FROM cases oc JOIN stages os ON os.code = oc.stage_code AND os.category = 'open'
                WHERE oc.consultant_id = u.id)::int AS open_cases
         FROM consultants u
        WHERE u.office_id = $1 AND u.active AND u.role = 'consultant'
          AND NOT EXISTS (SELECT 1 FROM out_of_office_periods p
                           WHERE p.consultant_id = u.id AND p.starts_at <= $2 AND $2 < p.ends_at)
        ORDER BY u.id
          FOR NO KEY UPDATE OF u`,
      [officeId, now],
    );
    return rows.map((r) => ({
      id: r.id,
      capacity: r.capacity,
      openCases: r.open_cases,
      languages: r.languages,
      serviceLines: r.service_lines,
      lastAssignedAt: r.last_assigned_at,
    }));
  }

  private async assign(
    manager: EntityManager,
    officeId: string,
    queued: QueueRow,
    chosen: DrainCandidate,
    now: Date,
  ): Promise<void> {
    const params = new SqlParams();
    await this.cases.updateVersioned(
      manager,
      queued.id,
      queued.version,
      [`consultant_id = ${params.add(chosen.id)}`, `assigned_at = ${params.add(now)}`],
      params,
    );
    await manager.query('UPDATE consultants SET last_assigned_at = $2 WHERE id = $1', [chosen.id, now]);
    const data = {
      via: 'queue_drain',
      fromConsultantId: null,
      toConsultantId: chosen.id,
      fromOfficeId: officeId,
      toOfficeId: officeId,
      reason: null,
      by: null,
    };
    await manager.query(
      `INSERT INTO case_events (case_id, kind, actor_id, data) VALUES ($1, 'assigned', NULL, $2::jsonb)`,
      [queued.id, JSON.stringify(data)],
    );
    await this.audit.record(manager, {
      actor: null,
      action: 'case.auto_assigned',
      entity: 'case',
      entityId: queued.id,
      officeId,
      before: { consultantId: null, version: queued.version },
      after: { consultantId: chosen.id, version: queued.version + 1, via: 'queue_drain' },
    });
    await this.publisher.assigned(manager, {
      caseId: queued.id,
      reference: queued.reference,
      fromOfficeId: officeId,
      toOfficeId: officeId,
      fromConsultantId: null,
      toConsultantId: chosen.id,
      via: 'queue_drain',
      actorId: null,
      reason: null,
      at: now,
    });
  }
}
