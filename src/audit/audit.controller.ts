import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '@/common/auth.decorators';
import { AuditService } from './audit.service';
import { AuditListQuery, AuditPage } from './dto/audit.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'The audit trail, newest first: admins see everything, managers their office’s entries' })
  @ApiOkResponse({ type: AuditPage })
  @ApiResponse({ status: 400, description: 'invalid filters' })
  @ApiResponse({ status: 403, description: 'consultants have no audit access' })
  list(@CurrentActor() actor: Actor, @Query() query: AuditListQuery) {
    return this.audit.list(actor, query);
  }
}
