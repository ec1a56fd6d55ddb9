import { validateSync } from 'class-validator';
import { IsCurrencyCode } from './validators';

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
