import { DEMO_OFFICES } from '@/database/demo-data';
import { GAZETTEER, GazetteerCity, canonicalCityName, findCitiesInText, resolveCity } from '@/routing/gazetteer';
import { russianCityForms } from '@/routing/russian-inflection';

const namesIn = (text: string): string[] => findCitiesInText(text).map((m) => m.city.name);

/** True when the text names exactly this one city. */
const namesOnly = (text: string, city: GazetteerCity): boolean => {
  const found = findCitiesInText(text);
  return found.length === 1 && found[0].city === city;
};

/** The cities the demo offices cover and the worked examples name (the routing issue's list). */
// prettier-ignore
const REQUIRED_CITIES = [
  'Shanghai', 'Suzhou', 'Hangzhou', 'Ningbo', 'Nanjing', 'Wuxi', 'Beijing', 'Tianjin', 'Shenzhen', 'Guangzhou',
  'Dongguan', 'Foshan', 'Xiamen', 'Fuzhou', 'Chengdu', 'Chongqing', 'Wuhan', "Xi'an", 'Qingdao', 'Dalian',
  'Shenyang', 'Harbin', 'Kunming', 'Urumqi', 'Hong Kong', 'Macau', 'Taipei', 'Moscow', 'Saint Petersburg',
  'Novosibirsk', 'Yekaterinburg', 'Kazan', 'Vladivostok', 'Khabarovsk', 'Nizhny Novgorod', 'Krasnodar', 'Almaty',
  'Astana', 'Mumbai', 'Pune', 'New Delhi', 'Gurugram', 'Noida', 'Bengaluru', 'Chennai', 'Hyderabad', 'Kolkata',
  'Ahmedabad', 'Singapore', 'Kuala Lumpur', 'Penang', 'Johor Bahru', 'Jakarta', 'Surabaya', 'Bangkok', 'Chiang Mai',
  'Ho Chi Minh City', 'Hanoi', 'Da Nang', 'Haiphong', 'Manila', 'Cebu', 'Phnom Penh', 'Vientiane', 'Yangon',
  'Bandar Seri Begawan',
];

const SCOPE_COUNTRIES = [
  'CN',
  'HK',
  'MO',
  'TW',
  'RU',
  'KZ',
  'IN',
  'SG',
  'MY',
  'ID',
  'TH',
  'VN',
  'PH',
  'KH',
  'LA',
  'MM',
  'BN',
];

describe('gazetteer data', () => {
  it('holds about 150 cities, all in the countries the firm covers', () => {
    expect(GAZETTEER.length).toBeGreaterThanOrEqual(150);
    expect(GAZETTEER.filter((c) => !SCOPE_COUNTRIES.includes(c.countryCode))).toEqual([]);
  });

  it('has unique canonical names, each first among the English spellings, and names in all three languages', () => {
    const names = GAZETTEER.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const c of GAZETTEER) {
      expect(c.names.en[0]).toBe(c.name);
      expect(c.names.ru.length).toBeGreaterThan(0);
      expect(c.names.zh.length).toBeGreaterThan(0);
    }
  });

  it('includes every city of the demo offices and the worked examples', () => {
    expect(REQUIRED_CITIES.filter((name) => resolveCity(name)?.name !== name)).toEqual([]);
  });

  it('knows every city a demo office covers by its canonical name', () => {
    const coverage = DEMO_OFFICES.flatMap((o) => o.coverageCities);
    expect(coverage.filter((name) => resolveCity(name)?.name !== name)).toEqual([]);
  });

  it.each(SCOPE_COUNTRIES)('has cities in %s', (country) => {
    expect(GAZETTEER.some((c) => c.countryCode === country)).toBe(true);
  });
});

const BY_CITY = GAZETTEER.map((c) => [c.name, c] as const);

describe('resolveCity', () => {
  it.each(BY_CITY)('resolves every English, Russian and Chinese spelling of %s', (_name, city) => {
    const spellings = [...city.names.en, ...city.names.ru, ...city.names.zh];
    expect(spellings.filter((spelling) => resolveCity(spelling) !== city)).toEqual([]);
  });

  it.each([
    ['shanghai', 'Shanghai'],
    ['  SHANGHAI  ', 'Shanghai'],
    ['Peking', 'Beijing'],
    ['St. Petersburg', 'Saint Petersburg'],
    ['st petersburg', 'Saint Petersburg'],
    ['Saint-Petersburg', 'Saint Petersburg'],
    ['Санкт Петербург', 'Saint Petersburg'],
    ['санкт-петербург', 'Saint Petersburg'],
    ['Петербург', 'Saint Petersburg'],
    ['圣彼得堡', 'Saint Petersburg'],
    ['Ho-Chi-Minh City', 'Ho Chi Minh City'],
    ['HCMC', 'Ho Chi Minh City'],
    ['Saigon', 'Ho Chi Minh City'],
    ['Хошимин', 'Ho Chi Minh City'],
    ['胡志明市', 'Ho Chi Minh City'],
    ['Bombay', 'Mumbai'],
    ['Calcutta', 'Kolkata'],
    ['Madras', 'Chennai'],
    ['Bangalore', 'Bengaluru'],
    ['Canton', 'Guangzhou'],
    ['廣州', 'Guangzhou'],
    ['Alma-Ata', 'Almaty'],
    ['alma ata', 'Almaty'],
    ['Rangoon', 'Yangon'],
    ['Xian', "Xi'an"],
    ['XI’AN', "Xi'an"],
    ['Ürümqi', 'Urumqi'],
    ['Hà Nội', 'Hanoi'],
    ['Đà Nẵng', 'Da Nang'],
    ['Delhi', 'New Delhi'],
    ['Gurgaon', 'Gurugram'],
    ['Nur-Sultan', 'Astana'],
    ['臺北', 'Taipei'],
    ['Macao', 'Macau'],
    ['上海市', 'Shanghai'],
    ['北京市', 'Beijing'],
    ['香港特别行政区', 'Hong Kong'],
    ['г. Москва', 'Moscow'],
    ['Г.Казань', 'Kazan'],
    ['город Санкт-Петербург', 'Saint Petersburg'],
  ])('resolves %s to %s', (typed, canonical) => {
    expect(resolveCity(typed)?.name).toBe(canonical);
  });

  it.each([
    '',
    '   ',
    'Atlantis',
    'Shanghaii',
    'Москваа',
    '上',
    'London',
    'в Шанхае',
    '市',
    'г.',
    'город',
    '城市',
    'г. Атлантида',
  ])('resolves "%s" to null', (typed) => {
    expect(resolveCity(typed)).toBeNull();
  });

  it('canonicalCityName keeps unknown names as typed, trimmed', () => {
    expect(canonicalCityName(' st. petersburg ')).toBe('Saint Petersburg');
    expect(canonicalCityName(' Atlantis ')).toBe('Atlantis');
  });
});

describe('findCitiesInText: Russian inflections', () => {
  it.each([
    ['Нам нужно открыть счёт в Шанхае.', 'Shanghai'],
    ['Мы из Москвы.', 'Moscow'],
    ['Поездка по Санкт-Петербургу', 'Saint Petersburg'],
    ['офис в Санкт Петербурге', 'Saint Petersburg'],
    ['работаем в Петербурге', 'Saint Petersburg'],
    ['в СПб', 'Saint Petersburg'],
    ['Компания в Пекине', 'Beijing'],
    ['Счёт в Гонконге', 'Hong Kong'],
    ['Филиал в Алматы', 'Almaty'],
    ['Завод в Алма-Ате', 'Almaty'],
    ['Встреча в Нижнем Новгороде', 'Nizhny Novgorod'],
    ['из Нижнего Новгорода', 'Nizhny Novgorod'],
    ['в Казани', 'Kazan'],
    ['под Владивостоком', 'Vladivostok'],
    ['в Ростове-на-Дону', 'Rostov-on-Don'],
    ['из Нью-Дели', 'New Delhi'],
    ['в Хошимине', 'Ho Chi Minh City'],
    ['в Хо Ши Мине', 'Ho Chi Minh City'],
    ['в Джакарте', 'Jakarta'],
    ['в Ханое', 'Hanoi'],
    ['в Тяньцзине', 'Tianjin'],
    ['в Сиане', "Xi'an"],
    ['из Пномпеня', 'Phnom Penh'],
    ['в Куала-Лумпуре', 'Kuala Lumpur'],
    ['с Сингапуром', 'Singapore'],
    ['в Гуанчжоу', 'Guangzhou'],
    ['в Тайбэе', 'Taipei'],
    ['в Сурабае', 'Surabaya'],
    ['ЕКАТЕРИНБУРГЕ', 'Yekaterinburg'],
  ])('finds the city in «%s»', (text, city) => {
    expect(namesIn(text)).toEqual([city]);
  });

  it.each(BY_CITY)('finds every case form of every Russian name of %s in a sentence', (_name, city) => {
    const forms = city.names.ru.flatMap(russianCityForms);
    const missed = forms.filter((form) => !namesOnly(`Мы работаем: ${form}, давно.`, city));
    expect(missed).toEqual([]);
  });

  it('does not find a name inside a longer word', () => {
    expect(namesIn('Москвичи и шанхайцы, пекинская утка')).toEqual([]);
  });
});

describe('findCitiesInText: Chinese text', () => {
  it.each([
    ['我们计划在北京注册公司，并需要税务咨询。', ['Beijing']],
    ['你好，我们公司想在杭州开设银行账户。', ['Hangzhou']],
    ['需要苏州的税务申报服务。', ['Suzhou']],
    ['香港和澳門的分公司', ['Hong Kong', 'Macau']],
    ['在胡志明市和河内设厂', ['Ho Chi Minh City', 'Hanoi']],
    ['去新德里开会', ['New Delhi']],
    ['上海防疫规定', ['Shanghai']],
    ['陕西西安的工厂', ["Xi'an"]],
    ['我们在广西安排了物流', []],
    ['在电商平台中销售', []],
    ['沿海口岸的仓库', []],
    ['购买复合肥', []],
    ['乌鲁木齐和哈尔滨', ['Urumqi', 'Harbin']],
  ])('finds the cities in %s', (text, cities) => {
    expect(namesIn(text)).toEqual(cities);
  });

  it.each(BY_CITY)('finds every Chinese name of %s inside a sentence', (_name, city) => {
    const missed = city.names.zh.filter((name) => !namesOnly(`我们在${name}有业务`, city));
    expect(missed).toEqual([]);
  });
});

describe('findCitiesInText: English and mixed text', () => {
  it.each([
    ['Office in St. Petersburg', ['Saint Petersburg']],
    ['Saint-Petersburg and St Petersburg', ['Saint Petersburg']],
    ["A plant near Xi'an", ["Xi'an"]],
    ['Ho Chi Minh City or Saigon', ['Ho Chi Minh City']],
    ['Trading in HCMC and Hai Phong', ['Ho Chi Minh City', 'Haiphong']],
    ['Hong Kong, Kuala Lumpur and Johor Bahru', ['Hong Kong', 'Kuala Lumpur', 'Johor Bahru']],
    ['Bombay, Madras, Calcutta and Bangalore', ['Mumbai', 'Chennai', 'Kolkata', 'Bengaluru']],
    ['Canton fair, then Yangon (Rangoon)', ['Guangzhou', 'Yangon']],
    ['A Delhi-based importer', ['New Delhi']],
    ['A Shanghainese restaurant; permission; pundits', []],
    ['office in Shanghai和北京', ['Shanghai', 'Beijing']],
    ['Société Générale à Hà Nội', ['Hanoi']],
  ])('finds the cities in "%s"', (text, cities) => {
    expect(namesIn(text)).toEqual(cities);
  });

  it.each(BY_CITY)('finds every English spelling of %s inside a sentence', (_name, city) => {
    const missed = city.names.en.filter((name) => !namesOnly(`We operate in ${name}, today.`, city));
    expect(missed).toEqual([]);
  });
});

describe('findCitiesInText: order and positions', () => {
  it('lists each city once, in order of first mention', () => {
    const text = 'Beijing first, then в Шанхае, then 北京 again, then Moscow.';
    expect(findCitiesInText(text).map((m) => [m.city.name, m.index])).toEqual([
      ['Beijing', 0],
      ['Shanghai', text.indexOf('Шанхае')],
      ['Moscow', text.indexOf('Moscow')],
    ]);
  });

  it.each([
    ['한국 회사, office in Shanghai', 'Shanghai'],
    ['🚀 Launch in Jakarta', 'Jakarta'],
    ['Ａ full-width start, then Hà Nội', 'Hà Nội'],
  ])('points into the original text even when folding changes lengths: %s', (text, written) => {
    expect(findCitiesInText(text)[0].index).toBe(text.indexOf(written));
  });

  it('finds nothing in an empty text', () => {
    expect(findCitiesInText('')).toEqual([]);
  });
});

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

describe('findCitiesInText: speed', () => {
  it('scans a 5,000-character message in about a millisecond', () => {
    const message = 'Нам нужно открыть банковский счёт в Шанхае и в Пекине; 我们在杭州开户. '.repeat(70).slice(0, 5000);
    expect(namesIn(message)).toEqual(['Shanghai', 'Beijing', 'Hangzhou']);
    expect(fastestRun(20, () => findCitiesInText(message))).toBeLessThan(3);
  });
});
