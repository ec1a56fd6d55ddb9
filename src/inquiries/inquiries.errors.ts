import { DomainError } from '@/common/domain-error';

export enum InquiryErrorCode {
  UnknownServiceLine = 'inquiry.unknown_service_line',
  BadIdempotencyKey = 'inquiry.bad_idempotency_key',
  IdempotencyKeyReused = 'inquiry.idempotency_key_reused',
  NotSpam = 'inquiry.not_spam',
}

export class InquiryError extends DomainError {
  static unknownServiceLines(codes: string[]): InquiryError {
    return new InquiryError(
      'validation',
      InquiryErrorCode.UnknownServiceLine,
      `Unknown or inactive service lines: ${codes.join(', ')}.`,
      {
        errors: [
          { field: 'serviceLines', message: `holds unknown or inactive service-line codes: ${codes.join(', ')}` },
        ],
      },
    );
  }

  static badIdempotencyKey(): InquiryError {
    return new InquiryError(
      'validation',
      InquiryErrorCode.BadIdempotencyKey,
      'The Idempotency-Key header must be 1–100 characters.',
      {
        errors: [{ field: 'Idempotency-Key', message: 'must be 1–100 characters' }],
      },
    );
  }

  static idempotencyKeyReused(): InquiryError {
    return new InquiryError(
      'conflict',
      InquiryErrorCode.IdempotencyKeyReused,
      'This Idempotency-Key was already used for a different inquiry; use a new key for a new inquiry.',
    );
  }

  static notSpam(status: string): InquiryError {
    return new InquiryError(
      'conflict',
      InquiryErrorCode.NotSpam,
      `Only a spam inquiry can be released; this one is ${status}.`,
      {
        extensions: { currentStatus: status },
      },
    );
  }
}
