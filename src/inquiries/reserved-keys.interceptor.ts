/**
 * Refuses body fields named like Object.prototype members (`constructor`, `toString`, …).
 * class-transformer skips such keys when it builds the DTO, so the whitelist of the global
 * ValidationPipe never sees them and they would be dropped silently instead of answered with 400.
 * Runs before the pipes (interceptors wrap parameter resolution).
 */
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { FieldError, ValidationFailedError } from '@/common/domain-error';

const RESERVED = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);
/** Bodies are at most 64 KB; this bounds the walk all the same. */
const MAX_DEPTH = 20;

function reservedFields(value: unknown, path: string, depth: number, out: FieldError[]): void {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const field = path ? `${path}.${key}` : key;
    if (!Array.isArray(value) && RESERVED.has(key)) out.push({ field, message: 'is not a known field' });
    reservedFields(child, field, depth + 1, out);
  }
}

@Injectable()
export class ReservedKeysInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const errors: FieldError[] = [];
    reservedFields(context.switchToHttp().getRequest<FastifyRequest>().body, '', 0, errors);
    if (errors.length)
      throw new ValidationFailedError(errors, `Invalid fields: ${errors.map((e) => e.field).join(', ')}.`);
    return next.handle();
  }
}
