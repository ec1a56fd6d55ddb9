/**
 * Just enough Russian morphology to recognise city names and service keywords in running text:
 * investors write «в Шанхае», «из Москвы», «открытие банковского счёта», never only the
 * dictionary form.
 *
 * City names are declined with the regular noun and adjective paradigms (the six cases, singular).
 * Keywords are stemmed instead: a keyword word matches any word made of its stem plus one of the
 * common case endings, so "банковский счёт" also finds «банковского счета». Irregular forms
 * (fleeting vowels such as рынок → рынка, verb conjugations) are not derived: they are listed as
 * keywords of their own.
 */

/** Case forms of one word: index 0 nominative, then genitive, dative, accusative, instrumental, prepositional. */
type CaseForms = ReadonlyArray<readonly string[]>;

const CASE_COUNT = 6;
const VELARS_AND_SIBILANTS = 'гкхжшчщ';
const SIBILANTS_AND_TS = 'жшчщц';
const INDECLINABLE_ENDINGS = 'оуиыэеюё';

function indeclinable(word: string): CaseForms {
  return Array.from({ length: CASE_COUNT }, () => [word]);
}

/** Singular case forms of a noun, chosen by its ending; both genders for a final ь (Казань vs Пномпень). */
function nounForms(word: string): CaseForms {
  const last = word.slice(-1).toLowerCase();
  const beforeLast = word.slice(-2, -1).toLowerCase();
  const stem = word.slice(0, -1);
  if (INDECLINABLE_ENDINGS.includes(last)) {
    return indeclinable(word);
  }
  switch (last) {
    case 'а': {
      const genitive = VELARS_AND_SIBILANTS.includes(beforeLast) ? 'и' : 'ы';
      const instrumental = SIBILANTS_AND_TS.includes(beforeLast) ? ['ей', 'ой', 'ою'] : ['ой', 'ою'];
      return [[word], [stem + genitive], [stem + 'е'], [stem + 'у'], instrumental.map((e) => stem + e), [stem + 'е']];
    }
    case 'я':
      if (beforeLast === 'и') {
        return [[word], [stem + 'и'], [stem + 'и'], [stem + 'ю'], [stem + 'ей'], [stem + 'и']];
      }
      return [[word], [stem + 'и'], [stem + 'е'], [stem + 'ю'], [stem + 'ей', stem + 'ею'], [stem + 'е']];
    case 'й':
      return [[word], [stem + 'я'], [stem + 'ю'], [word], [stem + 'ем'], [stem + 'е']];
    case 'ь':
      return [
        [word],
        [stem + 'я', stem + 'и'],
        [stem + 'ю', stem + 'и'],
        [word],
        [stem + 'ем', stem + 'ью'],
        [stem + 'е', stem + 'и'],
      ];
    default: {
      const instrumental = SIBILANTS_AND_TS.includes(last) ? ['ом', 'ем'] : ['ом'];
      return [[word], [word + 'а'], [word + 'у'], [word], instrumental.map((e) => word + e), [word + 'е']];
    }
  }
}

/** A hyphenated name declines only its last part: Санкт-Петербург → Санкт-Петербурге, Алма-Ата → Алма-Ате. */
function compoundNounForms(word: string): CaseForms {
  const cut = word.lastIndexOf('-') + 1;
  const head = word.slice(0, cut);
  return nounForms(word.slice(cut)).map((forms) => forms.map((form) => head + form));
}

/** Masculine singular adjective forms, for names such as Нижний Новгород. */
function adjectiveForms(word: string): CaseForms | null {
  const ending = word.slice(-2).toLowerCase();
  const stem = word.slice(0, -2);
  if (ending === 'ий' && word.slice(-3, -2).toLowerCase() === 'н') {
    return [[word], [stem + 'его'], [stem + 'ему'], [word], [stem + 'им'], [stem + 'ем']];
  }
  if (ending === 'ий') {
    return [[word], [stem + 'ого'], [stem + 'ому'], [word], [stem + 'им'], [stem + 'ом']];
  }
  if (ending === 'ый' || ending === 'ой') {
    return [[word], [stem + 'ого'], [stem + 'ому'], [word], [stem + 'ым'], [stem + 'ом']];
  }
  return null;
}

function cartesianJoin(parts: ReadonlyArray<readonly string[]>): string[] {
  return parts.reduce<string[]>(
    (acc, forms) => acc.flatMap((prefix) => forms.map((form) => (prefix ? `${prefix} ${form}` : form))),
    [''],
  );
}

/**
 * Every singular case form of a Russian city name, nominative first. The last word declines as a
 * noun; a word before it declines as an adjective when it has an adjective ending, and otherwise
 * stays as written (Хо Ши Мин → Хо Ши Мине).
 */
export function russianCityForms(name: string): string[] {
  const words = name.trim().split(/\s+/);
  const lastIndex = words.length - 1;
  const wordForms = words.map((word, i) =>
    i === lastIndex ? compoundNounForms(word) : (adjectiveForms(word) ?? indeclinable(word)),
  );
  const forms = Array.from({ length: CASE_COUNT }, (_, caseIndex) =>
    cartesianJoin(wordForms.map((perCase) => perCase[caseIndex])),
  );
  return [...new Set(forms.flat())];
}

/**
 * Noun and adjective endings (singular and plural, folded: е for ё), longest first so stemming
 * removes a whole ending. A keyword word matches its stem followed by any of these.
 */
export const RUSSIAN_ENDINGS: readonly string[] = [
  'иями',
  'ями',
  'ами',
  'ыми',
  'ими',
  'ией',
  'ием',
  'иям',
  'иях',
  'ого',
  'его',
  'ому',
  'ему',
  'ом',
  'ем',
  'ой',
  'ей',
  'ою',
  'ею',
  'ам',
  'ям',
  'ах',
  'ях',
  'ов',
  'ев',
  'ью',
  'ий',
  'ый',
  'ая',
  'яя',
  'ое',
  'ее',
  'ые',
  'ие',
  'ым',
  'им',
  'ую',
  'юю',
  'ых',
  'их',
  'ия',
  'ии',
  'ию',
  'а',
  'я',
  'о',
  'е',
  'ы',
  'и',
  'у',
  'ю',
  'ь',
  'й',
];

/** Shorter stems would make common short words match each other. */
const MIN_STEM_LENGTH = 3;

/** The stem of a folded keyword word: the word without its longest ending, as long as a stem of 3+ letters remains. */
export function russianStem(word: string): string {
  for (const ending of RUSSIAN_ENDINGS) {
    if (word.endsWith(ending) && word.length - ending.length >= MIN_STEM_LENGTH) {
      return word.slice(0, -ending.length);
    }
  }
  return word;
}
