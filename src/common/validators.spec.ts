import { validateSync } from 'class-validator';
import { IsCurrencyCode, IsIanaTimeZone } from './validators';

class Priced {
  @IsCurrencyCode()
  currency: unknown;
}

const accepts = (currency: unknown): boolean => {
  const value = new Priced();
  value.currency = currency;
  return validateSync(value).length === 0;
};

describe('IsCurrencyCode', () => {
  it.each(['USD', 'EUR', 'CNY', 'HKD', 'RUB', 'INR', 'SGD', 'VND', 'MYR', 'XOF', 'XAF', 'XCD', 'XPF', 'XCG', 'ZWG'])(
    'takes %s, money a deal can be priced in',
    (currency) => expect(accepts(currency)).toBe(true),
  );

  it.each([
    'ABC',
    'QQQ',
    'XXX',
    'XTS',
    'XAU',
    'XAG',
    'XDR',
    'usd',
    'Usd',
    'US',
    'USDT',
    ' USD',
    '',
    12,
    null,
    undefined,
  ])('refuses %p', (currency) => expect(accepts(currency)).toBe(false));
});

class Zoned {
  @IsIanaTimeZone()
  timezone: unknown;
}

describe('IsIanaTimeZone', () => {
  const accepts = (timezone: unknown): boolean => {
    const value = new Zoned();
    value.timezone = timezone;
    return validateSync(value).length === 0;
  };
  it.each(['Asia/Shanghai', 'Europe/Moscow', 'Asia/Kolkata', 'America/Argentina/Buenos_Aires', 'Etc/UTC', 'UTC'])(
    'takes %s',
    (zone) => expect(accepts(zone)).toBe(true),
  );
  it.each(['Mars/Olympus_Mons', 'EST', 'PST8PDT', 'GMT+8', '', 'Asia/', 12, null])('refuses %p', (zone) =>
    expect(accepts(zone)).toBe(false),
  );
});
