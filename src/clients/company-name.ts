/**
 * The company dedupe key: a client's name folded so that spellings of the same company meet.
 * "Müller GmbH", "MÜLLER G.m.b.H." and "Muller" all give `muller`; "ООО «Волга Сталь»" gives
 * `волга сталь`; "太平洋贸易有限公司" gives `太平洋贸易`. Pure, so intake can reuse it when it
 * creates clients from inquiries; stored in `clients.name_normalized` and compared by trigram
 * similarity for duplicate suggestions.
 *
 * Folding follows Postgres `unaccent` where both apply (Latin accents go, ё becomes е, й stays),
 * so a name normalized here and a search folded in SQL agree.
 */

/** Letters that carry no combining mark but that unaccent still maps to plain Latin. */
const LETTER_FOLDS: Record<string, string> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
};

/**
 * Legal-form words, as token sequences after folding (dots are dropped before tokenizing, so
 * "S.A." is `sa` and "Co., Ltd." is `co ltd`). Stripped from the end, repeatedly.
 */
const LEGAL_SUFFIXES: string[][] = [
  // English-speaking and Asian common-law forms
  'llc',
  'llp',
  'lp',
  'ltd',
  'limited',
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'plc',
  'pte',
  'pvt',
  'private',
  'pty',
  'sdn bhd',
  'bhd',
  'berhad',
  'tbk',
  'jsc',
  'ojsc',
  'cjsc',
  'pjsc',
  // Continental Europe
  'gmbh',
  'mbh',
  'ag',
  'kg',
  'ohg',
  'ug',
  'se',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'bv',
  'nv',
  'oy',
  'ab',
  'as',
  'aps',
  'oü',
  'sp z oo',
  // Japan, Korea, Vietnam
  'kk',
  'gk',
  'tnhh',
  // Russian and CIS forms written in Latin
  'ooo',
  'oao',
  'zao',
  'pao',
  // Russian forms (also written after the name in lists)
  'ооо',
  'оао',
  'зао',
  'пао',
  'ао',
  'ип',
  'нко',
  'тоо',
].map((s) => s.split(' '));

/** Legal forms that come before the name: "ООО Волга", "PT Maju", "Công ty TNHH An Phát". */
const LEGAL_PREFIXES: string[][] = [
  'ооо',
  'оао',
  'зао',
  'пао',
  'ао',
  'ип',
  'нко',
  'тоо',
  'ooo',
  'oao',
  'zao',
  'pao',
  'pt',
  'cv',
  'cong ty tnhh',
  'cong ty co phan',
  'cong ty',
  'ctcp',
].map((s) => s.split(' '));

/**
 * Chinese and Japanese legal forms, matched on the end of the last word (Chinese has no spaces to
 * tokenize on) or as a word of their own ("太平洋贸易（上海）有限公司"). Longest first.
 */
const CJK_SUFFIXES = [
  '股份有限公司',
  '有限责任公司',
  '有限責任公司',
  '集团有限公司',
  '集團有限公司',
  '有限公司',
  '株式会社',
  '合同会社',
  '公司',
];

/** Lower-case, accents off (except й), NFKC (full-width Latin and digits become ASCII). */
export function foldText(input: string): string {
  const lowered = input.normalize('NFKC').toLowerCase();
  const decomposed = lowered.normalize('NFD').replace(/(?<!и)[\u0300-\u036f]/g, '');
  return [...decomposed.normalize('NFC')].map((ch) => LETTER_FOLDS[ch] ?? ch).join('');
}

function tokenize(folded: string): string[] {
  return folded
    .replace(/['’`.]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
}

function endsWith(tokens: string[], tail: string[]): boolean {
  return tail.length < tokens.length && tail.every((t, i) => tokens[tokens.length - tail.length + i] === t);
}

function startsWith(tokens: string[], head: string[]): boolean {
  return head.length < tokens.length && head.every((t, i) => tokens[i] === t);
}

function stripLegalForms(tokens: string[]): string[] {
  let out = tokens;
  for (let changed = true; changed;) {
    changed = false;
    for (const suffix of LEGAL_SUFFIXES) {
      if (endsWith(out, suffix)) {
        out = out.slice(0, out.length - suffix.length);
        changed = true;
      }
    }
    for (const prefix of LEGAL_PREFIXES) {
      if (startsWith(out, prefix)) {
        out = out.slice(prefix.length);
        changed = true;
      }
    }
    const last = out[out.length - 1];
    const cjk = last === undefined ? undefined : CJK_SUFFIXES.find((s) => last.endsWith(s));
    if (cjk && last.length > cjk.length) {
      out = [...out.slice(0, -1), last.slice(0, last.length - cjk.length)];
      changed = true;
    } else if (cjk && out.length > 1) {
      out = out.slice(0, -1);
      changed = true;
    }
  }
  return out;
}

/**
 * The normalized company name. Never empty for a non-empty name: when everything is a legal
 * form ("Limited"), the folded words are kept as they are.
 */
export function normalizeCompanyName(name: string, maxLength = 200): string {
  const tokens = tokenize(foldText(name));
  const stripped = stripLegalForms(tokens);
  const key = (stripped.length ? stripped : tokens).join(' ');
  return (key || foldText(name).trim()).slice(0, maxLength);
}
