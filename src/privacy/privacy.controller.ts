import { Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, ApiStaffProblems } from '@/common/api-problems';
import { Actor, CurrentActor, Roles } from '@/common/auth.decorators';
import { UuidParam } from '@/common/uuid.pipe';
import { ErasureView, PersonalDataExport } from './dto/privacy.dto';
import { ErasureService } from './erasure.service';
import { PersonalDataExportService } from './personal-data-export.service';

@ApiTags('contacts')
@ApiBearerAuth()
@ApiStaffProblems()
@Controller('contacts')
export class PrivacyController {
  constructor(
    private readonly exports: PersonalDataExportService,
    private readonly erasure: ErasureService,
  ) {}

  @Get(':id/export')
  @Roles('admin', 'manager')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Every personal datum held about a contact, as JSON (an access request)',
    description:
      'Admins: any contact. Managers: a contact with a case in their office; the export is then complete, across offices. ' +
      'Contact, client, inquiries with consent records, activities and staff reasons on their cases, e-mails to them, and ' +
      'webhook deliveries about them (ids and codes only, by design). Each export is audited.',
  })
  @ApiOkResponse({ type: PersonalDataExport })
  @ApiProblemResponses({
    403: 'consultants may not export',
    404: 'no such contact, or no case of theirs in your office',
  })
  export(@CurrentActor() actor: Actor, @Param('id', new UuidParam('contact')) id: string) {
    return this.exports.export(actor, id);
  }

  @Post(':id/erase')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Erase a contact: anonymize their personal data everywhere, keep the cases’ facts (admins)',
    description:
      'One transaction: contact, inquiries, an individual client named after them, activity bodies and staff reasons on ' +
      'their cases, e-mails (unsent ones cancelled), webhook payloads and audit entries. Cases keep office, stage, values ' +
      'and dates for reports. Irreversible; erasing again is harmless. Audited without the erased data.',
  })
  @ApiOkResponse({ type: ErasureView })
  @ApiProblemResponses({ 403: 'only admins erase', 404: 'no such contact' })
  erase(@CurrentActor() actor: Actor, @Param('id', new UuidParam('contact')) id: string) {
    return this.erasure.erase(actor, id);
  }
}
