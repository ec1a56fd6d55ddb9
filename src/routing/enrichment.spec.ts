import { EnrichmentContext, InquiryForEnrichment, detectLanguage, enrichInquiry } from '@/routing/enrichment';
import { ServiceLineKeywords } from '@/routing/keyword-matcher';
import { SERVICE_LINE_CATALOG } from '@/service-lines/service-line-catalog';

const CATALOG: ServiceLineKeywords[] = SERVICE_LINE_CATALOG.map((s) => ({
  code: s.code,
  active: true,
  keywords: s.keywords,
}));
const CTX: EnrichmentContext = {
  serviceLines: CATALOG,
  coveredCities: new Set(['Shanghai', 'Suzhou', 'Hangzhou', 'Beijing', 'Moscow', 'Singapore']),
};

const enrich = (input: Partial<InquiryForEnrichment>, ctx: EnrichmentContext = CTX) =>
  enrichInquiry({ message: 'Hello there, we have a question.', originCountry: 'DE', ...input }, ctx);

/** The fastest of several runs in milliseconds: a busy machine slows some runs, rarely all of them. */
function fastestRun(runs: number, work: () => void): number {
  let fastest = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    work();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

describe('language (§1)', () => {
  it.each([
    ['Hello, we need help.', 'en', 'message'],
    ['Здравствуйте, нужна помощь.', 'ru', 'message'],
    ['你好，我们需要帮助。', 'zh', 'message'],
    ['Нужен счёт в банке HSBC', 'ru', 'message'],
    ['Нужен счёт в HSBC Bank Ltd Hong Kong', 'en', 'message'],
    ['Please call Иван', 'en', 'message'],
    ['我们需要在上海开一个HSBC账户', 'zh', 'message'],
    ['需要在Shanghai开户', 'en', 'message'],
    ['We need 开户 in Shanghai', 'en', 'message'],
    ['Привет 你好你好你好你好', 'ru', 'message'],
    ['ab вг', 'en', 'message'],
    ['12345 !!!', 'en', 'none'],
    ['', 'en', 'none'],
  ])('detects the language of "%s" as %s', (message, language, source) => {
    expect(detectLanguage(message)).toEqual({ language, source });
    expect(enrich({ message })).toMatchObject({ language, sources: { language: source } });
  });

  it('takes the preferred language from the form over the script', () => {
    expect(enrich({ message: 'Здравствуйте', preferredLanguage: 'zh' })).toMatchObject({
      language: 'zh',
      sources: { language: 'form' },
    });
  });

  it('detects from the script when the preferred language is null', () => {
    expect(enrich({ message: 'Здравствуйте', preferredLanguage: null }).language).toBe('ru');
  });
});

describe('service lines (§1)', () => {
  it('uses the ticked lines, in catalog order', () => {
    expect(enrich({ serviceLines: ['tax', 'company_formation'], message: 'Open a bank account.' })).toMatchObject({
      serviceLines: ['company_formation', 'tax'],
      sources: { serviceLines: 'form' },
    });
  });

  it('drops ticked lines that are inactive or unknown', () => {
    const ctx = { ...CTX, serviceLines: CATALOG.map((s) => (s.code === 'tax' ? { ...s, active: false } : s)) };
    expect(enrich({ serviceLines: ['tax', 'audit', 'nonsense'] }, ctx).serviceLines).toEqual(['audit']);
  });

  it('falls back to keywords when every ticked line is inactive', () => {
    const ctx = { ...CTX, serviceLines: CATALOG.map((s) => (s.code === 'tax' ? { ...s, active: false } : s)) };
    expect(enrich({ serviceLines: ['tax'], message: 'Open a bank account.' }, ctx)).toMatchObject({
      serviceLines: ['bank_account'],
      sources: { serviceLines: 'message' },
    });
  });

  it.each([
    ['en', 'We need to open a bank account and register a company.', ['company_formation', 'bank_account']],
    ['ru', 'Нужно открыть банковский счёт и рассчитать налоги.', ['bank_account', 'tax']],
    [
      'ru, inflected',
      'Вопрос по открытию банковского счета и налоговой отчётности.',
      ['bank_account', 'tax', 'accounting'],
    ],
    ['zh', '我们想在杭州开设银行账户并报税。', ['bank_account', 'tax']],
  ])('detects lines from keywords when none is ticked (%s)', (_lang, message, lines) => {
    expect(enrich({ message, serviceLines: [] })).toMatchObject({
      serviceLines: lines,
      sources: { serviceLines: 'message' },
    });
  });

  it('detects only active lines', () => {
    const ctx = { ...CTX, serviceLines: CATALOG.map((s) => (s.code === 'bank_account' ? { ...s, active: false } : s)) };
    expect(enrich({ message: 'Open a bank account.' }, ctx).serviceLines).toEqual([]);
  });

  it('uses keywords an admin edited, given a new service-line list', () => {
    const edited = CATALOG.map((s) =>
      s.code === 'audit' ? { ...s, keywords: { ...s.keywords, en: ['inspection'] } } : s,
    );
    expect(enrich({ message: 'An inspection of our books.' }).serviceLines).toEqual([]);
    expect(enrich({ message: 'An inspection of our books.' }, { ...CTX, serviceLines: edited }).serviceLines).toEqual([
      'audit',
    ]);
  });

  it('reports none when nothing is ticked or found', () => {
    expect(enrich({ message: 'Hello there.' })).toMatchObject({ serviceLines: [], sources: { serviceLines: 'none' } });
  });
});

describe('city (§1)', () => {
  it('resolves the form city through the gazetteer', () => {
    expect(enrich({ targetCity: 'Peking', message: 'Office in Shanghai.' })).toMatchObject({
      city: 'Beijing',
      sources: { city: 'form' },
    });
  });

  it('gives no city for an unknown form city, without guessing from the message', () => {
    expect(enrich({ targetCity: 'Atlantis', message: 'Office in Shanghai.' })).toMatchObject({
      city: null,
      targetCountry: null,
      sources: { city: 'none', targetCountry: 'none' },
    });
  });

  it('reads the message when the form city is blank', () => {
    expect(enrich({ targetCity: '  ', message: 'Office in Shanghai.' })).toMatchObject({
      city: 'Shanghai',
      sources: { city: 'message' },
    });
  });

  it('takes the first covered city named, over an earlier uncovered one', () => {
    expect(enrich({ message: 'We trade between Hanoi and Hangzhou.' }).city).toBe('Hangzhou');
  });

  it('takes the first city named when none is covered', () => {
    expect(enrich({ message: 'We trade between Hanoi and Da Nang.' }).city).toBe('Hanoi');
  });

  it('recognises covered cities written in another spelling', () => {
    const ctx = { ...CTX, coveredCities: new Set(['St Petersburg']) };
    expect(enrich({ message: 'Offices in Kazan and Saint Petersburg.' }, ctx).city).toBe('Saint Petersburg');
  });

  it.each([
    ['Нам нужен счёт в Шанхае.', 'Shanghai'],
    ['Мы из Москвы, интересует Пекин.', 'Moscow'],
    ['你好，我们公司想在杭州开设银行账户。', 'Hangzhou'],
  ])('finds the city in "%s"', (message, city) => {
    expect(enrich({ message }).city).toBe(city);
  });

  it('reports none without a city', () => {
    expect(enrich({ message: 'Market research for China.' })).toMatchObject({ city: null, sources: { city: 'none' } });
  });
});

describe('target country (§1)', () => {
  it('takes the form country, even when the city is elsewhere', () => {
    expect(enrich({ targetCountry: 'vn', message: 'Office in Shanghai.' })).toMatchObject({
      city: 'Shanghai',
      targetCountry: 'VN',
      sources: { city: 'message', targetCountry: 'form' },
    });
  });

  it('derives it from a city found in the message', () => {
    expect(enrich({ message: 'Office in Almaty.' })).toMatchObject({
      targetCountry: 'KZ',
      sources: { targetCountry: 'message' },
    });
  });

  it("derives it from the form's city as a form value", () => {
    expect(enrich({ targetCity: 'Saigon' })).toMatchObject({
      city: 'Ho Chi Minh City',
      targetCountry: 'VN',
      sources: { city: 'form', targetCountry: 'form' },
    });
  });

  it('is null without a country or a city', () => {
    expect(enrich({ targetCountry: ' ' })).toMatchObject({ targetCountry: null, sources: { targetCountry: 'none' } });
  });
});

describe('enrichInquiry', () => {
  it('keeps the message and normalizes the origin country', () => {
    expect(enrich({ originCountry: 'ru', message: 'Hi' })).toMatchObject({ message: 'Hi', originCountry: 'RU' });
  });

  it('enriches the worked Russian example completely', () => {
    expect(
      enrichInquiry({ message: 'Здравствуйте! Нам нужно открыть банковский счёт в Шанхае.', originCountry: 'RU' }, CTX),
    ).toEqual({
      message: 'Здравствуйте! Нам нужно открыть банковский счёт в Шанхае.',
      originCountry: 'RU',
      language: 'ru',
      serviceLines: ['bank_account'],
      city: 'Shanghai',
      targetCountry: 'CN',
      sources: { language: 'message', serviceLines: 'message', city: 'message', targetCountry: 'message' },
    });
  });

  it('enriches a 5,000-character message in about a millisecond', () => {
    const message = 'Нам нужно открыть банковский счёт в Шанхае, 我们在杭州开户, and a bank account. '
      .repeat(80)
      .slice(0, 5000);
    expect(enrich({ message }).serviceLines).toEqual(['bank_account']);
    expect(fastestRun(20, () => enrich({ message }))).toBeLessThan(5);
  });
});
