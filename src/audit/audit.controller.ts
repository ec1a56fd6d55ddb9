import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses } from '@/common/api-problems';
import { ApiSort } from '@/common/pagination';
import { Actor, CurrentActor, Roles } from '@/common/auth.decorators';
import { AUDIT_SORTABLE, AuditService } from './audit.service';
import { AuditListQuery, AuditPage } from './dto/audit.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiSort(AUDIT_SORTABLE, 'createdAt:desc')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'The audit trail, newest first: admins see everything, managers their office’s entries' })
  @ApiOkResponse({ type: AuditPage })
  @ApiProblemResponses({ 400: 'invalid filters', 401: true, 403: 'consultants have no audit access' })
  list(@CurrentActor() actor: Actor, @Query() query: AuditListQuery) {
    return this.audit.list(actor, query);
  }
}
