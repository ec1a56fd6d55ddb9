import { companyDomainOf, isFreeMailDomain, normalizeDomain } from './email-domain';

describe('email domains', () => {
  it.each([
    ['ivan@volgasteel.ru', 'volgasteel.ru'],
    ['Li.Wei@Pacific-Trade.CN', 'pacific-trade.cn'],
    ['someone@gmail.com', null],
    ['someone@QQ.com', null],
    ['someone@yandex.ru', null],
    ['not-an-email', null],
  ])('companyDomainOf(%s) = %s', (email, domain) => {
    expect(companyDomainOf(email)).toBe(domain);
  });

  it('normalizes what staff type', () => {
    expect(normalizeDomain(' @Example.COM. ')).toBe('example.com');
    expect(isFreeMailDomain('@Gmail.com')).toBe(true);
    expect(isFreeMailDomain('muller.de')).toBe(false);
  });
});
