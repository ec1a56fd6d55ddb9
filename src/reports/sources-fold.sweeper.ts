/**
 * Worker-only: once a minute folds the inquiry changes of the sources report into its weekly
 * counts (migration ReportSourcesRollup), so the report reads a few rows per week plus a minute's
 * changes. The report is exact without it; the sweep only keeps the change log short. Several
 * workers may sweep: their folds take turns (the fold function takes an advisory lock).
 */
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IntervalSweep } from '@/common/interval-sweep';

export const SOURCES_FOLD_INTERVAL_MS = 60_000;

@Injectable()
export class SourcesFoldSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SourcesFoldSweeper.name);
  private readonly sweep = new IntervalSweep(SOURCES_FOLD_INTERVAL_MS, () =>
    this.fold().then(
      () => undefined,
      (error: unknown) => this.logger.warn({ err: error }, 'sources fold failed; the next one retries'),
    ),
  );

  // The primary, not the reports replica: the fold writes.
  constructor(private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    this.sweep.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.sweep.stop();
  }

  /** Folds now; answers how many weekly rows it touched. */
  async fold(): Promise<number> {
    const [{ folded }] = await this.dataSource.query<Array<{ folded: number }>>(
      `SELECT fold_inquiry_source_changes() AS folded`,
    );
    return folded;
  }
}
