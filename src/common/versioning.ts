/**
 * Optimistic locking outside cases: consultants, routing rules and clients carry a `version`, and
 * an edit may send the version it read in the body or as `If-Match` (as cases do, API.md). A stale
 * one is a 409; an `If-Match` that is sent is never ignored. Cases require one, with codes of
 * their own (src/cases/case-version.ts).
 */
import { applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ValidationFailedError } from './domain-error';

/** The errors of a version that cannot be used; cases have codes of their own (case.bad_if_match, …). */
export interface VersionErrors {
  badIfMatch: () => Error;
  mismatch: () => Error;
  required: () => Error;
}

const COMMON_ERRORS: VersionErrors = {
  badIfMatch: () => ValidationFailedError.field('If-Match', 'must be a version such as "3"'),
  mismatch: () => ValidationFailedError.field('version', 'differs from the If-Match header'),
  required: () => ValidationFailedError.field('version', 'is required (or send an If-Match header)'),
};

/**
 * The version an edit was made against: from the body, from If-Match (`3`, `"3"`, `W/"3"`), or
 * none. Both given must agree.
 */
export function versionOf(
  bodyVersion: number | undefined,
  ifMatch: string | undefined,
  opts: { required: true; errors?: VersionErrors },
): number;
export function versionOf(
  bodyVersion: number | undefined,
  ifMatch: string | undefined,
  opts: { required: boolean; errors?: VersionErrors },
): number | undefined;
export function versionOf(
  bodyVersion: number | undefined,
  ifMatch: string | undefined,
  opts: { required: boolean; errors?: VersionErrors },
): number | undefined {
  const errors = opts.errors ?? COMMON_ERRORS;
  let headerVersion: number | undefined;
  if (ifMatch !== undefined && ifMatch.trim() !== '') {
    const m = /^\s*(?:W\/)?"?([1-9]\d{0,9})"?\s*$/.exec(ifMatch);
    if (!m) throw errors.badIfMatch();
    headerVersion = Number(m[1]);
  }
  if (bodyVersion !== undefined && headerVersion !== undefined && bodyVersion !== headerVersion) {
    throw errors.mismatch();
  }
  const version = bodyVersion ?? headerVersion;
  if (version === undefined && opts.required) throw errors.required();
  return version;
}

/** Documents the If-Match header of an edit. */
export const IfMatchHeader = (what: string): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: `the ${what} version you read, e.g. "3" (instead of \`version\`); a stale one is a 409`,
    }),
  );

/**
 * The If-Match header as sent (what `@Headers('if-match')` gave). A parameter decorator of its
 * own because @nestjs/swagger documents every `@Headers(name)` parameter as a required header: the
 * document listed a required `if-match` beside IfMatchHeader's optional `If-Match`. Nest runs no
 * validation on it, as with `@Headers`; versionOf() checks it.
 */
export const IfMatchValue = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string | undefined =>
    ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers['if-match'],
);
