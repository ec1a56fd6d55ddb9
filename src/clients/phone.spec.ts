import { toE164 } from './phone';

describe('toE164', () => {
  it.each([
    ['+7 495 123-45-67', null, '+74951234567'],
    ['8 (495) 123-45-67', 'RU', '+74951234567'],
    ['021 6288 0000', 'CN', '+862162880000'],
    ['+86 138 0013 8000', 'RU', '+8613800138000'],
    ['+65 6123 4567', null, '+6561234567'],
    ['12345', 'CN', null],
    ['call me', null, null],
    ['021 6288 0000', null, null],
  ])('%s in %s → %s', (input, country, expected) => {
    expect(toE164(input, country)).toBe(expected);
  });
});
