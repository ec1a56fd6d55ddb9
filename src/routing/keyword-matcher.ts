/**
 * Keyword detection for service lines and rule conditions.
 *
 * A keyword is matched against the folded message (case, accents and ё ignored):
 * - containing Chinese characters: as a substring anywhere, since Chinese has no spaces;
 * - otherwise as a whole phrase, word by word: message words are maximal runs of Latin, Greek or
 *   Cyrillic letters and digits (so a change to Chinese script is a word boundary), spaces and
 *   hyphens between words are interchangeable, each Russian word may carry an inflection ending
 *   (see russianStem) and the last Latin word a plural -s/-es ("bank account" finds "bank
 *   accounts", "банковский счёт" finds «банковского счета»).
 *
 * Phrases are indexed by the stem of their first word, so a message is scanned once whatever the
 * number of keywords, and building an index costs no more than reading the keywords (a RegExp
 * per keyword list took milliseconds to compile, hundreds for long Russian lists).
 */
import { RUSSIAN_ENDINGS, russianStem } from '@/routing/russian-inflection';
import { CYRILLIC_LETTER, HAN_CHAR, foldText } from '@/routing/text-folding';

export interface ServiceLineKeywords {
  code: string;
  active: boolean;
  keywords: { en: string[]; ru: string[]; zh: string[] };
}

/** A word of a folded text: a maximal run of Latin, Greek or Cyrillic letters and digits. */
const WORD = /[0-9a-z\u00aa\u00b5\u00ba\u00c0-\u024f\u0370-\u03ff\u0400-\u052f]+/g;
/** A gap of spaces and hyphens only, which keywords treat as interchangeable. */
const SPACE_GAP = /^[\s-]+$/;
const ENDINGS: ReadonlySet<string> = new Set(['', ...RUSSIAN_ENDINGS]);
/** Russian words this short (в, на, по) are function words: they never inflect. */
const MIN_INFLECTED_WORD_LENGTH = 3;

interface Word {
  text: string;
  start: number;
  end: number;
}

function wordsOf(folded: string): Word[] {
  return Array.from(folded.matchAll(WORD), (m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

/** A message folded and split into words once, for any number of keyword lookups. */
export interface PreparedText {
  folded: string;
  words: Word[];
  hasHan: boolean;
}

export function prepareText(text: string): PreparedText {
  const folded = foldText(text);
  return { folded, words: wordsOf(folded), hasHan: HAN_CHAR.test(folded) };
}

type Inflection = 'russian' | 'plural' | 'exact';

interface KeywordWord {
  /** The word, or for a Russian word its stem. */
  text: string;
  inflection: Inflection;
}

interface Phrase<T> {
  words: KeywordWord[];
  /** What must separate word i from word i + 1: null for any spaces and hyphens, else this exact text ("m&a"). */
  gaps: Array<string | null>;
  tag: T;
}

function keywordWord(word: string, isLast: boolean): KeywordWord {
  if (CYRILLIC_LETTER.test(word) && word.length >= MIN_INFLECTED_WORD_LENGTH) {
    return { text: russianStem(word), inflection: 'russian' };
  }
  return { text: word, inflection: isLast && /[a-z]$/.test(word) ? 'plural' : 'exact' };
}

function phraseOf<T>(folded: string, tag: T): Phrase<T> | null {
  const words = wordsOf(folded);
  if (words.length === 0) {
    return null;
  }
  return {
    words: words.map((w, i) => keywordWord(w.text, i === words.length - 1)),
    gaps: words.slice(1).map((w, i) => {
      const gap = folded.slice(words[i].end, w.start);
      return SPACE_GAP.test(gap) ? null : gap;
    }),
    tag,
  };
}

function wordMatches(pattern: KeywordWord, word: string): boolean {
  switch (pattern.inflection) {
    case 'exact':
      return word === pattern.text;
    case 'plural':
      return word === pattern.text || word === `${pattern.text}s` || word === `${pattern.text}es`;
    case 'russian':
      return word.startsWith(pattern.text) && ENDINGS.has(word.slice(pattern.text.length));
  }
}

/** The longest Russian ending, bounding how much of a message word may be an ending. */
const LONGEST_ENDING = Math.max(...RUSSIAN_ENDINGS.map((e) => e.length));

/**
 * The index keys under which a message word may find a phrase: the word itself, the word without
 * each Russian ending it carries, and without a plural -s/-es.
 */
function lookupKeys(word: string): string[] {
  const keys = [word];
  for (let length = 1; length <= LONGEST_ENDING && length < word.length; length++) {
    if (ENDINGS.has(word.slice(-length))) {
      keys.push(word.slice(0, -length));
    }
  }
  if (word.endsWith('es')) {
    keys.push(word.slice(0, -2));
  }
  if (word.endsWith('s')) {
    keys.push(word.slice(0, -1));
  }
  return keys;
}

function phraseAt<T>(phrase: Phrase<T>, text: PreparedText, first: number): boolean {
  const { words, folded } = text;
  if (first + phrase.words.length > words.length) {
    return false;
  }
  return phrase.words.every((pattern, j) => {
    const word = words[first + j];
    if (j > 0) {
      const gap = folded.slice(words[first + j - 1].end, word.start);
      const wanted = phrase.gaps[j - 1];
      if (wanted === null ? !SPACE_GAP.test(gap) : gap !== wanted) {
        return false;
      }
    }
    return wordMatches(pattern, word.text);
  });
}

/** Keywords, each carrying a tag; `tagsIn` answers which tags' keywords occur in a message. */
export interface KeywordIndex<T> {
  tagsIn(text: PreparedText): Set<T>;
}

export function buildKeywordIndex<T>(entries: ReadonlyArray<{ keyword: string; tag: T }>): KeywordIndex<T> {
  const chinese: Array<{ keyword: string; tag: T }> = [];
  const byFirstWord = new Map<string, Array<Phrase<T>>>();
  for (const { keyword, tag } of entries) {
    const folded = foldText(keyword).trim();
    if (HAN_CHAR.test(folded)) {
      chinese.push({ keyword: folded.replace(/\s+/g, ''), tag });
      continue;
    }
    const phrase = phraseOf(folded, tag);
    if (phrase) {
      const key = phrase.words[0].text;
      byFirstWord.set(key, [...(byFirstWord.get(key) ?? []), phrase]);
    }
  }
  return {
    tagsIn(text) {
      const found = new Set<T>();
      if (text.hasHan) {
        const compact = text.folded.replace(/\s+/g, '');
        chinese.filter(({ keyword }) => compact.includes(keyword)).forEach(({ tag }) => found.add(tag));
      }
      text.words.forEach((word, i) => {
        for (const key of lookupKeys(word.text)) {
          byFirstWord
            .get(key)
            ?.filter((phrase) => !found.has(phrase.tag) && phraseAt(phrase, text, i))
            .forEach((phrase) => found.add(phrase.tag));
        }
      });
      return found;
    },
  };
}

/** Compiled keywords without tags: whether any of them occurs, for rule conditions. */
export interface CompiledKeywords {
  matches(text: PreparedText): boolean;
}

export function compileKeywords(keywords: readonly string[]): CompiledKeywords {
  const index = buildKeywordIndex(keywords.map((keyword) => ({ keyword, tag: true })));
  return { matches: (text) => index.tagsIn(text).size > 0 };
}

export interface KeywordMatcher {
  /** Codes of the active service lines whose keywords occur in the message, in the order the lines were given. */
  detect(message: string): string[];
}

export function buildKeywordMatcher(serviceLines: ReadonlyArray<ServiceLineKeywords>): KeywordMatcher {
  const active = serviceLines.filter((line) => line.active);
  const index = buildKeywordIndex(
    active.flatMap((line) =>
      [...line.keywords.en, ...line.keywords.ru, ...line.keywords.zh].map((keyword) => ({ keyword, tag: line.code })),
    ),
  );
  return {
    detect(message: string): string[] {
      const found = index.tagsIn(prepareText(message));
      return active.map((line) => line.code).filter((code) => found.has(code));
    },
  };
}
