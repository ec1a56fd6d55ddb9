/**
 * `@RateLimit('bucket')` puts a public route under the per-IP limit (PUBLIC_RATE_LIMIT requests
 * per PUBLIC_RATE_WINDOW_SECONDS). The client IP is Fastify's `req.ip`, which follows
 * X-Forwarded-For only as far as TRUST_PROXY allows, so clients cannot pick their own address.
 */
import { applyDecorators, CanActivate, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblemResponses } from '@/common/api-problems';
import { RateLimitedError } from './public.errors';
import { RateLimiterService } from './rate-limiter.service';

const BUCKET = 'acrm:rateLimitBucket';

@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: RateLimiterService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const bucket =
      this.reflector.getAllAndOverride<string | undefined>(BUCKET, [context.getHandler(), context.getClass()]) ??
      'public';
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const verdict = await this.limiter.hit(bucket, request.ip || 'unknown');
    void http
      .getResponse<FastifyReply>()
      .header('RateLimit-Limit', String(verdict.limit))
      .header('RateLimit-Remaining', String(verdict.remaining))
      .header('RateLimit-Reset', String(verdict.resetSeconds));
    if (!verdict.allowed) throw new RateLimitedError(verdict.resetSeconds);
    return true;
  }
}

/**
 * Limits a route per client IP. Routes sharing a bucket share the count: the form's look-ups
 * (service lines, countries) have their own bucket so loading the form never uses up submissions.
 */
export function RateLimit(bucket: string): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(BUCKET, bucket),
    UseGuards(RateLimitGuard),
    ApiProblemResponses({ 429: 'Too many requests from this client IP; Retry-After says when to try again.' }),
  );
}
