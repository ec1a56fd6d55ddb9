import { DomainError } from '@/common/domain-error';

export enum RoutingErrorCode {
  NoOfficeAvailable = 'routing.no_office_available',
  UnknownOffice = 'routing.unknown_office',
  ConsultantNotInOffice = 'routing.consultant_not_in_office',
  UnknownServiceLine = 'routing.unknown_service_line',
}

export class RoutingRuleError extends DomainError {
  static unknownOffice(): RoutingRuleError {
    return new RoutingRuleError(
      'validation',
      RoutingErrorCode.UnknownOffice,
      'The rule names an office that does not exist.',
      {
        errors: [{ field: 'action.officeId', message: 'does not name an office' }],
      },
    );
  }

  static consultantNotInOffice(): RoutingRuleError {
    return new RoutingRuleError(
      'validation',
      RoutingErrorCode.ConsultantNotInOffice,
      'The rule\u2019s consultant must be a consultant (not a manager or admin) of the rule\u2019s office.',
      {
        errors: [{ field: 'action.consultantId', message: 'must be a consultant of action.officeId' }],
      },
    );
  }

  static unknownServiceLines(codes: string[]): RoutingRuleError {
    return new RoutingRuleError(
      'validation',
      RoutingErrorCode.UnknownServiceLine,
      `Unknown service lines: ${codes.join(', ')}.`,
      {
        errors: [{ field: 'conditions.serviceLines', message: `holds unknown codes: ${codes.join(', ')}` }],
      },
    );
  }
}

/**
 * No active office exists, so not even the default-intake fallback can take the inquiry. The
 * inquiry stays stored and unrouted; an admin has to reactivate an office.
 */
export class NoOfficeAvailableError extends DomainError {
  constructor() {
    super(
      'unprocessable',
      RoutingErrorCode.NoOfficeAvailable,
      'No active office can take the inquiry: every office is inactive.',
    );
  }
}
