/**
 * The reports pool's session settings (src/reports/reports-database.ts), apart so the benchmark's
 * `pg` baseline and floor servers replay with exactly the same: read-only, no JIT (at a million
 * cases plan costs pass jit_above_cost, and compiling would be added to every report for little
 * gain on these plans), a larger `work_mem` so the sorts behind percentiles and the (case, stage)
 * de-duplication stay in memory, UTC (ISO weeks, day buckets), a statement timeout, and the
 * application's own (parallel workers).
 */
import { sessionSettings } from '../database/session-settings';

export function reportSessionSettings(parallelWorkers: number): string[] {
  return [
    ...sessionSettings(parallelWorkers),
    'default_transaction_read_only=on',
    'jit=off',
    'work_mem=64MB',
    'timezone=UTC',
    'statement_timeout=60000',
  ];
}
