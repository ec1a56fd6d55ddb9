import { BullModule } from '@nestjs/bull';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '@/config/app-config';
import { QueueName } from './queue.constants';
import { RedisService } from './redis.service';

const queues = Object.values(QueueName).map((name) => ({ name }));

@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ url: config.redisUrl, prefix: config.queuePrefix }),
    }),
    BullModule.registerQueue(...queues),
  ],
  providers: [RedisService],
  exports: [BullModule, RedisService],
})
export class QueueModule {}
