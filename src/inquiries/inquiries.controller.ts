import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiProblemResponses } from '@/common/api-problems';
import { ApiSort } from '@/common/pagination';
import { Actor, CurrentActor, Public, Roles } from '@/common/auth.decorators';
import { UuidParam } from '@/common/uuid.pipe';
import { RateLimit } from '@/public/rate-limit.guard';
import { InquiryCreatedView, InquiryDetail, InquiryListQuery, InquiryPage } from './dto/inquiry.dto';
import { INQUIRY_INPUT_EXAMPLES } from './dto/inquiry-examples';
import { InquiryInputDto } from './dto/inquiry-input.dto';
import { IntakeContext, IntakeService } from './intake.service';
import { IntakeRequest } from './intake-context.decorator';
import { InquiriesService, INQUIRY_SORTABLE } from './inquiries.service';

const INQUIRIES_PATH = '/api/v1/inquiries';

@ApiTags('inquiries')
@Controller('inquiries')
export class InquiriesController {
  constructor(
    private readonly intake: IntakeService,
    private readonly inquiries: InquiriesService,
  ) {}

  // Above @RateLimit: keeps its 429 description, documents the problem schema and a 429 example.
  @ApiProblemResponses({ 429: { description: '' } })
  @Public()
  @RateLimit('submit')
  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Submit an inquiry (public, no sign-in)',
    description:
      'Stores the inquiry with its contact, client and consent record, answers with its reference, and routes it in the ' +
      'background. A filled `website` honeypot is answered like any other inquiry but never routed. Send an ' +
      '`Idempotency-Key` to retry safely: the same key and body answer the first inquiry again.',
  })
  @ApiBody({ type: InquiryInputDto, examples: INQUIRY_INPUT_EXAMPLES })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Any string of 1–100 characters, one per inquiry.',
  })
  @ApiCreatedResponse({
    type: InquiryCreatedView,
    description: 'Stored (or, for a repeated Idempotency-Key with the same body, the first inquiry again).',
    headers: { Location: { description: 'The inquiry, /api/v1/inquiries/{id}', schema: { type: 'string' } } },
  })
  @ApiProblemResponses({
    400: 'Invalid fields (each named in `errors`), malformed JSON or a bad Idempotency-Key; nothing was stored.',
    409: {
      description: 'The Idempotency-Key was already used with a different body.',
      code: 'inquiry.idempotency_key_reused',
      detail: 'This Idempotency-Key was already used for a different inquiry; use a new key for a new inquiry.',
    },
    413: 'The body is larger than 512 KB.',
    415: 'The body is not application/json.',
  })
  async submit(
    @Body() dto: InquiryInputDto,
    @IntakeRequest() ctx: IntakeContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const created = await this.intake.submit(dto, ctx);
    void reply.header('Location', `${INQUIRIES_PATH}/${created.id}`);
    return created;
  }

  @ApiBearerAuth()
  @Get()
  @ApiSort(INQUIRY_SORTABLE, 'createdAt:desc')
  @ApiOperation({ summary: 'List inquiries (staff; unrouted ones are visible to admins and managers only)' })
  @ApiOkResponse({ type: InquiryPage })
  @ApiProblemResponses({ 400: 'invalid filter, paging or sort', 401: true })
  list(@CurrentActor() actor: Actor, @Query() query: InquiryListQuery) {
    return this.inquiries.list(actor, query);
  }

  @ApiBearerAuth()
  @Get(':id')
  @ApiOperation({ summary: 'An inquiry as submitted, with status, case and what routing detected' })
  @ApiOkResponse({ type: InquiryDetail })
  @ApiProblemResponses({ 401: true, 404: 'no such inquiry, or not in your scope' })
  get(@CurrentActor() actor: Actor, @Param('id', new UuidParam('inquiry')) id: string) {
    return this.inquiries.get(actor, id);
  }

  @ApiBearerAuth()
  @Post(':id/release')
  @HttpCode(200)
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'Release a false-positive spam inquiry: it becomes received and is routed' })
  @ApiOkResponse({
    type: InquiryDetail,
    description: 'the inquiry, now received (and queued for routing) or, repeating an earlier one, duplicate',
  })
  @ApiProblemResponses({
    401: true,
    403: 'consultants may not release inquiries',
    404: 'no such inquiry, or not in your scope',
    409: {
      description: 'The inquiry is not spam (`currentStatus` says what it is).',
      code: 'inquiry.not_spam',
      detail: 'Only a spam inquiry can be released; this one is routed.',
    },
  })
  release(@CurrentActor() actor: Actor, @Param('id', new UuidParam('inquiry')) id: string) {
    return this.inquiries.release(actor, id);
  }
}
