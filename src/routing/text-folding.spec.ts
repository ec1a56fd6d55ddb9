import { foldText, foldWithOffsets, nameKey } from '@/routing/text-folding';

describe('foldText', () => {
  it.each([
    ['Shanghai', 'shanghai'],
    ['Счёт в БАНКЕ', 'счет в банке'],
    ['Ёлки', 'елки'],
    ['Хошимин, й stays й', 'хошимин, й stays й'],
    ['Hà Nội', 'ha noi'],
    ['Đà Nẵng', 'da nang'],
    ['Ürümqi', 'urumqi'],
    ['Société Générale', 'societe generale'],
    ['上海，北京', '上海，北京'],
    ['ＡＢＣ', 'ａｂｃ'],
  ])('folds %s to %s', (text, folded) => {
    expect(foldText(text)).toBe(folded);
  });

  it('folds the same way on the fast and the per-character path', () => {
    // The accent puts the whole text on the per-character path.
    expect(foldText('Счёт ＡＢＣ 上海 é')).toBe(`${foldText('Счёт ＡＢＣ 上海 ')}e`);
  });
});

describe('foldWithOffsets', () => {
  it('maps every folded character back to the original', () => {
    const text = '한 Hà Nội';
    const folded = foldWithOffsets(text);
    const start = folded.text.indexOf('ha noi');
    expect(folded.originalIndex(start)).toBe(text.indexOf('Hà'));
  });

  it('is the identity on simple text', () => {
    const folded = foldWithOffsets('Москва 北京 Moscow');
    expect(folded.text).toBe('москва 北京 moscow');
    expect(folded.originalIndex(10)).toBe(10);
  });
});

describe('nameKey', () => {
  it.each([
    ['St. Petersburg', 'stpetersburg'],
    ["Xi'an", 'xian'],
    ['Санкт-Петербург', 'санктпетербург'],
    ['  Ho Chi Minh City ', 'hochiminhcity'],
  ])('keys %s as %s', (name, key) => {
    expect(nameKey(name)).toBe(key);
  });
});
