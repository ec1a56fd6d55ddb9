import { Module } from '@nestjs/common';
import { ServiceLinesModule } from '@/service-lines/service-lines.module';
import { PublicController } from './public.controller';
import { RateLimitModule } from './rate-limit.module';

/** The public look-ups of the inquiry form (the submission itself lives in InquiriesModule). */
@Module({ imports: [ServiceLinesModule, RateLimitModule], controllers: [PublicController] })
export class PublicModule {}
