/**
 * One comparable form for names, keywords and messages, so matching ignores case, accents and
 * the optional Russian ё. Folding works character by character and can report, for every folded
 * character, where it came from, so matches found in the folded text point into the original.
 */

export const HAN_CHAR = /\p{Script=Han}/u;
export const CYRILLIC_LETTER = /\p{Script=Cyrillic}/u;
const COMBINING_MARKS = /\p{M}/gu;

/** Latin letters that carry their diacritic as part of the letter, so NFD leaves them whole. */
const LATIN_BASE_LETTERS: Readonly<Record<string, string>> = { đ: 'd', ł: 'l', ø: 'o', ı: 'i' };

/**
 * Code-unit ranges that fold exactly like `toLowerCase` plus ё → е, one unit for one: ASCII, basic
 * Cyrillic, CJK punctuation (without its combining tone marks), CJK ideographs and full-width
 * forms. Text made only of these, the common case, skips the per-character walk.
 */
const SIMPLE_FOLD_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x0000, 0x007f],
  [0x0400, 0x045f],
  [0x3000, 0x3029],
  [0x3030, 0x303f],
  [0x4e00, 0x9fff],
  [0xff00, 0xffef],
];

function foldsSimply(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (!SIMPLE_FOLD_RANGES.some(([low, high]) => unit >= low && unit <= high)) {
      return false;
    }
  }
  return true;
}

/** Folded forms of other characters; the set of characters people type is small. */
const foldedCharCache = new Map<string, string>();

function foldChar(char: string): string {
  const cached = foldedCharCache.get(char);
  if (cached !== undefined) {
    return cached;
  }
  const lower = char.toLowerCase();
  // Cyrillic keeps й intact (NFD would split it into и + breve); only ё collapses into е.
  const folded = CYRILLIC_LETTER.test(lower)
    ? lower.replace('ё', 'е')
    : (LATIN_BASE_LETTERS[lower] ?? lower.normalize('NFD').replace(COMBINING_MARKS, ''));
  foldedCharCache.set(char, folded);
  return folded;
}

const simpleFold = (text: string): string => text.toLowerCase().replace(/ё/g, 'е');

/** Lower case, accents stripped (except on Cyrillic letters), ё as е. */
export function foldText(text: string): string {
  return foldsSimply(text) ? simpleFold(text) : foldWithOffsets(text).text;
}

export interface FoldedText {
  text: string;
  /** The index in the original text of the character that produced `text[i]`. */
  originalIndex(i: number): number;
}

export function foldWithOffsets(text: string): FoldedText {
  if (foldsSimply(text)) {
    return { text: simpleFold(text), originalIndex: (i) => i };
  }
  let folded = '';
  const offsets: number[] = [];
  let index = 0;
  for (const char of text) {
    const piece = foldChar(char);
    folded += piece;
    for (let i = 0; i < piece.length; i++) {
      offsets.push(index);
    }
    index += char.length;
  }
  return { text: folded, originalIndex: (i) => offsets[i] };
}

/** A spelling-insensitive key: folded, with everything but letters and digits removed ("St. Petersburg" → "stpetersburg"). */
export function nameKey(name: string): string {
  return foldText(name).replace(/[^\p{L}\p{N}]+/gu, '');
}
