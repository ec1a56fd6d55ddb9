import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses } from '@/common/api-problems';
import { Actor, CurrentActor } from '@/common/auth.decorators';
import { UuidParam } from '@/common/uuid.pipe';
import { ContactsService } from './contacts.service';
import { ContactDetailView, UpdateContactDto } from './dto/contact.dto';

@ApiTags('contacts')
@ApiBearerAuth()
@ApiProblemResponses({ 401: 'no, bad or expired access token' })
@Controller('contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get(':id')
  @ApiOperation({
    summary: 'A contact',
    description: 'Visible to whoever sees the contact\u2019s client; anything else answers 404.',
  })
  @ApiOkResponse({ type: ContactDetailView })
  @ApiProblemResponses({ 404: 'no such contact, or not in your scope' })
  get(@CurrentActor() actor: Actor, @Param('id', new UuidParam('contact')) id: string) {
    return this.contacts.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Edit a contact',
    description:
      'Name, email, phone (stored as E.164), title, preferred language. Emails stay unique among contacts. An erased contact cannot be edited.',
  })
  @ApiOkResponse({ type: ContactDetailView })
  @ApiProblemResponses({
    400: 'invalid fields, each named (a phone that is not a valid number included)',
    404: 'no such contact, or not in your scope',
    409: 'another contact has this email, or the contact was erased',
  })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam('contact')) id: string,
    @Body() dto: UpdateContactDto,
  ) {
    return this.contacts.update(actor, id, dto);
  }
}
