/**
 * The shared base of every error a service throws. Services never throw HttpException:
 * they throw a DomainError of a `kind`, and the global filter turns kinds into HTTP statuses.
 */
export type ErrorKind =
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable';

export interface FieldError {
  field: string;
  message: string;
}

export interface DomainErrorOptions {
  errors?: FieldError[];
  retryAfterSeconds?: number;
  /** Extra, non-sensitive members for the problem document (e.g. `existingId`). */
  extensions?: Record<string, unknown>;
}

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    /** A stable machine code such as `office.code_taken`; also the problem `type` suffix. */
    readonly code: string,
    message: string,
    readonly options: DomainErrorOptions = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Errors every module can raise without an enum of its own. */
export enum CommonErrorCode {
  ValidationFailed = 'validation_failed',
  NotFound = 'not_found',
  StaleVersion = 'stale_version',
  Forbidden = 'forbidden',
  RateLimited = 'rate_limited',
  DependencyDown = 'dependency_unavailable',
}

export class ValidationFailedError extends DomainError {
  constructor(errors: FieldError[], message = 'The request has invalid fields.') {
    super('validation', CommonErrorCode.ValidationFailed, message, { errors });
  }

  static field(field: string, message: string): ValidationFailedError {
    return new ValidationFailedError([{ field, message }], `${field}: ${message}`);
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string, id?: string) {
    super('not_found', CommonErrorCode.NotFound, id ? `No ${entity} with id ${id}.` : `No such ${entity}.`);
  }
}

export class StaleVersionError extends DomainError {
  constructor(entity: string, currentVersion?: number) {
    super(
      'conflict',
      CommonErrorCode.StaleVersion,
      `The ${entity} was changed by someone else; reload it and try again.`,
      currentVersion === undefined ? {} : { extensions: { currentVersion } },
    );
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'Your role does not allow this.') {
    super('forbidden', CommonErrorCode.Forbidden, message);
  }
}

/**
 * Several checks of one request that each found a field wrong: nothing if none did, the one error
 * as it is, or one 400 naming every field (API.md: a 400 "names every offending field").
 */
export function throwFieldErrors(errors: ReadonlyArray<DomainError | null>): void {
  const found = errors.filter((e): e is DomainError => e !== null);
  if (found.length === 0) return;
  if (found.length === 1) throw found[0];
  throw new ValidationFailedError(
    found.flatMap((e) => e.options.errors ?? []),
    found.map((e) => e.message).join(' '),
  );
}
