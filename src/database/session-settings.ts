/**
 * Settings every session of the application starts with, as `-c` options of the connection (no
 * imports: the benchmark's bare floor server replays its statements with the same settings).
 */

/** No parallel query plans unless DB_PARALLEL_WORKERS asks for them (docs/performance.md, session 13). */
export const DEFAULT_DB_PARALLEL_WORKERS = 0;

/**
 * `-c` settings for the application's sessions: how many parallel workers one step of a query may
 * use. Parallel workers are new processes for every query; on the 2-vCPU VMs this was measured on,
 * each such process paid about 14 µs per shared-buffer page it touched first, and parallel plans ran
 * the firm-wide SLA report, the inquiry and client lists 1.7–3 times slower than one process did
 * (docs/performance.md, session 13). DB_PARALLEL_WORKERS turns them back on where they pay.
 */
export function sessionSettings(parallelWorkers: number): string[] {
  if (!Number.isInteger(parallelWorkers) || parallelWorkers < 0) throw new Error('parallel workers: an integer ≥ 0');
  return [`max_parallel_workers_per_gather=${parallelWorkers}`];
}

/** A libpq `options` string of `-c` settings. */
export const asStartupOptions = (settings: string[]): string => settings.map((s) => `-c ${s}`).join(' ');
