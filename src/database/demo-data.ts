/**
 * Demo data loaded by the seeder on an embedded/default start: 28 offices, their
 * consultants and a few routing rules, so a newcomer sees a realistic network.
 *
 * Holidays: 2026 follows the published calendars (China's State Council schedule
 * with its make-up working weekends, Russia's production calendar, which has no
 * working Saturdays in 2026, and the 2026 gazettes elsewhere). 2027 calendars were
 * not all published when this was written: fixed-date holidays and their statutory
 * substitute days are listed, lunar and Islamic dates are astronomical estimates, and
 * China's 2027 entries are the statutory days plus the weekdays the law requires in
 * lieu (the State Council's make-up weekends for 2027 are added once announced).
 * Holidays that fall on a weekend are kept alongside their substitute weekday.
 */

export interface DemoOffice {
  code: string;
  name: string;
  countryCode: string;
  city: string;
  timezone: string;
  email: string;
  languages: string[];
  serviceLines: string[];
  coverageCities: string[];
  businessHours: { days: number[]; open: string; close: string };
  holidays: string[];
  extraWorkingDays: string[];
  firstResponseSlaHours: number;
  reassignOnBreach: boolean;
  isDefault: boolean;
  active: boolean;
}

export interface DemoConsultant {
  key: string;
  fullName: string;
  email: string;
  officeCode: string;
  role: 'consultant' | 'manager';
  languages: string[];
  serviceLines: string[];
  capacity: number;
  active: boolean;
}

export interface DemoRule {
  name: string;
  priority: number;
  conditions: {
    originCountries?: string[];
    targetCountries?: string[];
    serviceLines?: string[];
    languages?: string[];
    keywords?: string[];
  };
  action: { officeCode: string; consultantKey?: string };
}

export const DEMO_PASSWORD_HINT = 'demo-password';

const ALL_SERVICE_LINES = [
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

const MON_TO_FRI = [1, 2, 3, 4, 5];

/** Mainland China: New Year, Spring Festival, Qingming, Labour Day, Dragon Boat, Mid-Autumn, National Day. */
// prettier-ignore
const CN_HOLIDAYS = [
  '2026-01-01', '2026-01-02', '2026-01-03', '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19',
  '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23', '2026-04-04', '2026-04-05', '2026-04-06', '2026-05-01',
  '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05', '2026-06-19', '2026-06-20', '2026-06-21', '2026-09-25',
  '2026-09-26', '2026-09-27', '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06',
  '2026-10-07',
  '2027-01-01', '2027-01-02', '2027-01-03', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09',
  '2027-02-10', '2027-04-03', '2027-04-04', '2027-04-05', '2027-05-01', '2027-05-02', '2027-05-03', '2027-05-04',
  '2027-06-09', '2027-09-15', '2027-10-01', '2027-10-02', '2027-10-03', '2027-10-04', '2027-10-05',
];

/** China's 2026 make-up working weekends (调休上班). */
const CN_EXTRA_WORKING_DAYS = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'];

/** Hong Kong general holidays. */
// prettier-ignore
const HK_HOLIDAYS = [
  '2026-01-01', '2026-02-17', '2026-02-18', '2026-02-19', '2026-04-03', '2026-04-04', '2026-04-06', '2026-04-07',
  '2026-05-01', '2026-05-25', '2026-06-19', '2026-07-01', '2026-09-26', '2026-10-01', '2026-10-19', '2026-12-25',
  '2026-12-26',
  '2027-01-01', '2027-02-06', '2027-02-08', '2027-02-09', '2027-03-26', '2027-03-27', '2027-03-29', '2027-04-05',
  '2027-05-01', '2027-05-13', '2027-06-09', '2027-07-01', '2027-09-16', '2027-10-01', '2027-10-08', '2027-12-25',
  '2027-12-27',
];

/** Russia. 2026: 1–11 Jan off (3 and 4 Jan moved to 9 Jan and 31 Dec), 23 Feb, 9 Mar, 1 May, 11 May, 12 Jun, 4 Nov. */
// prettier-ignore
const RU_HOLIDAYS = [
  '2026-01-01', '2026-01-02', '2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09', '2026-02-23',
  '2026-03-08', '2026-03-09', '2026-05-01', '2026-05-09', '2026-05-11', '2026-06-12', '2026-11-04', '2026-12-31',
  '2027-01-01', '2027-01-04', '2027-01-05', '2027-01-06', '2027-01-07', '2027-01-08', '2027-02-23', '2027-03-08',
  '2027-05-01', '2027-05-03', '2027-05-09', '2027-05-10', '2027-06-12', '2027-06-14', '2027-11-04',
];

/**
 * Kazakhstan: New Year, Orthodox Christmas, 8 March, Nauryz, 1/7/9 May, Kurban Ait, Capital Day,
 * Constitution Day, Republic Day, Independence Day; a holiday on a weekend moves to the next weekday.
 */
// prettier-ignore
const KZ_HOLIDAYS = [
  '2026-01-01', '2026-01-02', '2026-01-07', '2026-03-08', '2026-03-09', '2026-03-21', '2026-03-22', '2026-03-23',
  '2026-03-24', '2026-03-25', '2026-05-01', '2026-05-07', '2026-05-09', '2026-05-11', '2026-05-27', '2026-07-06',
  '2026-08-30', '2026-08-31', '2026-10-25', '2026-10-26', '2026-12-16',
  '2027-01-01', '2027-01-02', '2027-01-04', '2027-01-07', '2027-03-08', '2027-03-21', '2027-03-22', '2027-03-23',
  '2027-03-24', '2027-05-01', '2027-05-03', '2027-05-07', '2027-05-09', '2027-05-10', '2027-05-16', '2027-07-06',
  '2027-08-30', '2027-10-25', '2027-12-16',
];

/**
 * India, nationwide: Republic Day, Holi, Id-ul-Fitr, Good Friday, Independence Day, Gandhi Jayanti,
 * Dussehra, Diwali, Christmas.
 */
// prettier-ignore
const IN_HOLIDAYS = [
  '2026-01-26', '2026-03-04', '2026-03-21', '2026-04-03', '2026-08-15', '2026-10-02', '2026-10-20', '2026-11-08',
  '2026-12-25',
  '2027-01-26', '2027-03-10', '2027-03-22', '2027-03-26', '2027-08-15', '2027-10-02', '2027-10-09', '2027-10-29',
  '2027-12-25',
];

/** Singapore (MOM): Sunday holidays move to Monday. */
// prettier-ignore
const SG_HOLIDAYS = [
  '2026-01-01', '2026-02-17', '2026-02-18', '2026-03-21', '2026-04-03', '2026-05-01', '2026-05-27', '2026-05-31',
  '2026-06-01', '2026-08-09', '2026-08-10', '2026-11-08', '2026-11-09', '2026-12-25',
  '2027-01-01', '2027-02-06', '2027-02-07', '2027-02-08', '2027-03-10', '2027-03-26', '2027-05-01', '2027-05-17',
  '2027-05-20', '2027-08-09', '2027-10-28', '2027-12-25',
];

/** Malaysia, Federal Territory of Kuala Lumpur. */
// prettier-ignore
const MY_HOLIDAYS = [
  '2026-01-01', '2026-02-01', '2026-02-02', '2026-02-17', '2026-02-18', '2026-03-21', '2026-03-22', '2026-03-23',
  '2026-05-01', '2026-05-27', '2026-05-31', '2026-06-01', '2026-06-02', '2026-06-16', '2026-08-25', '2026-08-31',
  '2026-09-16', '2026-11-08', '2026-11-09', '2026-12-25',
  '2027-01-01', '2027-01-22', '2027-02-01', '2027-02-06', '2027-02-07', '2027-02-08', '2027-03-10', '2027-03-11',
  '2027-05-01', '2027-05-17', '2027-05-20', '2027-06-06', '2027-06-07', '2027-08-15', '2027-08-31', '2027-09-16',
  '2027-10-28', '2027-12-25',
];

/** Indonesia (national holidays, without the cuti bersama collective leave days). */
// prettier-ignore
const ID_HOLIDAYS = [
  '2026-01-01', '2026-01-16', '2026-02-17', '2026-03-19', '2026-03-20', '2026-03-21', '2026-04-03', '2026-04-05',
  '2026-05-01', '2026-05-14', '2026-05-27', '2026-05-31', '2026-06-01', '2026-06-16', '2026-08-17', '2026-08-25',
  '2026-12-25',
  '2027-01-01', '2027-01-05', '2027-02-06', '2027-03-10', '2027-03-11', '2027-03-26', '2027-03-28', '2027-05-01',
  '2027-05-06', '2027-05-16', '2027-05-20', '2027-06-01', '2027-06-06', '2027-08-14', '2027-08-17', '2027-12-25',
];

/** Thailand. 2027 lists the fixed-date holidays only; its Buddhist lunar holidays are added once announced. */
// prettier-ignore
const TH_HOLIDAYS = [
  '2026-01-01', '2026-03-03', '2026-04-06', '2026-04-13', '2026-04-14', '2026-04-15', '2026-05-01', '2026-05-04',
  '2026-05-31', '2026-06-01', '2026-06-03', '2026-07-28', '2026-07-29', '2026-07-30', '2026-08-12', '2026-10-13',
  '2026-10-23', '2026-12-05', '2026-12-07', '2026-12-10', '2026-12-31',
  '2027-01-01', '2027-04-06', '2027-04-13', '2027-04-14', '2027-04-15', '2027-05-01', '2027-05-03', '2027-05-04',
  '2027-06-03', '2027-07-28', '2027-08-12', '2027-10-13', '2027-10-23', '2027-10-25', '2027-12-05', '2027-12-06',
  '2027-12-10', '2027-12-31',
];

/** Vietnam: New Year, Tet (14–22 Feb 2026), Hung Kings, Reunification Day, Labour Day, National Day. */
// prettier-ignore
const VN_HOLIDAYS = [
  '2026-01-01', '2026-02-14', '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20',
  '2026-02-21', '2026-02-22', '2026-04-26', '2026-04-27', '2026-04-30', '2026-05-01', '2026-09-01', '2026-09-02',
  '2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-04-16',
  '2027-04-30', '2027-05-01', '2027-05-03', '2027-09-02', '2027-09-03',
];

/** Philippines: regular holidays and the special non-working days observed by the Manila office. */
// prettier-ignore
const PH_HOLIDAYS = [
  '2026-01-01', '2026-02-17', '2026-03-20', '2026-04-02', '2026-04-03', '2026-04-04', '2026-04-09', '2026-05-01',
  '2026-05-27', '2026-06-12', '2026-08-21', '2026-08-31', '2026-11-01', '2026-11-02', '2026-11-30', '2026-12-08',
  '2026-12-24', '2026-12-25', '2026-12-30', '2026-12-31',
  '2027-01-01', '2027-02-06', '2027-03-10', '2027-03-25', '2027-03-26', '2027-03-27', '2027-04-09', '2027-05-01',
  '2027-05-17', '2027-06-12', '2027-08-21', '2027-08-30', '2027-11-01', '2027-11-02', '2027-11-30', '2027-12-08',
  '2027-12-24', '2027-12-25', '2027-12-30', '2027-12-31',
];

/** Indian offices add their state's holidays to the nationwide ones. */
const MAHARASHTRA_HOLIDAYS = [...IN_HOLIDAYS, '2026-05-01', '2026-09-14', '2027-05-01', '2027-09-04'];
const KARNATAKA_HOLIDAYS = [...IN_HOLIDAYS, '2026-03-19', '2026-11-01', '2027-04-07', '2027-11-01'];
const TAMIL_NADU_HOLIDAYS = [...IN_HOLIDAYS, '2026-01-15', '2026-04-14', '2027-01-15', '2027-04-14'];

const CHINA_OFFICE = {
  countryCode: 'CN',
  timezone: 'Asia/Shanghai',
  businessHours: { days: MON_TO_FRI, open: '09:00', close: '18:00' },
  holidays: CN_HOLIDAYS,
  extraWorkingDays: CN_EXTRA_WORKING_DAYS,
  isDefault: false,
  active: true,
};

const RUSSIA_OFFICE = {
  countryCode: 'RU',
  businessHours: { days: MON_TO_FRI, open: '09:00', close: '18:00' },
  holidays: RU_HOLIDAYS,
  extraWorkingDays: [],
  isDefault: false,
  active: true,
};

const INDIA_OFFICE = {
  countryCode: 'IN',
  timezone: 'Asia/Kolkata',
  languages: ['en', 'hi'],
  businessHours: { days: MON_TO_FRI, open: '09:30', close: '18:30' },
  extraWorkingDays: [],
  isDefault: false,
  active: true,
};

const SEA_OFFICE = { extraWorkingDays: [], isDefault: false, active: true };

export const DEMO_OFFICES: DemoOffice[] = [
  // Mainland China
  {
    ...CHINA_OFFICE,
    code: 'SHA',
    name: 'Shanghai',
    city: 'Shanghai',
    email: 'shanghai@advisory.example',
    languages: ['zh', 'en', 'ru'],
    serviceLines: ALL_SERVICE_LINES,
    coverageCities: ['Shanghai', 'Suzhou', 'Wuxi', 'Nanjing'],
    firstResponseSlaHours: 4,
    reassignOnBreach: true,
  },
  {
    ...CHINA_OFFICE,
    code: 'BJS',
    name: 'Beijing',
    city: 'Beijing',
    email: 'beijing@advisory.example',
    languages: ['zh', 'en', 'ru'],
    serviceLines: ALL_SERVICE_LINES,
    coverageCities: ['Beijing'],
    firstResponseSlaHours: 4,
    reassignOnBreach: true,
  },
  {
    ...CHINA_OFFICE,
    code: 'SZX',
    name: 'Shenzhen',
    city: 'Shenzhen',
    email: 'shenzhen@advisory.example',
    languages: ['zh', 'en'],
    serviceLines: [
      'company_formation',
      'bank_account',
      'tax',
      'accounting',
      'trade_customs',
      'market_intelligence',
      'investment_advisory',
    ],
    coverageCities: ['Shenzhen', 'Dongguan'],
    firstResponseSlaHours: 6,
    reassignOnBreach: true,
  },
  {
    ...CHINA_OFFICE,
    code: 'CAN',
    name: 'Guangzhou',
    city: 'Guangzhou',
    email: 'guangzhou@advisory.example',
    languages: ['zh', 'en'],
    serviceLines: [
      'company_formation',
      'bank_account',
      'tax',
      'accounting',
      'trade_customs',
      'legal_compliance',
      'visa_immigration',
    ],
    coverageCities: ['Guangzhou', 'Foshan'],
    firstResponseSlaHours: 6,
    reassignOnBreach: true,
  },
  {
    ...CHINA_OFFICE,
    code: 'HGH',
    name: 'Hangzhou',
    city: 'Hangzhou',
    email: 'hangzhou@advisory.example',
    languages: ['zh', 'en'],
    serviceLines: [
      'company_formation',
      'bank_account',
      'tax',
      'accounting',
      'market_intelligence',
      'investment_advisory',
      'due_diligence',
    ],
    coverageCities: ['Hangzhou', 'Ningbo'],
    firstResponseSlaHours: 8,
    reassignOnBreach: false,
  },
  {
    ...CHINA_OFFICE,
    code: 'CTU',
    name: 'Chengdu',
    city: 'Chengdu',
    email: 'chengdu@advisory.example',
    languages: ['zh', 'en'],
    serviceLines: ['company_formation', 'bank_account', 'tax', 'accounting', 'market_intelligence', 'trade_customs'],
    coverageCities: ['Chengdu', 'Chongqing', "Xi'an", 'Kunming', 'Urumqi'],
    firstResponseSlaHours: 8,
    reassignOnBreach: false,
  },
  {
    ...CHINA_OFFICE,
    code: 'WUH',
    name: 'Wuhan',
    city: 'Wuhan',
    email: 'wuhan@advisory.example',
    languages: ['zh', 'en'],
    serviceLines: ['company_formation', 'bank_account', 'tax', 'accounting', 'payroll_hr', 'legal_compliance'],
    coverageCities: ['Wuhan'],
    firstResponseSlaHours: 8,
    reassignOnBreach: false,
  },
  {
    ...CHINA_OFFICE,
    code: 'XMN',
    name: 'Xiamen',
    city: 'Xiamen',
    email: 'xiamen@advisory.example',
    languages: ['zh', 'en'],
    serviceLines: ['company_formation', 'bank_account', 'tax', 'trade_customs', 'investment_advisory'],
    coverageCities: ['Xiamen', 'Fuzhou'],
    firstResponseSlaHours: 8,
    reassignOnBreach: false,
  },
  {
    ...CHINA_OFFICE,
    code: 'TAO',
    name: 'Qingdao',
    city: 'Qingdao',
    email: 'qingdao@advisory.example',
    languages: ['zh', 'en'],
    serviceLines: ['company_formation', 'bank_account', 'tax', 'accounting', 'trade_customs'],
    coverageCities: ['Qingdao'],
    firstResponseSlaHours: 8,
    reassignOnBreach: false,
  },
  {
    ...CHINA_OFFICE,
    code: 'TSN',
    name: 'Tianjin',
    city: 'Tianjin',
    email: 'tianjin@advisory.example',
    languages: ['zh', 'en', 'ru'],
    serviceLines: ['company_formation', 'bank_account', 'tax', 'trade_customs', 'legal_compliance', 'visa_immigration'],
    coverageCities: ['Tianjin', 'Dalian', 'Shenyang', 'Harbin'],
    firstResponseSlaHours: 8,
    reassignOnBreach: false,
  },

  // Hong Kong
  {
    code: 'HKG',
    name: 'Hong Kong',
    countryCode: 'HK',
    city: 'Hong Kong',
    timezone: 'Asia/Hong_Kong',
    email: 'hongkong@advisory.example',
    languages: ['zh', 'en'],
    serviceLines: [
      'company_formation',
      'bank_account',
      'tax',
      'accounting',
      'payroll_hr',
      'legal_compliance',
      'audit',
      'due_diligence',
      'trade_customs',
      'visa_immigration',
      'investment_advisory',
    ],
    coverageCities: ['Hong Kong', 'Macau', 'Taipei'],
    businessHours: { days: MON_TO_FRI, open: '09:00', close: '18:00' },
    holidays: HK_HOLIDAYS,
    extraWorkingDays: [],
    firstResponseSlaHours: 4,
    reassignOnBreach: true,
    isDefault: false,
    active: true,
  },

  // Russia
  {
    ...RUSSIA_OFFICE,
    code: 'MOW',
    name: 'Moscow',
    city: 'Moscow',
    timezone: 'Europe/Moscow',
    email: 'moscow@advisory.example',
    languages: ['ru', 'en'],
    serviceLines: [
      'company_formation',
      'bank_account',
      'tax',
      'accounting',
      'legal_compliance',
      'audit',
      'due_diligence',
      'market_intelligence',
      'trade_customs',
      'visa_immigration',
      'investment_advisory',
    ],
    coverageCities: ['Moscow', 'Kazan', 'Nizhny Novgorod', 'Krasnodar'],
    firstResponseSlaHours: 4,
    reassignOnBreach: true,
  },
  {
    ...RUSSIA_OFFICE,
    code: 'LED',
    name: 'Saint Petersburg',
    city: 'Saint Petersburg',
    timezone: 'Europe/Moscow',
    email: 'spb@advisory.example',
    languages: ['ru', 'en'],
    serviceLines: ['company_formation', 'bank_account', 'tax', 'accounting', 'trade_customs', 'visa_immigration'],
    coverageCities: ['Saint Petersburg'],
    firstResponseSlaHours: 6,
    reassignOnBreach: false,
  },
  {
    ...RUSSIA_OFFICE,
    code: 'VVO',
    name: 'Vladivostok',
    city: 'Vladivostok',
    timezone: 'Asia/Vladivostok',
    email: 'vladivostok@advisory.example',
    languages: ['ru', 'en', 'zh'],
    serviceLines: ['company_formation', 'bank_account', 'trade_customs', 'visa_immigration', 'market_intelligence'],
    coverageCities: ['Vladivostok', 'Khabarovsk'],
    firstResponseSlaHours: 8,
    reassignOnBreach: false,
  },
  {
    ...RUSSIA_OFFICE,
    code: 'OVB',
    name: 'Novosibirsk',
    city: 'Novosibirsk',
    timezone: 'Asia/Novosibirsk',
    email: 'novosibirsk@advisory.example',
    languages: ['ru', 'en'],
    serviceLines: ['company_formation', 'bank_account', 'tax', 'accounting', 'trade_customs'],
    coverageCities: ['Novosibirsk'],
    firstResponseSlaHours: 12,
    reassignOnBreach: false,
  },
  {
    ...RUSSIA_OFFICE,
    code: 'SVX',
    name: 'Yekaterinburg',
    city: 'Yekaterinburg',
    timezone: 'Asia/Yekaterinburg',
    email: 'yekaterinburg@advisory.example',
    languages: ['ru', 'en'],
    serviceLines: ['company_formation', 'bank_account', 'tax', 'accounting', 'legal_compliance', 'trade_customs'],
    coverageCities: ['Yekaterinburg'],
    firstResponseSlaHours: 12,
    reassignOnBreach: false,
  },

  // Kazakhstan: the Central Asia desk, with Chinese speakers for the China corridor
  {
    code: 'ALA',
    name: 'Almaty',
    countryCode: 'KZ',
    city: 'Almaty',
    timezone: 'Asia/Almaty',
    email: 'almaty@advisory.example',
    languages: ['kk', 'ru', 'en', 'zh'],
    serviceLines: [
      'company_formation',
      'bank_account',
      'trade_customs',
      'investment_advisory',
      'market_intelligence',
      'visa_immigration',
    ],
    coverageCities: ['Almaty', 'Astana'],
    businessHours: { days: MON_TO_FRI, open: '09:00', close: '18:00' },
    holidays: KZ_HOLIDAYS,
    extraWorkingDays: [],
    firstResponseSlaHours: 8,
    reassignOnBreach: false,
    isDefault: false,
    active: true,
  },

  // India
  {
    ...INDIA_OFFICE,
    code: 'BOM',
    name: 'Mumbai',
    city: 'Mumbai',
    email: 'mumbai@advisory.example',
    serviceLines: [
      'company_formation',
      'bank_account',
      'tax',
      'accounting',
      'audit',
      'investment_advisory',
      'due_diligence',
    ],
    coverageCities: ['Mumbai', 'Pune', 'Ahmedabad'],
    holidays: MAHARASHTRA_HOLIDAYS,
    firstResponseSlaHours: 6,
    reassignOnBreach: true,
  },
  {
    ...INDIA_OFFICE,
    code: 'DEL',
    name: 'New Delhi',
    city: 'New Delhi',
    email: 'newdelhi@advisory.example',
    serviceLines: [
      'company_formation',
      'bank_account',
      'tax',
      'legal_compliance',
      'trade_customs',
      'visa_immigration',
      'market_intelligence',
    ],
    coverageCities: ['New Delhi', 'Gurugram', 'Noida', 'Kolkata'],
    holidays: IN_HOLIDAYS,
    firstResponseSlaHours: 6,
    reassignOnBreach: true,
  },
  {
    ...INDIA_OFFICE,
    code: 'BLR',
    name: 'Bengaluru',
    city: 'Bengaluru',
    email: 'bengaluru@advisory.example',
    serviceLines: ['company_formation', 'bank_account', 'tax', 'accounting', 'payroll_hr', 'investment_advisory'],
    coverageCities: ['Bengaluru', 'Hyderabad'],
    holidays: KARNATAKA_HOLIDAYS,
    firstResponseSlaHours: 8,
    reassignOnBreach: false,
  },
  {
    ...INDIA_OFFICE,
    code: 'MAA',
    name: 'Chennai',
    city: 'Chennai',
    email: 'chennai@advisory.example',
    serviceLines: ['company_formation', 'tax', 'accounting', 'payroll_hr', 'trade_customs'],
    coverageCities: ['Chennai'],
    holidays: TAMIL_NADU_HOLIDAYS,
    firstResponseSlaHours: 12,
    reassignOnBreach: false,
  },

  // ASEAN
  {
    ...SEA_OFFICE,
    code: 'SIN',
    name: 'Singapore',
    countryCode: 'SG',
    city: 'Singapore',
    timezone: 'Asia/Singapore',
    email: 'singapore@advisory.example',
    languages: ['en', 'zh', 'ms'],
    serviceLines: ALL_SERVICE_LINES,
    coverageCities: ['Singapore', 'Bandar Seri Begawan'],
    businessHours: { days: MON_TO_FRI, open: '09:00', close: '18:00' },
    holidays: SG_HOLIDAYS,
    firstResponseSlaHours: 4,
    reassignOnBreach: true,
    isDefault: true,
  },
  {
    ...SEA_OFFICE,
    code: 'KUL',
    name: 'Kuala Lumpur',
    countryCode: 'MY',
    city: 'Kuala Lumpur',
    timezone: 'Asia/Kuala_Lumpur',
    email: 'kualalumpur@advisory.example',
    languages: ['en', 'ms', 'zh'],
    serviceLines: ['company_formation', 'bank_account', 'tax', 'accounting', 'payroll_hr', 'trade_customs'],
    coverageCities: ['Kuala Lumpur', 'Penang', 'Johor Bahru'],
    businessHours: { days: MON_TO_FRI, open: '08:30', close: '17:30' },
    holidays: MY_HOLIDAYS,
    firstResponseSlaHours: 6,
    reassignOnBreach: true,
  },
  {
    ...SEA_OFFICE,
    code: 'CGK',
    name: 'Jakarta',
    countryCode: 'ID',
    city: 'Jakarta',
    timezone: 'Asia/Jakarta',
    email: 'jakarta@advisory.example',
    languages: ['en', 'id'],
    serviceLines: ['company_formation', 'bank_account', 'tax', 'accounting', 'legal_compliance', 'visa_immigration'],
    coverageCities: ['Jakarta', 'Surabaya'],
    businessHours: { days: MON_TO_FRI, open: '08:00', close: '17:00' },
    holidays: ID_HOLIDAYS,
    firstResponseSlaHours: 8,
    reassignOnBreach: false,
  },
  {
    ...SEA_OFFICE,
    code: 'BKK',
    name: 'Bangkok',
    countryCode: 'TH',
    city: 'Bangkok',
    timezone: 'Asia/Bangkok',
    email: 'bangkok@advisory.example',
    languages: ['en', 'th', 'zh'],
    serviceLines: [
      'company_formation',
      'bank_account',
      'tax',
      'accounting',
      'legal_compliance',
      'trade_customs',
      'visa_immigration',
    ],
    coverageCities: ['Bangkok', 'Chiang Mai', 'Vientiane', 'Yangon'],
    businessHours: { days: MON_TO_FRI, open: '08:30', close: '17:30' },
    holidays: TH_HOLIDAYS,
    firstResponseSlaHours: 8,
    reassignOnBreach: false,
  },
  {
    ...SEA_OFFICE,
    code: 'SGN',
    name: 'Ho Chi Minh City',
    countryCode: 'VN',
    city: 'Ho Chi Minh City',
    timezone: 'Asia/Ho_Chi_Minh',
    email: 'hochiminh@advisory.example',
    languages: ['en', 'vi'],
    serviceLines: ['company_formation', 'bank_account', 'tax', 'accounting', 'payroll_hr', 'trade_customs'],
    coverageCities: ['Ho Chi Minh City', 'Phnom Penh'],
    businessHours: { days: MON_TO_FRI, open: '08:00', close: '17:00' },
    holidays: VN_HOLIDAYS,
    firstResponseSlaHours: 8,
    reassignOnBreach: false,
  },
  {
    ...SEA_OFFICE,
    code: 'HAN',
    name: 'Hanoi',
    countryCode: 'VN',
    city: 'Hanoi',
    timezone: 'Asia/Ho_Chi_Minh',
    email: 'hanoi@advisory.example',
    languages: ['en', 'vi'],
    serviceLines: [
      'company_formation',
      'bank_account',
      'tax',
      'legal_compliance',
      'trade_customs',
      'investment_advisory',
    ],
    coverageCities: ['Hanoi', 'Haiphong', 'Da Nang'],
    businessHours: { days: MON_TO_FRI, open: '08:00', close: '17:00' },
    holidays: VN_HOLIDAYS,
    firstResponseSlaHours: 8,
    reassignOnBreach: false,
  },
  {
    ...SEA_OFFICE,
    code: 'MNL',
    name: 'Manila',
    countryCode: 'PH',
    city: 'Manila',
    timezone: 'Asia/Manila',
    email: 'manila@advisory.example',
    languages: ['en', 'tl'],
    serviceLines: ['company_formation', 'bank_account', 'tax', 'accounting', 'payroll_hr', 'visa_immigration'],
    coverageCities: ['Manila', 'Cebu'],
    businessHours: { days: MON_TO_FRI, open: '08:30', close: '17:30' },
    holidays: PH_HOLIDAYS,
    firstResponseSlaHours: 8,
    reassignOnBreach: false,
  },
];

/** One manager and one to three consultants per office; together they cover every service line their office offers. */
export const DEMO_CONSULTANTS: DemoConsultant[] = [
  // Shanghai
  {
    key: 'sha-chen-jing',
    fullName: 'Chen Jing',
    email: 'jing.chen@advisory.example',
    officeCode: 'SHA',
    role: 'manager',
    languages: ['zh', 'en'],
    serviceLines: ['investment_advisory', 'company_formation', 'legal_compliance', 'due_diligence'],
    capacity: 8,
    active: true,
  },
  {
    key: 'sha-wang-lei',
    fullName: 'Wang Lei',
    email: 'lei.wang@advisory.example',
    officeCode: 'SHA',
    role: 'consultant',
    languages: ['zh', 'en', 'ru'],
    serviceLines: ['bank_account', 'company_formation', 'trade_customs'],
    capacity: 16,
    active: true,
  },
  {
    key: 'sha-anna-sokolova',
    fullName: 'Anna Sokolova',
    email: 'anna.sokolova@advisory.example',
    officeCode: 'SHA',
    role: 'consultant',
    languages: ['ru', 'en', 'zh'],
    serviceLines: ['bank_account', 'tax', 'accounting', 'payroll_hr'],
    capacity: 14,
    active: true,
  },
  {
    key: 'sha-zhou-min',
    fullName: 'Zhou Min',
    email: 'min.zhou@advisory.example',
    officeCode: 'SHA',
    role: 'consultant',
    languages: ['zh', 'en'],
    serviceLines: ['audit', 'tax', 'accounting', 'market_intelligence', 'visa_immigration'],
    capacity: 12,
    active: true,
  },

  // Beijing
  {
    key: 'bjs-liu-yang',
    fullName: 'Liu Yang',
    email: 'yang.liu@advisory.example',
    officeCode: 'BJS',
    role: 'manager',
    languages: ['zh', 'en', 'ru'],
    serviceLines: ['legal_compliance', 'investment_advisory', 'due_diligence', 'market_intelligence'],
    capacity: 8,
    active: true,
  },
  {
    key: 'bjs-zhang-wei',
    fullName: 'Zhang Wei',
    email: 'wei.zhang@advisory.example',
    officeCode: 'BJS',
    role: 'consultant',
    languages: ['zh', 'en', 'ru'],
    serviceLines: ['company_formation', 'bank_account', 'visa_immigration', 'trade_customs'],
    capacity: 15,
    active: true,
  },
  {
    key: 'bjs-sun-li',
    fullName: 'Sun Li',
    email: 'li.sun@advisory.example',
    officeCode: 'BJS',
    role: 'consultant',
    languages: ['zh', 'en'],
    serviceLines: ['tax', 'accounting', 'payroll_hr', 'audit'],
    capacity: 14,
    active: true,
  },

  // Shenzhen
  {
    key: 'szx-huang-zhiqiang',
    fullName: 'Huang Zhiqiang',
    email: 'zhiqiang.huang@advisory.example',
    officeCode: 'SZX',
    role: 'manager',
    languages: ['zh', 'en'],
    serviceLines: ['investment_advisory', 'market_intelligence', 'company_formation'],
    capacity: 8,
    active: true,
  },
  {
    key: 'szx-lin-xiaoyan',
    fullName: 'Lin Xiaoyan',
    email: 'xiaoyan.lin@advisory.example',
    officeCode: 'SZX',
    role: 'consultant',
    languages: ['zh', 'en'],
    serviceLines: ['bank_account', 'tax', 'accounting', 'trade_customs'],
    capacity: 16,
    active: true,
  },

  // Guangzhou
  {
    key: 'can-liang-wenjie',
    fullName: 'Liang Wenjie',
    email: 'wenjie.liang@advisory.example',
    officeCode: 'CAN',
    role: 'manager',
    languages: ['zh', 'en'],
    serviceLines: ['company_formation', 'legal_compliance', 'visa_immigration'],
    capacity: 8,
    active: true,
  },
  {
    key: 'can-he-yuting',
    fullName: 'He Yuting',
    email: 'yuting.he@advisory.example',
    officeCode: 'CAN',
    role: 'consultant',
    languages: ['zh', 'en'],
    serviceLines: ['bank_account', 'tax', 'accounting', 'trade_customs'],
    capacity: 15,
    active: true,
  },

  // Hangzhou
  {
    key: 'hgh-xu-hao',
    fullName: 'Xu Hao',
    email: 'hao.xu@advisory.example',
    officeCode: 'HGH',
    role: 'manager',
    languages: ['zh', 'en'],
    serviceLines: ['investment_advisory', 'market_intelligence', 'due_diligence'],
    capacity: 8,
    active: true,
  },
  {
    key: 'hgh-shen-yue',
    fullName: 'Shen Yue',
    email: 'yue.shen@advisory.example',
    officeCode: 'HGH',
    role: 'consultant',
    languages: ['zh', 'en'],
    serviceLines: ['company_formation', 'bank_account', 'tax', 'accounting'],
    capacity: 14,
    active: true,
  },

  // Chengdu
  {
    key: 'ctu-deng-jun',
    fullName: 'Deng Jun',
    email: 'jun.deng@advisory.example',
    officeCode: 'CTU',
    role: 'manager',
    languages: ['zh', 'en'],
    serviceLines: ['company_formation', 'market_intelligence', 'trade_customs'],
    capacity: 9,
    active: true,
  },
  {
    key: 'ctu-luo-qian',
    fullName: 'Luo Qian',
    email: 'qian.luo@advisory.example',
    officeCode: 'CTU',
    role: 'consultant',
    languages: ['zh', 'en'],
    serviceLines: ['bank_account', 'tax', 'accounting'],
    capacity: 14,
    active: true,
  },

  // Wuhan
  {
    key: 'wuh-hu-gang',
    fullName: 'Hu Gang',
    email: 'gang.hu@advisory.example',
    officeCode: 'WUH',
    role: 'manager',
    languages: ['zh', 'en'],
    serviceLines: ['company_formation', 'legal_compliance', 'payroll_hr'],
    capacity: 9,
    active: true,
  },
  {
    key: 'wuh-peng-lu',
    fullName: 'Peng Lu',
    email: 'lu.peng@advisory.example',
    officeCode: 'WUH',
    role: 'consultant',
    languages: ['zh', 'en'],
    serviceLines: ['bank_account', 'tax', 'accounting'],
    capacity: 13,
    active: true,
  },

  // Xiamen
  {
    key: 'xmn-zheng-haitao',
    fullName: 'Zheng Haitao',
    email: 'haitao.zheng@advisory.example',
    officeCode: 'XMN',
    role: 'manager',
    languages: ['zh', 'en'],
    serviceLines: ['company_formation', 'investment_advisory', 'trade_customs'],
    capacity: 8,
    active: true,
  },
  {
    key: 'xmn-cai-meiling',
    fullName: 'Cai Meiling',
    email: 'meiling.cai@advisory.example',
    officeCode: 'XMN',
    role: 'consultant',
    languages: ['zh', 'en'],
    serviceLines: ['bank_account', 'tax', 'trade_customs'],
    capacity: 12,
    active: true,
  },

  // Qingdao
  {
    key: 'tao-gao-feng',
    fullName: 'Gao Feng',
    email: 'feng.gao@advisory.example',
    officeCode: 'TAO',
    role: 'manager',
    languages: ['zh', 'en'],
    serviceLines: ['company_formation', 'trade_customs', 'accounting'],
    capacity: 9,
    active: true,
  },
  {
    key: 'tao-yu-shuang',
    fullName: 'Yu Shuang',
    email: 'shuang.yu@advisory.example',
    officeCode: 'TAO',
    role: 'consultant',
    languages: ['zh', 'en'],
    serviceLines: ['bank_account', 'tax', 'accounting', 'trade_customs'],
    capacity: 13,
    active: true,
  },

  // Tianjin: the Northeast and Russia-trade desk
  {
    key: 'tsn-zhao-ming',
    fullName: 'Zhao Ming',
    email: 'ming.zhao@advisory.example',
    officeCode: 'TSN',
    role: 'manager',
    languages: ['zh', 'en', 'ru'],
    serviceLines: ['company_formation', 'legal_compliance', 'visa_immigration'],
    capacity: 9,
    active: true,
  },
  {
    key: 'tsn-ma-lina',
    fullName: 'Ma Lina',
    email: 'lina.ma@advisory.example',
    officeCode: 'TSN',
    role: 'consultant',
    languages: ['zh', 'ru', 'en'],
    serviceLines: ['bank_account', 'tax', 'trade_customs'],
    capacity: 14,
    active: true,
  },

  // Hong Kong
  {
    key: 'hkg-leung-ka-wai',
    fullName: 'Leung Ka-wai',
    email: 'kawai.leung@advisory.example',
    officeCode: 'HKG',
    role: 'manager',
    languages: ['zh', 'en'],
    serviceLines: ['investment_advisory', 'due_diligence', 'legal_compliance', 'audit'],
    capacity: 8,
    active: true,
  },
  {
    key: 'hkg-wong-mei-ling',
    fullName: 'Wong Mei-ling',
    email: 'meiling.wong@advisory.example',
    officeCode: 'HKG',
    role: 'consultant',
    languages: ['zh', 'en'],
    serviceLines: ['company_formation', 'bank_account', 'visa_immigration', 'trade_customs'],
    capacity: 16,
    active: true,
  },
  {
    key: 'hkg-chan-tsz-hin',
    fullName: 'Chan Tsz-hin',
    email: 'tszhin.chan@advisory.example',
    officeCode: 'HKG',
    role: 'consultant',
    languages: ['zh', 'en'],
    serviceLines: ['tax', 'accounting', 'payroll_hr', 'audit'],
    capacity: 14,
    active: true,
  },

  // Moscow
  {
    key: 'mow-dmitry-orlov',
    fullName: 'Dmitry Orlov',
    email: 'dmitry.orlov@advisory.example',
    officeCode: 'MOW',
    role: 'manager',
    languages: ['ru', 'en'],
    serviceLines: ['investment_advisory', 'market_intelligence', 'due_diligence'],
    capacity: 8,
    active: true,
  },
  {
    key: 'mow-elena-kuznetsova',
    fullName: 'Elena Kuznetsova',
    email: 'elena.kuznetsova@advisory.example',
    officeCode: 'MOW',
    role: 'consultant',
    languages: ['ru', 'en'],
    serviceLines: ['legal_compliance', 'due_diligence', 'audit', 'trade_customs'],
    capacity: 12,
    active: true,
  },
  {
    key: 'mow-sergei-morozov',
    fullName: 'Sergei Morozov',
    email: 'sergei.morozov@advisory.example',
    officeCode: 'MOW',
    role: 'consultant',
    languages: ['ru', 'en'],
    serviceLines: ['company_formation', 'bank_account', 'tax', 'accounting', 'visa_immigration'],
    capacity: 16,
    active: true,
  },

  // Saint Petersburg
  {
    key: 'led-alexei-smirnov',
    fullName: 'Alexei Smirnov',
    email: 'alexei.smirnov@advisory.example',
    officeCode: 'LED',
    role: 'manager',
    languages: ['ru', 'en'],
    serviceLines: ['company_formation', 'trade_customs', 'visa_immigration'],
    capacity: 9,
    active: true,
  },
  {
    key: 'led-olga-petrova',
    fullName: 'Olga Petrova',
    email: 'olga.petrova@advisory.example',
    officeCode: 'LED',
    role: 'consultant',
    languages: ['ru', 'en'],
    serviceLines: ['bank_account', 'tax', 'accounting'],
    capacity: 14,
    active: true,
  },

  // Vladivostok
  {
    key: 'vvo-igor-vasiliev',
    fullName: 'Igor Vasiliev',
    email: 'igor.vasiliev@advisory.example',
    officeCode: 'VVO',
    role: 'manager',
    languages: ['ru', 'en', 'zh'],
    serviceLines: ['trade_customs', 'market_intelligence', 'company_formation'],
    capacity: 9,
    active: true,
  },
  {
    key: 'vvo-yulia-kim',
    fullName: 'Yulia Kim',
    email: 'yulia.kim@advisory.example',
    officeCode: 'VVO',
    role: 'consultant',
    languages: ['ru', 'zh', 'en'],
    serviceLines: ['bank_account', 'company_formation', 'visa_immigration', 'trade_customs'],
    capacity: 14,
    active: true,
  },

  // Novosibirsk
  {
    key: 'ovb-pavel-novikov',
    fullName: 'Pavel Novikov',
    email: 'pavel.novikov@advisory.example',
    officeCode: 'OVB',
    role: 'manager',
    languages: ['ru', 'en'],
    serviceLines: ['company_formation', 'trade_customs', 'bank_account'],
    capacity: 9,
    active: true,
  },
  {
    key: 'ovb-natalia-fedorova',
    fullName: 'Natalia Fedorova',
    email: 'natalia.fedorova@advisory.example',
    officeCode: 'OVB',
    role: 'consultant',
    languages: ['ru', 'en'],
    serviceLines: ['tax', 'accounting', 'bank_account'],
    capacity: 12,
    active: true,
  },

  // Yekaterinburg
  {
    key: 'svx-andrei-lebedev',
    fullName: 'Andrei Lebedev',
    email: 'andrei.lebedev@advisory.example',
    officeCode: 'SVX',
    role: 'manager',
    languages: ['ru', 'en'],
    serviceLines: ['company_formation', 'legal_compliance', 'trade_customs'],
    capacity: 9,
    active: true,
  },
  {
    key: 'svx-maria-zaitseva',
    fullName: 'Maria Zaitseva',
    email: 'maria.zaitseva@advisory.example',
    officeCode: 'SVX',
    role: 'consultant',
    languages: ['ru', 'en'],
    serviceLines: ['bank_account', 'tax', 'accounting'],
    capacity: 12,
    active: true,
  },

  // Almaty
  {
    key: 'ala-yerlan-abenov',
    fullName: 'Yerlan Abenov',
    email: 'yerlan.abenov@advisory.example',
    officeCode: 'ALA',
    role: 'manager',
    languages: ['kk', 'ru', 'en', 'zh'],
    serviceLines: ['investment_advisory', 'market_intelligence', 'trade_customs'],
    capacity: 8,
    active: true,
  },
  {
    key: 'ala-aigerim-sadykova',
    fullName: 'Aigerim Sadykova',
    email: 'aigerim.sadykova@advisory.example',
    officeCode: 'ALA',
    role: 'consultant',
    languages: ['kk', 'ru', 'en'],
    serviceLines: ['company_formation', 'bank_account', 'visa_immigration', 'trade_customs'],
    capacity: 14,
    active: true,
  },

  // Mumbai
  {
    key: 'bom-rohan-mehta',
    fullName: 'Rohan Mehta',
    email: 'rohan.mehta@advisory.example',
    officeCode: 'BOM',
    role: 'manager',
    languages: ['en', 'hi'],
    serviceLines: ['investment_advisory', 'due_diligence', 'company_formation'],
    capacity: 8,
    active: true,
  },
  {
    key: 'bom-priya-iyer',
    fullName: 'Priya Iyer',
    email: 'priya.iyer@advisory.example',
    officeCode: 'BOM',
    role: 'consultant',
    languages: ['en', 'hi'],
    serviceLines: ['bank_account', 'tax', 'accounting', 'audit'],
    capacity: 15,
    active: true,
  },

  // New Delhi
  {
    key: 'del-vikram-malhotra',
    fullName: 'Vikram Malhotra',
    email: 'vikram.malhotra@advisory.example',
    officeCode: 'DEL',
    role: 'manager',
    languages: ['en', 'hi'],
    serviceLines: ['legal_compliance', 'market_intelligence', 'trade_customs'],
    capacity: 8,
    active: true,
  },
  {
    key: 'del-ananya-sharma',
    fullName: 'Ananya Sharma',
    email: 'ananya.sharma@advisory.example',
    officeCode: 'DEL',
    role: 'consultant',
    languages: ['en', 'hi'],
    serviceLines: ['company_formation', 'bank_account', 'visa_immigration', 'tax'],
    capacity: 14,
    active: true,
  },

  // Bengaluru
  {
    key: 'blr-karthik-rao',
    fullName: 'Karthik Rao',
    email: 'karthik.rao@advisory.example',
    officeCode: 'BLR',
    role: 'manager',
    languages: ['en', 'hi'],
    serviceLines: ['company_formation', 'investment_advisory', 'bank_account'],
    capacity: 9,
    active: true,
  },
  {
    key: 'blr-deepa-nair',
    fullName: 'Deepa Nair',
    email: 'deepa.nair@advisory.example',
    officeCode: 'BLR',
    role: 'consultant',
    languages: ['en', 'hi'],
    serviceLines: ['tax', 'accounting', 'payroll_hr'],
    capacity: 14,
    active: true,
  },

  // Chennai
  {
    key: 'maa-suresh-krishnan',
    fullName: 'Suresh Krishnan',
    email: 'suresh.krishnan@advisory.example',
    officeCode: 'MAA',
    role: 'manager',
    languages: ['en', 'hi'],
    serviceLines: ['company_formation', 'trade_customs', 'payroll_hr'],
    capacity: 8,
    active: true,
  },
  {
    key: 'maa-lakshmi-subramanian',
    fullName: 'Lakshmi Subramanian',
    email: 'lakshmi.subramanian@advisory.example',
    officeCode: 'MAA',
    role: 'consultant',
    languages: ['en', 'hi'],
    serviceLines: ['tax', 'accounting', 'payroll_hr'],
    capacity: 12,
    active: true,
  },

  // Singapore (default intake)
  {
    key: 'sin-tan-wei-ming',
    fullName: 'Tan Wei Ming',
    email: 'weiming.tan@advisory.example',
    officeCode: 'SIN',
    role: 'manager',
    languages: ['en', 'zh', 'ms'],
    serviceLines: ['investment_advisory', 'due_diligence', 'legal_compliance', 'market_intelligence'],
    capacity: 8,
    active: true,
  },
  {
    key: 'sin-aisyah-rahman',
    fullName: 'Nur Aisyah Rahman',
    email: 'aisyah.rahman@advisory.example',
    officeCode: 'SIN',
    role: 'consultant',
    languages: ['en', 'ms'],
    serviceLines: ['bank_account', 'visa_immigration', 'payroll_hr', 'company_formation'],
    capacity: 15,
    active: true,
  },
  {
    key: 'sin-rajesh-pillai',
    fullName: 'Rajesh Pillai',
    email: 'rajesh.pillai@advisory.example',
    officeCode: 'SIN',
    role: 'consultant',
    languages: ['en'],
    serviceLines: ['company_formation', 'tax', 'accounting', 'audit', 'trade_customs'],
    capacity: 14,
    active: true,
  },

  // Kuala Lumpur
  {
    key: 'kul-lim-chee-keong',
    fullName: 'Lim Chee Keong',
    email: 'cheekeong.lim@advisory.example',
    officeCode: 'KUL',
    role: 'manager',
    languages: ['en', 'zh', 'ms'],
    serviceLines: ['company_formation', 'trade_customs', 'bank_account'],
    capacity: 9,
    active: true,
  },
  {
    key: 'kul-farah-aziz',
    fullName: 'Farah Aziz',
    email: 'farah.aziz@advisory.example',
    officeCode: 'KUL',
    role: 'consultant',
    languages: ['en', 'ms'],
    serviceLines: ['tax', 'accounting', 'payroll_hr', 'bank_account'],
    capacity: 14,
    active: true,
  },

  // Jakarta
  {
    key: 'cgk-budi-santoso',
    fullName: 'Budi Santoso',
    email: 'budi.santoso@advisory.example',
    officeCode: 'CGK',
    role: 'manager',
    languages: ['id', 'en'],
    serviceLines: ['company_formation', 'legal_compliance', 'visa_immigration'],
    capacity: 9,
    active: true,
  },
  {
    key: 'cgk-dewi-anggraini',
    fullName: 'Dewi Anggraini',
    email: 'dewi.anggraini@advisory.example',
    officeCode: 'CGK',
    role: 'consultant',
    languages: ['id', 'en'],
    serviceLines: ['bank_account', 'tax', 'accounting'],
    capacity: 13,
    active: true,
  },

  // Bangkok
  {
    key: 'bkk-somchai-wongsakul',
    fullName: 'Somchai Wongsakul',
    email: 'somchai.wongsakul@advisory.example',
    officeCode: 'BKK',
    role: 'manager',
    languages: ['th', 'en', 'zh'],
    serviceLines: ['company_formation', 'legal_compliance', 'trade_customs', 'visa_immigration'],
    capacity: 9,
    active: true,
  },
  {
    key: 'bkk-nattaya-srisuk',
    fullName: 'Nattaya Srisuk',
    email: 'nattaya.srisuk@advisory.example',
    officeCode: 'BKK',
    role: 'consultant',
    languages: ['th', 'en'],
    serviceLines: ['bank_account', 'tax', 'accounting', 'visa_immigration'],
    capacity: 13,
    active: true,
  },

  // Ho Chi Minh City
  {
    key: 'sgn-nguyen-van-minh',
    fullName: 'Nguyen Van Minh',
    email: 'minh.nguyen@advisory.example',
    officeCode: 'SGN',
    role: 'manager',
    languages: ['vi', 'en'],
    serviceLines: ['company_formation', 'trade_customs', 'payroll_hr'],
    capacity: 9,
    active: true,
  },
  {
    key: 'sgn-tran-thi-mai',
    fullName: 'Tran Thi Mai',
    email: 'mai.tran@advisory.example',
    officeCode: 'SGN',
    role: 'consultant',
    languages: ['vi', 'en'],
    serviceLines: ['bank_account', 'tax', 'accounting'],
    capacity: 14,
    active: true,
  },

  // Hanoi
  {
    key: 'han-pham-quoc-huy',
    fullName: 'Pham Quoc Huy',
    email: 'huy.pham@advisory.example',
    officeCode: 'HAN',
    role: 'manager',
    languages: ['vi', 'en'],
    serviceLines: ['investment_advisory', 'legal_compliance', 'company_formation'],
    capacity: 8,
    active: true,
  },
  {
    key: 'han-le-thu-trang',
    fullName: 'Le Thu Trang',
    email: 'trang.le@advisory.example',
    officeCode: 'HAN',
    role: 'consultant',
    languages: ['vi', 'en'],
    serviceLines: ['bank_account', 'tax', 'trade_customs'],
    capacity: 13,
    active: true,
  },

  // Manila
  {
    key: 'mnl-carmela-reyes',
    fullName: 'Carmela Reyes',
    email: 'carmela.reyes@advisory.example',
    officeCode: 'MNL',
    role: 'manager',
    languages: ['en', 'tl'],
    serviceLines: ['company_formation', 'visa_immigration', 'payroll_hr'],
    capacity: 9,
    active: true,
  },
  {
    key: 'mnl-paolo-villanueva',
    fullName: 'Paolo Villanueva',
    email: 'paolo.villanueva@advisory.example',
    officeCode: 'MNL',
    role: 'consultant',
    languages: ['en', 'tl'],
    serviceLines: ['bank_account', 'tax', 'accounting'],
    capacity: 13,
    active: true,
  },
];

/** Rules run before territory routing (shared/ROUTING.md §3): lower priority first. */
export const DEMO_RULES: DemoRule[] = [
  {
    name: 'Sanctions and export-control questions to the Moscow compliance lead',
    priority: 10,
    conditions: {
      keywords: [
        'sanctions',
        'sanctioned',
        'OFAC',
        'export control',
        'санкции',
        'санкций',
        'санкциям',
        'санкциями',
        'санкциях',
        'санкционный',
        'санкционных',
        'экспортный контроль',
        '制裁',
        '出口管制',
      ],
    },
    action: { officeCode: 'MOW', consultantKey: 'mow-elena-kuznetsova' },
  },
  {
    name: 'Kazakh investors into China through the Almaty China desk',
    priority: 20,
    conditions: { originCountries: ['KZ'], targetCountries: ['CN'] },
    action: { officeCode: 'ALA' },
  },
  {
    name: 'Indian investors setting up in Singapore',
    priority: 30,
    conditions: {
      originCountries: ['IN'],
      targetCountries: ['SG'],
      serviceLines: ['company_formation', 'tax', 'accounting', 'audit'],
    },
    action: { officeCode: 'SIN', consultantKey: 'sin-rajesh-pillai' },
  },
  {
    name: 'Chinese-language inquiries about Russia to the Vladivostok China desk',
    priority: 40,
    conditions: { languages: ['zh'], targetCountries: ['RU'] },
    action: { officeCode: 'VVO' },
  },
];
