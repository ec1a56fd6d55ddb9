/**
 * The first-response deadline of an office: its business calendar (time zone, days, hours,
 * holidays, make-up working days) as the pure business-hours module wants it, and the deadline
 * itself. Pure: no clock, no database.
 */
import { addBusinessHours, OfficeCalendar } from '@/cases/business-hours';
import type { OfficeEntity } from '@/offices/office.entity';

export type OfficeCalendarSource = Pick<
  OfficeEntity,
  'timezone' | 'businessDays' | 'opensAt' | 'closesAt' | 'holidays' | 'extraWorkingDays'
>;

/** Postgres `time` comes back as "HH:MM:SS"; the calendar wants "HH:MM". */
const hhmm = (time: string): string => time.slice(0, 5);

/**
 * TypeORM hands `date[]` columns over as node-postgres parsed them: Date objects at local midnight
 * (it converts only scalar `date` columns to strings). Accept both forms.
 */
function isoDate(value: string | Date): string {
  if (typeof value === 'string') return value.slice(0, 10);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}

export function officeCalendar(office: OfficeCalendarSource): OfficeCalendar {
  return {
    timezone: office.timezone,
    days: office.businessDays.map(Number),
    open: hhmm(office.opensAt),
    close: hhmm(office.closesAt),
    holidays: (office.holidays as Array<string | Date>).map(isoDate),
    extraWorkingDays: (office.extraWorkingDays as Array<string | Date>).map(isoDate),
  };
}

/**
 * When the first answer is due for an inquiry received at `receivedAt`: the office's
 * `firstResponseSlaHours` business hours later. An inquiry arriving at night, on a weekend or a
 * holiday starts the clock at the next opening.
 */
export function computeFirstResponseDue(
  office: OfficeCalendarSource & Pick<OfficeEntity, 'firstResponseSlaHours'>,
  receivedAt: Date,
): Date {
  return addBusinessHours(receivedAt, Number(office.firstResponseSlaHours), officeCalendar(office));
}
