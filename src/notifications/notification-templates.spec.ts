import { DateTime } from 'luxon';
import { formatOfficeTime, renderNotification, TEMPLATES } from './notification-templates';
import { investorLocale } from './notifications.service';

// Monday 9 March 2026, 17:00 in Shanghai (UTC+8).
const DUE = DateTime.fromISO('2026-03-09T17:00', { zone: 'Asia/Shanghai' }).toJSDate();

const ack = {
  fullName: 'Иван Петров',
  reference: 'INQ-2026-000042',
  officeName: 'Shanghai',
  officeCity: 'Shanghai',
  timezone: 'Asia/Shanghai',
  consultantName: 'Anna Sokolova',
  dueAt: DUE,
};

const staffFacts = {
  recipientName: 'Wang Lei',
  reference: 'INQ-2026-000042',
  caseId: '8f0c6d2e-8d7e-4a57-9d0e-3c1b2a4f5e6d',
  officeName: 'Shanghai',
  officeCity: 'Shanghai',
  timezone: 'Asia/Shanghai',
  serviceLines: ['bank_account', 'company_formation'],
  originCountry: 'RU',
  language: 'ru',
  dueAt: DUE,
};

describe('investor acknowledgement', () => {
  it.each([
    [
      'en',
      'We have received your inquiry INQ-2026-000042',
      ['Dear Иван Петров', 'Our Shanghai office', 'Anna Sokolova will contact you by', 'March 9, 2026'],
    ],
    [
      'ru',
      'Ваш запрос INQ-2026-000042 получен',
      [
        'Здравствуйте, Иван Петров!',
        'наш офис «Shanghai»',
        'С вами свяжется Anna Sokolova не позднее чем',
        '9 марта 2026',
      ],
    ],
    [
      'zh',
      '我们已收到您的咨询 INQ-2026-000042',
      ['Иван Петров，您好！', 'Shanghai 办公室', 'Anna Sokolova将在', '2026年3月9日'],
    ],
  ] as const)('in %s names the reference, the office, who and by when (office time)', (locale, subject, fragments) => {
    const m = renderNotification('inquiry_acknowledgement', locale, ack);
    expect(m.locale).toBe(locale);
    expect(m.subject).toBe(subject);
    expect(m.body).toContain('INQ-2026-000042');
    for (const f of fragments) expect(m.body).toContain(f);
    expect(m.body).toContain('17:00');
    expect(m.body).toContain('(Asia/Shanghai, UTC+08:00)');
  });

  it('without a consultant names the office instead', () => {
    expect(renderNotification('inquiry_acknowledgement', 'en', { ...ack, consultantName: null }).body).toContain(
      'A consultant of that office will contact you by',
    );
    expect(renderNotification('inquiry_acknowledgement', 'ru', { ...ack, consultantName: null }).body).toContain(
      'С вами свяжется консультант нашего офиса',
    );
    expect(renderNotification('inquiry_acknowledgement', 'zh', { ...ack, consultantName: null }).body).toContain(
      '我们的顾问将在',
    );
  });

  it('without a deadline promises no time', () => {
    const m = renderNotification('inquiry_acknowledgement', 'en', { ...ack, dueAt: null });
    expect(m.body).toContain('will contact you shortly');
    expect(m.body).not.toContain('UTC');
  });
});

describe('staff templates', () => {
  it('are English whatever locale is asked, and carry no investor text', () => {
    const cases = [
      renderNotification('case_assigned', 'ru', { ...staffFacts, reason: 'routing' }),
      renderNotification('office_queue', 'zh', staffFacts),
      renderNotification('case_handover', 'ru', {
        ...staffFacts,
        direction: 'to',
        otherName: 'Zhou Min',
        reason: 'holiday cover',
      }),
      renderNotification('sla_breach', 'ru', { ...staffFacts, consultantName: 'Wang Lei' }),
    ];
    for (const m of cases) {
      expect(m.locale).toBe('en');
      expect(m.body).toContain('Hello Wang Lei,');
      expect(m.body).toContain('Case: INQ-2026-000042 (id 8f0c6d2e-8d7e-4a57-9d0e-3c1b2a4f5e6d)');
      expect(m.body).toContain('Service lines: bank_account, company_formation');
      expect(m.body).toContain('First response due: Monday, March 9, 2026');
      expect(m.body).not.toContain('Иван');
    }
  });

  it.each([
    [
      'case_assigned',
      { ...staffFacts, reason: 'sla_breach' as const },
      'New case INQ-2026-000042 assigned to you',
      'missed its first-response deadline',
    ],
    ['office_queue', staffFacts, 'Case INQ-2026-000042 is waiting in the Shanghai queue', 'waits in the office queue'],
    [
      'sla_breach',
      { ...staffFacts, consultantName: null },
      'First-response deadline missed: case INQ-2026-000042',
      'Consultant: none (office queue).',
    ],
  ] as const)('%s has its own subject and message', (template, data, subject, line) => {
    const m = renderNotification(template, 'en', data as never);
    expect(m.subject).toBe(subject);
    expect(m.body).toContain(line);
  });

  it('hand-over tells each side its part', () => {
    const to = renderNotification('case_handover', 'en', {
      ...staffFacts,
      direction: 'to',
      otherName: 'Zhou Min',
      reason: 'holiday cover',
    });
    const from = renderNotification('case_handover', 'en', {
      ...staffFacts,
      direction: 'from',
      otherName: null,
      reason: null,
    });
    expect(to.subject).toBe('Case INQ-2026-000042 handed over to you');
    expect(to.body).toContain('was handed over to you by Zhou Min.');
    expect(to.body).toContain('Reason: holiday cover');
    expect(from.body).toContain('was handed over to the office queue; you no longer own it.');
    expect(from.body).not.toContain('Reason:');
  });

  it('every template renders', () => {
    expect(TEMPLATES).toHaveLength(5);
  });
});

describe('formatOfficeTime', () => {
  it('shows the office clock across zones, with the offset', () => {
    const at = new Date('2026-03-09T09:00:00Z');
    expect(formatOfficeTime(at, 'Asia/Kolkata', 'en')).toContain('14:30');
    expect(formatOfficeTime(at, 'Asia/Kolkata', 'en')).toContain('UTC+05:30');
    expect(formatOfficeTime(at, 'Europe/Moscow', 'ru')).toContain('12:00');
  });
});

describe('investorLocale', () => {
  it.each([
    ['ru', null, 'Hello there, we need a bank account', 'ru'],
    [null, 'zh', 'Hello there, we need a bank account', 'zh'],
    [null, null, 'Здравствуйте, нам нужен банковский счёт в Шанхае', 'ru'],
    [null, null, '我们想在上海开设银行账户', 'zh'],
    [null, null, 'We need a bank account in Shanghai', 'en'],
    ['de', 'fr', 'We need a bank account in Shanghai', 'en'],
  ])('preferred %s, detected %s → %s', (preferred, detected, message, expected) => {
    expect(investorLocale(preferred, detected, message)).toBe(expected);
  });
});
