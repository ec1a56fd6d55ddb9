import { DomainError } from '@/common/domain-error';

export enum OfficeErrorCode {
  CodeTaken = 'office.code_taken',
  UnknownServiceLine = 'office.unknown_service_line',
  BadHours = 'office.bad_business_hours',
  NoWorkingTime = 'office.no_working_time',
  DefaultInactive = 'office.default_inactive',
  DefaultRequired = 'office.default_required',
}

export class OfficeError extends DomainError {
  static codeTaken(code: string): OfficeError {
    return new OfficeError('conflict', OfficeErrorCode.CodeTaken, `An office with code ${code} already exists.`, {
      errors: [{ field: 'code', message: 'is already used by another office' }],
    });
  }

  static unknownServiceLines(field: string, codes: string[]): OfficeError {
    return new OfficeError(
      'validation',
      OfficeErrorCode.UnknownServiceLine,
      `Unknown service lines: ${codes.join(', ')}.`,
      {
        errors: [{ field, message: `holds unknown service-line codes: ${codes.join(', ')}` }],
      },
    );
  }

  static closeBeforeOpen(): OfficeError {
    return new OfficeError('validation', OfficeErrorCode.BadHours, 'Closing time must be after opening time.', {
      errors: [{ field: 'businessHours.close', message: 'must be after businessHours.open' }],
    });
  }

  static noWorkingTime(): OfficeError {
    return new OfficeError(
      'validation',
      OfficeErrorCode.NoWorkingTime,
      'This calendar leaves no working time to count a first-response deadline in.',
      {
        errors: [
          {
            field: 'holidays',
            message: 'leave no working day for more than a year with these businessHours.days and extraWorkingDays',
          },
        ],
      },
    );
  }

  static defaultMustBeActive(): OfficeError {
    return new OfficeError('validation', OfficeErrorCode.DefaultInactive, 'An inactive office cannot be the default.', {
      errors: [{ field: 'isDefault', message: 'needs an active office' }],
    });
  }

  static defaultRequired(): OfficeError {
    return new OfficeError(
      'conflict',
      OfficeErrorCode.DefaultRequired,
      'The firm needs a default-intake office: make another office the default (isDefault: true there) instead.',
      { errors: [{ field: 'isDefault', message: 'cannot be false for the default-intake office' }] },
    );
  }

  static defaultStaysActive(): OfficeError {
    return new OfficeError(
      'conflict',
      OfficeErrorCode.DefaultInactive,
      'This is the default-intake office: make another office the default before deactivating it.',
      { errors: [{ field: 'active', message: 'cannot be false for the default-intake office' }] },
    );
  }
}
