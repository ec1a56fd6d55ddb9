/**
 * The timing of a worker's periodic sweep: `work` every `intervalMs`, one run at a time (a tick
 * while the last run goes on is skipped), on an unref'd timer, and a stop that waits for the run in
 * flight. The sweep logs its own failures; a failed run is simply followed by the next one.
 */
import { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';

export class IntervalSweep {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly work: () => Promise<void>,
  ) {}

  start(): void {
    // A failure the work did not handle must not become an unhandled rejection of the process.
    this.timer ??= setInterval(() => void this.tick().catch(() => undefined), this.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for the run in flight, if any. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One run now, or the one already running. */
  tick(): Promise<void> {
    this.running ??= this.work().finally(() => {
      this.running = null;
    });
    return this.running;
  }
}

/**
 * A worker-only provider that sweeps every `intervalMs` from application bootstrap until shutdown
 * begins (it stops before the data source and Redis close). `sweepOnce` logs its own failures.
 */
export abstract class WorkerSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly sweep: IntervalSweep;

  protected constructor(intervalMs: number) {
    this.sweep = new IntervalSweep(intervalMs, () => this.sweepOnce());
  }

  protected abstract sweepOnce(): Promise<void>;

  onApplicationBootstrap(): void {
    this.sweep.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.sweep.stop();
  }
}
