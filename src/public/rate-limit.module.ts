import { Module } from '@nestjs/common';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimiterService } from './rate-limiter.service';

/** The per-IP limit of the public endpoints; modules with public routes import it. */
@Module({ providers: [RateLimiterService, RateLimitGuard], exports: [RateLimiterService, RateLimitGuard] })
export class RateLimitModule {}
