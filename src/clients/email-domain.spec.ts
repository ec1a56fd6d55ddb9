import { companyDomainOf, domainSpellings, isFreeMailDomain, normalizeDomain, readableDomain } from './email-domain';

describe('email domains', () => {
  it.each([
    ['ivan@volgasteel.ru', 'volgasteel.ru'],
    ['Li.Wei@Pacific-Trade.CN', 'pacific-trade.cn'],
    ['someone@gmail.com', null],
    ['someone@QQ.com', null],
    ['someone@yandex.ru', null],
    ['not-an-email', null],
    ['ivan@пример.рф', 'xn--e1afmkfd.xn--p1ai'],
    ['ivan2@XN--E1AFMKFD.xn--P1AI', 'xn--e1afmkfd.xn--p1ai'],
    ['li@例子。中国', 'xn--fsqu00a.xn--fiqs8s'],
  ])('companyDomainOf(%s) = %s', (email, domain) => {
    expect(companyDomainOf(email)).toBe(domain);
  });

  it('normalizes what staff type', () => {
    expect(normalizeDomain(' @Example.COM. ')).toBe('example.com');
    expect(isFreeMailDomain('@Gmail.com')).toBe(true);
    expect(isFreeMailDomain('muller.de')).toBe(false);
  });

  it('keeps an internationalized domain in one form, ASCII (punycode), whichever way it was written', () => {
    for (const typed of ['пример.рф', ' @ПРИМЕР.РФ. ', 'xn--e1afmkfd.xn--p1ai', 'XN--E1AFMKFD.XN--P1AI'])
      expect(normalizeDomain(typed)).toBe('xn--e1afmkfd.xn--p1ai');
    expect(normalizeDomain('Bücher.DE')).toBe('xn--bcher-kva.de');
    expect(domainSpellings('пример.рф')).toEqual(['xn--e1afmkfd.xn--p1ai', 'пример.рф']);
    expect(domainSpellings('example.com')).toEqual(['example.com']);
    expect(readableDomain('xn--e1afmkfd.xn--p1ai')).toBe('пример.рф');
  });

  it('leaves what IDNA refuses lower-cased, for validation to refuse', () => {
    expect(normalizeDomain('Not A Domain')).toBe('not a domain');
    expect(normalizeDomain('xn--zz.com')).toBe('xn--zz.com');
  });
});
