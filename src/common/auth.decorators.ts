/**
 * Route metadata for the global guards: every route is staff-only unless marked @Public(),
 * and @Roles() narrows a staff route to some roles.
 */
import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

export const ROLES = ['consultant', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated staff user, as the guard loaded it for this request. */
export interface Actor {
  id: string;
  role: Role;
  officeId: string | null;
}

export const IS_PUBLIC = 'acrm:isPublic';
export const ROLES_KEY = 'acrm:roles';

export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

export type RequestWithActor = FastifyRequest & { actor?: Actor };

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw new Error('CurrentActor used on a public route');
  return actor;
});
