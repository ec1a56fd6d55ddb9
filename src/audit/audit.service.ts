/** Writes audit entries inside the caller's transaction, so the entry lands exactly when the change does. */
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '@/common/auth.decorators';

export interface AuditRecord {
  actor: Actor | null;
  action: string;
  entity: string;
  entityId: string;
  officeId?: string | null;
  before?: object | null;
  after?: object | null;
}

@Injectable()
export class AuditService {
  async record(manager: EntityManager, rec: AuditRecord): Promise<void> {
    await manager.query(
      `INSERT INTO audit_entries (actor_kind, actor_id, action, entity, entity_id, office_id, before, after)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb)`,
      [
        rec.actor ? 'user' : 'system',
        rec.actor?.id ?? null,
        rec.action,
        rec.entity,
        rec.entityId,
        rec.officeId ?? null,
        rec.before ? JSON.stringify(rec.before) : null,
        rec.after ? JSON.stringify(rec.after) : null,
      ],
    );
  }
}
