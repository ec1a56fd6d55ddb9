import { DateTime } from 'luxon';
import { computeFirstResponseDue, officeCalendar } from './sla-calendar';

const shanghai = {
  timezone: 'Asia/Shanghai',
  businessDays: [1, 2, 3, 4, 5],
  opensAt: '09:00:00',
  closesAt: '18:00:00',
  holidays: ['2026-10-01', '2026-10-02'] as string[],
  extraWorkingDays: ['2026-10-10'] as string[],
  firstResponseSlaHours: 4,
};

const local = (iso: string, zone = 'Asia/Shanghai'): Date => DateTime.fromISO(iso, { zone }).toJSDate();

describe('officeCalendar', () => {
  it('maps the office columns to the flat calendar', () => {
    expect(officeCalendar(shanghai)).toEqual({
      timezone: 'Asia/Shanghai',
      days: [1, 2, 3, 4, 5],
      open: '09:00',
      close: '18:00',
      holidays: ['2026-10-01', '2026-10-02'],
      extraWorkingDays: ['2026-10-10'],
    });
  });

  it('accepts dates as node-postgres parses them (local midnight)', () => {
    const office = { ...shanghai, holidays: [new Date(2026, 9, 1)] as unknown as string[] };
    expect(officeCalendar(office).holidays).toEqual(['2026-10-01']);
  });
});

describe('computeFirstResponseDue', () => {
  it.each([
    ['Friday 22:00 → Monday 09:00 + 4 h', '2026-03-06T22:00', '2026-03-09T13:00'],
    ['Saturday noon → Monday 13:00', '2026-03-07T12:00', '2026-03-09T13:00'],
    ['Monday 07:30 (before opening) → 13:00', '2026-03-09T07:30', '2026-03-09T13:00'],
    ['Monday 16:00 → Tuesday 11:00', '2026-03-09T16:00', '2026-03-10T11:00'],
    ['holiday → next working day', '2026-10-01T10:00', '2026-10-05T13:00'],
    ['make-up Saturday counts', '2026-10-10T10:00', '2026-10-10T14:00'],
  ])('%s', (_, received, due) => {
    expect(computeFirstResponseDue(shanghai, local(received)).toISOString()).toBe(local(due).toISOString());
  });

  it('counts a fractional SLA to the minute (the offices API takes quarter hours)', () => {
    const office = { ...shanghai, firstResponseSlaHours: 1.5 };
    expect(computeFirstResponseDue(office, local('2026-03-09T17:00')).toISOString()).toBe(
      local('2026-03-10T09:30').toISOString(),
    );
  });

  it('works in a half-hour zone (Kolkata)', () => {
    const kolkata = {
      ...shanghai,
      timezone: 'Asia/Kolkata',
      opensAt: '09:30:00',
      closesAt: '18:30:00',
      holidays: [],
      extraWorkingDays: [],
      firstResponseSlaHours: 8,
    };
    expect(computeFirstResponseDue(kolkata, local('2026-03-06T20:00', 'Asia/Kolkata')).toISOString()).toBe(
      local('2026-03-09T17:30', 'Asia/Kolkata').toISOString(),
    );
  });
});
