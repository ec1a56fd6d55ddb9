/**
 * Realistic, varied public inquiries for load: English, Russian and Chinese messages about
 * everyday needs (bank account, company formation, tax, visas…), corporate and free-mail senders
 * (so client dedupe by domain and by contact both happen), optional phone, company, target city,
 * ticked service lines and preferred language. Deterministic for a given seed.
 */

export interface InquiryBody {
  fullName: string;
  email: string;
  phone?: string;
  company?: string;
  originCountry: string;
  targetCountry?: string;
  targetCity?: string;
  serviceLines?: string[];
  message: string;
  preferredLanguage?: 'en' | 'ru' | 'zh';
  source?: string;
  consent: { privacy: true; marketing?: boolean };
}

export interface GeneratedInquiry {
  body: InquiryBody;
  /** Set on about half of the requests, unique per inquiry. */
  idempotencyKey?: string;
}

type Lang = 'en' | 'ru' | 'zh';

interface Target {
  country: string;
  city: { en: string; ru: string; zh: string };
}

const TARGETS: Target[] = [
  { country: 'CN', city: { en: 'Shanghai', ru: 'Шанхае', zh: '上海' } },
  { country: 'CN', city: { en: 'Shenzhen', ru: 'Шэньчжэне', zh: '深圳' } },
  { country: 'CN', city: { en: 'Beijing', ru: 'Пекине', zh: '北京' } },
  { country: 'HK', city: { en: 'Hong Kong', ru: 'Гонконге', zh: '香港' } },
  { country: 'RU', city: { en: 'Moscow', ru: 'Москве', zh: '莫斯科' } },
  { country: 'RU', city: { en: 'Saint Petersburg', ru: 'Санкт-Петербурге', zh: '圣彼得堡' } },
  { country: 'KZ', city: { en: 'Almaty', ru: 'Алматы', zh: '阿拉木图' } },
  { country: 'IN', city: { en: 'Mumbai', ru: 'Мумбаи', zh: '孟买' } },
  { country: 'SG', city: { en: 'Singapore', ru: 'Сингапуре', zh: '新加坡' } },
  { country: 'VN', city: { en: 'Ho Chi Minh City', ru: 'Хошимине', zh: '胡志明市' } },
  { country: 'TH', city: { en: 'Bangkok', ru: 'Бангкоке', zh: '曼谷' } },
  { country: 'MY', city: { en: 'Kuala Lumpur', ru: 'Куала-Лумпуре', zh: '吉隆坡' } },
];

interface Need {
  code: string;
  en: string;
  ru: string;
  zh: string;
}

const NEEDS: Need[] = [
  { code: 'bank_account', en: 'open a corporate bank account', ru: 'открыть корпоративный счёт в банке', zh: '开立公司银行账户' },
  { code: 'company_formation', en: 'set up a trading company', ru: 'зарегистрировать торговую компанию', zh: '注册一家贸易公司' },
  { code: 'tax', en: 'understand our tax obligations', ru: 'разобраться с налогами', zh: '了解税务问题' },
  { code: 'accounting', en: 'outsource bookkeeping and accounting', ru: 'передать бухгалтерию на аутсорсинг', zh: '外包会计和记账' },
  { code: 'visa_immigration', en: 'get work visas for two managers', ru: 'оформить рабочие визы для двух менеджеров', zh: '为两名经理办理工作签证' },
  { code: 'due_diligence', en: 'run due diligence on a supplier', ru: 'провести проверку поставщика', zh: '对供应商做尽职调查' },
  { code: 'payroll_hr', en: 'run payroll for local staff', ru: 'вести зарплату местных сотрудников', zh: '为本地员工代发工资' },
  { code: 'trade_customs', en: 'clear customs for machinery imports', ru: 'растаможить импорт оборудования', zh: '办理设备进口清关' },
];

const ORIGINS: Array<{ country: string; lang: Lang; phone: string }> = [
  { country: 'RU', lang: 'ru', phone: '+7 912 345-67-' },
  { country: 'KZ', lang: 'ru', phone: '+7 701 123 45' },
  { country: 'CN', lang: 'zh', phone: '+86 139 1099 88' },
  { country: 'DE', lang: 'en', phone: '+49 30 9018' },
  { country: 'GB', lang: 'en', phone: '+44 20 7946 09' },
  { country: 'US', lang: 'en', phone: '+1 650 253 00' },
  { country: 'IN', lang: 'en', phone: '+91 98765 432' },
  { country: 'SG', lang: 'en', phone: '+65 6123 45' },
];

const NAMES: Record<Lang, string[]> = {
  en: ['John Smith', 'Anna Müller', 'Priya Sharma', 'David Lee', 'Emma Brown', 'Lukas Weber'],
  ru: ['Иван Петров', 'Ольга Смирнова', 'Алексей Кузнецов', 'Мария Иванова', 'Дмитрий Соколов'],
  zh: ['王伟', '李娜', '张敏', '刘洋', '陈静', '杨磊'],
};

const COMPANIES = ['Uralmash', 'Nordic Steel', 'Baltic Foods', 'Steppe Logistics', 'Rhein Maschinen', 'Thames Capital', 'Pacific Components', 'Volga Agro'];
const CORPORATE_DOMAINS = ['uralmash.ru', 'nordicsteel.com', 'balticfoods.eu', 'steppe-logistics.kz', 'rhein-maschinen.de', 'thamescapital.co.uk', 'pacificcomponents.sg', 'volga-agro.ru'];
const FREE_DOMAINS = ['gmail.com', 'mail.ru', 'yandex.ru', 'qq.com', '163.com', 'outlook.com'];

function message(lang: Lang, need: Need, target: Target, amount: number, n: number): string {
  switch (lang) {
    case 'ru':
      return `Здравствуйте! Мы производитель из России и хотим ${need.ru} в ${target.city.ru}. Планируем инвестировать около ${amount} млн рублей в этом году. Заявка №${n}. Подскажите сроки и стоимость.`;
    case 'zh':
      return `您好，我们公司计划在${target.city.zh}${need.zh}，预计投资${amount}万美元。编号${n}。请告知所需时间和费用。`;
    case 'en':
      return `Hello, we are a mid-sized manufacturer and need to ${need.en} in ${target.city.en}. We plan to invest about ${amount}k USD this year (request ${n}). Could you tell us the timeline and fees?`;
  }
}

/** A small deterministic PRNG (mulberry32), so two runs post the same mix. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class InquiryGenerator {
  private n = 0;
  private readonly random: () => number;

  /** `runTag` keeps emails and idempotency keys of separate runs (and processes) apart. */
  constructor(
    private readonly runTag: string,
    seed = 1,
  ) {
    this.random = prng(seed);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  next(): GeneratedInquiry {
    const n = ++this.n;
    const origin = this.pick(ORIGINS);
    // Mostly the origin's language, sometimes English from anywhere.
    const lang: Lang = this.random() < 0.75 ? origin.lang : this.pick<Lang>(['en', 'ru', 'zh']);
    const target = this.pick(TARGETS);
    const need = this.pick(NEEDS);
    const corporate = this.random() < 0.5;
    const companyIndex = Math.floor(this.random() * COMPANIES.length);
    // One sender in five writes again from an address already seen: the contact is reused.
    const person = this.random() < 0.2 && n > 10 ? Math.floor(this.random() * (n - 1)) + 1 : n;
    const local = `${this.runTag}.${person}`;
    const email = corporate ? `${local}@${CORPORATE_DOMAINS[companyIndex]}` : `${local}@${this.pick(FREE_DOMAINS)}`;
    const body: InquiryBody = {
      fullName: this.pick(NAMES[lang]),
      email,
      originCountry: origin.country,
      message: message(lang, need, target, 10 + Math.floor(this.random() * 990), n),
      consent: { privacy: true, marketing: this.random() < 0.3 },
    };
    if (corporate || this.random() < 0.3) body.company = `${COMPANIES[companyIndex]} ${corporate ? 'LLC' : 'Group'}`;
    if (this.random() < 0.6) body.phone = `${origin.phone}${String(10 + (n % 90))}`;
    if (this.random() < 0.5) body.targetCountry = target.country;
    if (this.random() < 0.4) body.targetCity = target.city.en;
    if (this.random() < 0.4) body.serviceLines = [need.code];
    if (this.random() < 0.5) body.preferredLanguage = lang;
    if (this.random() < 0.5) body.source = this.pick(['website', 'referral', 'event', 'partner']);
    const generated: GeneratedInquiry = { body };
    if (this.random() < 0.5) generated.idempotencyKey = `${this.runTag}-${n}`;
    return generated;
  }
}
