import { DEMO_CONSULTANTS, DEMO_OFFICES, DEMO_PASSWORD_HINT, DEMO_RULES, DemoOffice } from './demo-data';

const SERVICE_LINES = [
  'company_formation',
  'bank_account',
  'tax',
  'accounting',
  'payroll_hr',
  'legal_compliance',
  'audit',
  'due_diligence',
  'market_intelligence',
  'trade_customs',
  'visa_immigration',
  'investment_advisory',
];

/** The English city names the gazetteer resolves; offices may only cover these. */
// prettier-ignore
const GAZETTEER_CITIES = [
  'Shanghai', 'Suzhou', 'Hangzhou', 'Ningbo', 'Nanjing', 'Wuxi', 'Beijing', 'Tianjin', 'Shenzhen', 'Guangzhou',
  'Dongguan', 'Foshan', 'Xiamen', 'Fuzhou', 'Chengdu', 'Chongqing', 'Wuhan', "Xi'an", 'Qingdao', 'Dalian',
  'Shenyang', 'Harbin', 'Kunming', 'Urumqi', 'Hong Kong', 'Macau', 'Taipei', 'Moscow', 'Saint Petersburg',
  'Novosibirsk', 'Yekaterinburg', 'Kazan', 'Vladivostok', 'Khabarovsk', 'Nizhny Novgorod', 'Krasnodar', 'Almaty',
  'Astana', 'Mumbai', 'Pune', 'New Delhi', 'Gurugram', 'Noida', 'Bengaluru', 'Chennai', 'Hyderabad', 'Kolkata',
  'Ahmedabad', 'Singapore', 'Kuala Lumpur', 'Penang', 'Johor Bahru', 'Jakarta', 'Surabaya', 'Bangkok', 'Chiang Mai',
  'Ho Chi Minh City', 'Hanoi', 'Da Nang', 'Haiphong', 'Manila', 'Cebu', 'Phnom Penh', 'Vientiane', 'Yangon',
  'Bandar Seri Begawan',
];

const officeByCode = new Map(DEMO_OFFICES.map((o) => [o.code, o]));
const consultantByKey = new Map(DEMO_CONSULTANTS.map((c) => [c.key, c]));
const staffOf = (office: DemoOffice) => DEMO_CONSULTANTS.filter((c) => c.officeCode === office.code);
const byOffice = DEMO_OFFICES.map((o) => [o.code, o] as const);

const isCalendarDate = (value: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
};

const isoWeekday = (value: string): number => new Date(`${value}T00:00:00Z`).getUTCDay() || 7;

const duplicates = (values: string[]): string[] => values.filter((v, i) => values.indexOf(v) !== i);

describe('demo offices', () => {
  it('has 28 offices with unique, well-formed codes', () => {
    expect(DEMO_OFFICES).toHaveLength(28);
    for (const { code } of DEMO_OFFICES) expect(code).toMatch(/^[A-Z0-9]{2,10}$/);
    expect(duplicates(DEMO_OFFICES.map((o) => o.code))).toEqual([]);
    expect(duplicates(DEMO_OFFICES.map((o) => o.email))).toEqual([]);
  });

  it('has exactly one default office, Singapore, and it is active', () => {
    const defaults = DEMO_OFFICES.filter((o) => o.isDefault);
    expect(defaults.map((o) => o.code)).toEqual(['SIN']);
    expect(defaults[0].active).toBe(true);
  });

  it.each(byOffice)('%s has a valid country, time zone, email, languages and SLA', (_code, office) => {
    expect(office.countryCode).toMatch(/^[A-Z]{2}$/);
    expect(() => new Intl.DateTimeFormat(undefined, { timeZone: office.timezone })).not.toThrow();
    expect(office.email).toMatch(/^[a-z0-9.]+@advisory\.example$/);
    expect(office.languages.length).toBeGreaterThan(0);
    for (const language of office.languages) expect(language).toMatch(/^[a-z]{2}$/);
    expect(office.languages).toContain('en');
    expect(office.firstResponseSlaHours).toBeGreaterThanOrEqual(4);
    expect(office.firstResponseSlaHours).toBeLessThanOrEqual(24);
  });

  it.each(byOffice)('%s has sane business hours', (_code, office) => {
    const { days, open, close } = office.businessHours;
    expect(days.length).toBeGreaterThan(0);
    expect(duplicates(days.map(String))).toEqual([]);
    for (const day of days) expect([1, 2, 3, 4, 5, 6, 7]).toContain(day);
    expect(open).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
    expect(close).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
    expect(open < close).toBe(true);
  });

  it.each(byOffice)('%s has valid 2026–2027 holidays and make-up working days', (_code, office) => {
    expect(office.holidays.length).toBeGreaterThan(0);
    for (const date of [...office.holidays, ...office.extraWorkingDays]) {
      expect(isCalendarDate(date)).toBe(true);
      expect(date.slice(0, 4)).toMatch(/^202[67]$/);
    }
    expect(duplicates(office.holidays)).toEqual([]);
    expect(duplicates(office.extraWorkingDays)).toEqual([]);
    for (const date of office.extraWorkingDays) {
      expect(office.holidays).not.toContain(date);
      expect(office.businessHours.days).not.toContain(isoWeekday(date));
    }
  });

  it('gives mainland China its 2026 make-up working weekends around the long holidays', () => {
    const shanghai = officeByCode.get('SHA')!;
    expect(shanghai.extraWorkingDays).toEqual(
      expect.arrayContaining(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']),
    );
    expect(shanghai.holidays).toEqual(expect.arrayContaining(['2026-02-17', '2026-10-01', '2026-10-07']));
  });

  it.each(byOffice)('%s offers only known service lines', (_code, office) => {
    expect(office.serviceLines.length).toBeGreaterThan(0);
    expect(duplicates(office.serviceLines)).toEqual([]);
    for (const line of office.serviceLines) expect(SERVICE_LINES).toContain(line);
  });

  it.each(byOffice)('%s covers its own city and only gazetteer cities', (_code, office) => {
    expect(office.coverageCities).toContain(office.city);
    expect(duplicates(office.coverageCities)).toEqual([]);
    for (const city of office.coverageCities) expect(GAZETTEER_CITIES).toContain(city);
  });

  it('covers every gazetteer city from some active office', () => {
    const covered = new Set(DEMO_OFFICES.filter((o) => o.active).flatMap((o) => o.coverageCities));
    expect(GAZETTEER_CITIES.filter((city) => !covered.has(city))).toEqual([]);
  });
});

describe('demo consultants', () => {
  it('has about sixty consultants with unique keys and emails', () => {
    expect(DEMO_CONSULTANTS.length).toBeGreaterThanOrEqual(58);
    expect(DEMO_CONSULTANTS.length).toBeLessThanOrEqual(64);
    expect(duplicates(DEMO_CONSULTANTS.map((c) => c.key))).toEqual([]);
    expect(duplicates(DEMO_CONSULTANTS.map((c) => c.email))).toEqual([]);
  });

  it.each(DEMO_CONSULTANTS.map((c) => [c.key, c] as const))('%s is well-formed', (key, consultant) => {
    const office = officeByCode.get(consultant.officeCode);
    expect(office).toBeDefined();
    expect(key).toMatch(new RegExp(`^${consultant.officeCode.toLowerCase()}-[a-z]+(-[a-z]+)+$`));
    expect(consultant.email).toMatch(/^[a-z]+\.[a-z]+@advisory\.example$/);
    expect(consultant.fullName.trim()).toBe(consultant.fullName);
    expect(['consultant', 'manager']).toContain(consultant.role);
    expect(consultant.capacity).toBeGreaterThanOrEqual(5);
    expect(consultant.capacity).toBeLessThanOrEqual(25);
    expect(consultant.serviceLines.length).toBeGreaterThanOrEqual(2);
    expect(consultant.serviceLines.length).toBeLessThanOrEqual(5);
    expect(duplicates(consultant.serviceLines)).toEqual([]);
    for (const line of consultant.serviceLines) {
      expect(SERVICE_LINES).toContain(line);
      expect(office!.serviceLines).toContain(line);
    }
    for (const language of consultant.languages) expect(office!.languages).toContain(language);
  });

  it.each(byOffice)('%s has one manager and one to three consultants', (_code, office) => {
    const staff = staffOf(office);
    expect(staff.filter((c) => c.role === 'manager')).toHaveLength(1);
    const consultants = staff.filter((c) => c.role === 'consultant');
    expect(consultants.length).toBeGreaterThanOrEqual(1);
    expect(consultants.length).toBeLessThanOrEqual(3);
  });

  it.each(byOffice)("%s's staff cover every service line and language it offers", (_code, office) => {
    const staff = staffOf(office).filter((c) => c.active);
    const lines = new Set(staff.flatMap((c) => c.serviceLines));
    const languages = new Set(staff.flatMap((c) => c.languages));
    expect(office.serviceLines.filter((line) => !lines.has(line))).toEqual([]);
    expect(office.languages.filter((language) => !languages.has(language))).toEqual([]);
  });

  it('has Russian speakers in the mainland Chinese offices', () => {
    const russianSpeakersInChina = DEMO_CONSULTANTS.filter(
      (c) => officeByCode.get(c.officeCode)!.countryCode === 'CN' && c.languages.includes('ru'),
    );
    expect(russianSpeakersInChina.length).toBeGreaterThanOrEqual(5);
  });

  it('gives every demo consultant the same documented password', () => {
    expect(DEMO_PASSWORD_HINT).toBe('demo-password');
  });
});

describe('demo rules', () => {
  it('has three to five rules with unique names and priorities', () => {
    expect(DEMO_RULES.length).toBeGreaterThanOrEqual(3);
    expect(DEMO_RULES.length).toBeLessThanOrEqual(5);
    expect(duplicates(DEMO_RULES.map((r) => r.name))).toEqual([]);
    expect(duplicates(DEMO_RULES.map((r) => String(r.priority)))).toEqual([]);
  });

  it.each(DEMO_RULES.map((r) => [r.name, r] as const))('%s is well-formed', (_name, rule) => {
    const office = officeByCode.get(rule.action.officeCode);
    expect(office?.active).toBe(true);
    if (rule.action.consultantKey !== undefined) {
      const consultant = consultantByKey.get(rule.action.consultantKey);
      expect(consultant?.officeCode).toBe(rule.action.officeCode);
      expect(consultant?.active).toBe(true);
    }
    const {
      originCountries = [],
      targetCountries = [],
      serviceLines = [],
      languages = [],
      keywords = [],
    } = rule.conditions;
    const conditionCount =
      originCountries.length + targetCountries.length + serviceLines.length + languages.length + keywords.length;
    expect(conditionCount).toBeGreaterThan(0);
    for (const country of [...originCountries, ...targetCountries]) expect(country).toMatch(/^[A-Z]{2}$/);
    for (const line of serviceLines) expect(office!.serviceLines).toContain(line);
    for (const language of languages) expect(language).toMatch(/^[a-z]{2}$/);
    for (const keyword of keywords) expect(keyword.trim()).not.toBe('');
  });

  it('sends sanctions questions in English, Russian and Chinese to the Moscow compliance lead', () => {
    const sanctions = DEMO_RULES.find((r) => r.conditions.keywords?.includes('sanctions'));
    expect(sanctions?.conditions.keywords).toEqual(expect.arrayContaining(['sanctions', 'санкции', '制裁']));
    expect(sanctions?.action).toEqual({ officeCode: 'MOW', consultantKey: 'mow-elena-kuznetsova' });
    expect(consultantByKey.get('mow-elena-kuznetsova')!.serviceLines).toContain('legal_compliance');
  });
});
