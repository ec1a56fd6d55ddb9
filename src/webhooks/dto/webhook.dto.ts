import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  MinLength,
  ValidateBy,
} from 'class-validator';
import { PageQuery } from '@/common/pagination';
import { trim } from '@/common/validators';
import { DELIVERY_STATUSES, DeliveryStatus, WebhookBody } from '../webhook-delivery.entity';
import { WEBHOOK_EVENTS, WebhookEvent } from '../webhook-subscription.entity';

const URL_MESSAGE = 'must be an http(s) URL without a user name or password';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://integrator.example/hooks/advisory', maxLength: 2000 })
  @trim
  @IsString()
  @MaxLength(2000)
  @IsUrl(
    {
      protocols: ['http', 'https'],
      require_protocol: true,
      require_tld: false,
      require_host: true,
      allow_underscores: true,
      // Credentials in the URL would be shown to every admin listing webhooks; the secret signs.
      disallow_auth: true,
    },
    { message: URL_MESSAGE },
  )
  // isURL takes hosts the WHATWG parser, which delivery connects with, refuses (an IPv6 zone id,
  // a malformed xn-- label): they would answer 500 here and never be delivered.
  @ValidateBy(
    { name: 'isParsableUrl', validator: { validate: (v: unknown) => typeof v !== 'string' || URL.canParse(v) } },
    { message: URL_MESSAGE },
  )
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true, example: ['case.assigned', 'case.sla_breached'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENTS, { each: true, message: `must hold only ${WEBHOOK_EVENTS.join(', ')}` })
  events: WebhookEvent[];

  @ApiProperty({
    writeOnly: true,
    minLength: 16,
    maxLength: 200,
    description: 'HMAC-SHA256 key for X-Signature; never returned',
  })
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  secret: string;
}

export class WebhookListQuery extends PageQuery {}

export class DeliveryListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}

export class WebhookView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true }) events: WebhookEvent[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class WebhookPage {
  @ApiProperty({ type: [WebhookView] }) data: WebhookView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

/**
 * What each event's `data` holds: ids, codes and times only, never an investor's words. The same
 * text documents the deliveries in the OpenAPI document.
 */
const PAYLOAD_DESCRIPTION = [
  'The JSON body sent, signed as X-Signature: sha256=<HMAC-SHA256 of the raw body with the secret>:',
  '{ id (the event id, also X-Event-Id), event, createdAt, data }. `data` by event (ids, codes and times only):',
  'inquiry.received: { inquiryId, reference, status, duplicateOfId, originCountry, targetCountry, serviceLines, source, receivedAt };',
  'case.assigned: { caseId, reference, officeId, consultantId (null: the office queue), previousOfficeId, previousConsultantId,',
  'reason: routing | hand_over | queue_drain | sla_breach } plus inquiryId and strategy when routing assigned it;',
  'case.stage_changed: { caseId, reference, officeId, consultantId, fromStage, toStage, changedAt };',
  'case.sla_breached: { caseId, reference, officeId, consultantId, firstResponseDueAt }.',
  'Delivery is at least once: deduplicate by id. Retried with backoff for about a day.',
].join(' ');

/** The body of a delivery (WebhookBody), typed for the OpenAPI document. */
export class WebhookPayloadView {
  @ApiProperty({ format: 'uuid', description: 'the event id, also X-Event-Id' }) id: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS }) event: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'depends on event' }) data: Record<
    string,
    unknown
  >;
}

export class DeliveryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) webhookId: string;
  @ApiProperty({ format: 'uuid', description: 'the X-Event-Id receivers deduplicate by' }) eventId: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS }) event: string;
  @ApiProperty({ type: WebhookPayloadView, description: PAYLOAD_DESCRIPTION }) payload: WebhookBody;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status: DeliveryStatus;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: Number }) lastStatusCode: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastAttemptAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) deliveredAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class DeliveryPage {
  @ApiProperty({ type: [DeliveryView] }) data: DeliveryView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
