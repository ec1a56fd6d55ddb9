/**
 * The global guard: every route needs a valid access token unless marked @Public(), and the
 * user behind it must still exist and be active (a deactivated user's tokens stop at once).
 * Role checks (@Roles) come after, in the same guard, so no route can forget either.
 */
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { Actor, IS_PUBLIC, RequestWithActor, Role, ROLES_KEY } from '@/common/auth.decorators';
import { ForbiddenError } from '@/common/domain-error';
import { ConsultantEntity } from '@/consultants/consultant.entity';
import { AuthError } from './auth.errors';
import { TokenService } from './token.service';

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<RequestWithActor>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    const claims = match ? this.tokens.verifyAccess(match[1]) : null;
    if (!claims) throw AuthError.invalidToken();

    const user = await this.dataSource
      .getRepository(ConsultantEntity)
      .findOne({ where: { id: claims.sub }, select: { id: true, role: true, officeId: true, active: true } });
    if (!user || !user.active) throw AuthError.invalidToken();
    const actor: Actor = { id: user.id, role: user.role, officeId: user.officeId };
    request.actor = actor;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(actor.role)) throw new ForbiddenError();
    return true;
  }
}
