/**
 * A repeatable Bull job (the SLA sweep, the retention sweep) that stays registered. Bull keeps the
 * registration in Redis only, and a Redis that restarts empty (no persistence, as in CI and the dev
 * set-up) forgets it: the SLA sweep — the safety net for breach checks Redis lost with it — then
 * stopped until the worker restarted. The worker registers the job at start and checks every
 * minute after that it is still there (one Redis read), registering it again when it is not.
 * Registering is idempotent in Bull (same job id and schedule: one registration), so several
 * workers doing it is harmless.
 */
import { Logger } from '@nestjs/common';
import type { JobOptions, Queue } from 'bull';
import { IntervalSweep } from '@/common/interval-sweep';

export const KEEP_REGISTERED_EVERY_MS = 60_000;

export class KeptRepeatableJob {
  private readonly check = new IntervalSweep(KEEP_REGISTERED_EVERY_MS, () => this.ensure().then(() => undefined));

  constructor(
    private readonly queue: Queue,
    private readonly name: string,
    private readonly options: JobOptions & { jobId: string; repeat: NonNullable<JobOptions['repeat']> },
    private readonly logger: Logger,
  ) {}

  /** Registers the job now and keeps it registered until `stop`. */
  async start(): Promise<void> {
    await this.ensure(true);
    this.check.start();
  }

  stop(): Promise<void> {
    return this.check.stop();
  }

  /** Registers the job unless Redis holds it; answers whether it had to. Logs, never throws. */
  async ensure(atStart = false): Promise<boolean> {
    try {
      const registered = await this.queue.getRepeatableJobs();
      if (registered.some((j) => j.name === this.name && j.id === this.options.jobId)) return false;
      await this.queue.add(this.name, {}, this.options);
      if (!atStart) this.logger.warn({ job: this.name }, 'registered a repeatable job again: Redis had lost it');
      return true;
    } catch (error) {
      // Redis down: Bull reconnects, and the next check registers it.
      this.logger.error({ err: error, job: this.name }, 'could not register a repeatable job; retrying in a minute');
      return false;
    }
  }
}
