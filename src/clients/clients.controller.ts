import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { IfMatchHeader, IfMatchValue } from '@/common/versioning';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses } from '@/common/api-problems';
import { Actor, CurrentActor, Roles } from '@/common/auth.decorators';
import { ApiSort, PageQuery } from '@/common/pagination';
import { UuidParam } from '@/common/uuid.pipe';
import { ClientsService } from './clients.service';
import { ContactsService } from './contacts.service';
import {
  ClientDetailView,
  ClientListQuery,
  ClientPage,
  CreateClientDto,
  DuplicateList,
  MergeClientsDto,
  UpdateClientDto,
} from './dto/client.dto';
import { ContactPage } from './dto/contact.dto';
import { CLIENT_SORTABLE, CONTACT_SORTABLE } from './clients.repository';

const SCOPE =
  'Consultants see the clients of their cases, of their office queue and the clients they own; managers those of their ' +
  'office\u2019s cases and clients with no case yet; admins all. Anything else answers 404.';

@ApiTags('clients')
@ApiBearerAuth()
@ApiProblemResponses({ 401: 'no, bad or expired access token' })
@Controller('clients')
export class ClientsController {
  constructor(
    private readonly clients: ClientsService,
    private readonly contacts: ContactsService,
  ) {}

  @Get()
  @ApiSort(CLIENT_SORTABLE, 'name:asc', ' (relevance:desc with q)')
  @ApiOperation({ summary: 'Search clients', description: `Merged clients are not listed. ${SCOPE}` })
  @ApiOkResponse({ type: ClientPage })
  @ApiProblemResponses({ 400: 'invalid filter, paging or sort' })
  list(@CurrentActor() actor: Actor, @Query() query: ClientListQuery) {
    return this.clients.list(actor, query);
  }

  @Post()
  @ApiOperation({
    summary: 'Add a client directly (a referral, an event contact)',
    description:
      'Any staff role. A consultant becomes the owner of a client they add. A company is deduplicated by its email domain.',
  })
  @ApiCreatedResponse({ type: ClientDetailView })
  @ApiProblemResponses({
    400: 'invalid fields, a free-mail emailDomain or an unknown owner; every field is named',
    403: 'a consultant naming another owner, or a manager naming staff of another office',
    409: 'the emailDomain belongs to a live client; `existingClientId` names it',
  })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateClientDto) {
    return this.clients.create(actor, dto);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'A client with its contacts, cases and owner',
    description: `A merged client answers its own record with \`mergedInto\`. Cases are those you may see. ${SCOPE}`,
  })
  @ApiOkResponse({ type: ClientDetailView })
  @ApiProblemResponses({ 404: 'no such client, or not in your scope' })
  get(@CurrentActor() actor: Actor, @Param('id', new UuidParam('client')) id: string) {
    return this.clients.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Edit a client',
    description:
      'Send the version you read, as `version` or If-Match, and a stale one is a 409. Changing the owner is for managers and admins, and is audited.',
  })
  @IfMatchHeader('client')
  @ApiOkResponse({ type: ClientDetailView })
  @ApiProblemResponses({
    400: 'invalid fields, each named',
    403: 'a consultant changing the owner',
    404: 'no such client, or not in your scope',
    409: 'stale version, a merged client, or an emailDomain taken by another live client',
  })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam('client')) id: string,
    @Body() dto: UpdateClientDto,
    @IfMatchValue() ifMatch?: string,
  ) {
    return this.clients.update(actor, id, dto, ifMatch);
  }

  @Get(':id/contacts')
  @ApiSort(CONTACT_SORTABLE, 'fullName:asc')
  @ApiOperation({ summary: 'The contacts of a client', description: SCOPE })
  @ApiOkResponse({ type: ContactPage })
  @ApiProblemResponses({ 404: 'no such client, or not in your scope' })
  listContacts(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam('client')) id: string,
    @Query() query: PageQuery,
  ) {
    return this.contacts.listForClient(actor, id, query);
  }

  @Get(':id/duplicates')
  @ApiOperation({
    summary: 'Likely duplicates of a client',
    description:
      'Live clients you may see that share a company email domain (the client\u2019s or its contacts\u2019) or have a similar normalized name (trigram similarity above 0.4), best first.',
  })
  @ApiOkResponse({ type: DuplicateList })
  @ApiProblemResponses({ 404: 'no such client, or not in your scope' })
  duplicates(@CurrentActor() actor: Actor, @Param('id', new UuidParam('client')) id: string) {
    return this.clients.duplicates(actor, id);
  }

  @Post(':id/merge')
  @Roles('admin', 'manager')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Merge another client into this one',
    description:
      'Moves the other client\u2019s contacts, inquiries and cases here in one transaction and audits it; the other keeps answering with `mergedInto`. ' +
      'Managers and admins; both clients must be in your scope.',
  })
  @ApiOkResponse({ type: ClientDetailView, description: 'this client after the merge' })
  @ApiProblemResponses({
    400: 'otherClientId missing or not an id',
    403: 'consultants may not merge',
    404: 'either client does not exist or is not in your scope',
    409: 'either client was already merged',
    422: 'merging a client into itself',
  })
  merge(@CurrentActor() actor: Actor, @Param('id', new UuidParam('client')) id: string, @Body() dto: MergeClientsDto) {
    return this.clients.merge(actor, id, dto);
  }
}
