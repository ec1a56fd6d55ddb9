/**
 * RFC 9457 problem details: one mapping from anything thrown to the document clients see.
 * Used by the Nest exception filter and by Fastify's own error handler (body parsing errors
 * happen before Nest sees the request), so every error path answers the same shape.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { HttpException, HttpStatus } from '@nestjs/common';
import { DomainError, ErrorKind, FieldError } from './domain-error';
import { isDatabaseUnavailable, isTransactionConflict } from './pg-errors';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors: FieldError[];
  requestId?: string;
  [extension: string]: unknown;
}

export interface ProblemResult {
  problem: Problem;
  headers: Record<string, string>;
  /** true for errors that are our fault: logged with the stack, shown without internals. */
  internal: boolean;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function statusOfKind(kind: ErrorKind): number {
  switch (kind) {
    case 'validation':
      return 400;
    case 'unauthorized':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'payload_too_large':
      return 413;
    case 'unsupported_media_type':
      return 415;
    case 'unprocessable':
      return 422;
    case 'rate_limited':
      return 429;
    case 'unavailable':
      return 503;
  }
}

/** Every problem has `errors` (API.md's shape): empty where no field is at fault. */
function problem(status: number, code: string, detail: string, extra: Partial<Problem> = {}): Problem {
  return { type: `/problems/${code}`, title: TITLES[status] ?? 'Error', status, detail, code, errors: [], ...extra };
}

const HTTP_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
  503: 'dependency_unavailable',
};

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
  validation?: unknown;
}

/** Fastify raises these while reading the body, before any Nest code runs. */
function fromFastifyError(err: FastifyLikeError): ProblemResult | null {
  if (typeof err.code !== 'string' || !err.code.startsWith('FST_')) {
    if (err instanceof SyntaxError && (err as FastifyLikeError).statusCode === 400) {
      return { problem: problem(400, 'malformed_json', 'The body is not valid JSON.'), headers: {}, internal: false };
    }
    return null;
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        problem: problem(413, 'payload_too_large', 'The body is larger than the limit of 512 KB.'),
        headers: {},
        internal: false,
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        problem: problem(415, 'unsupported_media_type', 'Send the body as application/json.'),
        headers: {},
        internal: false,
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { problem: problem(400, 'empty_body', 'The JSON body is empty.'), headers: {}, internal: false };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { problem: problem(400, 'malformed_json', 'The body is not valid JSON.'), headers: {}, internal: false };
    default: {
      const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
      if (status === 500) return null;
      return {
        problem: problem(status, HTTP_CODES[status] ?? 'bad_request', 'The request could not be read.'),
        headers: {},
        internal: false,
      };
    }
  }
}

export function toProblem(error: unknown, requestId?: string): ProblemResult {
  const withId = (r: ProblemResult): ProblemResult => {
    if (requestId) r.problem.requestId = requestId;
    return r;
  };
  if (error instanceof DomainError) {
    const status = statusOfKind(error.kind);
    const headers: Record<string, string> = {};
    if (error.options.retryAfterSeconds !== undefined)
      headers['retry-after'] = String(Math.max(1, Math.ceil(error.options.retryAfterSeconds)));
    return withId({
      problem: problem(status, error.code, error.message, {
        ...(error.options.extensions ?? {}),
        ...(error.options.errors ? { errors: error.options.errors } : {}),
      }),
      headers,
      internal: false,
    });
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === 503) {
      const response = error.getResponse();
      const checks = typeof response === 'object' ? response : undefined;
      return withId({
        problem: problem(
          503,
          'dependency_unavailable',
          'A service this depends on does not answer.',
          checks ? { checks } : {},
        ),
        headers: { 'retry-after': '5' },
        internal: false,
      });
    }
    if (status < 500) {
      const headers: Record<string, string> = {};
      const detail = status === HttpStatus.NOT_FOUND ? 'No such resource.' : error.message;
      if (status === 429) headers['retry-after'] = headers['retry-after'] ?? '60';
      return withId({
        problem: problem(status, HTTP_CODES[status] ?? 'bad_request', detail),
        headers,
        internal: false,
      });
    }
  }
  const fastify = error && typeof error === 'object' ? fromFastifyError(error as FastifyLikeError) : null;
  if (fastify) return withId(fastify);
  if (isDatabaseUnavailable(error)) {
    return withId({
      problem: problem(503, 'dependency_unavailable', 'The database does not answer right now; try again shortly.'),
      headers: { 'retry-after': '5' },
      internal: false,
    });
  }
  if (isTransactionConflict(error)) {
    return withId({
      problem: problem(
        409,
        'concurrent_change',
        'Another change to the same records happened at the same moment and nothing was saved; send the request again.',
      ),
      headers: { 'retry-after': '1' },
      internal: false,
    });
  }
  return withId({
    problem: problem(
      500,
      'internal_error',
      'Something went wrong on our side. Quote the request id when you report it.',
    ),
    headers: {},
    internal: true,
  });
}

/**
 * Fastify's clientErrorHandler: what Node's HTTP parser refuses before any request exists (a raw
 * non-ASCII byte in the URL, headers over the size limit, a request too slow to arrive) answers
 * problem+json like everything else, not Fastify's own JSON shape. Written to the socket, which
 * is then closed, as Node and Fastify do.
 */
export function writeClientErrorProblem(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, detail] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'request_timeout', 'The request did not arrive in time.']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'headers_too_large', 'The request headers are larger than the server accepts.']
        : [400, 'bad_request', 'The request is not valid HTTP (URLs must be percent-encoded).'];
  const body = JSON.stringify(problem(status, code, detail, { title: STATUS_CODES[status] ?? 'Error' }));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
