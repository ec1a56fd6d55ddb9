/**
 * City lookup for routing: resolving a typed city name, and finding the cities a message names.
 *
 * Every lookup structure is built once, when the module loads:
 * - a spelling-insensitive key for every name in every language, for `resolveCity`;
 * - for Latin and Cyrillic text, the names (Russian ones in all their case forms) keyed by their
 *   words run together, matched word by word so «в Санкт-Петербурге» or "St. Petersburg" are found
 *   on word boundaries and never inside another word;
 * - for Chinese text, which has no spaces, the names indexed by first character and matched as
 *   substrings, longest first, scanning left to right.
 * A spelling that would point at two different cities fails the load, so the data stays unambiguous.
 */
import { CHINESE_NON_CITY_WORDS, GAZETTEER, GazetteerCity } from '@/routing/gazetteer-data';
import { russianCityForms } from '@/routing/russian-inflection';
import { foldText, foldWithOffsets, nameKey } from '@/routing/text-folding';

export { GAZETTEER };
export type { GazetteerCity };

export interface CityMention {
  city: GazetteerCity;
  /** Index in the original text of the city's first mention. */
  index: number;
}

/** Either a run of Chinese characters or a run of other letters and digits. */
const TOKEN = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;
const HAN_START = /^\p{Script=Han}/u;
/** What may separate the words of one name: "St. Petersburg", "Xi'an", "Санкт-Петербург". */
const NAME_WORD_GAP = /^[\s.'’‐-]{1,3}$/u;

function addUnique<V>(map: Map<string, V>, key: string, value: V, describe: (v: V) => string): void {
  const existing = map.get(key);
  if (existing !== undefined && existing !== value) {
    throw new Error(`Gazetteer spelling "${key}" names both ${describe(existing)} and ${describe(value)}`);
  }
  map.set(key, value);
}

const cityName = (c: GazetteerCity | null): string => c?.name ?? 'a non-city word';

function buildResolveIndex(): Map<string, GazetteerCity> {
  const index = new Map<string, GazetteerCity>();
  for (const c of GAZETTEER) {
    for (const name of [...c.names.en, ...c.names.ru, ...c.names.zh]) {
      addUnique(index, nameKey(name), c, cityName);
    }
  }
  return index;
}

interface WordIndex {
  /** Words of a name run together ("sanktpeterburge") → city. */
  byJoinedWords: Map<string, GazetteerCity>;
  /** The first word of every name, to pass over the other words of a message at once. */
  firstWords: Set<string>;
  /** The most words any name has, so the scanner knows how far to look ahead. */
  maxWords: number;
}

function buildWordIndex(): WordIndex {
  const byJoinedWords = new Map<string, GazetteerCity>();
  const firstWords = new Set<string>();
  let maxWords = 1;
  for (const c of GAZETTEER) {
    const spellings = [...c.names.en, ...c.names.ru.flatMap(russianCityForms)];
    for (const spelling of spellings) {
      const words: string[] = foldText(spelling).match(TOKEN) ?? [];
      if (words.length === 0) {
        throw new Error(`Gazetteer spelling "${spelling}" of ${c.name} has no letters`);
      }
      maxWords = Math.max(maxWords, words.length);
      firstWords.add(words[0]);
      addUnique(byJoinedWords, words.join(''), c, cityName);
    }
  }
  return { byJoinedWords, firstWords, maxWords };
}

interface HanIndex {
  /** Chinese name → city, or null for a word that only shields a false match. */
  byName: Map<string, GazetteerCity | null>;
  /** First character → the lengths of the names starting with it, longest first. */
  lengthsByFirstChar: Map<string, number[]>;
}

function buildHanIndex(): HanIndex {
  const byName = new Map<string, GazetteerCity | null>();
  for (const c of GAZETTEER) {
    for (const name of c.names.zh) {
      addUnique(byName, name, c, cityName);
    }
  }
  for (const word of CHINESE_NON_CITY_WORDS) {
    addUnique(byName, word, null, cityName);
  }
  const lengthsByFirstChar = new Map<string, number[]>();
  for (const name of byName.keys()) {
    const lengths = lengthsByFirstChar.get(name[0]) ?? [];
    lengths.push(name.length);
    lengthsByFirstChar.set(name[0], lengths);
  }
  for (const lengths of lengthsByFirstChar.values()) {
    lengths.sort((a, b) => b - a);
  }
  return { byName, lengthsByFirstChar };
}

const RESOLVE_INDEX = buildResolveIndex();
const WORD_INDEX = buildWordIndex();
const HAN_INDEX = buildHanIndex();

/**
 * Resolved names, remembered: every decision resolves the offices' coverage lists, which rarely
 * change. The bound keeps arbitrary input from growing it without limit.
 */
const resolvedNames = new Map<string, GazetteerCity | null>();
const RESOLVED_NAMES_LIMIT = 10_000;

/**
 * The words an address puts around a city name to say it is a city: «г. Москва», «город Казань»,
 * "上海市", "香港特别行政区". Investors type the target city that way; the gazetteer lists the names.
 */
const CITY_PREFIX = /^(?:г\.|г\s|город\s)\s*/u;
const CITY_SUFFIX = /(?:市|特别行政区|特別行政區)$/u;

/** The key of a typed name without its city words, or null when it has none (or nothing else). */
function keyWithoutCityWords(name: string): string | null {
  const folded = foldText(name).trim();
  const bare = folded.replace(CITY_PREFIX, '').replace(CITY_SUFFIX, '');
  const key = bare === folded ? '' : nameKey(bare);
  return key === '' ? null : key;
}

/**
 * The city a typed name stands for (any language or listed spelling; case, accents, spaces, hyphens
 * and dots ignored; with or without the word for city, as in «г. Москва» or "上海市"), or null.
 */
export function resolveCity(name: string): GazetteerCity | null {
  let city = resolvedNames.get(name);
  if (city === undefined) {
    const bareKey = keyWithoutCityWords(name);
    city = RESOLVE_INDEX.get(nameKey(name)) ?? (bareKey === null ? null : RESOLVE_INDEX.get(bareKey)) ?? null;
    if (resolvedNames.size >= RESOLVED_NAMES_LIMIT) {
      resolvedNames.clear();
    }
    resolvedNames.set(name, city);
  }
  return city;
}

/** The canonical English name of a typed city name, or the trimmed name itself when the gazetteer does not know it. */
export function canonicalCityName(name: string): string {
  return resolveCity(name)?.name ?? name.trim();
}

interface Token {
  start: number;
  end: number;
  text: string;
}

function tokenize(folded: string): Token[] {
  return Array.from(folded.matchAll(TOKEN), (m) => ({ start: m.index, end: m.index + m[0].length, text: m[0] }));
}

/** The city named by the words starting at `first`, longest name first, and how many words it spans. */
function matchWords(folded: string, tokens: Token[], first: number): { city: GazetteerCity; words: number } | null {
  if (!WORD_INDEX.firstWords.has(tokens[first].text)) {
    return null;
  }
  let joined = '';
  const candidates: Array<{ key: string; words: number }> = [];
  for (let i = first; i < tokens.length && i - first < WORD_INDEX.maxWords; i++) {
    if (
      i > first &&
      (HAN_START.test(tokens[i].text) || !NAME_WORD_GAP.test(folded.slice(tokens[i - 1].end, tokens[i].start)))
    ) {
      break;
    }
    joined += tokens[i].text;
    candidates.push({ key: joined, words: i - first + 1 });
  }
  for (let i = candidates.length - 1; i >= 0; i--) {
    const city = WORD_INDEX.byJoinedWords.get(candidates[i].key);
    if (city !== undefined) {
      return { city, words: candidates[i].words };
    }
  }
  return null;
}

/** Chinese names inside a run of Chinese characters, scanning left to right and taking the longest name at each position. */
function scanHan(run: string, onCity: (city: GazetteerCity, offset: number) => void): void {
  let pos = 0;
  while (pos < run.length) {
    const lengths = HAN_INDEX.lengthsByFirstChar.get(run[pos]) ?? [];
    const length = lengths.find((len) => HAN_INDEX.byName.has(run.slice(pos, pos + len)));
    if (length === undefined) {
      pos += 1;
      continue;
    }
    const city = HAN_INDEX.byName.get(run.slice(pos, pos + length));
    if (city) {
      onCity(city, pos);
    }
    pos += length;
  }
}

/** Every known city the text names, once each, in order of first mention. */
export function findCitiesInText(text: string): CityMention[] {
  const { text: folded, originalIndex } = foldWithOffsets(text);
  const firstMentions = new Map<GazetteerCity, number>();
  const record = (city: GazetteerCity, foldedIndex: number): void => {
    if (!firstMentions.has(city)) {
      firstMentions.set(city, originalIndex(foldedIndex));
    }
  };
  const tokens = tokenize(folded);
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i];
    if (HAN_START.test(token.text)) {
      scanHan(token.text, (city, offset) => record(city, token.start + offset));
      i += 1;
      continue;
    }
    const match = matchWords(folded, tokens, i);
    if (match) {
      record(match.city, token.start);
      i += match.words;
    } else {
      i += 1;
    }
  }
  return Array.from(firstMentions, ([city, index]) => ({ city, index }));
}
