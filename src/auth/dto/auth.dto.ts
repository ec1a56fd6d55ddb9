import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { ROLES, Role } from '@/common/auth.decorators';
import { trim } from '@/common/validators';
import type { SessionUser, TokenPair } from '../auth.service';

export class LoginDto {
  @ApiProperty({ example: 'admin@example.com' })
  @trim
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  refreshToken: string;
}

export class SessionOfficeView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'SHA' }) code: string;
  @ApiProperty({ example: 'Shanghai' }) name: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) timezone: string;
}

/** The signed-in staff user, with role and office. */
export class SessionUserView implements SessionUser {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Wang Lei' }) fullName: string;
  @ApiProperty({ example: 'wang.lei@advisory.example' }) email: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) officeId: string | null;
  @ApiProperty({ type: SessionOfficeView, nullable: true }) office: SessionOfficeView | null;
  @ApiProperty({ type: [String], example: ['zh', 'en'] }) languages: string[];
}

export class TokenPairView implements TokenPair {
  @ApiProperty({ description: 'send as `Authorization: Bearer <accessToken>`' }) accessToken: string;
  @ApiProperty({ description: 'single use: POST /auth/refresh answers a new pair and retires it' })
  refreshToken: string;
  @ApiProperty({ example: 900, description: 'seconds until the access token expires' }) expiresIn: number;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ type: SessionUserView }) user: SessionUserView;
}
