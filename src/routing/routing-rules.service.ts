/**
 * Admin routing rules. Admins manage all; a manager sees and manages only the rules whose action
 * targets their office (others answer 404), and cannot point a rule at another office.
 */
import { Injectable } from '@nestjs/common';
import { versionOf } from '@/common/versioning';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@/audit/audit.service';
import type { Actor } from '@/common/auth.decorators';
import { ForbiddenError, NotFoundError, StaleVersionError, throwFieldErrors } from '@/common/domain-error';
import { Page, toPage, toPageRequest } from '@/common/pagination';
import { canSeeOffice, officeScope } from '@/common/scope';
import { escapeLike } from '@/common/sql';
import { ServiceLinesLookup } from '@/service-lines/service-lines.lookup';
import { CreateRoutingRuleDto, RoutingRuleListQuery, UpdateRoutingRuleDto } from './dto/routing-rule.dto';
import { RoutingRuleEntity } from './routing-rule.entity';
import { RoutingRuleError } from './routing.errors';
import { assertNamesAChange } from '@/common/validation';

export const RULE_SORTABLE = { priority: 'r.priority', name: 'r.name', createdAt: 'r.created_at' };

export interface RoutingRuleView {
  id: string;
  name: string;
  priority: number;
  active: boolean;
  conditions: RoutingRuleEntity['conditions'];
  action: { officeId: string; consultantId: string | null };
  createdAt: string;
  updatedAt: string;
  version: number;
}

const toView = (r: RoutingRuleEntity): RoutingRuleView => ({
  id: r.id,
  name: r.name,
  priority: r.priority,
  active: r.active,
  conditions: r.conditions,
  action: { officeId: r.officeId, consultantId: r.consultantId },
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  version: r.version,
});

/** Drops empty condition lists: an unset condition holds always, an empty list would too. */
function cleanConditions(c: CreateRoutingRuleDto['conditions']): RoutingRuleEntity['conditions'] {
  return Object.fromEntries(Object.entries(c).filter(([, v]) => Array.isArray(v) && v.length > 0));
}

@Injectable()
export class RoutingRulesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly serviceLines: ServiceLinesLookup,
  ) {}

  async list(actor: Actor, query: RoutingRuleListQuery): Promise<Page<RoutingRuleView>> {
    const req = toPageRequest(query, RULE_SORTABLE, 'priority:asc');
    const qb = this.dataSource
      .getRepository(RoutingRuleEntity)
      .createQueryBuilder('r')
      .orderBy(req.orderBy, req.direction)
      .addOrderBy('r.created_at', 'ASC')
      .addOrderBy('r.id')
      .skip(req.offset)
      .take(req.pageSize);
    const scope = officeScope(actor);
    if (scope) qb.andWhere('r.office_id = ANY(:scope)', { scope });
    if (query.officeId) qb.andWhere('r.office_id = :officeId', { officeId: query.officeId });
    if (query.active) qb.andWhere('r.active = :active', { active: query.active === 'true' });
    if (query.q) qb.andWhere('r.name ILIKE :q', { q: `%${escapeLike(query.q)}%` });
    const [rows, total] = await qb.getManyAndCount();
    return toPage(rows.map(toView), total, req);
  }

  async get(actor: Actor, id: string): Promise<RoutingRuleView> {
    return toView(await this.load(this.dataSource.manager, actor, id));
  }

  async create(actor: Actor, dto: CreateRoutingRuleDto): Promise<RoutingRuleView> {
    return this.dataSource.transaction(async (manager) => {
      await this.check(
        manager,
        actor,
        dto.action.officeId,
        dto.action.consultantId ?? null,
        dto.conditions.serviceLines,
      );
      const rule = manager.create(RoutingRuleEntity, {
        name: dto.name,
        priority: dto.priority,
        active: dto.active ?? true,
        conditions: cleanConditions(dto.conditions),
        officeId: dto.action.officeId,
        consultantId: dto.action.consultantId ?? null,
      });
      const saved = await manager.save(RoutingRuleEntity, rule);
      const view = toView(saved);
      await this.audit.record(manager, {
        actor,
        action: 'routing_rule.created',
        entity: 'routing_rule',
        entityId: saved.id,
        officeId: saved.officeId,
        after: view,
      });
      return view;
    });
  }

  async update(actor: Actor, id: string, dto: UpdateRoutingRuleDto, ifMatch?: string): Promise<RoutingRuleView> {
    assertNamesAChange(dto);
    const version = versionOf(dto.version, ifMatch, { required: false });
    return this.dataSource.transaction(async (manager) => {
      const rule = await this.load(manager, actor, id, true);
      if (version !== undefined && version !== rule.version) throw new StaleVersionError('routing rule', rule.version);
      const before = toView(rule);
      const officeId = dto.action?.officeId ?? rule.officeId;
      const consultantId = dto.action ? (dto.action.consultantId ?? null) : rule.consultantId;
      await this.check(manager, actor, officeId, consultantId, dto.conditions?.serviceLines);
      if (dto.name !== undefined) rule.name = dto.name;
      if (dto.priority !== undefined) rule.priority = dto.priority;
      if (dto.active !== undefined) rule.active = dto.active;
      if (dto.conditions) rule.conditions = cleanConditions(dto.conditions);
      rule.officeId = officeId;
      rule.consultantId = consultantId;
      const view = toView(await manager.save(RoutingRuleEntity, rule));
      await this.audit.record(manager, {
        actor,
        action: 'routing_rule.updated',
        entity: 'routing_rule',
        entityId: id,
        officeId,
        before,
        after: view,
      });
      return view;
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const rule = await this.load(manager, actor, id, true);
      await manager.delete(RoutingRuleEntity, { id });
      await this.audit.record(manager, {
        actor,
        action: 'routing_rule.deleted',
        entity: 'routing_rule',
        entityId: id,
        officeId: rule.officeId,
        before: toView(rule),
      });
    });
  }

  private async load(manager: EntityManager, actor: Actor, id: string, lock = false): Promise<RoutingRuleEntity> {
    const rule = await manager.findOne(RoutingRuleEntity, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!rule || !canSeeOffice(actor, rule.officeId)) throw new NotFoundError('routing rule', id);
    return rule;
  }

  private async check(
    manager: EntityManager,
    actor: Actor,
    officeId: string,
    consultantId: string | null,
    serviceLines?: string[],
  ): Promise<void> {
    if (!canSeeOffice(actor, officeId)) throw new ForbiddenError('Managers write rules for their own office only.');
    const [office] = await manager.query(`SELECT 1 FROM offices WHERE id = $1`, [officeId]);
    // Only consultants are routed to (ROUTING.md): a rule naming a manager could never apply.
    const [consultant] =
      office && consultantId
        ? await manager.query(`SELECT 1 FROM consultants WHERE id = $1 AND office_id = $2 AND role = 'consultant'`, [
            consultantId,
            officeId,
          ])
        : [true];
    const unknown = await this.serviceLines.unknownCodes(manager, serviceLines ?? []);
    throwFieldErrors([
      office ? null : RoutingRuleError.unknownOffice(),
      consultant ? null : RoutingRuleError.consultantNotInOffice(),
      unknown.length ? RoutingRuleError.unknownServiceLines(unknown) : null,
    ]);
  }
}
