/** Pipeline stages: admins rename and reorder them and add open stages; codes and categories are stable. */
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@/audit/audit.service';
import type { Actor } from '@/common/auth.decorators';
import { DomainError, NotFoundError } from '@/common/domain-error';
import { assertNamesAChange } from '@/common/validation';
import { Page, PageQuery, toPage, toPageRequest } from '@/common/pagination';
import { isUniqueViolation, pgConstraint } from '@/common/pg-errors';
import { stripUndefined } from '@/common/sql';
import { CreateStageDto, UpdateStageDto } from './dto/stage.dto';
import { StageEntity } from './stage.entity';

const toView = (s: StageEntity) => ({
  code: s.code,
  name: s.name,
  position: s.position,
  probability: s.probability,
  category: s.category,
});

export const STAGE_SORTABLE = {
  position: 'position',
  code: 'code',
  probability: 'probability',
  createdAt: 'createdAt',
};

@Injectable()
export class StagesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(query: PageQuery): Promise<Page<ReturnType<typeof toView>>> {
    const req = toPageRequest(query, STAGE_SORTABLE, 'position:asc');
    const [rows, total] = await this.dataSource.getRepository(StageEntity).findAndCount({
      // code breaks ties, unless it is the order itself
      order: req.orderBy === 'code' ? { code: req.direction } : { [req.orderBy]: req.direction, code: 'ASC' },
      skip: req.offset,
      take: req.pageSize,
    });
    return toPage(rows.map(toView), total, req);
  }

  async create(actor: Actor, dto: CreateStageDto) {
    return this.dataSource.transaction(async (manager) => {
      // The insert trigger picks the stage's bit under this lock; taken by the trigger itself, it
      // would be an upgrade from the insert's own lock, and two creations at once deadlocked (409).
      await manager.query(`LOCK TABLE stages IN SHARE ROW EXCLUSIVE MODE`);
      await assertBeforeOutcomeStages(manager, dto.code, dto.position);
      const stage = manager.create(StageEntity, { ...dto, category: 'open' });
      try {
        await manager.insert(StageEntity, stage);
      } catch (error) {
        if (isUniqueViolation(error, 'pk_stages')) {
          throw new DomainError('conflict', 'stage.code_taken', `A stage ${dto.code} already exists.`, {
            errors: [{ field: 'code', message: 'is already used' }],
          });
        }
        if (pgConstraint(error, '23514') === 'ck_stages_bit') {
          throw new DomainError('unprocessable', 'stage.limit', 'The pipeline has 63 stages, the most it can have.', {
            errors: [{ field: 'code', message: 'no more stages can be added' }],
          });
        }
        throw error;
      }
      await this.audit.record(manager, {
        actor,
        action: 'stage.created',
        entity: 'stage',
        entityId: dto.code,
        after: toView(stage),
      });
      return toView(stage);
    });
  }

  async update(actor: Actor, code: string, dto: UpdateStageDto) {
    assertNamesAChange(dto);
    return this.dataSource.transaction(async (manager) => {
      const stage = await manager.findOne(StageEntity, { where: { code }, lock: { mode: 'pessimistic_write' } });
      if (!stage) throw new NotFoundError('stage', code);
      const before = toView(stage);
      if (stage.category !== 'open' && dto.probability !== undefined && dto.probability !== stage.probability) {
        throw new DomainError(
          'unprocessable',
          'stage.fixed_probability',
          'Won and lost stages keep their probability.',
          {
            errors: [{ field: 'probability', message: 'cannot change for a won or lost stage' }],
          },
        );
      }
      if (dto.position !== undefined) {
        if (stage.category === 'open') await assertBeforeOutcomeStages(manager, code, dto.position);
        else await assertAfterOpenStages(manager, code, dto.position);
      }
      Object.assign(stage, stripUndefined(dto));
      await manager.save(StageEntity, stage);
      await this.audit.record(manager, {
        actor,
        action: 'stage.updated',
        entity: 'stage',
        entityId: code,
        before,
        after: toView(stage),
      });
      return toView(stage);
    });
  }
}

/**
 * An open stage stays before every won and lost one, created or moved: an open stage behind
 * "engaged" and "lost" came after the outcomes in the funnel and the pipeline. Read under the
 * table lock (create) or the stage's row lock (update), like the check below.
 */
async function assertBeforeOutcomeStages(manager: EntityManager, code: string, position: number): Promise<void> {
  const [{ first_outcome: firstOutcome }]: Array<{ first_outcome: number | null }> = await manager.query(
    `SELECT min(position) AS first_outcome FROM stages WHERE category <> 'open' AND code <> $1`,
    [code],
  );
  if (firstOutcome !== null && position >= firstOutcome) {
    throw new DomainError('unprocessable', 'stage.out_of_order', 'Open stages come before the won and lost ones.', {
      errors: [{ field: 'position', message: `must be below ${firstOutcome}, the first won or lost stage` }],
    });
  }
}

/**
 * The won and lost stages stay after every open one (PRODUCT.md: admins reorder *open* stages):
 * a won stage moved ahead of "new" headed the funnel and the pipeline. Read under the stage's row
 * lock; an open stage moved at the same moment is an admin's rare race that the next read shows.
 */
async function assertAfterOpenStages(manager: EntityManager, code: string, position: number): Promise<void> {
  const [{ last_open: lastOpen }]: Array<{ last_open: number | null }> = await manager.query(
    `SELECT max(position) AS last_open FROM stages WHERE category = 'open' AND code <> $1`,
    [code],
  );
  if (lastOpen !== null && position <= lastOpen) {
    throw new DomainError('unprocessable', 'stage.out_of_order', 'Won and lost stages come after the open ones.', {
      errors: [{ field: 'position', message: `must be above ${lastOpen}, the last open stage` }],
    });
  }
}
