import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '@/audit/audit.service';
import type { Actor } from '@/common/auth.decorators';
import { NotFoundError } from '@/common/domain-error';
import { isUniqueViolation } from '@/common/pg-errors';
import { Page, PageQuery, toPage, toPageRequest } from '@/common/pagination';
import { stripUndefined } from '@/common/sql';
import { CreateServiceLineDto, UpdateServiceLineDto } from './dto/service-line.dto';
import { ServiceLineEntity } from './service-line.entity';
import { ServiceLineError } from './service-lines.errors';
import { assertNamesAChange } from '@/common/validation';

export type Lang = 'en' | 'ru' | 'zh';

const normalizeKeywords = (k: { en: string[]; ru: string[]; zh: string[] }) => ({
  en: [...new Set(k.en.map((w) => w.trim().toLowerCase()).filter(Boolean))],
  ru: [...new Set(k.ru.map((w) => w.trim().toLowerCase()).filter(Boolean))],
  zh: [...new Set(k.zh.map((w) => w.trim()).filter(Boolean))],
});

function toView(s: ServiceLineEntity) {
  return { code: s.code, names: s.names, keywords: s.keywords, active: s.active, position: s.position };
}

export const SERVICE_LINE_SORTABLE = { position: 'position', code: 'code', createdAt: 'createdAt' };

@Injectable()
export class ServiceLinesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(query: PageQuery): Promise<Page<ReturnType<typeof toView>>> {
    const req = toPageRequest(query, SERVICE_LINE_SORTABLE, 'position:asc');
    const [rows, total] = await this.dataSource.getRepository(ServiceLineEntity).findAndCount({
      // code breaks ties, unless it is the order itself
      order: req.orderBy === 'code' ? { code: req.direction } : { [req.orderBy]: req.direction, code: 'ASC' },
      skip: req.offset,
      take: req.pageSize,
    });
    return toPage(rows.map(toView), total, req);
  }

  /** Active service lines with names in one language, for the public form. */
  async listPublic(lang: Lang) {
    const rows = await this.dataSource
      .getRepository(ServiceLineEntity)
      .find({ where: { active: true }, order: { position: 'ASC', code: 'ASC' } });
    return { data: rows.map((s) => ({ code: s.code, name: s.names[lang] ?? s.names.en })) };
  }

  async create(actor: Actor, dto: CreateServiceLineDto) {
    return this.dataSource.transaction(async (manager) => {
      const entity = manager.create(ServiceLineEntity, {
        code: dto.code,
        names: { ...dto.names },
        keywords: normalizeKeywords(dto.keywords ?? { en: [], ru: [], zh: [] }),
        active: dto.active ?? true,
        position: dto.position ?? 1000,
      });
      try {
        await manager.insert(ServiceLineEntity, entity);
      } catch (error) {
        if (isUniqueViolation(error)) throw ServiceLineError.codeTaken(dto.code);
        throw error;
      }
      const view = toView(entity);
      await this.audit.record(manager, {
        actor,
        action: 'service_line.created',
        entity: 'service_line',
        entityId: dto.code,
        after: view,
      });
      return view;
    });
  }

  async update(actor: Actor, code: string, dto: UpdateServiceLineDto) {
    assertNamesAChange(dto);
    return this.dataSource.transaction(async (manager) => {
      const entity = await manager.findOne(ServiceLineEntity, { where: { code }, lock: { mode: 'pessimistic_write' } });
      if (!entity) throw new NotFoundError('service line', code);
      const before = toView(entity);
      Object.assign(
        entity,
        stripUndefined({
          names: dto.names ? { ...dto.names } : undefined,
          keywords: dto.keywords ? normalizeKeywords(dto.keywords) : undefined,
          active: dto.active,
          position: dto.position,
        }),
      );
      await manager.save(ServiceLineEntity, entity);
      const view = toView(entity);
      await this.audit.record(manager, {
        actor,
        action: 'service_line.updated',
        entity: 'service_line',
        entityId: code,
        before,
        after: view,
      });
      return view;
    });
  }
}
