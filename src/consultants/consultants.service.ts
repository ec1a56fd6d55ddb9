/**
 * Staff users. Admins manage everyone; managers manage the consultants of their own office;
 * everyone may read their own office's staff (hand-over needs it). Out of scope answers 404.
 */
import { Injectable } from '@nestjs/common';
import { versionOf } from '@/common/versioning';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { AuditService } from '@/audit/audit.service';
import { QueueDrainService } from '@/cases/queue-drain.service';
import { CaseEventsPublisher } from '@/cases/case-hooks';
import { recordStaffAssignment } from '@/cases/staff-assignment';
import { PasswordService } from '@/auth/password.service';
import { RefreshTokenEntity } from '@/auth/refresh-token.entity';
import type { Actor } from '@/common/auth.decorators';
import { ForbiddenError, NotFoundError, StaleVersionError, throwFieldErrors } from '@/common/domain-error';
import { Page, toPage, toPageRequest } from '@/common/pagination';
import { isUniqueViolation } from '@/common/pg-errors';
import { canSeeOffice, officeScope } from '@/common/scope';
import { escapeLike, stripUndefined } from '@/common/sql';
import { OfficeEntity } from '@/offices/office.entity';
import { ServiceLinesLookup } from '@/service-lines/service-lines.lookup';
import { ConsultantEntity } from './consultant.entity';
import { ConsultantError } from './consultants.errors';
import {
  ConsultantListQuery,
  ConsultantView,
  CreateConsultantDto,
  OutOfOfficeDto,
  UpdateConsultantDto,
} from './dto/consultant.dto';
import { OutOfOfficeEntity } from './out-of-office.entity';
import { assertNamesAChange } from '@/common/validation';
import { lockOfficeAssignments } from '@/cases/locks';

export const CONSULTANT_SORTABLE = {
  fullName: 'u.full_name',
  email: 'u.email',
  createdAt: 'u.created_at',
  capacity: 'u.capacity',
  lastAssignedAt: 'u.last_assigned_at',
};

@Injectable()
export class ConsultantsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly passwords: PasswordService,
    private readonly serviceLines: ServiceLinesLookup,
    private readonly queueDrain: QueueDrainService,
    private readonly publisher: CaseEventsPublisher,
  ) {}

  async list(actor: Actor, query: ConsultantListQuery): Promise<Page<ConsultantView>> {
    const req = toPageRequest(query, CONSULTANT_SORTABLE, 'fullName:asc');
    const qb = this.dataSource
      .getRepository(ConsultantEntity)
      .createQueryBuilder('u')
      .select('u.id')
      .orderBy(req.orderBy, req.direction, 'NULLS FIRST')
      .addOrderBy('u.id')
      .offset(req.offset)
      .limit(req.pageSize);
    const scope = officeScope(actor);
    if (scope) qb.andWhere('u.office_id = ANY(:scope)', { scope });
    if (query.officeId) qb.andWhere('u.office_id = :officeId', { officeId: query.officeId });
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.active) qb.andWhere('u.active = :active', { active: query.active === 'true' });
    if (query.language) qb.andWhere(':lang = ANY(u.languages)', { lang: query.language });
    if (query.serviceLine) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM consultant_service_lines x WHERE x.consultant_id = u.id AND x.service_line_code = :sl)',
        {
          sl: query.serviceLine,
        },
      );
    }
    if (query.q) qb.andWhere('(u.full_name ILIKE :q OR u.email ILIKE :q)', { q: `%${escapeLike(query.q)}%` });
    const [ids, total] = await Promise.all([qb.getRawMany<{ u_id: string }>(), qb.getCount()]);
    const views = await this.views(
      this.dataSource.manager,
      ids.map((r) => r.u_id),
    );
    return toPage(views, total, req);
  }

  async get(actor: Actor, id: string): Promise<ConsultantView> {
    const entity = await this.loadInScope(this.dataSource.manager, actor, id);
    return (await this.views(this.dataSource.manager, [entity.id]))[0];
  }

  async create(actor: Actor, dto: CreateConsultantDto): Promise<ConsultantView> {
    this.assertMayAssign(actor, dto.role, dto.officeId ?? null);
    const view = await this.dataSource.transaction(async (manager) => {
      const entity = manager.create(ConsultantEntity, {
        fullName: dto.fullName,
        email: dto.email,
        role: dto.role,
        officeId: dto.officeId ?? null,
        languages: dto.languages ?? [],
        capacity: dto.capacity ?? 10,
        active: dto.active ?? true,
        passwordHash: dto.password ? await this.passwords.hash(dto.password) : null,
      });
      await this.checkRefs(manager, entity.role, entity.officeId, dto.serviceLines, true);
      entity.serviceLines = (dto.serviceLines ?? []).map(
        (code) => ({ code }) as ConsultantEntity['serviceLines'][number],
      );
      const saved = await this.save(manager, entity);
      const [view] = await this.views(manager, [saved.id]);
      await this.audit.record(manager, {
        actor,
        action: 'consultant.created',
        entity: 'consultant',
        entityId: saved.id,
        officeId: saved.officeId,
        after: view,
      });
      return view;
    });
    await this.drainIfAvailable(view);
    return view;
  }

  async update(actor: Actor, id: string, dto: UpdateConsultantDto, ifMatch?: string): Promise<ConsultantView> {
    const version = versionOf(dto.version, ifMatch, { required: false });
    assertNamesAChange(dto);
    const { before, after } = await this.dataSource.transaction(async (manager) => {
      // A demotion or deactivation waits for any other one in flight before it counts the admins:
      // two admins removing each other at once both counted two and left none (every one of them
      // locks only its own row). Taken before any row lock, so it cannot deadlock with them.
      if (dto.role !== undefined || dto.active === false)
        await manager.query(`SELECT pg_advisory_xact_lock(hashtext('acrm:last-admin'))`);
      // What routing reads to choose and assign (office, active, role, capacity) changes under the
      // offices' assignment locks, which routing holds from reading consultants to assigning:
      // otherwise a case could be assigned to someone in the very moment they moved to another
      // office (found racing the two: 6 in 45). Taken before the row lock, in routing's order.
      let locked: Set<string> | null = null;
      if (
        dto.officeId !== undefined ||
        dto.active !== undefined ||
        dto.role !== undefined ||
        dto.capacity !== undefined
      ) {
        const [current]: Array<{ office_id: string | null }> = await manager.query(
          `SELECT office_id FROM consultants WHERE id = $1`,
          [id],
        );
        locked = new Set([current?.office_id, dto.officeId].filter((o): o is string => typeof o === 'string'));
        for (const officeId of [...locked].sort()) await lockOfficeAssignments(manager, officeId);
      }
      const entity = await this.loadInScope(manager, actor, id, true);
      // Their office was read before the locks: moved elsewhere meanwhile, the lock held is the
      // wrong one, and a case assigned there now would outlive a deactivation. Send it again.
      if (locked && entity.officeId !== null && !locked.has(entity.officeId))
        throw new StaleVersionError('consultant', entity.version);
      this.assertMayEdit(actor, entity);
      if (version !== undefined && version !== entity.version)
        throw new StaleVersionError('consultant', entity.version);
      const role = dto.role ?? entity.role;
      const officeId = dto.officeId !== undefined ? dto.officeId : entity.officeId;
      if (dto.role !== undefined || dto.officeId !== undefined) this.assertMayAssign(actor, role, officeId, entity);
      if (entity.role === 'admin' && entity.active && (role !== 'admin' || dto.active === false))
        await this.assertNotLastAdmin(manager, entity.id);
      await this.checkRefs(manager, role, officeId, dto.serviceLines, officeId !== entity.officeId);
      if (officeId !== entity.officeId) await this.assertNoOpenCases(manager, id);
      const [before] = await this.views(manager, [id]);
      Object.assign(
        entity,
        stripUndefined({
          fullName: dto.fullName,
          email: dto.email,
          role: dto.role,
          officeId: dto.officeId === undefined ? undefined : dto.officeId,
          languages: dto.languages,
          capacity: dto.capacity,
          active: dto.active,
        }),
      );
      if (dto.password) entity.passwordHash = await this.passwords.hash(dto.password);
      if (dto.serviceLines)
        entity.serviceLines = dto.serviceLines.map((code) => ({ code }) as ConsultantEntity['serviceLines'][number]);
      const versionBefore = entity.version;
      await this.save(manager, entity);
      // Service lines live in a join table: TypeORM moves the version only for the row's own columns,
      // so a change of service lines alone would let a second edit from the same read drop it.
      const sameLines = (a: string[], b: string[]): boolean => [...a].sort().join() === [...b].sort().join();
      if (
        entity.version === versionBefore &&
        dto.serviceLines !== undefined &&
        !sameLines(dto.serviceLines, before.serviceLines)
      ) {
        await manager.query(`UPDATE consultants SET version = version + 1, updated_at = now() WHERE id = $1`, [id]);
      }
      if (dto.active === false || dto.password) await this.revokeSessions(manager, id);
      if (before.active && dto.active === false) await this.returnOpenCases(manager, actor, id);
      const [after] = await this.views(manager, [id]);
      await this.audit.record(manager, {
        actor,
        action: 'consultant.updated',
        entity: 'consultant',
        entityId: id,
        officeId: entity.officeId,
        before,
        // The views never carry the password: without this, a reset read as an edit of nothing.
        after: dto.password ? { ...after, passwordChanged: true } : after,
      });
      return { before, after };
    });
    // A deactivated consultant's open cases went back to the queue: someone available takes them.
    if (before.active && !after.active && after.officeId) await this.queueDrain.drainOfficeLogged(after.officeId);
    if (
      after.active &&
      (!before.active ||
        after.capacity > before.capacity ||
        after.officeId !== before.officeId ||
        after.role !== before.role ||
        after.serviceLines.join() !== before.serviceLines.join())
    ) {
      await this.drainIfAvailable(after);
    }
    return after;
  }

  /**
   * A deactivated consultant (someone who left, or is away for good) can no longer work or even
   * open their cases: the open ones go back to their office's queue, each with an `assigned`
   * event and an audit entry, and the queue is drained to whoever is available after commit.
   * Closed cases keep them as their consultant, as history. Runs under the office's assignment
   * lock, which update() holds whenever `active` changes.
   */
  private async returnOpenCases(manager: EntityManager, actor: Actor, consultantId: string): Promise<void> {
    const open: Array<{ id: string; reference: string; office_id: string; version: number }> = await manager.query(
      `SELECT c.id, c.reference, c.office_id, c.version FROM cases c JOIN stages s ON s.code = c.stage_code
        WHERE c.consultant_id = $1 AND s.category = 'open'
        ORDER BY c.id
          FOR UPDATE OF c`,
      [consultantId],
    );
    const now = new Date();
    const reason = 'returned to the queue: its consultant was deactivated';
    for (const c of open) {
      await manager.query(
        `UPDATE cases SET consultant_id = NULL, assigned_at = NULL, version = version + 1, updated_at = now() WHERE id = $1`,
        [c.id],
      );
      await recordStaffAssignment(manager, this.publisher, {
        caseId: c.id,
        reference: c.reference,
        fromConsultantId: consultantId,
        toConsultantId: null,
        fromOfficeId: c.office_id,
        toOfficeId: c.office_id,
        via: 'hand_over',
        actorId: actor.id,
        reason,
        at: now,
      });
      await this.audit.record(manager, {
        actor,
        action: 'case.assigned',
        entity: 'case',
        entityId: c.id,
        officeId: c.office_id,
        before: { consultantId, officeId: c.office_id, version: c.version },
        after: { consultantId: null, officeId: c.office_id, version: c.version + 1, reason },
      });
    }
  }

  /** DELETE deactivates (ending their sessions at once); their open cases return to the office queue. */
  deactivate(actor: Actor, id: string): Promise<ConsultantView> {
    return this.update(actor, id, { active: false });
  }

  async addOutOfOffice(actor: Actor, id: string, dto: OutOfOfficeDto): Promise<ConsultantView> {
    const from = new Date(dto.from);
    const to = new Date(dto.to);
    if (to <= from) throw ConsultantError.badPeriod();
    return this.dataSource.transaction(async (manager) => {
      const entity = await this.loadInScope(manager, actor, id, true);
      if (actor.id !== entity.id) this.assertMayEdit(actor, entity);
      // One leave at a time: checked under the consultant's row lock, which every addition takes.
      const [overlap]: Array<{ starts_at: Date; ends_at: Date }> = await manager.query(
        `SELECT starts_at, ends_at FROM out_of_office_periods WHERE consultant_id = $1 AND starts_at < $3 AND ends_at > $2
          ORDER BY starts_at LIMIT 1`,
        [id, from, to],
      );
      if (overlap) throw ConsultantError.leaveOverlaps(overlap.starts_at, overlap.ends_at);
      const period = await manager.save(
        OutOfOfficeEntity,
        manager.create(OutOfOfficeEntity, { consultantId: id, startsAt: from, endsAt: to, note: dto.note ?? null }),
      );
      await this.audit.record(manager, {
        actor,
        action: 'consultant.out_of_office_added',
        entity: 'consultant',
        entityId: id,
        officeId: entity.officeId,
        after: { periodId: period.id, from: from.toISOString(), to: to.toISOString() },
      });
      return (await this.views(manager, [id]))[0];
    });
  }

  async removeOutOfOffice(actor: Actor, id: string, periodId: string): Promise<ConsultantView> {
    const view = await this.dataSource.transaction(async (manager) => {
      const entity = await this.loadInScope(manager, actor, id, true);
      if (actor.id !== entity.id) this.assertMayEdit(actor, entity);
      const period = await manager.findOne(OutOfOfficeEntity, { where: { id: periodId, consultantId: id } });
      if (!period) throw new NotFoundError('out-of-office period', periodId);
      await manager.delete(OutOfOfficeEntity, { id: periodId });
      await this.audit.record(manager, {
        actor,
        action: 'consultant.out_of_office_removed',
        entity: 'consultant',
        entityId: id,
        officeId: entity.officeId,
        before: { periodId, from: period.startsAt.toISOString(), to: period.endsAt.toISOString() },
      });
      return (await this.views(manager, [id]))[0];
    });
    await this.drainIfAvailable(view);
    return view;
  }

  /**
   * Someone may just have become available (added, reactivated, capacity raised, back from leave):
   * give them the office queue's oldest cases they are eligible for. After the commit, so the drain
   * sees the change; a failure is logged and the minute sweep retries.
   */
  private async drainIfAvailable(view: ConsultantView): Promise<void> {
    if (view.active && view.officeId && view.openCases < view.capacity)
      await this.queueDrain.drainOfficeLogged(view.officeId);
  }

  /** Views with derived load, in the order of `ids`, in one round of queries (no N+1). */
  async views(manager: EntityManager, ids: string[]): Promise<ConsultantView[]> {
    if (ids.length === 0) return [];
    const rows = await manager.find(ConsultantEntity, {
      where: { id: In(ids) },
      relations: { serviceLines: true, outOfOffice: true },
    });
    const loads: Array<{ consultant_id: string; open: string }> = await manager.query(
      `SELECT c.consultant_id, count(*) AS open
         FROM cases c JOIN stages s ON s.code = c.stage_code AND s.category = 'open'
        WHERE c.consultant_id = ANY($1)
        GROUP BY c.consultant_id`,
      [ids],
    );
    const openBy = new Map(loads.map((l) => [l.consultant_id, Number(l.open)]));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const now = Date.now();
    return ids.flatMap((id) => {
      const u = byId.get(id);
      if (!u) return [];
      const openCases = openBy.get(id) ?? 0;
      return [
        {
          id: u.id,
          fullName: u.fullName,
          email: u.email,
          officeId: u.officeId,
          role: u.role,
          languages: u.languages,
          serviceLines: u.serviceLines.map((s) => s.code).sort(),
          capacity: u.capacity,
          active: u.active,
          openCases,
          utilization: u.capacity > 0 ? Math.round((openCases / u.capacity) * 1000) / 1000 : 1,
          lastAssignedAt: u.lastAssignedAt?.toISOString() ?? null,
          outOfOffice: (u.outOfOffice ?? [])
            .filter((p) => p.endsAt.getTime() > now)
            .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
            .map((p) => ({ id: p.id, from: p.startsAt.toISOString(), to: p.endsAt.toISOString(), note: p.note })),
          createdAt: u.createdAt.toISOString(),
          updatedAt: u.updatedAt.toISOString(),
          version: u.version,
        },
      ];
    });
  }

  private async loadInScope(manager: EntityManager, actor: Actor, id: string, lock = false): Promise<ConsultantEntity> {
    // Lock the row alone: Postgres refuses row locks across the outer join to service lines. FOR NO
    // KEY UPDATE, as every lock on a consultant: a case written twice in one transaction re-checks
    // its foreign keys with FOR KEY SHARE on its consultant, which FOR UPDATE would block while this
    // transaction waits for the case (returning a deactivated consultant's cases): a deadlock.
    if (lock) await manager.query('SELECT 1 FROM consultants WHERE id = $1 FOR NO KEY UPDATE', [id]);
    const entity = await manager.findOne(ConsultantEntity, { where: { id }, relations: { serviceLines: true } });
    if (!entity || !(canSeeOffice(actor, entity.officeId) || entity.id === actor.id))
      throw new NotFoundError('consultant', id);
    return entity;
  }

  /** Managers edit consultants of their office (and themselves); consultants edit nobody here. */
  private assertMayEdit(actor: Actor, target: ConsultantEntity): void {
    if (actor.role === 'admin') return;
    if (actor.role === 'manager' && (target.role === 'consultant' || target.id === actor.id)) return;
    throw new ForbiddenError('Only admins, and managers for their own office\u2019s consultants, may change staff.');
  }

  /** Managers cannot hand out roles or move people to other offices: admins can. */
  private assertMayAssign(actor: Actor, role: string, officeId: string | null, current?: ConsultantEntity): void {
    if (actor.role === 'admin') return;
    if (actor.role !== 'manager') throw new ForbiddenError('Only admins and managers may manage staff.');
    const roleChanged = current ? current.role !== role : role !== 'consultant';
    if (roleChanged) throw new ForbiddenError('Only admins may grant or change roles.');
    if (officeId !== actor.officeId) throw new ForbiddenError('Managers manage the staff of their own office only.');
  }

  private async assertNotLastAdmin(manager: EntityManager, id: string): Promise<void> {
    const others = await manager.count(ConsultantEntity, { where: { role: 'admin', active: true } });
    if (others <= 1) {
      const self = await manager.findOne(ConsultantEntity, { where: { id, role: 'admin', active: true } });
      if (self) throw ConsultantError.lastAdmin();
    }
  }

  /**
   * A case's consultant works in the case's office (hand-overs keep it so); moving someone with
   * open cases would leave those cases with a consultant of another office, counted in neither
   * office's workload. Their cases are handed over first.
   */
  private async assertNoOpenCases(manager: EntityManager, id: string): Promise<void> {
    const [{ open }]: Array<{ open: number }> = await manager.query(
      `SELECT count(*)::int AS open FROM cases c JOIN stages s ON s.code = c.stage_code AND s.category = 'open'
        WHERE c.consultant_id = $1`,
      [id],
    );
    if (open > 0) throw ConsultantError.hasOpenCases(open);
  }

  private async checkRefs(
    manager: EntityManager,
    role: string,
    officeId: string | null,
    serviceLines?: string[],
    joiningOffice = false,
  ): Promise<void> {
    if (role !== 'admin' && !officeId) throw ConsultantError.officeRequired();
    // Someone joining an office joins a working one: a deactivated office takes no inquiries, and
    // its queue would be drained to them. Staff already there stay when it is deactivated.
    const officeMissing =
      !!officeId &&
      !(await manager.exists(OfficeEntity, {
        where: joiningOffice ? { id: officeId, active: true } : { id: officeId },
      }));
    const unknown = serviceLines ? await this.serviceLines.unknownCodes(manager, serviceLines) : [];
    throwFieldErrors([
      officeMissing ? ConsultantError.unknownOffice() : null,
      unknown.length ? ConsultantError.unknownServiceLines(unknown) : null,
    ]);
  }

  private async save(manager: EntityManager, entity: ConsultantEntity): Promise<ConsultantEntity> {
    try {
      return await manager.save(ConsultantEntity, entity);
    } catch (error) {
      if (isUniqueViolation(error, 'uq_consultants_email')) throw ConsultantError.emailTaken();
      throw error;
    }
  }

  /** Ends every session at once: refresh tokens revoked, access tokens issued until now refused. */
  private async revokeSessions(manager: EntityManager, userId: string): Promise<void> {
    await manager.update(RefreshTokenEntity, { userId, revokedAt: IsNull() }, { revokedAt: new Date() });
    await manager.query(`UPDATE consultants SET tokens_valid_after = now() WHERE id = $1`, [userId]);
  }
}
