import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { IntakeContext } from './intake.service';

/**
 * The sender facts of a submission: client IP (Fastify's `req.ip`, which honours TRUST_PROXY),
 * user agent and the Idempotency-Key header.
 */
export const IntakeRequest = createParamDecorator((_: unknown, ctx: ExecutionContext): IntakeContext => {
  const req = ctx.switchToHttp().getRequest<FastifyRequest>();
  const header = (name: string): string | undefined => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  return { ip: req.ip || null, userAgent: header('user-agent') ?? null, idempotencyKey: header('idempotency-key') };
});
