import { DomainError } from '@/common/domain-error';

export enum ConsultantErrorCode {
  EmailTaken = 'consultant.email_taken',
  OfficeRequired = 'consultant.office_required',
  UnknownOffice = 'consultant.unknown_office',
  UnknownServiceLine = 'consultant.unknown_service_line',
  BadPeriod = 'consultant.bad_out_of_office_period',
  LeaveOverlaps = 'consultant.out_of_office_overlaps',
  LastAdmin = 'consultant.last_admin',
  HasOpenCases = 'consultant.has_open_cases',
}

export class ConsultantError extends DomainError {
  static emailTaken(): ConsultantError {
    return new ConsultantError(
      'conflict',
      ConsultantErrorCode.EmailTaken,
      'A staff user with this email already exists.',
      {
        errors: [{ field: 'email', message: 'is already used by another staff user' }],
      },
    );
  }

  static officeRequired(): ConsultantError {
    return new ConsultantError(
      'validation',
      ConsultantErrorCode.OfficeRequired,
      'Consultants and managers belong to an office.',
      {
        errors: [{ field: 'officeId', message: 'is required unless role is admin' }],
      },
    );
  }

  static unknownOffice(): ConsultantError {
    return new ConsultantError('validation', ConsultantErrorCode.UnknownOffice, 'No such office.', {
      errors: [{ field: 'officeId', message: 'does not name an office you can use' }],
    });
  }

  static unknownServiceLines(codes: string[]): ConsultantError {
    return new ConsultantError(
      'validation',
      ConsultantErrorCode.UnknownServiceLine,
      `Unknown service lines: ${codes.join(', ')}.`,
      {
        errors: [{ field: 'serviceLines', message: `holds unknown service-line codes: ${codes.join(', ')}` }],
      },
    );
  }

  static leaveOverlaps(from: Date, to: Date): ConsultantError {
    const period = `${from.toISOString()} to ${to.toISOString()}`;
    return new ConsultantError(
      'conflict',
      ConsultantErrorCode.LeaveOverlaps,
      `The period overlaps the out-of-office period from ${period}: change that one instead.`,
      { errors: [{ field: 'from', message: `overlaps the out-of-office period from ${period}` }] },
    );
  }

  static badPeriod(): ConsultantError {
    return new ConsultantError(
      'validation',
      ConsultantErrorCode.BadPeriod,
      'An out-of-office period must end after it starts.',
      {
        errors: [{ field: 'to', message: 'must be after from' }],
      },
    );
  }

  static lastAdmin(): ConsultantError {
    return new ConsultantError(
      'conflict',
      ConsultantErrorCode.LastAdmin,
      'The last active admin cannot be deactivated or demoted.',
    );
  }

  static hasOpenCases(count: number): ConsultantError {
    return new ConsultantError(
      'conflict',
      ConsultantErrorCode.HasOpenCases,
      `This consultant has ${count} open case${count === 1 ? '' : 's'} in their office; hand them over before moving them to another office.`,
      {
        errors: [
          {
            field: 'officeId',
            message: `cannot change while ${count === 1 ? '1 open case is' : `${count} open cases are`} assigned to them`,
          },
        ],
      },
    );
  }
}
