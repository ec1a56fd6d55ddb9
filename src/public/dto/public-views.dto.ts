/** What the inquiry form's look-ups answer (documentation classes). */
import { ApiProperty } from '@nestjs/swagger';

export class LookupOptionView {
  @ApiProperty({ example: 'bank_account', description: 'the value to send (service-line code, ISO 3166-1 alpha-2)' })
  code: string;

  @ApiProperty({ example: 'Открытие банковского счёта', description: 'the label, in the requested language' })
  name: string;
}

export class LookupOptionList {
  @ApiProperty({ type: [LookupOptionView] }) data: LookupOptionView[];
}
