/**
 * Shutdown on signals for a process that has more to stop than the application: `npm start`
 * closes the application first (requests answered, jobs finished or handed back, connections
 * ended), then its embedded Postgres and Redis.
 */
import type { INestApplication } from '@nestjs/common';
import { constants } from 'node:os';
import type { Logger } from 'pino';

/** The signals a one-process system stops on: Ctrl-C, `kill`, a closed terminal. */
export const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Closes the application on the first shutdown signal, then runs `afterClose` and exits as the signal would (128 + its number). */
export function closeOnSignals(app: INestApplication, afterClose: () => Promise<void>, logger: Logger): void {
  const onSignal = (signal: NodeJS.Signals): void => {
    for (const s of SHUTDOWN_SIGNALS) process.removeListener(s, onSignal);
    logger.info({ signal }, 'shutting down');
    const code = 128 + (constants.signals[signal] ?? 0);
    app
      .close()
      .catch((error: unknown) => logger.error({ err: error }, 'closing the application failed'))
      .then(afterClose)
      .then(
        () => process.exit(code),
        (error: unknown) => {
          logger.error({ err: error }, 'stopping failed');
          process.exit(code);
        },
      );
  };
  for (const s of SHUTDOWN_SIGNALS) process.on(s, onSignal);
}
