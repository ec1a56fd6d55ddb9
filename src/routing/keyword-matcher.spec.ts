import { ServiceLineKeywords, buildKeywordMatcher, compileKeywords, prepareText } from '@/routing/keyword-matcher';
import { RUSSIAN_ENDINGS } from '@/routing/russian-inflection';

const matches = (keywords: string[], text: string): boolean => compileKeywords(keywords).matches(prepareText(text));

describe('compileKeywords', () => {
  it.each<[string, string[], string, boolean]>([
    ['a Latin keyword, any case', ['bank account'], 'Open a BANK ACCOUNT please', true],
    ['a Latin plural', ['bank account'], 'two bank accounts', true],
    ['a Latin -es plural', ['tax'], 'corporate taxes', true],
    ['not inside a longer word', ['tax'], 'taxi and syntax', false],
    ['not as a prefix of a longer word', ['import'], 'an important point', false],
    ['spaces and hyphens interchangeable', ['due diligence'], 'due-diligence report', true],
    ['any whitespace between words', ['bank account'], 'bank\n  account', true],
    ['accents ignored', ['societe'], 'Société', true],
    ['special characters literal', ['m&a'], 'advice on M&A deals', true],
    ['a Russian keyword inflected', ['банковский счёт'], 'открытие банковского счета', true],
    ['a Russian phrase with a short preposition', ['счёт в банке'], 'счета в банках', true],
    ['a short Russian word is not inflected', ['счёт в банке'], 'счёт во банке', false],
    ['a plural only on the last Latin word', ['bank account'], 'banks account', false],
    ['a phrase does not run across punctuation', ['bank account'], 'at the bank. Account opening', false],
    ['a later word of a Russian phrase takes listed endings only', ['банковский счёт'], 'банковский счётчик', false],
    ['ё and е alike', ['учёт'], 'ведение учета', true],
    ['a Russian stem does not take arbitrary suffixes', ['счёт'], 'счётчик воды', false],
    ['a Chinese keyword anywhere', ['开户'], '我们想在上海开户。', true],
    ['a Chinese keyword absent', ['开户'], '我们想在上海开设公司。', false],
    ['blank keywords ignored', ['', '   '], 'anything', false],
    ['no keywords', [], 'anything', false],
    ['digits-only keywords searched whatever the script', ['2024'], '预算 2024 年', true],
  ])('%s', (_name, keywords, text, expected) => {
    expect(matches(keywords, text)).toBe(expected);
  });

  it('accepts every listed ending after a Russian stem, and nothing else', () => {
    expect(RUSSIAN_ENDINGS.filter((ending) => !matches(['банк'], `в банк${ending}, да`))).toEqual([]);
    expect(matches(['банк'], 'банкир')).toBe(false);
    expect(matches(['банк'], 'банкомат')).toBe(false);
  });

  it('searches only the scripts a message contains', () => {
    expect(matches(['санкции', 'sanctions', '制裁'], '制裁')).toBe(true);
    expect(matches(['санкции', '制裁'], 'sanctions')).toBe(false);
  });
});

describe('buildKeywordMatcher', () => {
  const lines: ServiceLineKeywords[] = [
    { code: 'tax', active: true, keywords: { en: ['tax'], ru: ['налог'], zh: ['税务'] } },
    { code: 'audit', active: false, keywords: { en: ['audit'], ru: [], zh: [] } },
    { code: 'bank_account', active: true, keywords: { en: ['bank account'], ru: [], zh: ['开户'] } },
  ];
  const matcher = buildKeywordMatcher(lines);

  it('detects lines in the order they were given, whatever the order in the message', () => {
    expect(matcher.detect('A bank account, and taxes.')).toEqual(['tax', 'bank_account']);
  });

  it('matches any of the three languages', () => {
    expect(matcher.detect('Вопрос по налогам')).toEqual(['tax']);
    expect(matcher.detect('税务和开户')).toEqual(['tax', 'bank_account']);
  });

  it('ignores inactive lines', () => {
    expect(matcher.detect('An audit')).toEqual([]);
  });
});
