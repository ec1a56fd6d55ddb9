import { readFileSync } from 'fs';
import { join } from 'path';
import { buildKeywordMatcher } from '@/routing/keyword-matcher';
import { SERVICE_LINE_CATALOG } from '@/service-lines/service-line-catalog';

// The seeded keywords of service-lines/service-line-catalog.ts, run through routing's detection.
const matcher = buildKeywordMatcher(
  SERVICE_LINE_CATALOG.map((s) => ({ code: s.code, active: true, keywords: s.keywords })),
);

describe('SERVICE_LINE_CATALOG', () => {
  it('lists the twelve base codes in order, positions 1 to 12', () => {
    expect(SERVICE_LINE_CATALOG.map((s) => [s.position, s.code])).toEqual([
      [1, 'company_formation'],
      [2, 'bank_account'],
      [3, 'tax'],
      [4, 'accounting'],
      [5, 'payroll_hr'],
      [6, 'legal_compliance'],
      [7, 'audit'],
      [8, 'due_diligence'],
      [9, 'market_intelligence'],
      [10, 'trade_customs'],
      [11, 'visa_immigration'],
      [12, 'investment_advisory'],
    ]);
  });

  it.each(SERVICE_LINE_CATALOG.map((s) => [s.code, s] as const))(
    '%s has names and lowercase, trimmed, unique keywords in en, ru and zh',
    (_code, line) => {
      for (const lang of ['en', 'ru', 'zh'] as const) {
        expect(line.names[lang].trim()).not.toBe('');
        const keywords = line.keywords[lang];
        expect(keywords.length).toBeGreaterThan(0);
        expect(keywords.filter((k) => k !== k.toLowerCase() || k !== k.trim() || k === '')).toEqual([]);
        expect(keywords.filter((k, i) => keywords.indexOf(k) !== i)).toEqual([]);
      }
    },
  );

  it('keeps "sanctions" out of the service keywords: it is a routing rule, not a service', () => {
    expect(matcher.detect('Sanctions? Санкции? 制裁?')).toEqual([]);
  });
});

describe('keyword detection with the seeded keywords', () => {
  const examples = (
    JSON.parse(readFileSync(join(__dirname, '../../test/fixtures/routing-examples.json'), 'utf8')) as {
      examples: Array<{ inquiry: { message: string; serviceLines?: string[] }; expect: { serviceLines?: string[] } }>;
    }
  ).examples.filter((e) => e.expect.serviceLines && !e.inquiry.serviceLines);

  it.each(examples.map((e) => [e.inquiry.message, e.expect.serviceLines ?? []] as const))(
    'detects exactly the expected lines in the worked example %s',
    (message, lines) => {
      expect(matcher.detect(message)).toEqual(lines);
    },
  );

  it.each<[string, string, string[]]>([
    // company_formation
    ['en', 'We want to register a company in Vietnam.', ['company_formation']],
    ['en', 'Looking for help with company incorporation and a WFOE.', ['company_formation']],
    ['ru', 'Хотим зарегистрировать компанию в Китае.', ['company_formation']],
    ['ru', 'Вопросы по регистрации компании и открытию представительства.', ['company_formation']],
    ['ru', 'Нужна регистрация ООО.', ['company_formation']],
    ['zh', '我们想在新加坡成立公司。', ['company_formation']],
    ['zh', '请协助设立公司和办理营业执照。', ['company_formation']],
    // bank_account
    ['en', 'We need to open a corporate account with a local bank.', ['bank_account']],
    ['en', 'Help with bank accounts for our subsidiary.', ['bank_account']],
    ['ru', 'Нужно открыть счёт в банке.', ['bank_account']],
    ['ru', 'Помогите с открытием расчётного счета.', ['bank_account']],
    ['ru', 'Интересует счет в банке в Гонконге.', ['bank_account']],
    ['ru', 'Открытие счёта для нерезидента.', ['bank_account']],
    ['zh', '我们需要开户。', ['bank_account']],
    ['zh', '想开立银行账户。', ['bank_account']],
    ['zh', '银行开户需要什么材料？', ['bank_account']],
    // tax
    ['en', 'Questions about VAT and withholding.', ['tax']],
    ['ru', 'Нужна консультация по налогам.', ['tax']],
    ['ru', 'Вопросы налогового резидентства и НДС.', ['tax']],
    ['zh', '我们需要报税服务。', ['tax']],
    ['zh', '企业所得税怎么算？', ['tax']],
    // accounting
    ['en', 'Looking for bookkeeping and an accountant.', ['accounting']],
    ['ru', 'Нужна бухгалтерия на аутсорсе.', ['accounting']],
    ['ru', 'Ведение бухгалтерского учёта.', ['accounting']],
    ['ru', 'Нужен бухгалтер.', ['accounting']],
    ['zh', '需要代理记账。', ['accounting']],
    ['zh', '寻找会计服务。', ['accounting']],
    // payroll_hr
    ['en', 'Payroll for 20 employees and HR support.', ['payroll_hr']],
    ['ru', 'Расчёт зарплаты и кадровое делопроизводство.', ['payroll_hr']],
    ['ru', 'Подбор персонала в Алматы.', ['payroll_hr']],
    ['zh', '需要代发工资和社保缴纳。', ['payroll_hr']],
    ['zh', '我们在招聘当地员工。', ['payroll_hr']],
    // legal_compliance
    ['en', 'We need a lawyer to review a distribution contract.', ['legal_compliance']],
    ['en', 'Regulatory compliance for a fintech licence application.', ['legal_compliance']],
    ['ru', 'Нужен юрист для проверки договора.', ['legal_compliance']],
    ['ru', 'Регистрация товарного знака.', ['legal_compliance']],
    ['zh', '需要律师审核合同。', ['legal_compliance']],
    ['zh', '关于知识产权保护和商标。', ['legal_compliance']],
    // audit
    ['en', 'We need a statutory audit of our subsidiary.', ['audit']],
    ['ru', 'Требуется аудит отчётности.', ['audit', 'accounting']],
    ['ru', 'Нужно аудиторское заключение.', ['audit']],
    ['zh', '需要年度审计。', ['audit']],
    // due_diligence
    ['en', 'Due diligence on a potential supplier.', ['due_diligence']],
    ['ru', 'Нужна проверка контрагента.', ['due_diligence']],
    ['ru', 'Дью-дилидженс перед сделкой.', ['due_diligence']],
    ['zh', '请对供应商进行尽职调查。', ['due_diligence']],
    ['zh', '需要背景调查。', ['due_diligence']],
    // market_intelligence
    ['en', 'We need market research for consumer electronics.', ['market_intelligence']],
    ['ru', 'Нужно исследование рынка косметики.', ['market_intelligence']],
    ['ru', 'Планируем выход на рынок Индии.', ['market_intelligence']],
    ['ru', 'Анализ рынка и конкурентов.', ['market_intelligence']],
    ['zh', '我们需要市场调研。', ['market_intelligence']],
    ['zh', '想做可行性研究。', ['market_intelligence']],
    // trade_customs
    ['en', 'Customs clearance for imports of machinery.', ['trade_customs']],
    ['en', 'We are exporting food products.', ['trade_customs']],
    ['ru', 'Вопросы таможенного оформления.', ['trade_customs']],
    ['ru', 'Проблемы на таможне.', ['trade_customs']],
    ['ru', 'Импорт оборудования и пошлины.', ['trade_customs']],
    ['zh', '进出口和海关清关。', ['trade_customs']],
    ['zh', '关于报关的问题。', ['trade_customs']],
    // visa_immigration
    ['en', 'Work visas for two engineers.', ['visa_immigration']],
    ['en', 'Residence permit for our director.', ['visa_immigration']],
    ['ru', 'Нужны визы для сотрудников.', ['visa_immigration']],
    ['ru', 'Как получить вид на жительство?', ['visa_immigration']],
    ['ru', 'Рабочая виза в Китай.', ['visa_immigration']],
    ['zh', '需要办理工作签证。', ['visa_immigration']],
    ['zh', '外籍员工的居留许可。', ['visa_immigration']],
    // investment_advisory
    ['en', 'We plan to invest in a factory.', ['investment_advisory']],
    ['en', 'Advice on an acquisition and M&A.', ['investment_advisory']],
    ['ru', 'Нужна консультация по инвестициям.', ['investment_advisory']],
    ['ru', 'Инвестиционный проект в Казахстане.', ['investment_advisory']],
    ['zh', '我们考虑在越南投资。', ['investment_advisory']],
    ['zh', '关于并购的咨询。', ['investment_advisory']],
    // several at once
    ['en', 'Company formation, a bank account and tax registration.', ['company_formation', 'bank_account', 'tax']],
    ['ru', 'Регистрация компании, открытие счёта и бухгалтерия.', ['company_formation', 'bank_account', 'accounting']],
    ['zh', '注册公司、银行开户、记账报税。', ['company_formation', 'bank_account', 'tax', 'accounting']],
  ])('(%s) %s', (_lang, message, lines) => {
    expect(matcher.detect(message)).toEqual(SERVICE_LINE_CATALOG.map((s) => s.code).filter((c) => lines.includes(c)));
  });

  it.each([
    'We are a trading company from Hamburg.',
    'It is important to us; we run a taxi fleet.',
    'Our accounts team will call you.',
    'Услуги оплачиваются за счёт компании.',
    'Здравствуйте! Подскажите, пожалуйста.',
    'Это счётчик воды.',
    '我们公司想了解一下。',
    '你好，请联系我。',
  ])('detects nothing in "%s"', (message) => {
    expect(matcher.detect(message)).toEqual([]);
  });
});
