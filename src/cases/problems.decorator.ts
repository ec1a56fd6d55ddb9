import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

const DESCRIPTIONS: Record<number, string> = {
  400: 'invalid or unknown fields (problem+json naming each field)',
  401: 'missing or bad access token',
  403: 'your role may not do this',
  404: 'no such case, or not in your scope',
  409: 'stale version, or a move that conflicts with the case’s state',
  422: 'something the target state needs is missing or not usable',
};

/** Documents the problem+json answers a route can give. */
export function Problems(...statuses: number[]): MethodDecorator {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, description: DESCRIPTIONS[status] })));
}
