/**
 * Staff sign-in: argon2id passwords, short-lived access JWTs and rotating refresh tokens.
 * A refresh token works once; presenting a rotated one again means it leaked, so the whole
 * family (every token descended from that sign-in) is revoked.
 */
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AppConfig } from '@/config/app-config';
import { ConsultantEntity } from '@/consultants/consultant.entity';
import { AuthError } from './auth.errors';
import { LoginThrottleService } from './login-throttle.service';
import { PasswordService } from './password.service';
import { RefreshTokenEntity } from './refresh-token.entity';
import { TokenService } from './token.service';

export interface SessionUser {
  id: string;
  fullName: string;
  email: string;
  role: ConsultantEntity['role'];
  officeId: string | null;
  office: { id: string; code: string; name: string; timezone: string } | null;
  languages: string[];
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
  user: SessionUser;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly passwords: PasswordService,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottleService,
    private readonly config: AppConfig,
  ) {}

  async login(email: string, password: string, ip: string): Promise<TokenPair> {
    await this.throttle.begin(email, ip);
    const user = await this.dataSource
      .getRepository(ConsultantEntity)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: email.trim().toLowerCase() })
      .getOne();
    const ok = await this.passwords.verify(user?.passwordHash ?? null, password);
    if (!user || !ok || !user.active) throw AuthError.invalidCredentials();
    await this.throttle.succeeded(email, ip);
    return this.dataSource.transaction(async (manager) => {
      // The password was checked against the hash read before: under the user's row (shared, as a
      // refresh takes it), a password change or deactivation that committed meanwhile refuses the
      // sign-in, and one in progress waits for it and revokes its session. Otherwise the old password
      // opened a session that outlived the change.
      const [current]: Array<{ password_hash: string | null; active: boolean }> = await manager.query(
        `SELECT password_hash, active FROM consultants WHERE id = $1 FOR SHARE`,
        [user.id],
      );
      if (!current?.active || current.password_hash !== user.passwordHash) throw AuthError.invalidCredentials();
      return this.issue(manager, user, randomUUID());
    });
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const hash = TokenService.hashRefresh(refreshToken);
    // The revocation of a reused family must commit even though the request fails: decide inside
    // the transaction, throw after it.
    const outcome = await this.dataSource.transaction(async (manager): Promise<TokenPair | null> => {
      // The owner's row first, shared: a password change or deactivation holds it until it commits,
      // so a refresh ends before it (and its new token is revoked with the rest) or starts after it
      // (and finds its token revoked). With the token alone locked, a refresh in flight handed out a
      // token the change never saw, which outlived it. Owner, then tokens: the change's own order.
      const [owner]: unknown[] = await manager.query(
        `SELECT u.id FROM refresh_tokens t JOIN consultants u ON u.id = t.user_id
          WHERE t.token_hash = $1
            FOR SHARE OF u`,
        [hash],
      );
      if (!owner) return null;
      const row = await manager.findOne(RefreshTokenEntity, {
        where: { tokenHash: hash },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now()) return null;
      if (row.rotatedAt) {
        await this.revokeFamily(manager, row.familyId);
        return null;
      }
      const user = await manager.findOne(ConsultantEntity, { where: { id: row.userId } });
      if (!user || !user.active) return null;
      await manager.update(RefreshTokenEntity, { id: row.id }, { rotatedAt: new Date() });
      return this.issue(manager, user, row.familyId);
    });
    if (!outcome) throw AuthError.invalidRefreshToken();
    return outcome;
  }

  async logout(refreshToken: string): Promise<void> {
    const hash = TokenService.hashRefresh(refreshToken);
    await this.dataSource.transaction(async (manager) => {
      const row = await manager.findOne(RefreshTokenEntity, { where: { tokenHash: hash } });
      if (row) await this.revokeFamily(manager, row.familyId);
    });
  }

  async me(userId: string): Promise<SessionUser> {
    const user = await this.dataSource
      .getRepository(ConsultantEntity)
      .findOne({ where: { id: userId }, relations: { office: true } });
    if (!user) throw AuthError.invalidToken();
    return toSessionUser(user);
  }

  private async issue(manager: EntityManager, user: ConsultantEntity, familyId: string): Promise<TokenPair> {
    const { token, hash } = this.tokens.newRefreshToken();
    await manager.insert(RefreshTokenEntity, {
      userId: user.id,
      familyId,
      tokenHash: hash,
      expiresAt: new Date(Date.now() + this.config.refreshTokenTtlDays * 86_400_000),
    });
    const withOffice = await manager.findOne(ConsultantEntity, { where: { id: user.id }, relations: { office: true } });
    return {
      accessToken: this.tokens.signAccess({ sub: user.id, role: user.role, officeId: user.officeId }),
      refreshToken: token,
      expiresIn: this.config.accessTokenTtlSeconds,
      tokenType: 'Bearer',
      user: toSessionUser(withOffice ?? user),
    };
  }

  private async revokeFamily(manager: EntityManager, familyId: string): Promise<void> {
    await manager.update(RefreshTokenEntity, { familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}

function toSessionUser(u: ConsultantEntity): SessionUser {
  return {
    id: u.id,
    fullName: u.fullName,
    email: u.email,
    role: u.role,
    officeId: u.officeId,
    office: u.office
      ? { id: u.office.id, code: u.office.code, name: u.office.name, timezone: u.office.timezone }
      : null,
    languages: u.languages,
  };
}
