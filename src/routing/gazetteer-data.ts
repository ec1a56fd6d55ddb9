/**
 * The cities routing recognises: the main business cities of mainland China, Hong Kong, Macau,
 * Taiwan, Russia, Kazakhstan, India and the ASEAN countries, with every office's covered cities.
 *
 * `name` is the English canonical name, the one offices list in `coverageCities` and inquiries
 * store as their detected city. The alternatives are the spellings investors actually write: old
 * and new romanisations (Bombay, Canton, Alma-Ata), Russian names in the nominative (gazetteer.ts
 * derives the inflected forms), and Chinese names in simplified and, for the larger cities,
 * traditional characters.
 */

export interface GazetteerCity {
  /** English canonical name. */
  name: string;
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
  /** Every accepted spelling per language; `en` starts with the canonical name. */
  names: { en: string[]; ru: string[]; zh: string[] };
}

function city(name: string, countryCode: string, en: string[], ru: string[], zh: string[]): GazetteerCity {
  return { name, countryCode, names: { en: [name, ...en], ru, zh } };
}

export const GAZETTEER: ReadonlyArray<GazetteerCity> = [
  // Mainland China
  city('Shanghai', 'CN', [], ['Шанхай'], ['上海']),
  city('Beijing', 'CN', ['Peking'], ['Пекин'], ['北京']),
  city('Shenzhen', 'CN', [], ['Шэньчжэнь', 'Шеньчжень', 'Шэньчжень'], ['深圳']),
  city('Guangzhou', 'CN', ['Canton'], ['Гуанчжоу', 'Кантон'], ['广州', '廣州']),
  city('Tianjin', 'CN', ['Tientsin'], ['Тяньцзинь'], ['天津']),
  city('Chongqing', 'CN', ['Chungking'], ['Чунцин'], ['重庆', '重慶']),
  city('Chengdu', 'CN', [], ['Чэнду', 'Ченду'], ['成都']),
  city('Wuhan', 'CN', [], ['Ухань'], ['武汉', '武漢']),
  city('Hangzhou', 'CN', [], ['Ханчжоу'], ['杭州']),
  city('Nanjing', 'CN', ['Nanking'], ['Нанкин', 'Нанцзин'], ['南京']),
  city('Suzhou', 'CN', ['Soochow'], ['Сучжоу'], ['苏州', '蘇州']),
  city("Xi'an", 'CN', ['Xian', 'Sian'], ['Сиань'], ['西安']),
  city('Wuxi', 'CN', [], ['Уси'], ['无锡', '無錫']),
  city('Ningbo', 'CN', [], ['Нинбо'], ['宁波', '寧波']),
  city('Qingdao', 'CN', ['Tsingtao'], ['Циндао'], ['青岛', '青島']),
  city('Dalian', 'CN', [], ['Далянь'], ['大连', '大連']),
  city('Shenyang', 'CN', [], ['Шэньян', 'Шеньян'], ['沈阳', '瀋陽']),
  city('Harbin', 'CN', [], ['Харбин'], ['哈尔滨', '哈爾濱']),
  city('Changchun', 'CN', [], ['Чанчунь'], ['长春', '長春']),
  city('Jinan', 'CN', [], ['Цзинань'], ['济南', '濟南']),
  city('Zhengzhou', 'CN', [], ['Чжэнчжоу'], ['郑州', '鄭州']),
  city('Changsha', 'CN', [], ['Чанша'], ['长沙', '長沙']),
  city('Hefei', 'CN', [], ['Хэфэй', 'Хэфей'], ['合肥']),
  city('Nanchang', 'CN', [], ['Наньчан'], ['南昌']),
  city('Fuzhou', 'CN', ['Foochow'], ['Фучжоу'], ['福州']),
  city('Xiamen', 'CN', ['Amoy'], ['Сямэнь', 'Сямынь'], ['厦门', '廈門']),
  city('Quanzhou', 'CN', [], ['Цюаньчжоу'], ['泉州']),
  city('Kunming', 'CN', [], ['Куньмин'], ['昆明']),
  city('Nanning', 'CN', [], ['Наньнин'], ['南宁', '南寧']),
  city('Guiyang', 'CN', [], ['Гуйян'], ['贵阳', '貴陽']),
  city('Lanzhou', 'CN', [], ['Ланьчжоу'], ['兰州', '蘭州']),
  city('Urumqi', 'CN', ['Ürümqi', 'Urumchi'], ['Урумчи'], ['乌鲁木齐', '烏魯木齊']),
  city('Hohhot', 'CN', [], ['Хух-Хото', 'Хоххот'], ['呼和浩特']),
  city('Taiyuan', 'CN', [], ['Тайюань'], ['太原']),
  city('Shijiazhuang', 'CN', [], ['Шицзячжуан'], ['石家庄', '石家莊']),
  city('Haikou', 'CN', [], ['Хайкоу'], ['海口']),
  city('Sanya', 'CN', [], ['Санья'], ['三亚', '三亞']),
  city('Dongguan', 'CN', [], ['Дунгуань'], ['东莞', '東莞']),
  city('Foshan', 'CN', [], ['Фошань'], ['佛山']),
  city('Zhuhai', 'CN', [], ['Чжухай'], ['珠海']),
  city('Zhongshan', 'CN', [], ['Чжуншань'], ['中山']),
  city('Huizhou', 'CN', [], ['Хуэйчжоу'], ['惠州']),
  city('Shantou', 'CN', ['Swatow'], ['Шаньтоу'], ['汕头', '汕頭']),
  city('Wenzhou', 'CN', [], ['Вэньчжоу'], ['温州', '溫州']),
  city('Shaoxing', 'CN', [], ['Шаосин'], ['绍兴', '紹興']),
  city('Jiaxing', 'CN', [], ['Цзясин'], ['嘉兴', '嘉興']),
  city('Yiwu', 'CN', [], ['Иу'], ['义乌', '義烏']),
  city('Changzhou', 'CN', [], ['Чанчжоу'], ['常州']),
  city('Nantong', 'CN', [], ['Наньтун'], ['南通']),
  city('Yangzhou', 'CN', [], ['Янчжоу'], ['扬州', '揚州']),
  city('Xuzhou', 'CN', [], ['Сюйчжоу'], ['徐州']),
  city('Yantai', 'CN', [], ['Яньтай'], ['烟台', '煙台']),
  city('Weihai', 'CN', [], ['Вэйхай'], ['威海']),
  city('Tangshan', 'CN', [], ['Таншань'], ['唐山']),
  city('Baotou', 'CN', [], ['Баотоу'], ['包头', '包頭']),
  city('Xining', 'CN', [], ['Синин'], ['西宁', '西寧']),
  city('Yinchuan', 'CN', [], ['Иньчуань'], ['银川', '銀川']),
  city('Lhasa', 'CN', [], ['Лхаса'], ['拉萨', '拉薩']),
  city('Kashgar', 'CN', ['Kashi'], ['Кашгар'], ['喀什']),
  city('Manzhouli', 'CN', [], ['Маньчжоули'], ['满洲里']),
  city('Suifenhe', 'CN', [], ['Суйфэньхэ'], ['绥芬河']),
  city('Heihe', 'CN', [], ['Хэйхэ'], ['黑河']),
  city('Khorgos', 'CN', ['Horgos'], ['Хоргос'], ['霍尔果斯']),

  // Hong Kong, Macau, Taiwan
  city('Hong Kong', 'HK', ['Hongkong'], ['Гонконг', 'Сянган'], ['香港']),
  city('Macau', 'MO', ['Macao'], ['Макао', 'Аомынь'], ['澳门', '澳門']),
  city('Taipei', 'TW', [], ['Тайбэй', 'Тайбей'], ['台北', '臺北']),
  city('Kaohsiung', 'TW', [], ['Гаосюн'], ['高雄']),
  city('Taichung', 'TW', [], ['Тайчжун'], ['台中', '臺中']),
  city('Tainan', 'TW', [], ['Тайнань'], ['台南', '臺南']),
  city('Hsinchu', 'TW', [], ['Синьчжу'], ['新竹']),
  city('Taoyuan', 'TW', [], ['Таоюань'], ['桃园', '桃園']),

  // Russia
  city('Moscow', 'RU', ['Moskva'], ['Москва'], ['莫斯科']),
  city(
    'Saint Petersburg',
    'RU',
    ['St. Petersburg', 'St Petersburg', 'Sankt-Peterburg', 'Sankt Petersburg', 'Petersburg'],
    ['Санкт-Петербург', 'Петербург', 'СПб'],
    ['圣彼得堡', '聖彼得堡'],
  ),
  city('Novosibirsk', 'RU', [], ['Новосибирск'], ['新西伯利亚']),
  city('Yekaterinburg', 'RU', ['Ekaterinburg'], ['Екатеринбург'], ['叶卡捷琳堡']),
  city('Kazan', 'RU', [], ['Казань'], ['喀山']),
  city('Nizhny Novgorod', 'RU', ['Nizhniy Novgorod', 'Nizhni Novgorod'], ['Нижний Новгород'], ['下诺夫哥罗德']),
  city('Chelyabinsk', 'RU', [], ['Челябинск'], ['车里雅宾斯克']),
  city('Samara', 'RU', [], ['Самара'], ['萨马拉']),
  city('Omsk', 'RU', [], ['Омск'], ['鄂木斯克']),
  city(
    'Rostov-on-Don',
    'RU',
    ['Rostov-na-Donu', 'Rostov'],
    ['Ростов-на-Дону', 'Ростов'],
    ['顿河畔罗斯托夫', '罗斯托夫'],
  ),
  city('Ufa', 'RU', [], ['Уфа'], ['乌法']),
  city('Krasnoyarsk', 'RU', [], ['Красноярск'], ['克拉斯诺亚尔斯克']),
  city('Voronezh', 'RU', [], ['Воронеж'], ['沃罗涅日']),
  city('Perm', 'RU', [], ['Пермь'], ['彼尔姆']),
  city('Volgograd', 'RU', [], ['Волгоград'], ['伏尔加格勒']),
  city('Krasnodar', 'RU', [], ['Краснодар'], ['克拉斯诺达尔']),
  city('Vladivostok', 'RU', [], ['Владивосток'], ['符拉迪沃斯托克', '海参崴']),
  city('Khabarovsk', 'RU', [], ['Хабаровск'], ['哈巴罗夫斯克', '伯力']),
  city('Irkutsk', 'RU', [], ['Иркутск'], ['伊尔库茨克']),
  city('Tyumen', 'RU', [], ['Тюмень'], ['秋明']),
  city('Kaliningrad', 'RU', [], ['Калининград'], ['加里宁格勒']),
  city('Sochi', 'RU', [], ['Сочи'], ['索契']),
  city('Tomsk', 'RU', [], ['Томск'], ['托木斯克']),
  city('Blagoveshchensk', 'RU', [], ['Благовещенск'], ['布拉戈维申斯克', '海兰泡']),

  // Kazakhstan
  city('Almaty', 'KZ', ['Alma-Ata'], ['Алматы', 'Алма-Ата'], ['阿拉木图', '阿拉木圖']),
  city('Astana', 'KZ', ['Nur-Sultan'], ['Астана', 'Нур-Султан'], ['阿斯塔纳', '努尔苏丹']),
  city('Shymkent', 'KZ', ['Chimkent'], ['Шымкент', 'Чимкент'], ['奇姆肯特']),
  city('Karaganda', 'KZ', ['Karagandy'], ['Караганда'], ['卡拉干达']),
  city('Aktobe', 'KZ', ['Aktyubinsk'], ['Актобе', 'Актюбинск'], ['阿克托别']),
  city('Atyrau', 'KZ', [], ['Атырау'], ['阿特劳']),
  city('Aktau', 'KZ', [], ['Актау'], ['阿克套']),
  city('Pavlodar', 'KZ', [], ['Павлодар'], ['巴甫洛达尔']),
  city('Ust-Kamenogorsk', 'KZ', ['Oskemen', 'Öskemen'], ['Усть-Каменогорск', 'Оскемен'], ['厄斯克门']),

  // India
  city('Mumbai', 'IN', ['Bombay'], ['Мумбаи', 'Бомбей'], ['孟买', '孟買']),
  city('New Delhi', 'IN', ['Delhi'], ['Нью-Дели', 'Дели'], ['新德里', '德里']),
  city('Bengaluru', 'IN', ['Bangalore'], ['Бангалор', 'Бенгалуру'], ['班加罗尔', '班加羅爾']),
  city('Chennai', 'IN', ['Madras'], ['Ченнаи', 'Мадрас'], ['金奈', '马德拉斯']),
  city('Hyderabad', 'IN', [], ['Хайдарабад'], ['海得拉巴']),
  city('Kolkata', 'IN', ['Calcutta'], ['Калькутта', 'Колката'], ['加尔各答', '加爾各答']),
  city('Pune', 'IN', ['Poona'], ['Пуна', 'Пуне'], ['浦那']),
  city('Ahmedabad', 'IN', ['Amdavad'], ['Ахмадабад', 'Ахмедабад'], ['艾哈迈达巴德']),
  city('Gurugram', 'IN', ['Gurgaon'], ['Гургаон', 'Гуруграм'], ['古尔冈', '古鲁格拉姆']),
  city('Noida', 'IN', [], ['Нойда'], ['诺伊达']),
  city('Surat', 'IN', [], ['Сурат'], ['苏拉特']),
  city('Jaipur', 'IN', [], ['Джайпур'], ['斋浦尔']),
  city('Lucknow', 'IN', [], ['Лакхнау'], ['勒克瑙']),
  city('Kochi', 'IN', ['Cochin'], ['Кочи', 'Кочин'], ['科钦']),
  city('Coimbatore', 'IN', [], ['Коимбатур'], ['哥印拜陀']),
  city('Chandigarh', 'IN', [], ['Чандигарх'], ['昌迪加尔']),
  city('Indore', 'IN', [], ['Индаур', 'Индор'], ['印多尔']),
  city('Nagpur', 'IN', [], ['Нагпур'], ['那格浦尔']),
  city('Visakhapatnam', 'IN', ['Vizag'], ['Вишакхапатнам'], ['维沙卡帕特南']),
  city('Vadodara', 'IN', ['Baroda'], ['Вадодара', 'Барода'], ['瓦多达拉']),
  city('Thiruvananthapuram', 'IN', ['Trivandrum'], ['Тируванантапурам'], ['特里凡得琅']),

  // Singapore, Malaysia, Brunei
  city('Singapore', 'SG', [], ['Сингапур'], ['新加坡']),
  city('Kuala Lumpur', 'MY', [], ['Куала-Лумпур'], ['吉隆坡']),
  city(
    'Penang',
    'MY',
    ['George Town', 'Georgetown', 'Pulau Pinang'],
    ['Пенанг', 'Джорджтаун'],
    ['槟城', '槟榔屿', '檳城'],
  ),
  city('Johor Bahru', 'MY', ['Johor Baharu'], ['Джохор-Бару'], ['新山']),
  city('Putrajaya', 'MY', [], ['Путраджая'], ['布城']),
  city('Malacca', 'MY', ['Melaka'], ['Малакка', 'Мелака'], ['马六甲']),
  city('Ipoh', 'MY', [], ['Ипох'], ['怡保']),
  city('Kuching', 'MY', [], ['Кучинг'], ['古晋']),
  city('Kota Kinabalu', 'MY', [], ['Кота-Кинабалу'], ['亚庇', '哥打京那巴鲁']),
  city('Petaling Jaya', 'MY', [], ['Петалинг-Джая'], ['八打灵再也']),
  city('Shah Alam', 'MY', [], ['Шах-Алам'], ['莎阿南']),
  city('Bandar Seri Begawan', 'BN', [], ['Бандар-Сери-Бегаван'], ['斯里巴加湾市', '斯里巴加湾']),

  // Indonesia
  city('Jakarta', 'ID', ['Djakarta'], ['Джакарта'], ['雅加达', '雅加達']),
  city('Surabaya', 'ID', ['Soerabaja'], ['Сурабая'], ['泗水']),
  city('Bandung', 'ID', [], ['Бандунг'], ['万隆']),
  city('Medan', 'ID', [], ['Медан'], ['棉兰']),
  city('Semarang', 'ID', [], ['Семаранг'], ['三宝垄']),
  city('Batam', 'ID', [], ['Батам'], ['巴淡岛', '巴淡']),
  city('Makassar', 'ID', [], ['Макасар'], ['望加锡']),
  city('Denpasar', 'ID', [], ['Денпасар'], ['登巴萨']),

  // Thailand
  city('Bangkok', 'TH', ['Krung Thep'], ['Бангкок'], ['曼谷']),
  city('Chiang Mai', 'TH', ['Chiangmai'], ['Чиангмай'], ['清迈', '清邁']),
  city('Pattaya', 'TH', [], ['Паттайя'], ['芭提雅']),
  city('Phuket', 'TH', [], ['Пхукет'], ['普吉']),
  city('Rayong', 'TH', [], ['Районг'], ['罗勇']),
  city('Chonburi', 'TH', ['Chon Buri'], ['Чонбури'], ['春武里']),

  // Vietnam
  city(
    'Ho Chi Minh City',
    'VN',
    ['Ho Chi Minh', 'Saigon', 'HCMC'],
    ['Хошимин', 'Хо Ши Мин', 'Сайгон'],
    ['胡志明市', '胡志明', '西贡', '西貢'],
  ),
  city('Hanoi', 'VN', ['Ha Noi'], ['Ханой'], ['河内', '河內']),
  city('Da Nang', 'VN', ['Danang'], ['Дананг'], ['岘港', '峴港']),
  city('Haiphong', 'VN', ['Hai Phong'], ['Хайфон'], ['海防']),
  city('Can Tho', 'VN', ['Cantho'], ['Кантхо'], ['芹苴']),
  city('Bac Ninh', 'VN', [], ['Бакнинь'], ['北宁']),

  // Philippines
  city('Manila', 'PH', ['Metro Manila'], ['Манила'], ['马尼拉', '馬尼拉']),
  city('Makati', 'PH', [], ['Макати'], ['马卡蒂']),
  city('Quezon City', 'PH', [], ['Кесон-Сити'], ['奎松市']),
  city('Taguig', 'PH', [], ['Тагиг'], ['达义']),
  city('Cebu', 'PH', ['Cebu City'], ['Себу'], ['宿务', '宿霧']),
  city('Davao', 'PH', ['Davao City'], ['Давао'], ['达沃']),

  // Cambodia, Laos, Myanmar
  city('Phnom Penh', 'KH', [], ['Пномпень'], ['金边', '金邊']),
  city('Siem Reap', 'KH', [], ['Сиемреап'], ['暹粒']),
  city('Sihanoukville', 'KH', ['Kampong Som'], ['Сиануквиль'], ['西哈努克港', '西港']),
  city('Vientiane', 'LA', [], ['Вьентьян'], ['万象', '萬象']),
  city('Luang Prabang', 'LA', [], ['Луангпхабанг', 'Луанг-Прабанг'], ['琅勃拉邦']),
  city('Yangon', 'MM', ['Rangoon'], ['Янгон', 'Рангун'], ['仰光']),
  city('Mandalay', 'MM', [], ['Мандалай'], ['曼德勒']),
  city('Naypyidaw', 'MM', ['Nay Pyi Taw', 'Naypyitaw'], ['Нейпьидо'], ['内比都']),
];

/**
 * Chinese words that contain a city name across a word boundary (广西安排 is Guangxi + arrange,
 * not Xi'an; 平台中 is platform + in, not Taichung). The scanner consumes them like names and
 * reports nothing, which is the cheap part of word segmentation that matters here.
 */
export const CHINESE_NON_CITY_WORDS: readonly string[] = [
  '广西',
  '江西',
  '山西',
  '陕西',
  '东西',
  '平台',
  '沿海',
  '出海',
  '复合肥',
];
