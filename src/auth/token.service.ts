/** Access JWTs (HS256 pinned, short-lived) and opaque refresh tokens (random, stored hashed). */
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes } from 'node:crypto';
import { AppConfig } from '@/config/app-config';
import type { Role } from '@/common/auth.decorators';

export interface AccessClaims {
  sub: string;
  role: Role;
  officeId: string | null;
  /** `iat`, seconds since the epoch (0 when a token has none: only a forged one could). */
  issuedAt?: number;
}

export const JWT_ALGORITHM = 'HS256';

@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  signAccess(claims: AccessClaims): string {
    return this.jwt.sign(
      { role: claims.role, officeId: claims.officeId },
      {
        subject: claims.sub,
        algorithm: JWT_ALGORITHM,
        expiresIn: this.config.accessTokenTtlSeconds,
      },
    );
  }

  /** Returns the claims, or null for anything not signed by us with HS256 and unexpired. */
  verifyAccess(token: string): AccessClaims | null {
    try {
      // The secret is the key object of AuthModule's JwtModule registration.
      const payload = this.jwt.verify<{ sub: string; role: Role; officeId: string | null; iat?: number }>(token, {
        algorithms: [JWT_ALGORITHM],
      });
      return typeof payload.sub === 'string'
        ? {
            sub: payload.sub,
            role: payload.role,
            officeId: payload.officeId,
            issuedAt: typeof payload.iat === 'number' ? payload.iat : 0,
          }
        : null;
    } catch {
      return null;
    }
  }

  newRefreshToken(): { token: string; hash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: TokenService.hashRefresh(token) };
  }

  static hashRefresh(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }
}
