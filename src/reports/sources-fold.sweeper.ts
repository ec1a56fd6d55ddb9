/**
 * Worker-only: once a minute folds the inquiry changes of the sources report into its weekly
 * counts (migration ReportSourcesRollup), so the report reads a few rows per week plus a minute's
 * changes. The report is exact without it; the sweep only keeps the change log short. Several
 * workers may sweep: their folds take turns (the fold function takes an advisory lock).
 */
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WorkerSweeper } from '@/common/interval-sweep';

export const SOURCES_FOLD_INTERVAL_MS = 60_000;

@Injectable()
export class SourcesFoldSweeper extends WorkerSweeper {
  private readonly logger = new Logger(SourcesFoldSweeper.name);

  // The primary, not the reports replica: the fold writes.
  constructor(private readonly dataSource: DataSource) {
    super(SOURCES_FOLD_INTERVAL_MS);
  }

  protected async sweepOnce(): Promise<void> {
    await this.fold().catch((error: unknown) =>
      this.logger.warn({ err: error }, 'sources fold failed; the next one retries'),
    );
  }

  /** Folds now; answers how many weekly rows it touched. */
  async fold(): Promise<number> {
    const [{ folded }] = await this.dataSource.query<Array<{ folded: number }>>(
      `SELECT fold_inquiry_source_changes() AS folded`,
    );
    return folded;
  }
}
