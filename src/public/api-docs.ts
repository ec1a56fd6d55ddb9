/** OpenAPI helpers for the public endpoints: every error is an RFC 9457 problem document. */
import { ApiResponse } from '@nestjs/swagger';
import type { HeadersObject, SchemaObject } from '@nestjs/swagger';

export const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', example: '/problems/validation_failed' },
    title: { type: 'string', example: 'Bad Request' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string', example: 'Invalid fields: email, consent.privacy.' },
    code: { type: 'string', example: 'validation_failed' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          field: { type: 'string', example: 'consent.privacy' },
          message: { type: 'string', example: 'must be true' },
        },
      },
    },
    requestId: { type: 'string' },
  },
};

/** Documents an error answer as application/problem+json. */
export function ApiProblem(
  status: number,
  description: string,
  headers?: HeadersObject,
): MethodDecorator & ClassDecorator {
  return ApiResponse({
    status,
    description,
    headers,
    content: { 'application/problem+json': { schema: PROBLEM_SCHEMA } },
  });
}
