import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '@/common/auth.decorators';
import { UuidParam } from '@/common/uuid.pipe';
import {
  CreateWebhookDto,
  DeliveryListQuery,
  DeliveryPage,
  WebhookListQuery,
  WebhookPage,
  WebhookView,
} from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@ApiBearerAuth()
@Roles('admin')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOkResponse({ type: WebhookPage })
  list(@Query() query: WebhookListQuery) {
    return this.webhooks.list(query);
  }

  @Post()
  @ApiCreatedResponse({
    type: WebhookView,
    description: 'private, loopback and link-local targets are refused (400 naming url)',
  })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateWebhookDto) {
    return this.webhooks.create(actor, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: WebhookView })
  get(@Param('id', new UuidParam('webhook')) id: string) {
    return this.webhooks.get(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'deliveries stop; the delivery log is kept' })
  remove(@CurrentActor() actor: Actor, @Param('id', new UuidParam('webhook')) id: string) {
    return this.webhooks.remove(actor, id);
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ type: DeliveryPage })
  deliveries(@Param('id', new UuidParam('webhook')) id: string, @Query() query: DeliveryListQuery) {
    return this.webhooks.deliveries(id, query);
  }
}
