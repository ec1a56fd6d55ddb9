import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses } from '@/common/api-problems';
import { Roles } from '@/common/auth.decorators';
import { NotificationListQuery, NotificationPage } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Stored e-mail notifications and their delivery state (admins)' })
  @ApiOkResponse({
    type: NotificationPage,
    description: 'stored e-mail: pending, sent, failed, logged (no SMTP) and cancelled',
  })
  @ApiProblemResponses({
    400: 'invalid filter, paging or sort',
    401: true,
    403: 'only admins see notifications',
  })
  list(@Query() query: NotificationListQuery) {
    return this.notifications.list(query);
  }
}
