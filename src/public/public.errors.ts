import { CommonErrorCode, DomainError } from '@/common/domain-error';

export class RateLimitedError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super('rate_limited', CommonErrorCode.RateLimited, 'Too many requests from this address; try again later.', {
      retryAfterSeconds,
    });
  }
}
