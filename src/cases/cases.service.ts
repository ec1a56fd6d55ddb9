/** Reading cases (list and detail, scoped by role) and editing their plain fields under the version lock. */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '@/audit/audit.service';
import type { Actor } from '@/common/auth.decorators';
import { StaleVersionError } from '@/common/domain-error';
import { Page, toPage, toPageRequest } from '@/common/pagination';
import { resolvePeriod } from '@/common/period';
import { escapeLike, foldedLikePattern } from '@/common/sql';
import { ServiceLinesLookup } from '@/service-lines/service-lines.lookup';
import { SqlParams } from '@/common/sql';
import { mayWorkOn } from './case-scope';
import { requireVersion } from './case-version';
import { CaseError } from './cases.errors';
import { CasesRepository } from './cases.repository';
import { CaseListQuery, CaseView, UpdateCaseDto } from './dto/case.dto';

export const CASE_SORTABLE = {
  createdAt: 'c.created_at',
  updatedAt: 'c.updated_at',
  firstResponseDueAt: 'c.first_response_due_at',
  priority: `array_position(ARRAY['low', 'normal', 'high', 'urgent']::varchar[], c.priority)`,
  estimatedValue: 'c.estimated_value',
};
/**
 * Only these can be null, so only these get NULLS LAST: on a NOT NULL column the clause changes
 * nothing in the order but keeps Postgres from reading an index backwards, and the default
 * newest-first list sorted a million cases (~0.5 s) instead of reading 25 from `ix_cases_created`.
 */
const NULLABLE_SORTS = new Set<string>([CASE_SORTABLE.firstResponseDueAt, CASE_SORTABLE.estimatedValue]);

/** Stages whose cases must keep an estimated value (the rule of API.md for entering them). */
const needsValue = (stageCode: string, category: string): boolean => stageCode === 'proposal' || category === 'won';

/** The fields PATCH edits, as the audit entry shows them before and after. */
const editable = (v: CaseView) => ({
  priority: v.priority,
  estimatedValue: v.estimatedValue,
  expectedCloseDate: v.expectedCloseDate,
  serviceLines: v.serviceLines,
  version: v.version,
});

@Injectable()
export class CasesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CasesRepository,
    private readonly audit: AuditService,
    private readonly serviceLines: ServiceLinesLookup,
  ) {}

  async list(actor: Actor, query: CaseListQuery): Promise<Page<CaseView>> {
    const req = toPageRequest(query, CASE_SORTABLE, 'createdAt:desc');
    const params = new SqlParams();
    const where: string[] = [];
    if (query.stage) where.push(`c.stage_code = ANY(${params.add(query.stage.split(','))}::text[])`);
    if (query.stageCategory) {
      where.push(
        `c.stage_code = ANY(ARRAY(SELECT s.code FROM stages s WHERE s.category = ${params.add(query.stageCategory)}))`,
      );
    }
    if (query.officeId) where.push(`c.office_id = ${params.add(query.officeId)}`);
    if (query.consultantId === 'none') where.push('c.consultant_id IS NULL');
    else if (query.consultantId) where.push(`c.consultant_id = ${params.add(query.consultantId)}`);
    if (query.serviceLine) where.push(`${params.add(query.serviceLine)} = ANY(c.service_lines)`);
    if (query.slaBreached) where.push(`c.sla_breached = ${params.add(query.slaBreached === 'true')}`);
    const period = resolvePeriod(query);
    if (period.from) where.push(`c.created_at >= ${params.add(period.from)}`);
    if (period.to) where.push(`c.created_at < ${params.add(period.to)}`);
    if (query.q?.trim()) {
      // One indexed branch per part — the reference's trigrams, and the client's and contact's
      // folded-name and email trigrams (migrations ClientSearch, ListSearchIndexes) joined back
      // through client_id and contact_id — unioned into ids. An OR across the parts made Postgres
      // scan every case (2–7 s at a million, over a minute for a word every contact has).
      // Names compare folded: case and accents.
      const q = params.add(`%${escapeLike(query.q.trim())}%`);
      const folded = foldedLikePattern(params.add(query.q.trim()));
      where.push(
        `c.id IN (SELECT x.id FROM cases x WHERE x.reference ILIKE ${q}` +
          ` UNION SELECT x.id FROM cases x JOIN clients m ON m.id = x.client_id WHERE search_fold(m.name) LIKE ${folded}` +
          ` UNION SELECT x.id FROM cases x JOIN contacts k ON k.id = x.contact_id` +
          ` WHERE search_fold(k.full_name) LIKE ${folded} OR k.email ILIKE ${q})`,
      );
    }
    const nulls = NULLABLE_SORTS.has(req.orderBy) ? ' NULLS LAST' : '';
    const order = `${req.orderBy} ${req.direction}${nulls}, c.id ${req.direction}`;
    const { rows, total } = await this.cases.page(
      this.dataSource.manager,
      actor,
      params,
      where,
      order,
      req.pageSize,
      req.offset,
    );
    return toPage(rows, total, req);
  }

  get(actor: Actor, id: string): Promise<CaseView> {
    return this.cases.view(this.dataSource.manager, actor, id);
  }

  async update(actor: Actor, id: string, dto: UpdateCaseDto, ifMatch?: string): Promise<CaseView> {
    const version = requireVersion(dto.version, ifMatch);
    const changes = [dto.priority, dto.estimatedValue, dto.expectedCloseDate, dto.serviceLines].filter(
      (v) => v !== undefined,
    );
    if (changes.length === 0) throw CaseError.nothingToChange();
    return this.dataSource.transaction(async (manager) => {
      const row = await this.cases.findRow(manager, actor, id);
      if (!mayWorkOn(actor, row.consultantId)) throw CaseError.notAssignedToYou();
      if (row.version !== version) throw new StaleVersionError('case', row.version);
      if (dto.estimatedValue === null && needsValue(row.stageCode, row.stageCategory))
        throw CaseError.valueRequiredInStage(row.stageCode);
      if (dto.serviceLines) {
        const added = dto.serviceLines.filter((code) => !row.serviceLines.includes(code));
        const unknown = await this.serviceLines.unknownCodes(manager, added, true);
        if (unknown.length) throw CaseError.unknownServiceLines(unknown);
      }

      const params = new SqlParams();
      const sets: string[] = [];
      if (dto.priority !== undefined) sets.push(`priority = ${params.add(dto.priority)}`);
      if (dto.estimatedValue !== undefined) {
        sets.push(`estimated_value = ${params.add(dto.estimatedValue?.amount ?? null)}::numeric`);
        sets.push(`currency = ${params.add(dto.estimatedValue?.currency ?? null)}`);
      }
      if (dto.expectedCloseDate !== undefined)
        sets.push(`expected_close_date = ${params.add(dto.expectedCloseDate)}::date`);
      if (dto.serviceLines !== undefined) sets.push(`service_lines = ${params.add(dto.serviceLines)}::text[]`);

      const before = await this.cases.view(manager, actor, id);
      await this.cases.updateVersioned(manager, id, version, sets, params);
      const after = await this.cases.view(manager, actor, id);
      await this.audit.record(manager, {
        actor,
        action: 'case.updated',
        entity: 'case',
        entityId: id,
        officeId: row.officeId,
        before: editable(before),
        after: editable(after),
      });
      return after;
    });
  }
}
