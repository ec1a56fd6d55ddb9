/**
 * Checks every JSON body, query string and path parameter before the validation pipe, for things
 * field rules cannot see:
 * - keys named like Object.prototype members (`constructor`, `toString`, …): class-transformer
 *   skips them when it builds the DTO, so the whitelist would drop them silently instead of 400;
 * - strings with NUL characters or unpaired surrogates: never storable text, and some validators
 *   (validator.js's isEmail) throw on them, which would otherwise surface as a 500;
 * - JSON nested deeper than MAX_DEPTH levels.
 * Every offending field is named, as for any validation error.
 */
import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { FieldError, ValidationFailedError } from './domain-error';

const RESERVED = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);
/**
 * No request of the API nests deeper than a few levels. Deeper JSON is refused here: a body of
 * `[[[…]]]` (thousands of levels fit in the body limit) overflowed the stack in the ValidationPipe and class-transformer
 * (a 500 on every JSON route, found by probing).
 */
export const MAX_DEPTH = 20;
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `root` names the whole value where no field path does: `body`, `query` or `param`. */
export function inputProblems(
  value: unknown,
  path = '',
  depth = 0,
  out: FieldError[] = [],
  root = 'body',
): FieldError[] {
  if (typeof value === 'string') {
    if (UNSTORABLE.test(value))
      out.push({ field: path || root, message: 'must not contain NUL characters or unpaired surrogates' });
    return out;
  }
  if (value === null || typeof value !== 'object') return out;
  if (depth >= MAX_DEPTH) {
    out.push({ field: path || root, message: `is nested too deeply (at most ${MAX_DEPTH} levels)` });
    return out;
  }
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const field = path ? `${path}.${key}` : key;
    if (!Array.isArray(value) && RESERVED.has(key)) out.push({ field, message: 'is not a known field' });
    else if (UNSTORABLE.test(key))
      out.push({ field: path || root, message: 'has a field name with NUL characters or unpaired surrogates' });
    inputProblems(child, field, depth + 1, out, root);
  }
  return out;
}

/**
 * A global pipe ahead of the ValidationPipe, for `@Body()`, `@Query()` and `@Param()` parameters.
 * Query strings matter as much as bodies: Postgres refuses text with a NUL in it, so a list's
 * `?q=%00` reached the database and failed there as a 500. A pipe rather than an interceptor: with
 * any global interceptor Nest runs every handler, GETs included, through an RxJS pipeline
 * (0–0.5 ms per request in A/B runs of small reports on the development machine).
 */
@Injectable()
export class InputHygienePipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' && metadata.type !== 'query' && metadata.type !== 'param') return value;
    // `@Query('q')` or `@Param('id')` hands over one value: name it by its parameter.
    const errors = inputProblems(value, metadata.data ?? '', 0, [], metadata.type);
    if (errors.length)
      throw new ValidationFailedError(
        errors,
        `Invalid fields: ${[...new Set(errors.map((e) => e.field))].join(', ')}.`,
      );
    return value;
  }
}
