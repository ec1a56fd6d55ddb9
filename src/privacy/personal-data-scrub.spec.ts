import { ERASED, scrubJson, usableTokens } from './personal-data-scrub';

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
