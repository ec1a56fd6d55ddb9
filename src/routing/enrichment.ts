/**
 * Enrichment (shared/ROUTING.md §1): language, service lines, city and target country of an
 * inquiry, each with where it came from. Pure: the caller passes the service lines (with their
 * admin-edited keywords) and the cities active offices cover.
 */
import { GazetteerCity, findCitiesInText, resolveCity } from '@/routing/gazetteer';
import { KeywordMatcher, ServiceLineKeywords, buildKeywordMatcher } from '@/routing/keyword-matcher';
import { DetectionSource, EnrichedInquiry, Language } from '@/routing/routing.types';

export interface InquiryForEnrichment {
  message: string;
  preferredLanguage?: Language | null;
  serviceLines?: string[] | null;
  targetCity?: string | null;
  targetCountry?: string | null;
  originCountry: string;
}

export interface EnrichmentContext {
  /** Service lines in catalog order; their compiled keyword matcher is reused while their content is unchanged. */
  serviceLines: ReadonlyArray<ServiceLineKeywords>;
  /** English canonical names of the cities active offices cover (other spellings are resolved too). */
  coveredCities: ReadonlySet<string>;
}

const CYRILLIC_LETTERS = /\p{Script=Cyrillic}/gu;
const LATIN_LETTERS = /\p{Script=Latin}/gu;
const HAN_CHARACTERS = /\p{Script=Han}/gu;

const countMatches = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

/** The message's language by script: Cyrillic over Latin → ru; else Han over Latin → zh; else en (also with no letters at all). */
export function detectLanguage(message: string): { language: Language; source: DetectionSource } {
  const cyrillic = countMatches(message, CYRILLIC_LETTERS);
  const latin = countMatches(message, LATIN_LETTERS);
  const han = countMatches(message, HAN_CHARACTERS);
  if (cyrillic > latin) {
    return { language: 'ru', source: 'message' };
  }
  if (han > latin) {
    return { language: 'zh', source: 'message' };
  }
  return { language: 'en', source: latin > 0 ? 'message' : 'none' };
}

/**
 * Keyword matchers by the content of the service lines they were built from: compiling costs
 * milliseconds, and callers reload the same lines for every inquiry. An admin's edit changes the
 * content and so builds a new matcher; the bound drops matchers of superseded keywords.
 */
const matchers = new Map<string, KeywordMatcher>();
const MATCHERS_LIMIT = 16;

function keywordMatcherFor(serviceLines: ReadonlyArray<ServiceLineKeywords>): KeywordMatcher {
  const signature = JSON.stringify(
    serviceLines.map((l) => [l.code, l.active, l.keywords.en, l.keywords.ru, l.keywords.zh]),
  );
  let matcher = matchers.get(signature);
  if (!matcher) {
    matcher = buildKeywordMatcher(serviceLines);
    if (matchers.size >= MATCHERS_LIMIT) {
      matchers.clear();
    }
    matchers.set(signature, matcher);
  }
  return matcher;
}

/**
 * The ticked service lines that are active, in catalog order; if none, the active ones whose
 * keywords the message contains. A ticked line deactivated since submission is dropped, so an
 * inquiry whose every ticked line was retired falls back to keyword detection.
 */
function enrichServiceLines(
  ticked: string[] | null | undefined,
  message: string,
  ctx: EnrichmentContext,
): { serviceLines: string[]; source: DetectionSource } {
  const tickedSet = new Set(ticked ?? []);
  const fromForm = ctx.serviceLines.filter((line) => line.active && tickedSet.has(line.code)).map((line) => line.code);
  if (fromForm.length > 0) {
    return { serviceLines: fromForm, source: 'form' };
  }
  const detected = keywordMatcherFor(ctx.serviceLines).detect(message);
  return { serviceLines: detected, source: detected.length > 0 ? 'message' : 'none' };
}

function isCovered(city: GazetteerCity, coveredCities: ReadonlySet<string>): boolean {
  if (coveredCities.has(city.name)) {
    return true;
  }
  for (const covered of coveredCities) {
    if (resolveCity(covered) === city) {
      return true;
    }
  }
  return false;
}

/**
 * The form's target city if given (an unknown name gives no city: the investor said where, we
 * just cannot place it, so guessing from the message would override them); else of the cities the
 * message names, the first an active office covers, or failing that the first named.
 */
function enrichCity(
  targetCity: string | null | undefined,
  message: string,
  coveredCities: ReadonlySet<string>,
): { city: GazetteerCity | null; source: DetectionSource } {
  const typed = targetCity?.trim() ?? '';
  if (typed !== '') {
    const city = resolveCity(typed);
    return { city, source: city ? 'form' : 'none' };
  }
  const mentioned = findCitiesInText(message).map((m) => m.city);
  const city = mentioned.find((c) => isCovered(c, coveredCities)) ?? mentioned[0] ?? null;
  return { city, source: city ? 'message' : 'none' };
}

function normalizeCountry(code: string | null | undefined): string | null {
  const trimmed = code?.trim().toUpperCase() ?? '';
  return trimmed === '' ? null : trimmed;
}

/** Language, service lines, city and target country of an inquiry, each with its source (form, message or none). */
export function enrichInquiry(input: InquiryForEnrichment, ctx: EnrichmentContext): EnrichedInquiry {
  const language = input.preferredLanguage
    ? { language: input.preferredLanguage, source: 'form' as const }
    : detectLanguage(input.message);
  const serviceLines = enrichServiceLines(input.serviceLines, input.message, ctx);
  const city = enrichCity(input.targetCity, input.message, ctx.coveredCities);
  const formCountry = normalizeCountry(input.targetCountry);
  const targetCountry = formCountry ?? city.city?.countryCode ?? null;
  // A country taken from the city inherits the city's source: a form city gives a form country.
  const targetCountrySource: DetectionSource = formCountry ? 'form' : city.source;
  return {
    message: input.message,
    originCountry: normalizeCountry(input.originCountry) ?? input.originCountry,
    language: language.language,
    serviceLines: serviceLines.serviceLines,
    city: city.city?.name ?? null,
    targetCountry,
    sources: {
      language: language.source,
      serviceLines: serviceLines.source,
      city: city.source,
      targetCountry: targetCountrySource,
    },
  };
}
