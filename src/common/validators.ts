/** Reusable field rules so every DTO says "country", "language", "date" the same way. */
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsISO31661Alpha2,
  IsISO8601,
  isISO4217CurrencyCode,
  IsISO6391,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';

export const trim = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/**
 * An id as Postgres writes it: upper-case UUIDs are valid, and the services compare ids read back
 * from the database (always lower case) with the ones given, as strings.
 */
export const lowerCase = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.toLowerCase() : value,
);

/** ISO 3166-1 alpha-2, upper case (as the API exchanges countries). */
export function IsCountryCode(options: ValidationOptions = {}): PropertyDecorator {
  return applyDecorators(
    Matches(/^[A-Z]{2}$/, { ...options, message: 'must be an ISO 3166-1 alpha-2 code in capitals, such as CN' }),
    IsISO31661Alpha2({ ...options, message: 'must be an ISO 3166-1 alpha-2 code, such as CN' }),
  );
}

/** ISO 639-1 in lower case, and a code the standard has: `xx` is refused as well as `RU`. */
export function IsLanguageCode(options: ValidationOptions = {}): PropertyDecorator {
  const message = options.each ? 'must hold ISO 639-1 codes such as ru' : 'must be an ISO 639-1 code such as ru';
  return IsISO6391({ ...options, message });
}

/**
 * Codes of ISO 4217 that are not money a deal can be priced in: precious metals, IMF and
 * regional units of account, the test code and "no currency" (XXX).
 */
const NOT_MONEY = new Set(['XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX']);
/** Currencies introduced after validator.js's list was made (Caribbean guilder 2025, Zimbabwe Gold 2024). */
const NEWER_MONEY = new Set(['XCG', 'ZWG']);

/**
 * ISO 4217 in capitals, and a currency the standard has now: `ABC`, `usd`, `XXX` and `XAU` are
 * refused. Values are summed per currency in the reports, so a code nobody can read is a row of
 * its own in every manager's pipeline.
 */
export function IsCurrencyCode(options: ValidationOptions = {}): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCurrencyCode',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'must be an ISO 4217 currency code in capitals, such as USD', ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          /^[A-Z]{3}$/.test(value) &&
          ((isISO4217CurrencyCode(value) && !NOT_MONEY.has(value)) || NEWER_MONEY.has(value)),
      },
    });
}

export function IsLanguageList(max = 20): PropertyDecorator {
  return applyDecorators(IsArray(), ArrayMaxSize(max), ArrayUnique(), IsLanguageCode({ each: true }));
}

/** A list of service-line codes (existence is checked by the service against the table). */
export function IsServiceLineCodeList(max = 50): PropertyDecorator {
  return applyDecorators(
    IsArray(),
    ArrayMaxSize(max),
    ArrayUnique(),
    Matches(/^[a-z][a-z0-9_]{1,39}$/, { each: true, message: 'must hold service-line codes such as bank_account' }),
  );
}

export function IsDateList(max = 400): PropertyDecorator {
  return applyDecorators(IsArray(), ArrayMaxSize(max), ArrayUnique(), IsCalendarDate({ each: true }));
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is refused, and so is the year 0000, which Postgres does not have). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'must be a date written YYYY-MM-DD', ...options },
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || value.startsWith('0000')) return false;
          const d = new Date(`${value}T00:00:00Z`);
          return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
        },
      },
    });
}

/** A calendar date, or an instant with its offset: a bare local time would depend on the server's zone. */
const DATE_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const DATE_OR_INSTANT_MESSAGE = 'must be a date (2026-01-31) or an instant with a time zone (2026-01-31T09:00:00Z)';

/**
 * A point in time the API takes: the `from` and `to` of a list or report period (common/period.ts),
 * an activity's due and done times, an out-of-office stretch. ISO 8601 alone let through forms
 * JavaScript's Date and Postgres cannot read (2026-W05-1, 2026-01-31T10Z: a 500) or read another
 * way (2026-123, 20260131) and times without a zone (read in the server's zone).
 */
export function IsDateOrInstant(): PropertyDecorator {
  return applyDecorators(
    Matches(DATE_OR_INSTANT, { message: DATE_OR_INSTANT_MESSAGE }),
    IsISO8601({ strict: true }, { message: DATE_OR_INSTANT_MESSAGE }),
  );
}

export function IsIanaTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isIanaTimeZone',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'must be an IANA time zone such as Asia/Shanghai', ...options },
      validator: {
        validate: (value: unknown) => {
          // Area/Location names, and UTC itself; not the legacy abbreviations Intl also takes (EST, PST8PDT).
          if (typeof value !== 'string' || (!value.includes('/') && value !== 'UTC') || value.length > 64) return false;
          try {
            new Intl.DateTimeFormat('en', { timeZone: value });
            return true;
          } catch {
            return false;
          }
        },
      },
    });
}

/** A required, trimmed string with length bounds: the most common field. */
export function Text(min: number, max: number, example?: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ minLength: min, maxLength: max, example }),
    trim,
    IsString(),
    MinLength(min),
    MaxLength(max),
  );
}

/**
 * The field may be left out; when it is sent it must be valid, and `null` is not valid. (The
 * @IsOptional() of class-validator lets null through unchecked, so `{ "name": null }` reached a
 * NOT NULL column and answered 500.) Fields that may be cleared with null use @IsOptional() and
 * say `nullable: true` in their description; src/common/body-nulls.spec.ts holds every body DTO
 * to one or the other.
 */
export function Optional(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

/**
 * Optional text that cannot be null or blank (a name, a body): what is required at creation
 * cannot be emptied by an edit.
 */
export function OptionalText(max: number, example?: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ minLength: 1, maxLength: max, example }),
    trim,
    Optional(),
    IsString(),
    MinLength(1),
    MaxLength(max),
  );
}

/** Optional text that null (or blank) clears: stored as NULL, never as an empty string. */
export function NullableText(max: number, example?: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: String, maxLength: max, example, nullable: true }),
    Transform(({ value }: { value: unknown }) => {
      if (typeof value !== 'string') return value;
      const trimmed = value.trim();
      return trimmed === '' ? null : trimmed;
    }),
    IsOptional(),
    IsString(),
    MaxLength(max),
  );
}

/**
 * A nested object validated by its own class. @ValidateNested() alone validates an array's
 * elements instead, so `"conditions": []` passed and was stored as `{}` (a routing rule matching
 * every inquiry); the object itself must be an object, not an array.
 */
export function NestedObject(type: () => new () => object): PropertyDecorator {
  return applyDecorators(IsObject({ message: 'must be an object' }), ValidateNested(), Type(type));
}
