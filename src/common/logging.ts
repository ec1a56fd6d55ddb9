/**
 * The pino logger shared by Fastify (request logs) and Nest (application logs). Requests are logged
 * by method, route path (no query string: it can hold search terms) and status; bodies never are,
 * and personal fields are redacted wherever they appear.
 */
import pino, { DestinationStream, Logger } from 'pino';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  '*.email',
  '*.password',
  '*.phone',
  '*.fullName',
  '*.message',
  '*.body',
  '*.ip',
];

/** `destination` is for tests that read the log (stdout otherwise). */
export function createRootLogger(level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: { id?: string; method?: string; url?: string }) => ({
        id: req.id,
        method: req.method,
        path: (req.url ?? '').split('?')[0],
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
