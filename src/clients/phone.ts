/** Phone numbers are stored in E.164; staff may type them the way the client wrote them. */
import { CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * E.164 for a valid number, or null when it is not one. A number without `+` is read in the
 * client's country (a Shanghai landline typed as "021 6288 0000" for a CN client).
 */
export function toE164(input: string, defaultCountry?: string | null): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), (defaultCountry ?? undefined) as CountryCode | undefined);
  return parsed?.isValid() ? parsed.number : null;
}
