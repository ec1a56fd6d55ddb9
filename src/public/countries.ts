/**
 * Every ISO 3166-1 alpha-2 country the API accepts, named in the form's languages by the ICU data
 * that ships with Node (Intl.DisplayNames), sorted the way a reader of that language expects.
 */
import { isISO31661Alpha2 } from 'class-validator';

export interface CountryOption {
  code: string;
  name: string;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** Exactly the codes the validators accept, so every option of the form passes validation. */
export const COUNTRY_CODES: readonly string[] = [...LETTERS]
  .flatMap((a) => [...LETTERS].map((b) => a + b))
  .filter((code) => isISO31661Alpha2(code));

const cache = new Map<string, CountryOption[]>();

export function listCountries(lang: string): CountryOption[] {
  let list = cache.get(lang);
  if (!list) {
    const names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' });
    const collator = new Intl.Collator(lang);
    list = COUNTRY_CODES.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) =>
      collator.compare(a.name, b.name),
    );
    cache.set(lang, list);
  }
  return list;
}
