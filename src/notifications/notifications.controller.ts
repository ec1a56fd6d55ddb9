import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses } from '@/common/api-problems';
import { ApiSort } from '@/common/pagination';
import { Actor, CurrentActor, Roles } from '@/common/auth.decorators';
import { UuidParam } from '@/common/uuid.pipe';
import { NotificationListQuery, NotificationPage, NotificationView } from './dto/notification.dto';
import { NOTIFICATION_SORTABLE, NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiSort(NOTIFICATION_SORTABLE, 'createdAt:desc')
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

  @Post(':id/resend')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Send a failed message again (admins): refused by the mail server, or out of retries after a long outage',
  })
  @ApiOkResponse({ type: NotificationView, description: 'queued again: status pending' })
  @ApiProblemResponses({
    401: true,
    403: 'only admins send messages again',
    404: 'no such notification',
    409: 'the message is not failed (pending, sent, logged or cancelled), or its recipient was erased',
  })
  resend(@CurrentActor() actor: Actor, @Param('id', new UuidParam('notification')) id: string) {
    return this.notifications.resend(actor, id);
  }
}
