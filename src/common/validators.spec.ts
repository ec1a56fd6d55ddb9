import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IsCalendarDate, IsCountryCode, IsCurrencyCode, IsIanaTimeZone, NullableText } from './validators';

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

class Located {
  @IsCountryCode()
  country: unknown;
}

describe('IsCountryCode', () => {
  const accepts = (country: unknown): boolean => validateSync(plainToInstance(Located, { country })).length === 0;
  it.each(['CN', 'HK', 'RU', 'IN', 'SG'])('takes %s', (country) => expect(accepts(country)).toBe(true));
  // Lower case is refused, not folded: the API exchanges countries in capitals.
  it.each(['cn', 'Ru', 'XX', 'CHN', '', null])('refuses %p', (country) => expect(accepts(country)).toBe(false));
});

class Dated {
  @IsCalendarDate()
  day: unknown;
}

describe('IsCalendarDate', () => {
  const accepts = (day: unknown): boolean => validateSync(plainToInstance(Dated, { day })).length === 0;
  it.each(['2026-02-28', '2028-02-29', '2026-12-31'])('takes %s', (day) => expect(accepts(day)).toBe(true));
  // new Date() rolls 2026-02-30 over to 2 March instead of refusing it.
  it.each(['2026-02-30', '2026-02-29', '2026-04-31', '2026-13-01', '2026-1-01', '2026-01-01T00:00:00Z'])(
    'refuses %p',
    (day) => expect(accepts(day)).toBe(false),
  );
});

class Noted {
  @NullableText(10)
  note: unknown;
}

describe('NullableText', () => {
  const read = (note: unknown): unknown => plainToInstance(Noted, { note }).note;
  it('clears the field with null for null, an empty or a blank string, never storing ""', () => {
    expect(read(null)).toBeNull();
    expect(read('')).toBeNull();
    expect(read('   ')).toBeNull();
  });
  it('keeps text trimmed, and still bounds its length', () => {
    expect(read('  hi  ')).toBe('hi');
    expect(validateSync(plainToInstance(Noted, { note: 'x'.repeat(11) }))).toHaveLength(1);
  });
});
