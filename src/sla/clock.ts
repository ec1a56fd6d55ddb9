/**
 * The application's notion of "now" as an injectable provider, so SLA checks and sweeps can be
 * tested at any instant without sleeping (tests replace `now` on the instance they get from the app).
 */
import { Global, Injectable, Module } from '@nestjs/common';

@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
