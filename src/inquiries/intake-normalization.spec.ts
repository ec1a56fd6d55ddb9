import {
  canonicalJson,
  codePointLength,
  formatReference,
  isStorableText,
  normalizeEmail,
  requestHash,
  truncate,
} from './intake-normalization';

describe('isStorableText', () => {
  it.each([
    ['plain ASCII', 'hello', true],
    ['Cyrillic', 'Здравствуйте', true],
    ['Han', '我们想在上海开设银行账户', true],
    ['emoji (a surrogate pair)', 'ok 👍🏽', true],
    ['right-to-left', 'مرحبا שלום', true],
    ['other control characters', 'a\tb\nc\u0007', true],
    ['NUL', 'a\u0000b', false],
    ['lone high surrogate', 'a\uD83Db', false],
    ['lone low surrogate', 'a\uDC4Db', false],
    ['high surrogate at the end', 'abc\uD83D', false],
    ['reversed pair', '\uDC4D\uD83D', false],
  ])('%s', (_, text, expected) => {
    expect(isStorableText(text)).toBe(expected);
  });
});

describe('codePointLength and truncate', () => {
  it('counts an emoji as one character, like Postgres varchar', () => {
    expect(codePointLength('👍👍')).toBe(2);
    expect(codePointLength('abc')).toBe(3);
    expect(truncate('👍👍👍', 2)).toBe('👍👍');
    expect(truncate('abc', 5)).toBe('abc');
  });
});

describe('emails', () => {
  it('normalizes to trimmed lower case', () => {
    expect(normalizeEmail('  Ivan.Petrov@Example.COM ')).toBe('ivan.petrov@example.com');
  });
});

describe('request fingerprint', () => {
  it('ignores key order and undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: undefined } })).toBe('{"a":{"d":[1,"x"]},"b":1}');
    expect(requestHash({ a: 1, b: 2 })).toBe(requestHash({ b: 2, a: 1 }));
    expect(requestHash({ a: 1 })).not.toBe(requestHash({ a: 2 }));
  });
});

describe('formatReference', () => {
  it('pads to six digits and never truncates', () => {
    expect(formatReference(2026, 42)).toBe('INQ-2026-000042');
    expect(formatReference(2026, '1234567')).toBe('INQ-2026-1234567');
  });
});
