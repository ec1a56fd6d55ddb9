import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblemResponses } from '@/common/api-problems';
import { ApiSort } from '@/common/pagination';
import { Actor, CurrentActor, Roles } from '@/common/auth.decorators';
import { UuidParam } from '@/common/uuid.pipe';
import {
  CreateWebhookDto,
  DeliveryListQuery,
  DeliveryPage,
  DeliveryView,
  WebhookListQuery,
  WebhookPage,
  WebhookView,
} from './dto/webhook.dto';
import { DELIVERY_SORTABLE, WEBHOOK_SORTABLE, WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@ApiBearerAuth()
@ApiProblemResponses({ 401: true, 403: 'only admins manage webhooks' })
@Roles('admin')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiSort(WEBHOOK_SORTABLE, 'createdAt:desc')
  @ApiOperation({ summary: 'Webhook subscriptions (admins); the secret is never returned' })
  @ApiOkResponse({ type: WebhookPage })
  @ApiProblemResponses({ 400: 'invalid paging or sort' })
  list(@Query() query: WebhookListQuery) {
    return this.webhooks.list(query);
  }

  @Post()
  @ApiOperation({
    summary: 'Subscribe a URL to events (admins); deliveries are signed `X-Signature: sha256=<hmac>` with the secret',
  })
  @ApiCreatedResponse({
    type: WebhookView,
    description: 'private, loopback and link-local targets are refused (400 naming url)',
  })
  @ApiProblemResponses({
    400: {
      description: 'invalid or unknown fields, an unknown event, or a private, loopback or link-local url; each named',
      errors: [{ field: 'url', message: 'must be an http(s) URL without a user name or password' }],
    },
  })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateWebhookDto) {
    return this.webhooks.create(actor, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One webhook subscription (admins)' })
  @ApiOkResponse({ type: WebhookView })
  @ApiProblemResponses({ 404: 'no such webhook' })
  get(@Param('id', new UuidParam('webhook')) id: string) {
    return this.webhooks.get(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Unsubscribe (admins)' })
  @ApiNoContentResponse({ description: 'deliveries stop; the delivery log is kept' })
  @ApiProblemResponses({ 404: 'no such webhook' })
  remove(@CurrentActor() actor: Actor, @Param('id', new UuidParam('webhook')) id: string) {
    return this.webhooks.remove(actor, id);
  }

  @Get(':id/deliveries')
  @ApiSort(DELIVERY_SORTABLE, 'createdAt:desc')
  @ApiOperation({ summary: 'The delivery log of a webhook (admins)' })
  @ApiOkResponse({ type: DeliveryPage })
  @ApiProblemResponses({ 400: 'invalid status filter, paging or sort', 404: 'no such webhook' })
  deliveries(@Param('id', new UuidParam('webhook')) id: string, @Query() query: DeliveryListQuery) {
    return this.webhooks.deliveries(id, query);
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Deliver one event again (admins): same body and event id, signed with the current secret; for a failed or delivered one',
  })
  @ApiOkResponse({ type: DeliveryView, description: 'queued again: status pending' })
  @ApiProblemResponses({
    404: 'no such webhook (or deleted), or no such delivery of it',
    409: 'the delivery is still pending, or was cancelled',
  })
  redeliver(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam('webhook')) id: string,
    @Param('deliveryId', new UuidParam('delivery')) deliveryId: string,
  ) {
    return this.webhooks.redeliver(actor, id, deliveryId);
  }
}
