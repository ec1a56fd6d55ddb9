import { lockOfficeAssignments } from '@/cases/locks';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@/audit/audit.service';
import type { Actor } from '@/common/auth.decorators';
import { NotFoundError } from '@/common/domain-error';
import { Page, toPage, toPageRequest } from '@/common/pagination';
import { isUniqueViolation } from '@/common/pg-errors';
import { escapeLike, stripUndefined } from '@/common/sql';
import { ServiceLinesLookup } from '@/service-lines/service-lines.lookup';
import { longestClosedStretch } from '@/cases/business-hours';
import { computeFirstResponseDue, officeCalendar } from '@/sla/sla-calendar';
import { scheduleMovedCheck } from '@/sla/sla-check-job';
import { CreateOfficeDto, OfficeListQuery, OfficeView, UpdateOfficeDto } from './dto/office.dto';
import { OfficeEntity } from './office.entity';
import { OfficeError } from './offices.errors';
import { assertNamesAChange } from '@/common/validation';

/** The longest an office may be closed by its holidays. */
const MAX_CLOSED_DAYS = 366;

// Property paths, not column names: with a joined relation and paging TypeORM orders an inner
// query by them (`o.created_at` there was a 500).
export const OFFICE_SORTABLE = { code: 'o.code', name: 'o.name', city: 'o.city', createdAt: 'o.createdAt' };

export function toOfficeView(o: OfficeEntity): OfficeView {
  return {
    id: o.id,
    code: o.code,
    name: o.name,
    countryCode: o.countryCode,
    city: o.city,
    timezone: o.timezone,
    email: o.email,
    languages: o.languages,
    serviceLines: (o.serviceLines ?? []).map((s) => s.code).sort(),
    coverageCities: o.coverageCities,
    businessHours: { days: o.businessDays, open: o.opensAt.slice(0, 5), close: o.closesAt.slice(0, 5) },
    holidays: o.holidays,
    extraWorkingDays: o.extraWorkingDays,
    firstResponseSlaHours: o.firstResponseSlaHours,
    reassignOnBreach: o.reassignOnBreach,
    isDefault: o.isDefault,
    active: o.active,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}

@Injectable()
export class OfficesService {
  private readonly logger = new Logger(OfficesService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly serviceLines: ServiceLinesLookup,
  ) {}

  /** Every staff member may read offices (names, hours, queues); writes are admin-only. */
  async list(query: OfficeListQuery): Promise<Page<OfficeView>> {
    const req = toPageRequest(query, OFFICE_SORTABLE, 'code:asc');
    const qb = this.dataSource
      .getRepository(OfficeEntity)
      .createQueryBuilder('o')
      .leftJoinAndSelect('o.serviceLines', 'sl')
      .orderBy(req.orderBy, req.direction)
      .addOrderBy('o.id')
      .skip(req.offset)
      .take(req.pageSize);
    if (query.q)
      qb.andWhere('(o.code ILIKE :q OR o.name ILIKE :q OR o.city ILIKE :q)', { q: `%${escapeLike(query.q)}%` });
    if (query.countryCode) qb.andWhere('o.country_code = :cc', { cc: query.countryCode });
    if (query.active) qb.andWhere('o.active = :active', { active: query.active === 'true' });
    const [rows, total] = await qb.getManyAndCount();
    return toPage(rows.map(toOfficeView), total, req);
  }

  async get(id: string): Promise<OfficeView> {
    return toOfficeView(await this.load(this.dataSource.manager, id));
  }

  async create(actor: Actor, dto: CreateOfficeDto): Promise<OfficeView> {
    return this.dataSource.transaction(async (manager) => {
      await this.takeDefaultTurn(manager, dto);
      const office = manager.create(OfficeEntity, {
        languages: [],
        coverageCities: [],
        holidays: [],
        extraWorkingDays: [],
      });
      await this.apply(manager, office, dto);
      const saved = await this.save(manager, office);
      const view = toOfficeView(saved);
      await this.audit.record(manager, {
        actor,
        action: 'office.created',
        entity: 'office',
        entityId: saved.id,
        officeId: saved.id,
        after: view,
      });
      return view;
    });
  }

  async update(actor: Actor, id: string, dto: UpdateOfficeDto): Promise<OfficeView> {
    assertNamesAChange(dto);
    return this.dataSource.transaction(async (manager) => {
      await this.takeDefaultTurn(manager, dto);
      const office = await this.load(manager, id, true);
      const before = toOfficeView(office);
      await this.apply(manager, office, dto);
      const saved = await this.save(manager, office);
      const view = toOfficeView(saved);
      const clockChanged = [
        dto.businessHours,
        dto.holidays,
        dto.extraWorkingDays,
        dto.timezone,
        dto.firstResponseSlaHours,
      ];
      if (clockChanged.some((v) => v !== undefined)) {
        // After assignments into the office in flight (a hand-over, routing: they hold this lock):
        // a case arriving meanwhile is counted in the new calendar too.
        await lockOfficeAssignments(manager, saved.id);
        await this.recountWaitingDeadlines(manager, saved, actor.id);
      }
      await this.audit.record(manager, {
        actor,
        action: 'office.updated',
        entity: 'office',
        entityId: id,
        officeId: id,
        before,
        after: view,
      });
      return view;
    });
  }

  /** DELETE deactivates: cases, consultants and history keep pointing at the office. */
  async deactivate(actor: Actor, id: string): Promise<OfficeView> {
    return this.update(actor, id, { active: false });
  }

  /**
   * Requests that take the default-intake flag run one at a time. Otherwise two of them each clear
   * the flag where their statement's snapshot saw it, neither sees the other's new default, and the
   * second commit breaks the one-default index (a 500). Taken before any office row is locked, so
   * it cannot deadlock with a request holding the current default's row.
   */
  private async takeDefaultTurn(manager: EntityManager, dto: UpdateOfficeDto): Promise<void> {
    if (dto.isDefault === true) await manager.query(`SELECT pg_advisory_xact_lock(hashtext('acrm:office-default'))`);
  }

  private async load(manager: EntityManager, id: string, lock = false): Promise<OfficeEntity> {
    const office = await manager.findOne(OfficeEntity, {
      where: { id },
      relations: { serviceLines: true },
      // FOR NO KEY UPDATE: an office write then locks the office's waiting cases, while a case
      // written twice in one transaction (the stage writer, then the stage-path trigger) re-checks
      // its foreign keys with FOR KEY SHARE on the office — which FOR UPDATE would block: a deadlock.
      ...(lock ? { lock: { mode: 'for_no_key_update' as const, tables: ['offices'] } } : {}),
    });
    if (!office) throw new NotFoundError('office', id);
    return office;
  }

  private async apply(manager: EntityManager, office: OfficeEntity, dto: UpdateOfficeDto): Promise<void> {
    if (dto.serviceLines) {
      const unknown = await this.serviceLines.unknownCodes(manager, dto.serviceLines);
      if (unknown.length) throw OfficeError.unknownServiceLines('serviceLines', unknown);
      office.serviceLines = dto.serviceLines.map((code) => ({ code }) as OfficeEntity['serviceLines'][number]);
    } else if (!office.id) {
      office.serviceLines = [];
    }
    if (dto.businessHours) {
      if (dto.businessHours.close <= dto.businessHours.open) throw OfficeError.closeBeforeOpen();
      office.businessDays = [...dto.businessHours.days].sort();
      office.opensAt = `${dto.businessHours.open}:00`;
      office.closesAt = `${dto.businessHours.close}:00`;
    }
    const { serviceLines: _sl, businessHours: _bh, ...plain } = dto;
    const wasDefault = office.isDefault === true;
    Object.assign(office, stripUndefined(plain));
    // Checked when the calendar is written, so an office whose calendar ran out can still be renamed
    // or deactivated.
    const calendarWritten =
      !office.id || [dto.businessHours, dto.holidays, dto.extraWorkingDays, dto.timezone].some((v) => v !== undefined);
    if (calendarWritten) this.assertWorkingTime(office);
    // The default-intake office takes every inquiry no territory claims (ROUTING.md, tier 4): it
    // must be active, and it stays active, and the default, until another office takes the flag.
    if (wasDefault && dto.isDefault === false) throw OfficeError.defaultRequired();
    if (office.isDefault && office.active === false) {
      throw wasDefault && dto.isDefault === undefined
        ? OfficeError.defaultStaysActive()
        : OfficeError.defaultMustBeActive();
    }
    if (dto.isDefault === true) {
      // One default-intake office: taking the flag moves it (the partial unique index backs this).
      await manager
        .createQueryBuilder()
        .update(OfficeEntity)
        .set({ isDefault: false })
        .where('is_default AND id IS DISTINCT FROM :id', { id: office.id ?? null })
        .execute();
    }
  }

  /**
   * Routing computes every case's first-response deadline in its office's calendar; a calendar
   * with no working time left (every working weekday a holiday for two years) would make routing
   * to the office fail on every attempt. Tried here, at the write, instead: a deadline from now
   * must exist, and no run of holidays may close the office for more than a year at any time —
   * a calendar with working time today only would otherwise break routing tomorrow.
   */
  private assertWorkingTime(office: OfficeEntity): void {
    // A new office without hours gets the columns' defaults: Monday to Friday, 09:00–18:00.
    const calendar = {
      timezone: office.timezone,
      businessDays: office.businessDays ?? [1, 2, 3, 4, 5],
      opensAt: office.opensAt ?? '09:00:00',
      closesAt: office.closesAt ?? '18:00:00',
      holidays: office.holidays ?? [],
      extraWorkingDays: office.extraWorkingDays ?? [],
      firstResponseSlaHours: 0.25,
    };
    try {
      computeFirstResponseDue(calendar, new Date());
      if (longestClosedStretch(officeCalendar(calendar)) > MAX_CLOSED_DAYS) throw OfficeError.noWorkingTime();
    } catch (error) {
      if (error instanceof RangeError) throw OfficeError.noWorkingTime();
      throw error;
    }
  }

  /**
   * A new calendar or SLA applies to the open cases still waiting for their first answer, as if
   * routing had counted their deadline with it, both ways — but never earlier than the deadline
   * the case was given when it came to the office (routing, or a hand-over). So an office that
   * declares a closure (a typhoon day, a holiday it forgot) does not breach its cases on the day it
   * is closed; calling the closure off, or removing a holiday added by mistake, gives them back
   * the deadlines they had; and a shorter SLA or longer hours do not breach at once cases that were
   * on time under the rules they arrived with. A deadline moved back to one already past is late
   * under those rules too: its check runs at once (scheduleMovedCheck). Each moved deadline gets
   * its own check; a job left at a deadline the case no longer has does no harm (the check reads
   * the case's deadline, not the job's). The case's timeline records each move
   * (`sla_deadline_moved`: from, to, who changed the calendar).
   */
  private async recountWaitingDeadlines(manager: EntityManager, office: OfficeEntity, actorId: string): Promise<void> {
    const waiting: Array<{ id: string; due: Date; given: Date | null; received_at: Date }> = await manager.query(
      `SELECT c.id, c.first_response_due_at AS due, c.first_response_given_due_at AS given, i.created_at AS received_at
         FROM cases c JOIN inquiries i ON i.id = c.inquiry_id JOIN stages s ON s.code = c.stage_code
        WHERE c.office_id = $1 AND s.category = 'open' AND c.first_responded_at IS NULL AND NOT c.sla_breached
          AND c.first_response_due_at IS NOT NULL
        ORDER BY c.id
          FOR UPDATE OF c`,
      [office.id],
    );
    const now = new Date();
    const moved = { later: 0, earlier: 0, pastDue: 0 };
    for (const c of waiting) {
      const current = new Date(c.due);
      // A case from before migration FirstResponseGivenDue has no given deadline: its current one is
      // the best there is (and is recorded as given when the deadline moves).
      const given = c.given === null ? current : new Date(c.given);
      const counted = computeFirstResponseDue(office, c.received_at);
      const due = counted.getTime() > given.getTime() ? counted : given;
      if (due.getTime() === current.getTime()) continue;
      await manager.query(
        `UPDATE cases SET first_response_due_at = $2, first_response_given_due_at = COALESCE(first_response_given_due_at, $3),
                updated_at = now()
          WHERE id = $1`,
        [c.id, due, given],
      );
      // The case's timeline says why its deadline moved.
      await manager.query(
        `INSERT INTO case_events (case_id, kind, actor_id, data) VALUES ($1, 'sla_deadline_moved', $2, $3::jsonb)`,
        [
          c.id,
          actorId,
          JSON.stringify({
            from: current.toISOString(),
            to: due.toISOString(),
            reason: 'office_calendar',
            officeId: office.id,
          }),
        ],
      );
      await scheduleMovedCheck(manager, c.id, due, now);
      if (due.getTime() > current.getTime()) moved.later++;
      else moved.earlier++;
      if (due.getTime() <= now.getTime()) moved.pastDue++;
    }
    if (moved.later + moved.earlier > 0)
      this.logger.log({ officeId: office.id, ...moved }, 'office calendar changed: waiting deadlines recounted');
  }

  private async save(manager: EntityManager, office: OfficeEntity): Promise<OfficeEntity> {
    try {
      const saved = await manager.save(OfficeEntity, office);
      return this.load(manager, saved.id);
    } catch (error) {
      if (isUniqueViolation(error, 'uq_offices_code')) throw OfficeError.codeTaken(office.code);
      throw error;
    }
  }
}
