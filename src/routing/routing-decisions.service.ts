import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '@/common/auth.decorators';
import { NotFoundError } from '@/common/domain-error';
import { caseScopeSql } from '@/cases/case-scope';
import { SqlParams } from '@/common/sql';
import type { RoutingDecision } from './routing.types';

/** Reads stored decisions, scoped like the cases they belong to. */
@Injectable()
export class RoutingDecisionsService {
  constructor(private readonly dataSource: DataSource) {}

  async forCase(actor: Actor, caseId: string): Promise<RoutingDecision & { decidedAt: string; caseId: string }> {
    const params = new SqlParams();
    const id = params.add(caseId);
    const [row]: Array<{ explanation: RoutingDecision; decided_at: Date }> = await this.dataSource.query(
      `SELECT d.explanation, d.decided_at
         FROM routing_decisions d JOIN cases c ON c.id = d.case_id
        WHERE d.case_id = ${id} AND ${caseScopeSql(actor, params, 'c')}`,
      params.values,
    );
    if (!row) throw new NotFoundError('routing decision for case', caseId);
    return { ...row.explanation, caseId, decidedAt: row.decided_at.toISOString() };
  }
}
