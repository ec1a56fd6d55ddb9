/**
 * A case's history, newest first: the routing decision, stage changes, assignments, activities,
 * the first response and SLA events, merged by one UNION ALL query and paged in SQL.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '@/common/auth.decorators';
import { Page, toPageRequest } from '@/common/pagination';
import { CasesRepository } from './cases.repository';
import { TimelineItem, TimelineQuery } from './dto/activity.dto';

const utc = (expr: string): string => `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Rows written in one transaction share a timestamp, so `rank` orders them as they happen:
 * routing decides, the case enters its first stage, gets assigned, then work and its effects follow.
 */
const ITEMS = `
  SELECT 'routed'::text AS kind, r.decided_at AS at, NULL::uuid AS actor_id,
         jsonb_build_object('strategy', r.strategy, 'ruleId', r.rule_id, 'officeId', r.office_id,
                            'consultantId', r.consultant_id, 'summary', r.explanation->'summary',
                            'policyVersion', r.policy_version) AS data,
         0 AS rank, r.id::text AS key
    FROM routing_decisions r WHERE r.case_id = $1
  UNION ALL
  SELECT 'stage_changed', e.created_at, e.actor_id,
         jsonb_build_object('from', e.from_stage, 'to', e.to_stage, 'reason', e.reason),
         1, lpad(e.id::text, 20, '0')
    FROM stage_events e WHERE e.case_id = $1
  UNION ALL
  SELECT ce.kind, ce.created_at, ce.actor_id, ce.data,
         CASE ce.kind WHEN 'assigned' THEN 2 ELSE 4 END, lpad(ce.id::text, 20, '0')
    FROM case_events ce WHERE ce.case_id = $1
  UNION ALL
  SELECT 'activity', a.created_at, a.author_id,
         jsonb_build_object('id', a.id, 'type', a.type, 'direction', a.direction, 'body', a.body,
                            'dueAt', ${utc('a.due_at')}, 'completedAt', ${utc('a.completed_at')}, 'updatedAt', ${utc('a.updated_at')}),
         3, a.id::text
    FROM activities a WHERE a.case_id = $1`;

interface TimelineRow {
  kind: string;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  data: Record<string, unknown>;
  total: string;
}

export const TIMELINE_SORTABLE = { createdAt: 'at' };

@Injectable()
export class TimelineService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CasesRepository,
  ) {}

  async timeline(actor: Actor, caseId: string, query: TimelineQuery): Promise<Page<TimelineItem>> {
    const manager = this.dataSource.manager;
    await this.cases.findRow(manager, actor, caseId);
    const { page, pageSize, offset, direction } = toPageRequest(query, TIMELINE_SORTABLE, 'createdAt:desc');
    const rows: TimelineRow[] = await manager.query(
      `WITH items AS (${ITEMS})
       SELECT i.kind, i.at, i.actor_id, u.full_name AS actor_name, i.data, count(*) OVER () AS total
         FROM items i LEFT JOIN consultants u ON u.id = i.actor_id
        ORDER BY i.at ${direction}, i.rank ${direction}, i.key ${direction}
        LIMIT $2 OFFSET $3`,
      [caseId, pageSize, offset],
    );
    // Past the last page the window count has no row to ride on: count apart only then.
    const total =
      rows.length > 0
        ? Number(rows[0].total)
        : Number((await manager.query(`SELECT count(*) AS n FROM (${ITEMS}) i`, [caseId]))[0].n);
    const data = rows.map((r) => ({
      kind: r.kind,
      at: r.at.toISOString(),
      actor: r.actor_id ? { id: r.actor_id, fullName: r.actor_name ?? '' } : null,
      data: r.data,
    }));
    return { data, total, page, pageSize };
  }
}
