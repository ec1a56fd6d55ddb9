import { DomainError, ErrorKind } from '@/common/domain-error';
import type { StageMoveError, StageMoveErrorCode } from './case-pipeline';

export enum CaseErrorCode {
  UnknownStage = 'case.unknown_stage',
  SameStage = 'case.same_stage',
  ReopenForbidden = 'case.reopen_forbidden',
  LostReasonRequired = 'case.lost_reason_required',
  LostReasonInvalid = 'case.lost_reason_invalid',
  LostReasonNotAllowed = 'case.lost_reason_not_allowed',
  EstimatedValueRequired = 'case.estimated_value_required',
  VersionRequired = 'case.version_required',
  BadIfMatch = 'case.bad_if_match',
  VersionMismatch = 'case.version_mismatch',
  NothingToChange = 'case.nothing_to_change',
  UnknownServiceLines = 'case.unknown_service_lines',
  NotAssignedToYou = 'case.not_assigned_to_you',
  OfficeMoveForbidden = 'case.office_move_forbidden',
  HandOverForbidden = 'case.hand_over_forbidden',
  UnknownOffice = 'case.unknown_office',
  ConsultantNotEligible = 'case.consultant_not_eligible',
  ConsultantUnavailable = 'case.consultant_unavailable',
  AlreadyAssigned = 'case.already_assigned',
  ActivityFieldNotAllowed = 'case.activity_field_not_allowed',
  NotActivityAuthor = 'case.not_activity_author',
}

const STAGE_MOVE_CODES: Record<StageMoveErrorCode, CaseErrorCode> = {
  unknown_stage: CaseErrorCode.UnknownStage,
  same_stage: CaseErrorCode.SameStage,
  reopen_forbidden: CaseErrorCode.ReopenForbidden,
  lost_reason_required: CaseErrorCode.LostReasonRequired,
  lost_reason_invalid: CaseErrorCode.LostReasonInvalid,
  lost_reason_not_allowed: CaseErrorCode.LostReasonNotAllowed,
  estimated_value_required: CaseErrorCode.EstimatedValueRequired,
};

function kindOfStatus(status: StageMoveError['status']): ErrorKind {
  switch (status) {
    case 400:
      return 'validation';
    case 403:
      return 'forbidden';
    case 409:
      return 'conflict';
    case 422:
      return 'unprocessable';
  }
}

export class CaseError extends DomainError {
  /** A refusal from the transition table, with its status and the request field it names. */
  static fromStageMove(error: StageMoveError): CaseError {
    return new CaseError(kindOfStatus(error.status), STAGE_MOVE_CODES[error.code], error.message, {
      ...(error.field ? { errors: [{ field: error.field, message: error.message }] } : {}),
    });
  }

  static versionRequired(): CaseError {
    return new CaseError(
      'validation',
      CaseErrorCode.VersionRequired,
      'Send the version you read, in the body or as If-Match.',
      {
        errors: [{ field: 'version', message: 'is required (or send an If-Match header)' }],
      },
    );
  }

  static badIfMatch(): CaseError {
    return new CaseError('validation', CaseErrorCode.BadIfMatch, 'If-Match must hold the case version, such as "3".', {
      errors: [{ field: 'If-Match', message: 'must be a case version such as "3"' }],
    });
  }

  static versionMismatch(): CaseError {
    return new CaseError('validation', CaseErrorCode.VersionMismatch, 'The body version and If-Match disagree.', {
      errors: [{ field: 'version', message: 'differs from the If-Match header' }],
    });
  }

  static nothingToChange(): CaseError {
    return new CaseError('validation', CaseErrorCode.NothingToChange, 'Name at least one field to change.', {
      errors: [{ field: 'body', message: 'names no field to change' }],
    });
  }

  static unknownServiceLines(codes: string[]): CaseError {
    return new CaseError(
      'validation',
      CaseErrorCode.UnknownServiceLines,
      `Unknown or inactive service lines: ${codes.join(', ')}.`,
      {
        errors: [
          { field: 'serviceLines', message: `holds unknown or inactive service-line codes: ${codes.join(', ')}` },
        ],
      },
    );
  }

  static valueRequiredInStage(stageName: string): CaseError {
    return new CaseError(
      'unprocessable',
      CaseErrorCode.EstimatedValueRequired,
      `A case in stage "${stageName}" keeps its estimated value.`,
      {
        errors: [{ field: 'estimatedValue', message: `cannot be cleared while the case is in "${stageName}"` }],
      },
    );
  }

  static notAssignedToYou(): CaseError {
    return new CaseError(
      'forbidden',
      CaseErrorCode.NotAssignedToYou,
      'Consultants work on the cases assigned to them: take the case from the queue first.',
    );
  }

  static handOverForbidden(message: string): CaseError {
    return new CaseError('forbidden', CaseErrorCode.HandOverForbidden, message);
  }

  /** `field`: officeId when it was given, consultantId when it is the consultant's office. */
  static officeMoveForbidden(field: 'officeId' | 'consultantId' = 'officeId'): CaseError {
    return new CaseError(
      'forbidden',
      CaseErrorCode.OfficeMoveForbidden,
      'Only managers and admins may move a case to another office.',
      {
        errors: [
          field === 'officeId'
            ? { field, message: 'may only be set by a manager or an admin' }
            : { field, message: 'works in another office: only a manager or an admin may move the case there' },
        ],
      },
    );
  }

  /** `field`: officeId when it was given, consultantId when the office is the consultant's. */
  static unknownOffice(field: 'officeId' | 'consultantId' = 'officeId'): CaseError {
    return new CaseError(
      'unprocessable',
      CaseErrorCode.UnknownOffice,
      'The target office does not exist or is not active.',
      {
        errors: [
          field === 'officeId'
            ? { field, message: 'does not name an active office' }
            : { field, message: 'works in an office that is not active' },
        ],
      },
    );
  }

  static consultantNotEligible(reason: string): CaseError {
    return new CaseError(
      'unprocessable',
      CaseErrorCode.ConsultantNotEligible,
      `The consultant cannot take this case: ${reason}.`,
      {
        errors: [{ field: 'consultantId', message: reason }],
      },
    );
  }

  static consultantUnavailable(reason: string): CaseError {
    return new CaseError(
      'conflict',
      CaseErrorCode.ConsultantUnavailable,
      `The consultant cannot take more work now: ${reason}.`,
      {
        errors: [{ field: 'consultantId', message: reason }],
      },
    );
  }

  static alreadyAssigned(): CaseError {
    return new CaseError('conflict', CaseErrorCode.AlreadyAssigned, 'The case is already assigned that way.');
  }

  static activityFieldNotAllowed(field: string, message: string): CaseError {
    return new CaseError('validation', CaseErrorCode.ActivityFieldNotAllowed, `${field} ${message}.`, {
      errors: [{ field, message }],
    });
  }

  static notActivityAuthor(): CaseError {
    return new CaseError(
      'forbidden',
      CaseErrorCode.NotActivityAuthor,
      "Only the author, a manager or an admin may edit an activity; the case's consultant may complete or reschedule its tasks.",
    );
  }
}
