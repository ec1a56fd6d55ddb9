/**
 * Business-hours arithmetic for an office's first-response SLA, with the time zone as data.
 *
 * An office works `open`–`close` local time on its `days` (ISO weekdays), except on `holidays`,
 * plus on `extraWorkingDays` (make-up weekends such as China's adjusted Saturdays). A date in both
 * lists is a working day: the make-up day is the more specific, deliberate entry.
 *
 * Each working day is the half-open interval [open, close): an instant exactly at closing time is
 * outside business hours, but adding hours may end exactly at a closing time. Hours are elapsed
 * time, so a working day on which the clocks change is an hour shorter or longer.
 *
 * Pure: no clock, no Nest, no database. Arithmetic walks day by day, never minute by minute.
 */
import { DateTime, IANAZone } from 'luxon';

export interface OfficeCalendar {
  /** IANA time zone, e.g. "Asia/Shanghai". */
  timezone: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  days: number[];
  /** Local opening time, "HH:MM". */
  open: string;
  /** Local closing time, "HH:MM", after `open` on the same day. */
  close: string;
  /** Local dates "YYYY-MM-DD" that are not working days even on one of `days`. */
  holidays: string[];
  /** Local dates "YYYY-MM-DD" that are working days even when not one of `days`; they win over `holidays`. */
  extraWorkingDays: string[];
}

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
/** How far to look for a next working day before calling the calendar broken instead of looping forever. */
const MAX_DAYS_WITHOUT_WORK = 2 * 366;

const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar parsed once per call: dates as day numbers (days since 1970-01-01) so day steps are integer steps. */
interface ParsedCalendar {
  zone: string;
  weekdays: ReadonlySet<number>;
  openMinutes: number;
  closeMinutes: number;
  holidays: ReadonlySet<number>;
  extraWorkingDays: ReadonlySet<number>;
}

/** One working day's hours as epoch milliseconds, [open, close). */
interface DayWindow {
  open: number;
  close: number;
}

export function validateCalendar(cal: OfficeCalendar): string[] {
  return [
    ...timezoneProblems(cal.timezone),
    ...dayProblems(cal),
    ...hoursProblems(cal.open, cal.close),
    ...dateListProblems('holidays', cal.holidays),
    ...dateListProblems('extraWorkingDays', cal.extraWorkingDays),
  ];
}

/**
 * The longest run of consecutive dates without a working day, in days — where the listed holidays
 * make one; otherwise the longest gap the weekdays leave (at most 6). Deadlines are counted only
 * while a working day comes within MAX_DAYS_WITHOUT_WORK, so an office must not promise less.
 */
export function longestClosedStretch(cal: OfficeCalendar): number {
  const parsed = parseCalendar(cal);
  // Extra working days alone leave every date before the first and after the last without work.
  if (parsed.weekdays.size === 0) return Infinity;
  const working = (day: number) => isWorkingDay(day, parsed);
  let longest = 0;
  // Between holidays, only the weekdays close the office: the widest gap between two working weekdays.
  const weekdays = [...parsed.weekdays].sort((a, b) => a - b);
  weekdays.forEach((d, i) => {
    const next = i + 1 < weekdays.length ? weekdays[i + 1] : weekdays[0] + 7;
    longest = Math.max(longest, next - d - 1);
  });
  let measuredUntil = -Infinity;
  for (const holiday of [...parsed.holidays].sort((a, b) => a - b)) {
    if (holiday <= measuredUntil || working(holiday)) continue;
    let first = holiday;
    // Both walks end: the holidays are finite and some weekday works.
    while (!working(first - 1)) first--;
    let last = holiday;
    while (!working(last + 1)) last++;
    longest = Math.max(longest, last - first + 1);
    measuredUntil = last;
  }
  return longest;
}

export function isWithinBusinessHours(at: Date, cal: OfficeCalendar): boolean {
  const parsed = parseCalendar(cal);
  const ms = toMillis(at, 'at');
  const window = windowOn(localDayOf(ms, parsed.zone), parsed);
  return window !== null && window.open <= ms && ms < window.close;
}

export function nextOpening(at: Date, cal: OfficeCalendar): Date {
  const parsed = parseCalendar(cal);
  const ms = toMillis(at, 'at');
  return new Date(Math.max(ms, nextWindow(ms, parsed).open));
}

export function addBusinessHours(start: Date, hours: number, cal: OfficeCalendar): Date {
  if (!Number.isFinite(hours) || hours < 0) {
    throw new RangeError(`Business hours to add must be a finite number >= 0, got ${hours}`);
  }
  const parsed = parseCalendar(cal);
  // Whole milliseconds keep the arithmetic exact; a millisecond is far below any SLA's precision.
  let remaining = Math.round(hours * MS_PER_HOUR);
  const startMs = toMillis(start, 'start');
  let window = nextWindow(startMs, parsed);
  let cursor = Math.max(window.open, startMs);
  while (cursor + remaining > window.close) {
    remaining -= window.close - cursor;
    window = nextWindow(window.close, parsed);
    cursor = window.open;
  }
  return new Date(cursor + remaining);
}

export function businessHoursBetween(from: Date, to: Date, cal: OfficeCalendar): number {
  const parsed = parseCalendar(cal);
  const fromMs = toMillis(from, 'from');
  const toMs = toMillis(to, 'to');
  if (toMs <= fromMs) {
    return 0;
  }
  let total = 0;
  // Bounded by `to`, so unlike nextWindow no guard is needed: a calendar without working days counts 0.
  for (let day = localDayOf(fromMs, parsed.zone); day <= localDayOf(toMs, parsed.zone); day++) {
    const window = windowOn(day, parsed);
    if (window !== null) {
      total += Math.max(0, Math.min(window.close, toMs) - Math.max(window.open, fromMs));
    }
  }
  return total / MS_PER_HOUR;
}

/** IANAZone.create caches by name; isValidZone would build a new Intl formatter on every call. */
function timezoneProblems(timezone: string): string[] {
  return IANAZone.create(timezone).isValid
    ? []
    : [`unknown time zone "${timezone}" (expected an IANA name such as "Asia/Shanghai")`];
}

function dayProblems(cal: OfficeCalendar): string[] {
  const problems = cal.days
    .filter((day) => !Number.isInteger(day) || day < 1 || day > 7)
    .map((day) => `working day ${day} is not an ISO weekday (1 = Monday … 7 = Sunday)`);
  if (cal.days.length === 0 && cal.extraWorkingDays.length === 0) {
    problems.push('no working days: set at least one weekday or extra working day');
  }
  return problems;
}

function hoursProblems(open: string, close: string): string[] {
  const problems = [open, close]
    .filter((time) => !TIME_PATTERN.test(time))
    .map((time) => `time "${time}" is not HH:MM between 00:00 and 23:59`);
  if (problems.length === 0 && minutesOf(close) <= minutesOf(open)) {
    problems.push(`closing time ${close} must be after opening time ${open}`);
  }
  return problems;
}

function dateListProblems(field: string, dates: string[]): string[] {
  return dates
    .filter((date) => parseDay(date) === null)
    .map((date) => `${field}: "${date}" is not a valid YYYY-MM-DD date`);
}

/** Refuses a broken calendar up front, so every result below comes from a calendar that makes sense. */
function parseCalendar(cal: OfficeCalendar): ParsedCalendar {
  const problems = validateCalendar(cal);
  if (problems.length > 0) {
    throw new RangeError(`Invalid office calendar: ${problems.join('; ')}`);
  }
  return {
    zone: cal.timezone,
    weekdays: new Set(cal.days),
    openMinutes: minutesOf(cal.open),
    closeMinutes: minutesOf(cal.close),
    holidays: daySet(cal.holidays),
    extraWorkingDays: daySet(cal.extraWorkingDays),
  };
}

function toMillis(date: Date, name: string): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) {
    throw new RangeError(`${name} is not a valid date`);
  }
  return ms;
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

/** Day number of a "YYYY-MM-DD" string, or null when it is malformed or names no real date (2026-02-30). */
function parseDay(date: string): number | null {
  const match = DATE_PATTERN.exec(date);
  if (match === null) {
    return null;
  }
  const [year, month, day] = match.slice(1).map(Number);
  // setUTCFullYear, not Date.UTC: that reads the years 0–99 as 1900–1999.
  const ms = new Date(0).setUTCFullYear(year, month - 1, day);
  return new Date(ms).toISOString().startsWith(date) ? ms / MS_PER_DAY : null;
}

/** Day numbers of dates already validated; the filter only narrows the type. */
function daySet(dates: string[]): ReadonlySet<number> {
  return new Set(dates.map(parseDay).filter((day): day is number => day !== null));
}

/** The local calendar date of an instant in the office's zone, as a day number. */
function localDayOf(ms: number, zone: string): number {
  const local = DateTime.fromMillis(ms, { zone });
  return Date.UTC(local.year, local.month - 1, local.day) / MS_PER_DAY;
}

function isWorkingDay(day: number, cal: ParsedCalendar): boolean {
  if (cal.extraWorkingDays.has(day)) {
    return true;
  }
  return !cal.holidays.has(day) && cal.weekdays.has(isoWeekday(day));
}

/** 1970-01-01 (day 0) was a Thursday, ISO weekday 4; the double modulo keeps earlier dates positive. */
function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

function windowOn(day: number, cal: ParsedCalendar): DayWindow | null {
  if (!isWorkingDay(day, cal)) {
    return null;
  }
  return { open: localTimeOn(day, cal.openMinutes, cal.zone), close: localTimeOn(day, cal.closeMinutes, cal.zone) };
}

/** Local wall-clock time on a date; a time skipped by a DST jump is moved forward by the jump (luxon's rule). */
function localTimeOn(day: number, minutes: number, zone: string): number {
  const date = new Date(day * MS_PER_DAY);
  return DateTime.fromObject(
    {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: Math.floor(minutes / 60),
      minute: minutes % 60,
    },
    { zone },
  ).toMillis();
}

/** The first working day's hours that have not closed yet at `ms` (they may be open already). */
function nextWindow(ms: number, cal: ParsedCalendar): DayWindow {
  const firstDay = localDayOf(ms, cal.zone);
  for (let day = firstDay; day <= firstDay + MAX_DAYS_WITHOUT_WORK; day++) {
    const window = windowOn(day, cal);
    if (window !== null && window.close > ms) {
      return window;
    }
  }
  throw new RangeError(
    `No working day within ${MAX_DAYS_WITHOUT_WORK} days after ${new Date(ms).toISOString()} in ${cal.zone}: ` +
      'check the office days, holidays and extra working days',
  );
}
