import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { IsLanguageCode, NullableText, trim } from '@/common/validators';

const normalizeEmail = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value,
);
const NotNullWhenGiven = ValidateIf((_: object, value: unknown) => value !== undefined);

export class UpdateContactDto {
  @ApiPropertyOptional({ minLength: 2, maxLength: 200, example: 'Ivan Petrov' })
  @NotNullWhenGiven
  @trim
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  fullName?: string;

  @ApiPropertyOptional({ example: 'ivan.petrov@volgasteel.example', description: 'unique among contacts' })
  @NotNullWhenGiven
  @normalizeEmail
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({
    type: String,
    example: '+7 495 123-45-67',
    nullable: true,
    description: 'stored as E.164; without +country code it is read in the client\u2019s country',
  })
  @IsOptional()
  @trim
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @NullableText(200, 'Finance Director') title?: string | null;

  @ApiPropertyOptional({ type: String, example: 'ru', nullable: true, description: 'ISO 639-1' })
  @IsOptional()
  @IsLanguageCode()
  preferredLanguage?: string | null;
}

export class ContactView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) clientId: string;
  @ApiProperty() fullName: string;
  @ApiProperty() email: string;
  @ApiProperty({ nullable: true, type: String, example: '+74951234567' }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'ru' }) preferredLanguage: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'set once the personal data was erased',
  })
  erasedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class ContactClientSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class ContactDetailView extends ContactView {
  @ApiProperty({ type: ContactClientSummary }) client: ContactClientSummary;
}

export class ContactPage {
  @ApiProperty({ type: [ContactView] }) data: ContactView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
