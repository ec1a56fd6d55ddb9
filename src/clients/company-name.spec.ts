import fc from 'fast-check';
import { foldText, normalizeCompanyName } from './company-name';

describe('normalizeCompanyName', () => {
  it.each([
    // Latin: case, accents, punctuation, legal forms
    ['Müller GmbH', 'muller'],
    ['MÜLLER G.m.b.H.', 'muller'],
    ['Acme, Inc.', 'acme'],
    ['ACME Corporation', 'acme'],
    ['Acme Co., Ltd.', 'acme'],
    ['Acme Trading Pte. Ltd.', 'acme trading'],
    ['Tata Consultancy Private Limited', 'tata consultancy'],
    ['Maju Jaya Sdn. Bhd.', 'maju jaya'],
    ['PT Maju Bersama Tbk', 'maju bersama'],
    ['Société Générale S.A.', 'societe generale'],
    ['Nordic Timber AB', 'nordic timber'],
    ['Smith & Co', 'smith'],
    ['Smith & Co. LLC', 'smith'],
    ['McDonald’s Corporation', 'mcdonalds'],
    ['Straße Bau GmbH & Co. KG', 'strasse bau'],
    ['Łódź Ørsted Æble', 'lodz orsted aeble'],
    ['  Blue   Ocean   Logistics  ', 'blue ocean logistics'],
    ['Ｆｕｌｌ Ｗｉｄｔｈ Ltd', 'full width'],
    ['Công ty TNHH An Phát', 'an phat'],
    // Cyrillic: forms before or after, guillemets, ё folds and й stays
    ['ООО «Волга Сталь»', 'волга сталь'],
    ['ООО Волга Сталь', 'волга сталь'],
    ['Волга Сталь, ООО', 'волга сталь'],
    ['ПАО «Газпром»', 'газпром'],
    ['АО Ёлкин и Партнёры', 'елкин и партнеры'],
    ['ЗАО Майский', 'майский'],
    // Chinese: forms as suffixes of the last word or as a word of their own
    ['太平洋贸易有限公司', '太平洋贸易'],
    ['上海太平洋贸易股份有限公司', '上海太平洋贸易'],
    ['华为技术有限责任公司', '华为技术'],
    ['太平洋貿易有限公司', '太平洋貿易'],
    ['太平洋贸易（上海）有限公司', '太平洋贸易 上海'],
    ['长城集团有限公司', '长城'],
    ['ソニー株式会社', 'ソニー'],
    // Never empty: a name made only of legal words stays as written (folded)
    ['Limited', 'limited'],
    ['Co Ltd', 'co'],
    ['有限公司', '有限公司'],
    ['ООО', 'ооо'],
    ['!!!', '!!!'],
  ])('%s → %s', (name, expected) => {
    expect(normalizeCompanyName(name)).toBe(expected);
  });

  it('makes spellings of one company meet', () => {
    const spellings = ['Müller GmbH', 'Muller', 'MUELLER'.replace('UE', 'Ü'), 'müller gmbh.', 'Müller  G.m.b.H'];
    expect(new Set(spellings.map((s) => normalizeCompanyName(s)))).toEqual(new Set(['muller']));
  });

  it('caps the key at the column length', () => {
    expect(normalizeCompanyName('a'.repeat(300))).toHaveLength(200);
  });

  it('is idempotent, lower-case and free of combining accents (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80, unit: 'grapheme' }), (s) => {
        const once = normalizeCompanyName(s);
        expect(normalizeCompanyName(once)).toBe(once);
        expect(once).toBe(once.toLowerCase());
        expect(/[\u0300-\u0305\u0307-\u036f]/.test(once)).toBe(false);
      }),
    );
  });
});

describe('foldText', () => {
  it.each([
    ['Müller', 'muller'],
    ['ÉCOLE', 'ecole'],
    ['Ёжик', 'ежик'],
    ['Йошкар-Ола', 'йошкар-ола'],
    ['太平洋', '太平洋'],
    ['İstanbul', 'istanbul'],
  ])('%s → %s', (input, expected) => {
    expect(foldText(input)).toBe(expected);
  });
});
