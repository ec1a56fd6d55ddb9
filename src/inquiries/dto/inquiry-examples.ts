/** Request examples of POST /inquiries for the OpenAPI document, one per form language. */
import type { ExamplesObject } from '@nestjs/swagger';

export const INQUIRY_INPUT_EXAMPLES: ExamplesObject = {
  en: {
    summary: 'English: company formation in Singapore',
    value: {
      fullName: 'Priya Raman',
      email: 'priya.raman@lotusfoods.in',
      phone: '+91 98200 12345',
      company: 'Lotus Foods Pvt. Ltd.',
      originCountry: 'IN',
      targetCountry: 'SG',
      targetCity: 'Singapore',
      serviceLines: ['company_formation', 'tax'],
      message:
        'We plan to set up a regional trading company in Singapore next quarter and need help with incorporation and tax registration.',
      preferredLanguage: 'en',
      source: 'website',
      consent: { privacy: true, marketing: false, textVersion: '2026-01' },
    },
  },
  ru: {
    summary: 'Russian: bank account and trading company in Shanghai',
    value: {
      fullName: 'Иван Петров',
      email: 'i.petrov@uralmash.ru',
      phone: '8 (916) 123-45-67',
      company: 'ООО «Уралмаш»',
      originCountry: 'RU',
      targetCountry: 'CN',
      targetCity: 'Шанхай',
      serviceLines: ['bank_account', 'company_formation'],
      message:
        'Мы производитель из Екатеринбурга. Хотим открыть корпоративный счёт в Шанхае и зарегистрировать там торговую компанию.',
      preferredLanguage: 'ru',
      source: 'partner',
      consent: { privacy: true, marketing: true, textVersion: '2026-01' },
    },
  },
  zh: {
    summary: 'Chinese: market entry into Vietnam',
    value: {
      fullName: '王伟',
      email: 'wang.wei@example-trading.cn',
      phone: '138 0013 8000',
      company: '深圳示例贸易有限公司',
      originCountry: 'CN',
      targetCountry: 'VN',
      targetCity: '胡志明市',
      serviceLines: ['market_intelligence', 'trade_customs'],
      message: '我们计划在越南胡志明市设立分公司，需要了解当地的市场情况和进出口清关流程。',
      preferredLanguage: 'zh',
      source: 'event',
      consent: { privacy: true, textVersion: '2026-01' },
    },
  },
};
