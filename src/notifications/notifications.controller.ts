import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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
  @ApiOkResponse({
    type: NotificationPage,
    description: 'stored e-mail: pending, sent, failed, logged (no SMTP) and cancelled',
  })
  list(@Query() query: NotificationListQuery) {
    return this.notifications.list(query);
  }
}
