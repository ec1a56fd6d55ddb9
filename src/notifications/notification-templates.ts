/**
 * The e-mail templates, rendered once when a message is queued (subject and body are stored, so
 * what was sent can be read later). The investor's acknowledgement is in English, Russian or
 * Chinese; staff messages are in English. Times are shown in the office's own time zone.
 * Pure: no clock, no database.
 */
import { DateTime } from 'luxon';

export const LOCALES = ['en', 'ru', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];

export const TEMPLATES = [
  'inquiry_acknowledgement',
  'case_assigned',
  'office_queue',
  'case_handover',
  'sla_breach',
] as const;
export type TemplateName = (typeof TEMPLATES)[number];

/** The office a message is about, with the zone its times are written in. */
interface OfficeFacts {
  officeName: string;
  officeCity: string;
  timezone: string;
}

export interface AcknowledgementData extends OfficeFacts {
  fullName: string;
  reference: string;
  /** null while the case waits in the office queue. */
  consultantName: string | null;
  /** The first-response deadline. */
  dueAt: Date | null;
}

/** What staff see about a case: ids, codes and times, never the investor's own words. */
interface StaffCaseFacts extends OfficeFacts {
  recipientName: string;
  reference: string;
  caseId: string;
  serviceLines: string[];
  originCountry: string;
  language: string;
  dueAt: Date | null;
}

export interface CaseAssignedData extends StaffCaseFacts {
  /** Why the case came to the recipient. */
  reason: 'routing' | 'sla_breach' | 'sla_breach_queue' | 'queue';
}

export type OfficeQueueData = StaffCaseFacts;

export interface HandoverData extends StaffCaseFacts {
  /** `from`: the case was taken from the recipient; `to`: it was given to them. */
  direction: 'from' | 'to';
  /** The other consultant; null when the case went to (or came from) the office queue. */
  otherName: string | null;
  reason: string | null;
}

export interface SlaBreachData extends StaffCaseFacts {
  consultantName: string | null;
  /** Set when the office reassigns missed cases and the case went to this consultant at the breach. */
  reassignedToName?: string | null;
}

export interface TemplateData {
  inquiry_acknowledgement: AcknowledgementData;
  case_assigned: CaseAssignedData;
  office_queue: OfficeQueueData;
  case_handover: HandoverData;
  sla_breach: SlaBreachData;
}

export interface RenderedMessage {
  locale: Locale;
  subject: string;
  body: string;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** A time as the office's clock shows it, with the zone named so nobody converts it wrongly. */
export function formatOfficeTime(at: Date, timezone: string, locale: Locale): string {
  const local = DateTime.fromJSDate(at, { zone: timezone }).setLocale(locale);
  const text = local.toLocaleString({
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return `${text} (${timezone}, UTC${local.toFormat('ZZ')})`;
}

export function renderNotification<T extends TemplateName>(
  template: T,
  locale: Locale,
  data: TemplateData[T],
): RenderedMessage {
  // The map is keyed by template, so each renderer receives its own data type.
  const renderer = RENDERERS[template] as (locale: Locale, data: TemplateData[T]) => RenderedMessage;
  return renderer(locale, data);
}

const RENDERERS: { [K in TemplateName]: (locale: Locale, data: TemplateData[K]) => RenderedMessage } = {
  inquiry_acknowledgement: renderAcknowledgement,
  case_assigned: (_, d) => staff(`New case ${d.reference} assigned to you`, d, [assignedWhy(d.reason)]),
  office_queue: (_, d) =>
    staff(`Case ${d.reference} is waiting in the ${d.officeName} queue`, d, [
      `No consultant of the ${d.officeName} office is available for case ${d.reference}, so it waits in the office queue.`,
      'Please assign it, or free capacity: it is given to the first eligible consultant who becomes available.',
    ]),
  case_handover: (_, d) =>
    staff(d.direction === 'to' ? `Case ${d.reference} handed over to you` : `Case ${d.reference} handed over`, d, [
      d.direction === 'to'
        ? `Case ${d.reference} was handed over to you${d.otherName ? ` by ${d.otherName}` : ' from the office queue'}.`
        : `Case ${d.reference} was handed over${d.otherName ? ` to ${d.otherName}` : ' to the office queue'}; you no longer own it.`,
      ...(d.reason ? [`Reason: ${d.reason}`] : []),
    ]),
  sla_breach: (_, d) =>
    staff(`First-response deadline missed: case ${d.reference}`, d, [
      `Case ${d.reference} (${d.officeName}) had no first response by its deadline.`,
      `Consultant: ${d.consultantName ?? 'none (office queue)'}.`,
      d.reassignedToName
        ? `The office reassigns missed cases: it now lies with ${d.reassignedToName}, who has been asked to contact the investor now.`
        : 'Please contact the investor now and log the call, e-mail or meeting on the case.',
    ]),
};

function assignedWhy(reason: CaseAssignedData['reason']): string {
  switch (reason) {
    case 'routing':
      return 'A new inquiry was routed to you.';
    case 'sla_breach':
      return 'The case missed its first-response deadline with its previous consultant and was reassigned to you.';
    case 'sla_breach_queue':
      return 'The case waited in the office queue past its first-response deadline and was assigned to you.';
    case 'queue':
      return 'The case was waiting in the office queue and was assigned to you as soon as you became available.';
  }
}

function staff(subject: string, d: StaffCaseFacts, lines: string[]): RenderedMessage {
  const due = d.dueAt ? formatOfficeTime(d.dueAt, d.timezone, 'en') : 'not set';
  const body = [
    `Hello ${d.recipientName},`,
    '',
    ...lines,
    '',
    `Case: ${d.reference} (id ${d.caseId})`,
    `Office: ${d.officeName}`,
    `Service lines: ${d.serviceLines.length ? d.serviceLines.join(', ') : 'not detected'}`,
    `Origin country: ${d.originCountry}`,
    `Language: ${d.language}`,
    `First response due: ${due}`,
    '',
    '— advisory-crm',
  ].join('\n');
  return { locale: 'en', subject, body };
}

function renderAcknowledgement(locale: Locale, d: AcknowledgementData): RenderedMessage {
  const due = d.dueAt ? formatOfficeTime(d.dueAt, d.timezone, locale) : null;
  switch (locale) {
    case 'ru':
      return {
        locale,
        subject: `Ваш запрос ${d.reference} получен`,
        body: [
          `Здравствуйте, ${d.fullName}!`,
          '',
          `Спасибо за обращение. Ваш запрос зарегистрирован под номером ${d.reference}.`,
          `Им занимается наш офис «${d.officeName}» (${d.officeCity}).`,
          due
            ? `С вами свяжется ${d.consultantName ?? 'консультант нашего офиса'} не позднее чем ${due}.`
            : `С вами свяжется ${d.consultantName ?? 'консультант нашего офиса'}.`,
          '',
          `Пожалуйста, указывайте номер ${d.reference} в переписке с нами.`,
          '',
          'С уважением,',
          `офис «${d.officeName}»`,
        ].join('\n'),
      };
    case 'zh':
      return {
        locale,
        subject: `我们已收到您的咨询 ${d.reference}`,
        body: [
          `${d.fullName}，您好！`,
          '',
          `感谢您的咨询。您的咨询编号为 ${d.reference}。`,
          `负责处理的是我们的 ${d.officeName} 办公室（${d.officeCity}）。`,
          due
            ? `${d.consultantName ?? '我们的顾问'}将在 ${due} 之前与您联系。`
            : `${d.consultantName ?? '我们的顾问'}将尽快与您联系。`,
          '',
          `与我们联系时，请注明编号 ${d.reference}。`,
          '',
          '此致',
          `${d.officeName} 办公室`,
        ].join('\n'),
      };
    case 'en':
      return {
        locale,
        subject: `We have received your inquiry ${d.reference}`,
        body: [
          `Dear ${d.fullName},`,
          '',
          `Thank you for your inquiry. Its reference is ${d.reference}.`,
          `Our ${d.officeName} office (${d.officeCity}) is handling it.`,
          due
            ? `${d.consultantName ?? 'A consultant of that office'} will contact you by ${due}.`
            : `${d.consultantName ?? 'A consultant of that office'} will contact you shortly.`,
          '',
          `Please quote ${d.reference} when you write to us.`,
          '',
          'Kind regards,',
          `The ${d.officeName} office`,
        ].join('\n'),
      };
  }
}
