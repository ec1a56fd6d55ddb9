/**
 * OpenAPI documentation of error answers: every error is an RFC 9457 problem document
 * (application/problem+json, see problem.ts), described once here as `ProblemView` and
 * documented per route with `@ApiProblemResponses({ 404: 'no such office', ... })`.
 * Documentation only: nothing here changes what a route answers.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { HeadersObject } from '@nestjs/swagger';

export class ProblemFieldView {
  @ApiProperty({ example: 'email', description: 'the offending field, dotted for nested ones (consent.privacy)' })
  field: string;

  @ApiProperty({ example: 'must be an email address' })
  message: string;
}

/** The problem document every error answers with (problem.ts). */
export class ProblemView {
  @ApiProperty({ example: '/problems/not_found', description: '`/problems/{code}`' })
  type: string;

  @ApiProperty({ example: 'Not Found', description: 'the status’s reason phrase' })
  title: string;

  @ApiProperty({ example: 404, description: 'the HTTP status, repeated' })
  status: number;

  @ApiProperty({
    example: 'No office with id 0b8f0c56-5d0e-4c0a-9d55-8f6f1c2f7a10.',
    description: 'readable explanation',
  })
  detail: string;

  @ApiProperty({ example: 'not_found', description: 'stable machine code, e.g. validation_failed, stale_version' })
  code: string;

  @ApiProperty({
    type: [ProblemFieldView],
    description:
      'every offending field (validation errors, and some conflicts and rule violations); empty when no field is at fault',
  })
  errors: ProblemFieldView[];

  @ApiPropertyOptional({
    example: '5f2b4c1e-8a43-4d3b-9a57-0d4f2a6f5b21',
    description: 'as in the X-Request-Id header',
  })
  requestId?: string;
}

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

interface ProblemExample {
  title: string;
  code: string;
  detail: string;
  errors?: ProblemFieldView[];
}

const EXAMPLES: Record<ProblemStatus, ProblemExample & { description: string }> = {
  400: {
    title: 'Bad Request',
    code: 'validation_failed',
    detail: 'The request has invalid fields.',
    errors: [{ field: 'email', message: 'must be an email address' }],
    description: 'invalid or unknown fields, each named in `errors`',
  },
  401: {
    title: 'Unauthorized',
    code: 'auth.invalid_token',
    detail: 'Sign in: the access token is missing, expired or invalid.',
    description: 'no, bad or expired access token',
  },
  403: {
    title: 'Forbidden',
    code: 'forbidden',
    detail: 'Your role does not allow this.',
    description: 'your role may not do this',
  },
  404: {
    title: 'Not Found',
    code: 'not_found',
    detail: 'No such resource.',
    description: 'no such resource, or not in your scope',
  },
  409: {
    title: 'Conflict',
    code: 'stale_version',
    detail: 'The record was changed by someone else; reload it and try again.',
    description: 'conflicts with the current state (stale version, duplicate)',
  },
  413: {
    title: 'Content Too Large',
    code: 'payload_too_large',
    detail: 'The body is larger than the limit of 512 KB.',
    description: 'the body is larger than 512 KB',
  },
  415: {
    title: 'Unsupported Media Type',
    code: 'unsupported_media_type',
    detail: 'Send the body as application/json.',
    description: 'the body is not application/json',
  },
  422: {
    title: 'Unprocessable Content',
    code: 'unprocessable',
    detail: 'The request is well-formed but breaks a business rule.',
    description: 'well-formed, but breaks a business rule',
  },
  429: {
    title: 'Too Many Requests',
    code: 'rate_limited',
    detail: 'Too many requests; try again later.',
    description: 'too many requests; Retry-After says when to try again',
  },
  503: {
    title: 'Service Unavailable',
    code: 'dependency_unavailable',
    detail: 'The database does not answer right now; try again shortly.',
    description: 'a dependency (database, Redis) does not answer; Retry-After says when to try again',
  },
};

const RETRY_AFTER: HeadersObject = {
  'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } },
};

/**
 * One error answer. A string is its description; an object may also give the example's `code`,
 * `detail` and `errors`. `description: ''` keeps the description another decorator already gave
 * the same status (e.g. `@RateLimit`'s 429) and only sets the problem schema and example.
 */
export type ProblemResponse =
  true | string | { description?: string; code?: string; detail?: string; errors?: ProblemFieldView[] };

/**
 * Documents problem+json error answers, each with the `ProblemView` schema and an example
 * matching its status: `@ApiProblemResponses({ 401: true, 404: 'no such office' })`.
 * Works on a controller (every route) or on one route; a route's entry replaces the controller's.
 */
export function ApiProblemResponses(
  responses: Partial<Record<ProblemStatus, ProblemResponse>>,
): MethodDecorator & ClassDecorator {
  const decorators = (Object.entries(responses) as Array<[string, ProblemResponse]>).map(([key, given]) => {
    const status = Number(key) as ProblemStatus;
    const base = EXAMPLES[status];
    const options = typeof given === 'object' ? given : {};
    const description =
      typeof given === 'string' ? given : options.description !== undefined ? options.description : base.description;
    const code = options.code ?? base.code;
    const errors = options.errors ?? base.errors;
    const example = {
      type: `/problems/${code}`,
      title: base.title,
      status,
      detail: options.detail ?? base.detail,
      code,
      errors: errors ?? [],
      requestId: '5f2b4c1e-8a43-4d3b-9a57-0d4f2a6f5b21',
    };
    return ApiResponse({
      status,
      description,
      ...(status === 429 || status === 503 ? { headers: RETRY_AFTER } : {}),
      content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemView) }, example } },
    });
  });
  return applyDecorators(ApiExtraModels(ProblemView), ...decorators);
}

/** The answers of every staff route: 401 without a valid access token. Put it on the controller. */
export const ApiStaffProblems = (): MethodDecorator & ClassDecorator =>
  ApiProblemResponses({ 401: 'no, bad or expired access token' });

/**
 * A module's own wording for its error answers, documented per route by status:
 * `const Problems = problemSet({ 404: 'no such case' }); ... @Problems(401, 404)`.
 * Statuses it does not word use the general descriptions.
 */
export function problemSet(
  wording: Partial<Record<ProblemStatus, ProblemResponse>>,
): (...statuses: ProblemStatus[]) => MethodDecorator & ClassDecorator {
  return (...statuses) => ApiProblemResponses(Object.fromEntries(statuses.map((s) => [s, wording[s] ?? true])));
}
