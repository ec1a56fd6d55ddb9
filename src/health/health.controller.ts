import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '@/common/auth.decorators';
import { RedisService } from '@/queue/redis.service';
import { LivenessView } from './dto/health.dto';

/** Liveness says the process answers; readiness says Postgres and Redis answer too. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly redis: RedisService,
  ) {}

  @Public()
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (no sign-in)' })
  @ApiOkResponse({ type: LivenessView })
  live() {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: Postgres and Redis answer too (no sign-in)',
    description: 'When a dependency does not answer: 503 (problem+json, `checks` says which, Retry-After).',
  })
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.db.pingCheck('postgres', { timeout: 1500 }),
      async () => {
        const indicator = this.indicators.check('redis');
        return (await this.redis.ping()) ? indicator.up() : indicator.down({ message: 'Redis does not answer' });
      },
    ]);
  }
}
