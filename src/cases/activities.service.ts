/**
 * Notes, calls, emails, meetings and tasks on a case. Anyone who can see a case sees its activities
 * (in the timeline); consultants log them on the cases assigned to them, and only the author, a
 * manager or an admin edits one. An outbound call, email or meeting is the case's first response.
 */
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@/audit/audit.service';
import type { Actor } from '@/common/auth.decorators';
import { NotFoundError } from '@/common/domain-error';
import { ActivityType } from './activity.entity';
import { countsAsFirstResponse } from './case-pipeline';
import { mayWorkOn } from './case-scope';
import { CaseError } from './cases.errors';
import { CasesRepository } from './cases.repository';
import { ActivityView, CreateActivityDto, UpdateActivityDto } from './dto/activity.dto';

const DIRECTED: ReadonlySet<string> = new Set(['call', 'email', 'meeting']);

interface ActivityRow {
  id: string;
  case_id: string;
  type: ActivityType;
  direction: 'inbound' | 'outbound' | null;
  body: string;
  due_at: Date | null;
  completed_at: Date | null;
  author_id: string | null;
  author_name: string | null;
  created_at: Date;
  updated_at: Date;
}

const toView = (r: ActivityRow): ActivityView => ({
  id: r.id,
  caseId: r.case_id,
  type: r.type,
  direction: r.direction,
  body: r.body,
  dueAt: r.due_at?.toISOString() ?? null,
  completedAt: r.completed_at?.toISOString() ?? null,
  author: r.author_id && r.author_name !== null ? { id: r.author_id, fullName: r.author_name } : null,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

/** What the audit keeps of an activity: no body text, which may hold personal data. */
const auditable = (v: ActivityView) => ({
  caseId: v.caseId,
  type: v.type,
  direction: v.direction,
  bodyLength: v.body.length,
  dueAt: v.dueAt,
  completedAt: v.completedAt,
});

@Injectable()
export class ActivitiesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CasesRepository,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, caseId: string, dto: CreateActivityDto): Promise<ActivityView> {
    if (dto.direction !== undefined && !DIRECTED.has(dto.type)) {
      throw CaseError.activityFieldNotAllowed('direction', 'is only for calls, emails and meetings');
    }
    assertTaskFields(dto.type, dto);
    const now = new Date();
    return this.dataSource.transaction(async (manager) => {
      const row = await this.cases.findRow(manager, actor, caseId);
      if (!mayWorkOn(actor, row.consultantId)) throw CaseError.notAssignedToYou();
      const [{ id }]: Array<{ id: string }> = await manager.query(
        `INSERT INTO activities (case_id, author_id, type, direction, body, due_at, completed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [caseId, actor.id, dto.type, dto.direction ?? null, dto.body, dto.dueAt ?? null, dto.completedAt ?? null],
      );
      const firstResponse =
        countsAsFirstResponse({ type: dto.type, direction: dto.direction ?? null }) &&
        (await this.cases.markFirstResponse(manager, caseId, now, actor.id, {
          via: 'activity',
          activityId: id,
          type: dto.type,
        }));
      const view = await this.view(manager, id);
      await this.audit.record(manager, {
        actor,
        action: 'activity.created',
        entity: 'activity',
        entityId: id,
        officeId: row.officeId,
        after: { ...auditable(view), firstResponse },
      });
      return view;
    });
  }

  async update(actor: Actor, caseId: string, activityId: string, dto: UpdateActivityDto): Promise<ActivityView> {
    if (dto.body === undefined && dto.dueAt === undefined && dto.completedAt === undefined)
      throw CaseError.nothingToChange();
    return this.dataSource.transaction(async (manager) => {
      const row = await this.cases.findRow(manager, actor, caseId);
      const current: Array<{ type: ActivityType; author_id: string | null }> = await manager.query(
        'SELECT type, author_id FROM activities WHERE id = $1 AND case_id = $2 FOR UPDATE',
        [activityId, caseId],
      );
      if (current.length === 0) throw new NotFoundError('activity', activityId);
      if (actor.role === 'consultant' && current[0].author_id !== actor.id) {
        // The case's consultant works its tasks, whoever wrote them — a hand-over passes them on —
        // and may complete or reschedule them; the text stays its author's.
        const worksTheTask = current[0].type === 'task' && row.consultantId === actor.id && dto.body === undefined;
        if (!worksTheTask) throw CaseError.notActivityAuthor();
      }
      assertTaskFields(current[0].type, dto);

      const before = await this.view(manager, activityId);
      const sets: string[] = ['updated_at = now()'];
      const values: unknown[] = [activityId];
      const set = (column: string, value: unknown) => {
        values.push(value);
        sets.push(`${column} = $${values.length}`);
      };
      if (dto.body !== undefined) set('body', dto.body);
      if (dto.dueAt !== undefined) set('due_at', dto.dueAt);
      if (dto.completedAt !== undefined) set('completed_at', dto.completedAt);
      await manager.query(`UPDATE activities SET ${sets.join(', ')} WHERE id = $1`, values);
      const after = await this.view(manager, activityId);
      await this.audit.record(manager, {
        actor,
        action: 'activity.updated',
        entity: 'activity',
        entityId: activityId,
        officeId: row.officeId,
        before: auditable(before),
        after: { ...auditable(after), bodyChanged: dto.body !== undefined && dto.body !== before.body },
      });
      return after;
    });
  }

  private async view(manager: EntityManager, id: string): Promise<ActivityView> {
    const rows: ActivityRow[] = await manager.query(
      `SELECT a.id, a.case_id, a.type, a.direction, a.body, a.due_at, a.completed_at, a.author_id, u.full_name AS author_name,
              a.created_at, a.updated_at
         FROM activities a LEFT JOIN consultants u ON u.id = a.author_id
        WHERE a.id = $1`,
      [id],
    );
    return toView(rows[0]);
  }
}

/** Due and completion times belong to tasks only. */
function assertTaskFields(type: ActivityType, dto: { dueAt?: string | null; completedAt?: string | null }): void {
  if (type === 'task') return;
  if (dto.dueAt !== undefined) throw CaseError.activityFieldNotAllowed('dueAt', 'is only for tasks');
  if (dto.completedAt !== undefined) throw CaseError.activityFieldNotAllowed('completedAt', 'is only for tasks');
}
