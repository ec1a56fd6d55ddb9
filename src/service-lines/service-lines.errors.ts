import { DomainError } from '@/common/domain-error';

export enum ServiceLineErrorCode {
  CodeTaken = 'service_line.code_taken',
}

export class ServiceLineError extends DomainError {
  static codeTaken(code: string): ServiceLineError {
    return new ServiceLineError('conflict', ServiceLineErrorCode.CodeTaken, `A service line ${code} already exists.`, {
      errors: [{ field: 'code', message: 'is already used' }],
    });
  }
}
