import { Controller, Get, Header, Headers } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AuthError } from '@/auth/auth.errors';
import { Public } from '@/common/auth.decorators';
import { AppConfig } from '@/config/app-config';
import { MetricsService } from './metrics.service';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Scraped by Prometheus; carries no personal data, but route timings and process figures are
 * nobody else's business: with METRICS_TOKEN set it answers only `Authorization: Bearer <token>`
 * (compared in constant time), and 401 problem+json otherwise.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  private readonly expected: Buffer | null;

  constructor(
    private readonly metrics: MetricsService,
    config: AppConfig,
  ) {
    this.expected = config.metricsToken ? digest(`Bearer ${config.metricsToken}`) : null;
  }

  @Public()
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(@Headers('authorization') authorization?: string): Promise<string> {
    if (this.expected && !timingSafeEqual(digest(authorization ?? ''), this.expected)) throw AuthError.invalidToken();
    return this.metrics.registry.metrics();
  }
}
