import { ERASED, mentionPattern, scrubJson, usableTokens } from './personal-data-scrub';

describe('scrubJson', () => {
  const rules = {
    tokens: usableTokens(['Ivan.Petrov@Mail.example', '+79161234567', 'Ivan Petrov', 'Li']),
    keys: ['reason', 'body'],
  };

  it.each([
    ['a string naming the email, in any case', { to: 'IVAN.PETROV@mail.example' }, { to: ERASED }],
    ['a string containing the name', { note: 'Call Ivan Petrov back' }, { note: ERASED }],
    [
      'the phone inside an array',
      { phones: ['+79161234567', '+8613800000000'] },
      { phones: [ERASED, '+8613800000000'] },
    ],
    ['a free-text key whatever it says', { data: { reason: 'prefers Russian' } }, { data: { reason: ERASED } }],
    [
      'ids, codes and numbers untouched',
      { caseId: 'b0e9…', stage: 'new', count: 3, ok: true, none: null },
      { caseId: 'b0e9…', stage: 'new', count: 3, ok: true, none: null },
    ],
    ['short tokens are ignored', { company: 'Limited Co' }, { company: 'Limited Co' }],
  ])('%s', (_name, input, expected) => {
    expect(scrubJson(input, rules).value).toEqual(expected);
  });

  it('reports whether anything changed, and is idempotent', () => {
    const first = scrubJson({ body: 'hello' }, rules);
    expect(first).toEqual({ value: { body: ERASED }, changed: true });
    expect(scrubJson(first.value, rules)).toEqual({ value: { body: ERASED }, changed: false });
  });

  it('drops blanks, duplicates and the erased marker from tokens', () => {
    expect(usableTokens([' A@B.CO ', 'a@b.co', null, undefined, '', ERASED])).toEqual(['a@b.co']);
  });
});

describe('mentionPattern', () => {
  const cut = (text: string, emails: string[], phones: string[]) =>
    text.replace(new RegExp(mentionPattern(emails, phones) ?? '(?!)', 'gi'), ERASED);

  it.each([
    ['an address, in any case', 'cc INFO@Acme.co on it', 'cc [erased] on it'],
    ['an address at the end of a sentence', 'write to info@acme.co.', 'write to [erased].'],
    ['an address in brackets', '(info@acme.co)', '([erased])'],
    ['the phone as stored', 'call +79165551234 now', 'call [erased] now'],
    ['the phone without its plus', 'call 79165551234', 'call [erased]'],
    ['the phone spaced and dashed', 'call +7 916 555-12-34, please', 'call [erased], please'],
    ['the phone with brackets and dots', 'tel. +7 (916) 555.12.34', 'tel. [erased]'],
  ])('cuts out %s', (_what, text, expected) => {
    expect(cut(text, ['info@acme.co'], ['+79165551234'])).toBe(expected);
  });

  it.each([
    ['a longer address sharing its end', 'write to xinfo@acme.co'],
    ['a longer address sharing its start', 'write to info@acme.com'],
    ['a longer domain', 'write to info@acme.co.uk'],
    ['a subaddress of someone else', 'write to team+info@acme.co'],
    ['a longer number', 'call +791655512345'],
    ['a number ending the same', 'call +179165551234'],
  ])('leaves %s alone', (_what, text) => {
    expect(cut(text, ['info@acme.co'], ['+79165551234'])).toBe(text);
  });

  it('escapes what regular expressions treat specially, and has nothing to look for without values', () => {
    expect(cut("mail o'brien+x@mail.example", ["o'brien+x@mail.example"], [])).toBe('mail [erased]');
    expect(cut('mail obrienxx@mail.example', ["o'brien+x@mail.example"], [])).toBe('mail obrienxx@mail.example');
    expect(mentionPattern([], [])).toBeNull();
    expect(mentionPattern(['not-an-address'], ['123'])).toBeNull();
  });
});
