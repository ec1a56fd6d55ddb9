import { DomainError } from '@/common/domain-error';

export enum ReportErrorCode {
  DatabaseUnavailable = 'report.database_unavailable',
  TooSlow = 'report.too_slow',
}

/** Report failures that are not the caller's fault; bad filters are ValidationFailedError (400), out-of-scope ids NotFoundError (404). */
export class ReportError extends DomainError {
  static databaseUnavailable(): ReportError {
    return new ReportError(
      'unavailable',
      ReportErrorCode.DatabaseUnavailable,
      'The reports database does not answer; try again shortly.',
      {
        retryAfterSeconds: 10,
      },
    );
  }

  static tooSlow(): ReportError {
    return new ReportError(
      'unavailable',
      ReportErrorCode.TooSlow,
      'The report took too long; narrow the period or the filters.',
      {
        retryAfterSeconds: 30,
      },
    );
  }
}
