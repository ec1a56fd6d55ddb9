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

/**
 * Errors by name, message, SQLSTATE, constraint and stack only. pino's own serializer writes every
 * enumerable property, and a TypeORM QueryFailedError carries the statement's parameters, its SQL
 * and the driver error (whose `detail` quotes values): a failed intake insert wrote the investor's
 * name, address, message and IP to the error log, past the redaction paths.
 */
export function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const e = error as Error & {
    code?: unknown;
    constraint?: unknown;
    driverError?: { code?: unknown; constraint?: unknown };
  };
  const code = e.code ?? e.driverError?.code;
  const constraint = e.constraint ?? e.driverError?.constraint;
  return {
    type: e.constructor?.name ?? e.name,
    message: e.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof constraint === 'string' ? { constraint } : {}),
    stack: e.stack,
    ...(e.cause instanceof Error ? { cause: serializeError(e.cause) } : {}),
  };
}

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
      err: serializeError,
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
