import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiProblemResponses } from '@/common/api-problems';
import { Actor, CurrentActor, Public } from '@/common/auth.decorators';
import { AuthService } from './auth.service';
import { LoginDto, RefreshDto, SessionUserView, TokenPairView } from './dto/auth.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password: an access token, a refresh token and the user' })
  @ApiOkResponse({ type: TokenPairView })
  @ApiProblemResponses({
    400: 'invalid or unknown fields, each named',
    401: {
      description: 'wrong email or password, or an inactive user',
      code: 'auth.invalid_credentials',
      detail: 'The email or password is wrong.',
    },
    429: {
      description: 'too many failed sign-ins for this account or client IP; Retry-After says when to try again',
      code: 'auth.too_many_attempts',
      detail: 'Too many failed sign-ins; try again later.',
    },
  })
  login(@Body() dto: LoginDto, @Req() req: FastifyRequest) {
    return this.auth.login(dto.email, dto.password, req.ip);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair; the old refresh token stops working' })
  @ApiOkResponse({ type: TokenPairView })
  @ApiProblemResponses({
    400: 'refreshToken missing or malformed',
    401: {
      description: 'the refresh token is invalid, expired or already used',
      code: 'auth.invalid_refresh_token',
      detail: 'The refresh token is invalid, expired or already used.',
    },
  })
  refresh(@Body() dto: RefreshDto) {
    return this.auth.refresh(dto.refreshToken);
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Sign out: revokes the refresh token (and its family)',
    description:
      'Needs no access token: the refresh token in the body identifies the session. An unknown or already revoked ' +
      'token also answers 204. The access token stays valid until it expires.',
  })
  @ApiNoContentResponse({ description: 'revoked (or nothing to revoke)' })
  @ApiProblemResponses({ 400: 'refreshToken missing or malformed' })
  logout(@Body() dto: RefreshDto) {
    return this.auth.logout(dto.refreshToken);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: 'The signed-in user with role and office' })
  @ApiOkResponse({ type: SessionUserView })
  @ApiProblemResponses({ 401: true })
  me(@CurrentActor() actor: Actor) {
    return this.auth.me(actor.id);
  }
}
