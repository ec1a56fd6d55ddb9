import * as fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  OfficeCalendar,
  addBusinessHours,
  businessHoursBetween,
  isWithinBusinessHours,
  longestClosedStretch,
  nextOpening,
  validateCalendar,
} from '@/cases/business-hours';

function office(timezone: string, overrides: Partial<OfficeCalendar> = {}): OfficeCalendar {
  return {
    timezone,
    days: [1, 2, 3, 4, 5],
    open: '09:00',
    close: '18:00',
    holidays: [],
    extraWorkingDays: [],
    ...overrides,
  };
}

/** Consecutive local dates, inclusive, for holiday lists such as a whole national holiday week. */
function dateRange(first: string, last: string): string[] {
  const dates: string[] = [];
  for (let day = DateTime.fromISO(first); day <= DateTime.fromISO(last); day = day.plus({ days: 1 })) {
    dates.push(day.toFormat('yyyy-MM-dd'));
  }
  return dates;
}

// Modelled on each country's public holidays; only the dates the tables below rely on.
const SHANGHAI = office('Asia/Shanghai', {
  holidays: ['2026-01-01', ...dateRange('2026-10-01', '2026-10-07')],
  extraWorkingDays: ['2026-10-10'],
});
const MOSCOW = office('Europe/Moscow', { holidays: dateRange('2026-01-01', '2026-01-08') });
const KOLKATA = office('Asia/Kolkata', { open: '09:30', close: '18:30', holidays: ['2026-01-26', '2026-08-15'] });
const JAKARTA = office('Asia/Jakarta', { open: '08:00', close: '17:00', holidays: ['2026-08-17'] });
const SINGAPORE = office('Asia/Singapore', { holidays: ['2026-08-10', '2027-01-01'] });
const LONDON = office('Europe/London', { close: '17:00' });
const NEW_YORK = office('America/New_York', { close: '17:00' });

const ASIAN_OFFICES: ReadonlyArray<[string, OfficeCalendar]> = [
  ['Shanghai', SHANGHAI],
  ['Moscow', MOSCOW],
  ['Kolkata', KOLKATA],
  ['Jakarta', JAKARTA],
  ['Singapore', SINGAPORE],
];

/** A local wall-clock time in the calendar's zone, e.g. "2026-03-02T10:00". */
function at(cal: OfficeCalendar, local: string): Date {
  const time = DateTime.fromISO(local, { zone: cal.timezone });
  if (!time.isValid) {
    throw new Error(`bad test time ${local}`);
  }
  return time.toJSDate();
}

/** The local wall-clock time of an instant, seconds shown only when not zero. */
function show(cal: OfficeCalendar, date: Date): string | null {
  return DateTime.fromJSDate(date, { zone: cal.timezone }).toISO({
    includeOffset: false,
    suppressMilliseconds: true,
    suppressSeconds: true,
  });
}

interface AddCase {
  name: string;
  arrival: string;
  hours: number;
  expected: string;
}

/** Checks the result and that measuring it back gives the hours added. */
function expectAdd(cal: OfficeCalendar, { arrival, hours, expected }: Omit<AddCase, 'name'>): void {
  const result = addBusinessHours(at(cal, arrival), hours, cal);
  expect(show(cal, result)).toBe(expected);
  expect(businessHoursBetween(at(cal, arrival), result, cal)).toBeCloseTo(hours, 9);
}

describe('addBusinessHours', () => {
  // The same local week, 09:00–18:00 Monday to Friday, in every zone we have offices in:
  // the zone is the only variable, so a row failing in one zone points at zone handling.
  // Monday 2026-03-02 … Sunday 2026-03-08, no holidays.
  const SAME_WEEK: AddCase[] = [
    { name: 'inside hours', arrival: '2026-03-02T10:00', hours: 4, expected: '2026-03-02T14:00' },
    { name: 'ending exactly at closing time', arrival: '2026-03-02T10:00', hours: 8, expected: '2026-03-02T18:00' },
    { name: 'spilling into the next day', arrival: '2026-03-02T16:00', hours: 4, expected: '2026-03-03T11:00' },
    { name: 'exactly at opening', arrival: '2026-03-02T09:00', hours: 1, expected: '2026-03-02T10:00' },
    { name: 'before opening', arrival: '2026-03-02T07:15', hours: 2, expected: '2026-03-02T11:00' },
    { name: 'after close', arrival: '2026-03-02T19:30', hours: 2, expected: '2026-03-03T11:00' },
    { name: 'exactly at closing time', arrival: '2026-03-02T18:00', hours: 1, expected: '2026-03-03T10:00' },
    { name: 'at night', arrival: '2026-03-03T03:00', hours: 1, expected: '2026-03-03T10:00' },
    { name: 'just before midnight', arrival: '2026-03-03T23:59', hours: 1, expected: '2026-03-04T10:00' },
    { name: 'Friday afternoon, over the weekend', arrival: '2026-03-06T17:00', hours: 2, expected: '2026-03-09T10:00' },
    { name: 'Friday evening', arrival: '2026-03-06T20:00', hours: 8, expected: '2026-03-09T17:00' },
    { name: 'Saturday, a full day', arrival: '2026-03-07T12:00', hours: 9, expected: '2026-03-09T18:00' },
    { name: 'Sunday night', arrival: '2026-03-08T23:00', hours: 0.5, expected: '2026-03-09T09:30' },
    { name: 'SLA over three days', arrival: '2026-03-02T10:00', hours: 24, expected: '2026-03-04T16:00' },
    { name: 'a whole working week', arrival: '2026-03-02T09:00', hours: 45, expected: '2026-03-06T18:00' },
    { name: 'across a weekend mid-SLA', arrival: '2026-03-04T12:00', hours: 40, expected: '2026-03-10T16:00' },
    { name: 'zero hours inside hours', arrival: '2026-03-02T10:00', hours: 0, expected: '2026-03-02T10:00' },
    { name: 'zero hours at night', arrival: '2026-03-02T22:00', hours: 0, expected: '2026-03-03T09:00' },
    { name: 'zero hours on the weekend', arrival: '2026-03-07T10:00', hours: 0, expected: '2026-03-09T09:00' },
    { name: 'half an hour over the close', arrival: '2026-03-02T17:45', hours: 0.5, expected: '2026-03-03T09:15' },
    { name: 'a quarter past', arrival: '2026-03-02T10:10', hours: 1.25, expected: '2026-03-02T11:25' },
    { name: 'thirty seconds', arrival: '2026-03-02T10:00', hours: 1 / 120, expected: '2026-03-02T10:00:30' },
  ];

  describe.each(ASIAN_OFFICES)('the same local week in %s', (_, cal) => {
    const plain = office(cal.timezone);
    it.each(SAME_WEEK)('$name: $arrival + $hours h → $expected', (row) => expectAdd(plain, row));
  });

  describe('Shanghai: National Day week with a make-up Saturday, New Year', () => {
    it.each<AddCase>([
      { name: 'arrival on National Day', arrival: '2026-10-03T10:00', hours: 4, expected: '2026-10-08T13:00' },
      { name: 'the eve of National Day', arrival: '2026-09-30T15:00', hours: 8, expected: '2026-10-08T14:00' },
      { name: 'Friday into the make-up Saturday', arrival: '2026-10-09T17:00', hours: 2, expected: '2026-10-10T10:00' },
      { name: 'arrival on the make-up Saturday', arrival: '2026-10-10T11:00', hours: 1, expected: '2026-10-10T12:00' },
      { name: 'the Sunday after it rests', arrival: '2026-10-11T11:00', hours: 1, expected: '2026-10-12T10:00' },
      { name: 'zero hours on a holiday', arrival: '2026-10-05T10:00', hours: 0, expected: '2026-10-08T09:00' },
      { name: 'Dec 31 into Jan 2 over New Year', arrival: '2025-12-31T17:00', hours: 2, expected: '2026-01-02T10:00' },
    ])('$name: $arrival + $hours h → $expected', (row) => expectAdd(SHANGHAI, row));
  });

  describe('Moscow: New Year holidays Jan 1–8', () => {
    it.each<AddCase>([
      { name: 'Dec 31 afternoon', arrival: '2025-12-31T17:00', hours: 2, expected: '2026-01-09T10:00' },
      { name: 'two days before', arrival: '2025-12-30T12:00', hours: 16, expected: '2026-01-09T10:00' },
      { name: 'arrival during the holidays', arrival: '2026-01-05T10:00', hours: 9, expected: '2026-01-09T18:00' },
    ])('$name: $arrival + $hours h → $expected', (row) => expectAdd(MOSCOW, row));
  });

  describe('Kolkata: 09:30–18:30, Republic Day', () => {
    it.each<AddCase>([
      { name: 'inside hours', arrival: '2026-03-02T10:00', hours: 8, expected: '2026-03-02T18:00' },
      { name: 'before the half-hour opening', arrival: '2026-03-02T09:00', hours: 1, expected: '2026-03-02T10:30' },
      { name: 'after the half-hour close', arrival: '2026-03-02T18:45', hours: 0.5, expected: '2026-03-03T10:00' },
      { name: 'over a weekend and Republic Day', arrival: '2026-01-23T18:00', hours: 1, expected: '2026-01-27T10:00' },
      { name: 'Dec 31 into Jan 1', arrival: '2026-12-31T18:00', hours: 1, expected: '2027-01-01T10:00' },
    ])('$name: $arrival + $hours h → $expected', (row) => expectAdd(KOLKATA, row));
  });

  describe('Jakarta: 08:00–17:00, Independence Day', () => {
    it.each<AddCase>([
      { name: 'a full day from opening', arrival: '2026-03-02T08:00', hours: 9, expected: '2026-03-02T17:00' },
      {
        name: 'over a weekend and a Monday holiday',
        arrival: '2026-08-14T16:00',
        hours: 4,
        expected: '2026-08-18T11:00',
      },
      { name: 'Dec 31 into Jan 1', arrival: '2025-12-31T16:30', hours: 1, expected: '2026-01-01T08:30' },
    ])('$name: $arrival + $hours h → $expected', (row) => expectAdd(JAKARTA, row));
  });

  describe('Singapore: National Day observed, New Year', () => {
    it.each<AddCase>([
      { name: 'Saturday before a Monday holiday', arrival: '2026-08-08T10:00', hours: 8, expected: '2026-08-11T17:00' },
      {
        name: 'Dec 31 over New Year and a weekend',
        arrival: '2026-12-31T17:30',
        hours: 1,
        expected: '2027-01-04T09:30',
      },
    ])('$name: $arrival + $hours h → $expected', (row) => expectAdd(SINGAPORE, row));
  });

  describe('zones that observe daylight saving time', () => {
    // Friday 16:00 local the week the clocks change, in UTC, so an offset slip cannot hide.
    it.each([
      {
        name: 'London, clocks go forward',
        cal: LONDON,
        arrivalUtc: '2026-03-27T16:00:00Z',
        hours: 2,
        expectedUtc: '2026-03-30T09:00:00.000Z',
      },
      {
        name: 'London, clocks go back',
        cal: LONDON,
        arrivalUtc: '2026-10-23T15:00:00Z',
        hours: 2,
        expectedUtc: '2026-10-26T10:00:00.000Z',
      },
      {
        name: 'New York, clocks go forward',
        cal: NEW_YORK,
        arrivalUtc: '2026-03-06T21:00:00Z',
        hours: 2,
        expectedUtc: '2026-03-09T14:00:00.000Z',
      },
      {
        name: 'New York, clocks go back',
        cal: NEW_YORK,
        arrivalUtc: '2026-10-30T20:00:00Z',
        hours: 2,
        expectedUtc: '2026-11-02T15:00:00.000Z',
      },
      {
        name: 'London, Thursday opening, three days',
        cal: LONDON,
        arrivalUtc: '2026-03-26T09:00:00Z',
        hours: 24,
        expectedUtc: '2026-03-30T16:00:00.000Z',
      },
    ])('$name: $arrivalUtc + $hours h → $expectedUtc', ({ cal, arrivalUtc, hours, expectedUtc }) => {
      const result = addBusinessHours(new Date(arrivalUtc), hours, cal);
      expect(result.toISOString()).toBe(expectedUtc);
      expect(businessHoursBetween(new Date(arrivalUtc), result, cal)).toBeCloseTo(hours, 9);
    });

    // Hours are elapsed time: a working day during which the clocks change is shorter or longer.
    const SUNDAY_NIGHT_SHIFT = office('America/New_York', { days: [7], open: '00:00', close: '06:00' });
    it.each([
      ['springs forward: 6 local hours are 5 real ones', '2026-03-08', 5, '2026-03-08T06:00'],
      ['falls back: 6 local hours are 7 real ones', '2026-11-01', 7, '2026-11-01T06:00'],
    ])('a working day that %s', (_, date, realHours, closing) => {
      const opening = at(SUNDAY_NIGHT_SHIFT, `${date}T00:00`);
      const result = addBusinessHours(opening, realHours, SUNDAY_NIGHT_SHIFT);
      expect(show(SUNDAY_NIGHT_SHIFT, result)).toBe(closing);
      expect(businessHoursBetween(opening, at(SUNDAY_NIGHT_SHIFT, `${date}T23:00`), SUNDAY_NIGHT_SHIFT)).toBe(
        realHours,
      );
    });
  });

  // Far from Greenwich, the UTC date changes during the working day: only the local date may decide the day.
  describe('working days that straddle midnight UTC', () => {
    const AUCKLAND = office('Pacific/Auckland', { close: '17:00' });
    const LOS_ANGELES = office('America/Los_Angeles', { close: '17:00' });
    it.each([
      {
        name: 'Auckland, Monday morning is Sunday UTC',
        cal: AUCKLAND,
        arrival: '2026-03-02T09:30',
        hours: 1,
        expected: '2026-03-02T10:30',
      },
      {
        name: 'Auckland, Friday afternoon',
        cal: AUCKLAND,
        arrival: '2026-03-06T16:00',
        hours: 2,
        expected: '2026-03-09T10:00',
      },
      {
        name: 'Los Angeles, Friday afternoon is Saturday UTC',
        cal: LOS_ANGELES,
        arrival: '2026-03-06T16:30',
        hours: 0.25,
        expected: '2026-03-06T16:45',
      },
      {
        name: 'Los Angeles, Friday evening',
        cal: LOS_ANGELES,
        arrival: '2026-03-06T16:30',
        hours: 1,
        expected: '2026-03-09T09:30',
      },
    ])('$name: $arrival + $hours h → $expected', ({ cal, ...row }) => {
      expectAdd(cal, row);
      expect(isWithinBusinessHours(at(cal, row.arrival), cal)).toBe(true);
    });
  });

  it('counts a date listed both as holiday and as extra working day as working', () => {
    const cal = office('Asia/Shanghai', { holidays: ['2026-10-10'], extraWorkingDays: ['2026-10-10'] });
    expect(show(cal, addBusinessHours(at(cal, '2026-10-09T18:00'), 1, cal))).toBe('2026-10-10T10:00');
  });

  it('knows the weekdays before 1970 too (negative day numbers)', () => {
    // Friday 1969-12-26 17:00 + 2 h: one hour that Friday, one on Monday 1969-12-29.
    const cal = office('Asia/Shanghai');
    expect(show(cal, addBusinessHours(at(cal, '1969-12-26T17:00'), 2, cal))).toBe('1969-12-29T10:00');
    expect(isWithinBusinessHours(at(cal, '1969-12-27T10:00'), cal)).toBe(false);
  });

  it('adds thousands of hours quickly, a day at a time', () => {
    const started = Date.now();
    const result = addBusinessHours(at(SHANGHAI, '2026-01-05T09:00'), 9 * 1000, SHANGHAI);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(businessHoursBetween(at(SHANGHAI, '2026-01-05T09:00'), result, SHANGHAI)).toBeCloseTo(9000, 6);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses %s hours', (hours) => {
    expect(() => addBusinessHours(at(SHANGHAI, '2026-03-02T10:00'), hours, SHANGHAI)).toThrow(RangeError);
  });
});

describe('nextOpening and isWithinBusinessHours', () => {
  // Sunday noon UTC is already Sunday evening east of Greenwich: each office next opens Monday morning local.
  it.each<[string, string, OfficeCalendar]>([
    ['Shanghai', '2026-03-02T01:00:00.000Z', SHANGHAI],
    ['Moscow', '2026-03-02T06:00:00.000Z', MOSCOW],
    ['Kolkata', '2026-03-02T04:00:00.000Z', KOLKATA],
    ['Jakarta', '2026-03-02T01:00:00.000Z', JAKARTA],
    ['Singapore', '2026-03-02T01:00:00.000Z', SINGAPORE],
  ])('%s opens next at %s', (_, expected, cal) => {
    expect(nextOpening(new Date('2026-03-01T12:00:00Z'), cal).toISOString()).toBe(expected);
  });

  // One instant, Friday 2026-03-06 12:00 UTC, is evening in the east and afternoon in the west.
  it.each<[string, boolean, OfficeCalendar]>([
    ['Shanghai (20:00)', false, SHANGHAI],
    ['Moscow (15:00)', true, MOSCOW],
    ['Kolkata (17:30)', true, KOLKATA],
    ['Jakarta (19:00)', false, JAKARTA],
    ['Singapore (20:00)', false, SINGAPORE],
  ])('%s, open at Friday 12:00 UTC: %s', (_, open, cal) => {
    expect(isWithinBusinessHours(new Date('2026-03-06T12:00:00Z'), cal)).toBe(open);
  });

  it.each<[string, string, boolean]>([
    ['opening time', '2026-03-02T09:00', true],
    ['a minute before opening', '2026-03-02T08:59', false],
    ['a millisecond before closing', '2026-03-02T17:59:59.999', true],
    ['closing time', '2026-03-02T18:00', false],
    ['a weekday holiday', '2026-10-01T10:00', false],
    ['the make-up Saturday', '2026-10-10T10:00', true],
    ['an ordinary Saturday', '2026-10-17T10:00', false],
  ])('Shanghai at %s (%s): open %s', (_, local, open) => {
    expect(isWithinBusinessHours(at(SHANGHAI, local), SHANGHAI)).toBe(open);
  });

  it('returns the instant itself inside business hours', () => {
    expect(nextOpening(at(SHANGHAI, '2026-03-02T10:17'), SHANGHAI)).toEqual(at(SHANGHAI, '2026-03-02T10:17'));
  });

  it('skips a whole holiday week to the next opening', () => {
    expect(show(SHANGHAI, nextOpening(at(SHANGHAI, '2026-09-30T18:00'), SHANGHAI))).toBe('2026-10-08T09:00');
  });
});

describe('businessHoursBetween', () => {
  it.each<[string, string, string, number]>([
    ['a whole working week', '2026-03-02T00:00', '2026-03-09T00:00', 45],
    ['from a Saturday to the next Monday noon', '2026-03-07T10:00', '2026-03-09T12:00', 3],
    ['within one morning', '2026-03-02T09:15', '2026-03-02T09:45', 0.5],
    ['the night only', '2026-03-02T18:00', '2026-03-03T09:00', 0],
    ['National Day week and the make-up Saturday', '2026-09-30T00:00', '2026-10-11T00:00', 36],
    ['across the year end', '2025-12-31T17:00', '2026-01-02T10:00', 2],
  ])('%s in Shanghai: %s → %s = %s h', (_, from, to, hours) => {
    expect(businessHoursBetween(at(SHANGHAI, from), at(SHANGHAI, to), SHANGHAI)).toBe(hours);
  });

  it.each([
    ['equal to', '2026-03-02T10:00'],
    ['earlier than', '2026-03-02T09:00'],
  ])('is 0 when `to` is %s `from`', (_, to) => {
    expect(businessHoursBetween(at(SHANGHAI, '2026-03-02T10:00'), at(SHANGHAI, to), SHANGHAI)).toBe(0);
  });
});

describe('guards', () => {
  // Only one working day ever: valid data, but nothing to find after it.
  const ONE_DAY_ONLY = office('Asia/Shanghai', { days: [], extraWorkingDays: ['2026-10-10'] });

  it('finds a lone extra working day', () => {
    expect(show(ONE_DAY_ONLY, nextOpening(at(ONE_DAY_ONLY, '2026-01-01T00:00'), ONE_DAY_ONLY))).toBe(
      '2026-10-10T09:00',
    );
  });

  it('throws a clear error instead of searching forever for a working day', () => {
    const after = at(ONE_DAY_ONLY, '2026-10-11T00:00');
    expect(() => addBusinessHours(after, 1, ONE_DAY_ONLY)).toThrow(
      /No working day within \d+ days after .* Asia\/Shanghai/,
    );
    expect(() => nextOpening(after, ONE_DAY_ONLY)).toThrow(RangeError);
  });

  it('finds the working day after the longest closed stretch an office may have (366 days)', () => {
    // Friday 2027-01-01 works, then every weekday through 2027-12-31 is a holiday: 2027-01-02 to
    // 2028-01-02 is closed, the 366 days the offices service still accepts. Monday 2028-01-03 works.
    const weekdayHolidays = dateRange('2027-01-04', '2027-12-31').filter((d) => DateTime.fromISO(d).weekday <= 5);
    const cal = office('Asia/Shanghai', { holidays: weekdayHolidays });
    expect(longestClosedStretch(cal)).toBe(366);
    expect(show(cal, addBusinessHours(at(cal, '2027-01-01T18:00'), 1, cal))).toBe('2028-01-03T10:00');
    expect(show(cal, nextOpening(at(cal, '2027-01-01T18:00'), cal))).toBe('2028-01-03T09:00');
  });

  it('still measures a range on a calendar without working days in it', () => {
    expect(
      businessHoursBetween(at(ONE_DAY_ONLY, '2027-01-01T00:00'), at(ONE_DAY_ONLY, '2030-01-01T00:00'), ONE_DAY_ONLY),
    ).toBe(0);
    expect(isWithinBusinessHours(at(ONE_DAY_ONLY, '2027-01-04T10:00'), ONE_DAY_ONLY)).toBe(false);
  });

  it.each<[string, (cal: OfficeCalendar) => unknown]>([
    ['addBusinessHours', (cal) => addBusinessHours(new Date(), 1, cal)],
    ['businessHoursBetween', (cal) => businessHoursBetween(new Date(0), new Date(), cal)],
    ['nextOpening', (cal) => nextOpening(new Date(), cal)],
    ['isWithinBusinessHours', (cal) => isWithinBusinessHours(new Date(), cal)],
  ])('%s refuses an invalid calendar, naming the problem', (_, call) => {
    expect(() => call(office('Asia/Shangai'))).toThrow('Invalid office calendar: unknown time zone "Asia/Shangai"');
  });

  it.each<[string, () => unknown]>([
    ['addBusinessHours', () => addBusinessHours(new Date('nonsense'), 1, SHANGHAI)],
    ['businessHoursBetween', () => businessHoursBetween(new Date(), new Date('nonsense'), SHANGHAI)],
    ['nextOpening', () => nextOpening(new Date('nonsense'), SHANGHAI)],
    ['isWithinBusinessHours', () => isWithinBusinessHours(new Date('nonsense'), SHANGHAI)],
  ])('%s refuses an invalid date', (_, call) => {
    expect(call).toThrow(/is not a valid date/);
  });
});

describe('validateCalendar', () => {
  it.each(ASIAN_OFFICES)('accepts the %s calendar', (_, cal) => {
    expect(validateCalendar(cal)).toEqual([]);
  });

  it('accepts a calendar that only has extra working days', () => {
    expect(validateCalendar(office('Asia/Shanghai', { days: [], extraWorkingDays: ['2026-10-10'] }))).toEqual([]);
  });

  it.each<[string, Partial<OfficeCalendar>, string]>([
    ['a misspelt zone', { timezone: 'Asia/Shangai' }, 'unknown time zone "Asia/Shangai"'],
    ['an offset instead of a zone', { timezone: '+08:00' }, 'unknown time zone "+08:00"'],
    ['an empty zone', { timezone: '' }, 'unknown time zone ""'],
    [
      'closing at opening time',
      { open: '09:00', close: '09:00' },
      'closing time 09:00 must be after opening time 09:00',
    ],
    [
      'closing before opening',
      { open: '22:00', close: '06:00' },
      'closing time 06:00 must be after opening time 22:00',
    ],
    ['a time without leading zero', { open: '9:00' }, 'time "9:00" is not HH:MM'],
    ['hour 24', { close: '24:00' }, 'time "24:00" is not HH:MM'],
    ['weekday 0', { days: [0, 1] }, 'working day 0 is not an ISO weekday'],
    ['weekday 8', { days: [8] }, 'working day 8 is not an ISO weekday'],
    ['a fractional weekday', { days: [1.5] }, 'working day 1.5 is not an ISO weekday'],
    ['no working days at all', { days: [], extraWorkingDays: [] }, 'no working days'],
    [
      'a date that does not exist',
      { holidays: ['2026-02-30'] },
      'holidays: "2026-02-30" is not a valid YYYY-MM-DD date',
    ],
    ['slashes', { holidays: ['2026/10/01'] }, 'holidays: "2026/10/01" is not a valid YYYY-MM-DD date'],
    ['a two-digit year', { holidays: ['26-10-01'] }, 'holidays: "26-10-01" is not a valid YYYY-MM-DD date'],
    ['month 13', { extraWorkingDays: ['2026-13-01'] }, 'extraWorkingDays: "2026-13-01" is not a valid YYYY-MM-DD date'],
  ])('reports %s', (_, overrides, problem) => {
    expect(validateCalendar(office('Asia/Shanghai', overrides))).toEqual([expect.stringContaining(problem)]);
  });

  it('reports every problem at once', () => {
    expect(
      validateCalendar({
        timezone: 'Nowhere',
        days: [9],
        open: '18:00',
        close: '09:00',
        holidays: ['x'],
        extraWorkingDays: [],
      }),
    ).toHaveLength(4);
  });
});

describe('properties', () => {
  const calendars = fc.constantFrom(SHANGHAI, MOSCOW, KOLKATA, JAKARTA, SINGAPORE, LONDON, NEW_YORK);
  // Around the holidays and DST changes in the calendars above.
  const instants = fc.date({
    min: new Date('2025-11-01T00:00:00Z'),
    max: new Date('2027-02-01T00:00:00Z'),
    noInvalidDate: true,
  });
  const hours = fc.oneof(
    fc.integer({ min: 0, max: 120 }),
    fc.integer({ min: 0, max: 40 * 60 }).map((minutes) => minutes / 60),
    fc.double({ min: 0, max: 120, noNaN: true }),
  );
  const minutes = (min: number) => fc.integer({ min, max: 60 * 60 });

  it('measures back what it added: businessHoursBetween(start, addBusinessHours(start, h)) ≈ h', () => {
    fc.assert(
      fc.property(calendars, instants, hours, (cal, start, h) => {
        const end = addBusinessHours(start, h, cal);
        expect(Math.abs(businessHoursBetween(start, end, cal) - h)).toBeLessThan(1e-6);
      }),
    );
  });

  it('is monotonic in the hours added', () => {
    fc.assert(
      fc.property(calendars, instants, hours, hours, (cal, start, a, b) => {
        const [fewer, more] = a <= b ? [a, b] : [b, a];
        expect(addBusinessHours(start, fewer, cal).getTime()).toBeLessThanOrEqual(
          addBusinessHours(start, more, cal).getTime(),
        );
      }),
    );
  });

  it('ends inside business hours or exactly at a closing time', () => {
    fc.assert(
      fc.property(calendars, instants, hours, (cal, start, h) => {
        const end = addBusinessHours(start, h, cal);
        const atClosing =
          show(cal, end)?.slice(11) === cal.close && isWithinBusinessHours(new Date(end.getTime() - 1), cal);
        expect(isWithinBusinessHours(end, cal) || atClosing).toBe(true);
      }),
    );
  });

  // The second step is at least a minute: adding 0 hours to a closing time moves on to the next opening.
  it('adds in steps as in one go (whole minutes)', () => {
    fc.assert(
      fc.property(calendars, instants, minutes(0), minutes(1), (cal, start, a, b) => {
        const inSteps = addBusinessHours(addBusinessHours(start, a / 60, cal), b / 60, cal);
        expect(inSteps).toEqual(addBusinessHours(start, (a + b) / 60, cal));
      }),
    );
  });

  it('starts the clock at the next opening: adding 0 hours is nextOpening', () => {
    fc.assert(
      fc.property(calendars, instants, (cal, start) => {
        const opening = nextOpening(start, cal);
        expect(addBusinessHours(start, 0, cal)).toEqual(opening);
        expect(opening.getTime()).toBeGreaterThanOrEqual(start.getTime());
        expect(isWithinBusinessHours(opening, cal)).toBe(true);
        expect(opening.getTime() === start.getTime()).toBe(isWithinBusinessHours(start, cal));
      }),
    );
  });

  it('adds up over consecutive ranges and is 0 over backward ones', () => {
    fc.assert(
      fc.property(calendars, instants, instants, instants, (cal, x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p.getTime() - q.getTime());
        const whole = businessHoursBetween(a, c, cal);
        expect(businessHoursBetween(a, b, cal) + businessHoursBetween(b, c, cal)).toBeCloseTo(whole, 9);
        expect(businessHoursBetween(c, a, cal)).toBe(0);
      }),
    );
  });
});

describe('longestClosedStretch', () => {
  it('is the widest gap the weekdays leave when no holiday closes more', () => {
    expect(longestClosedStretch(office('Asia/Shanghai'))).toBe(2); // the weekend
    expect(longestClosedStretch(office('Asia/Shanghai', { days: [3] }))).toBe(6);
    expect(longestClosedStretch(office('Asia/Shanghai', { days: [1, 2, 3, 4, 5, 6, 7] }))).toBe(0);
    // make-up days alone: closed before the first and after the last, for ever
    expect(longestClosedStretch(office('UTC', { days: [], extraWorkingDays: ['2026-10-10'] }))).toBe(Infinity);
  });

  it('joins holidays with the weekends around them, and make-up days cut the run', () => {
    // Golden week 2026: Thu 1 – Wed 7 Oct off (its weekend inside); Wed 30 Sep and Thu 8 Oct work.
    const golden = office('Asia/Shanghai', { holidays: dateRange('2026-10-01', '2026-10-07') });
    expect(longestClosedStretch(golden)).toBe(7);
    // Sat 26 and Sun 27 Sep are off as well when Mon 28 – Wed 30 are holidays too: 26 Sep – 7 Oct.
    expect(longestClosedStretch({ ...golden, holidays: dateRange('2026-09-28', '2026-10-07') })).toBe(12);
    // A make-up Sunday (4 Oct) splits the week in two.
    expect(longestClosedStretch({ ...golden, extraWorkingDays: ['2026-10-04'] })).toBe(3);
  });

  it('measures a year of holidays on the only working weekday', () => {
    const saturdays = dateRange('2026-12-05', '2028-12-09').filter((d) => DateTime.fromISO(d).weekday === 6);
    const cal = office('UTC', { days: [6], holidays: saturdays });
    // from Sun 29 Nov 2026 to Fri 15 Dec 2028
    expect(longestClosedStretch(cal)).toBe(
      DateTime.fromISO('2028-12-15').diff(DateTime.fromISO('2026-11-29'), 'days').days + 1,
    );
  });

  it('reads the years 0001–0099 as themselves, not as 1901–1999', () => {
    expect(validateCalendar(office('UTC', { holidays: ['0001-01-01', '0099-12-31'] }))).toEqual([]);
    expect(validateCalendar(office('UTC', { holidays: ['0099-02-29'] }))).toEqual([
      'holidays: "0099-02-29" is not a valid YYYY-MM-DD date',
    ]);
  });
});
