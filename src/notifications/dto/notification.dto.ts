import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '@/common/pagination';
import { NOTIFICATION_STATUSES, NotificationStatus, RECIPIENT_KINDS, RecipientKind } from '../notification.entity';
import { TEMPLATES, TemplateName } from '../notification-templates';

export class NotificationListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: NOTIFICATION_STATUSES })
  @IsOptional()
  @IsIn(NOTIFICATION_STATUSES)
  status?: NotificationStatus;

  @ApiPropertyOptional({ enum: TEMPLATES })
  @IsOptional()
  @IsIn(TEMPLATES)
  template?: TemplateName;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  caseId?: string;
}

export class NotificationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: TEMPLATES }) template: string;
  @ApiProperty({ enum: ['en', 'ru', 'zh'] }) locale: string;
  @ApiProperty({ enum: RECIPIENT_KINDS }) recipientKind: RecipientKind;
  @ApiProperty() recipientEmail: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) recipientConsultantId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) contactId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) caseId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) inquiryId: string | null;
  @ApiProperty() subject: string;
  @ApiProperty() body: string;
  @ApiProperty({ enum: NOTIFICATION_STATUSES, description: '`logged`: kept here because SMTP_URL is not set' })
  status: NotificationStatus;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ description: 'the mail server refused the address for good; not retried' }) permanentFailure: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) sentAt: string | null;
}

export class NotificationPage {
  @ApiProperty({ type: [NotificationView] }) data: NotificationView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
