import { DomainError } from '@/common/domain-error';

export enum OfficeErrorCode {
  CodeTaken = 'office.code_taken',
  UnknownServiceLine = 'office.unknown_service_line',
  BadHours = 'office.bad_business_hours',
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
}
