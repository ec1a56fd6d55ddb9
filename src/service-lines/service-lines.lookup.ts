import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { ServiceLineEntity } from './service-line.entity';

/** Checks service-line codes exist; shared by offices, consultants and intake. */
@Injectable()
export class ServiceLinesLookup {
  /** Returns the codes that do not exist (or are inactive when `activeOnly`). */
  async unknownCodes(manager: EntityManager, codes: string[], activeOnly = false): Promise<string[]> {
    if (codes.length === 0) return [];
    const found = await manager.find(ServiceLineEntity, {
      where: { code: In(codes), ...(activeOnly ? { active: true } : {}) },
      select: { code: true },
    });
    const known = new Set(found.map((s) => s.code));
    return codes.filter((c) => !known.has(c));
  }
}
