/**
 * Field rules of the public inquiry form beyond the shared validators: lengths counted in code
 * points (as Postgres counts them), text that can be stored exactly, blank optional fields read as
 * absent, and phone numbers that parse in the investor's country.
 */
import { Transform } from 'class-transformer';
import { isEmail, registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { toE164 } from '@/clients/phone';
import { codePointLength, isStorableText } from '../intake-normalization';

/** Trims text; a blank optional field ("" from an untouched form input) counts as absent. */
export const trimOrOmit = Transform(({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
});

function rule(
  name: string,
  message: string,
  validate: (value: unknown, args: ValidationArguments) => boolean,
  options?: ValidationOptions,
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message, ...options },
      validator: { validate },
    });
}

/** No NUL characters and no unpaired surrogates; everything else (any script, emoji, RTL) is fine. */
export function IsStorableText(options?: ValidationOptions): PropertyDecorator {
  return rule(
    'isStorableText',
    'must not contain NUL characters or unpaired surrogates',
    (value) => typeof value !== 'string' || isStorableText(value),
    options,
  );
}

/**
 * One line: no control characters (line breaks, tabs, escapes), and no Unicode line or paragraph
 * separator (U+2028, U+2029), which break lines as well. A name, a company or a city goes
 * into the acknowledgement and staff e-mails and their subject lines; with line breaks a name
 * could carry paragraphs of text of a sender's choosing in a message sent in the firm's name.
 */
export function IsSingleLine(options?: ValidationOptions): PropertyDecorator {
  return rule(
    'isSingleLine',
    'must be one line, without control characters',
    (value) => typeof value !== 'string' || !/[\p{Cc}\p{Zl}\p{Zp}]/u.test(value),
    options,
  );
}

/** Length in characters (code points), so an emoji counts once here and in the database. */
export function CharLength(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  const message = min > 0 ? `must be ${min}–${max} characters long` : `must be at most ${max} characters long`;
  return rule(
    'charLength',
    message,
    (value) => {
      if (typeof value !== 'string') return true;
      const n = codePointLength(value);
      return n >= min && n <= max;
    },
    options,
  );
}

/** A phone number valid in the numbering plan; national numbers are read in `originCountry`. */
export function IsPhoneInOriginCountry(options?: ValidationOptions): PropertyDecorator {
  return rule(
    'isPhoneInOriginCountry',
    'must be a valid phone number, with a + and country code or as dialled in originCountry',
    (value, args) => {
      if (typeof value !== 'string') return true;
      const origin = (args.object as { originCountry?: unknown }).originCountry;
      return toE164(value, typeof origin === 'string' ? origin : undefined) !== null;
    },
    options,
  );
}

/**
 * A valid email address. validator.js's isEmail throws (URIError) on unpaired surrogates, which
 * would surface as a 500, so text that cannot be stored is refused before it is asked.
 */
export function IsEmailAddress(options?: ValidationOptions): PropertyDecorator {
  return rule(
    'isEmailAddress',
    'must be a valid email address',
    (value) => {
      if (typeof value !== 'string' || !isStorableText(value)) return false;
      try {
        return isEmail(value);
      } catch {
        return false;
      }
    },
    options,
  );
}
