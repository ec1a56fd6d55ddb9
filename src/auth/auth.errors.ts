import { DomainError } from '@/common/domain-error';

export enum AuthErrorCode {
  InvalidCredentials = 'auth.invalid_credentials',
  TooManyAttempts = 'auth.too_many_attempts',
  InvalidToken = 'auth.invalid_token',
  InvalidRefreshToken = 'auth.invalid_refresh_token',
}

export class AuthError extends DomainError {
  static invalidCredentials(): AuthError {
    return new AuthError('unauthorized', AuthErrorCode.InvalidCredentials, 'The email or password is wrong.');
  }

  static tooManyAttempts(retryAfterSeconds: number): AuthError {
    return new AuthError('rate_limited', AuthErrorCode.TooManyAttempts, 'Too many failed sign-ins; try again later.', {
      retryAfterSeconds,
    });
  }

  static invalidToken(): AuthError {
    return new AuthError(
      'unauthorized',
      AuthErrorCode.InvalidToken,
      'Sign in: the access token is missing, expired or invalid.',
    );
  }

  static invalidRefreshToken(): AuthError {
    return new AuthError(
      'unauthorized',
      AuthErrorCode.InvalidRefreshToken,
      'The refresh token is invalid, expired or already used.',
    );
  }
}
