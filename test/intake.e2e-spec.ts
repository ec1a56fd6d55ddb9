/**
 * POST /api/v1/inquiries end to end: every validation rule (nothing written on a 400), Unicode
 * stored exactly, phones in E.164, contact and client dedupe, Idempotency-Key (sequential and
 * concurrent), duplicates, the honeypot, the outbox row, and the public look-ups.
 */
import { randomBytes } from 'node:crypto';
import { InquiryBody, inquiryBody, intakeCounts, uniqueEmail } from './factories/inquiries';
import { bearer, createTestApp, TestApp } from './setup/test-app';

const URL = '/api/v1/inquiries';

interface InquiryDbRow {
  id: string;
  reference: string;
  status: string;
  full_name: string;
  email: string;
  phone: string | null;
  company: string | null;
  target_city: string | null;
  message: string;
  contact_id: string;
  client_id: string;
  duplicate_of_id: string | null;
  consent_privacy: boolean;
  consent_marketing: boolean;
  consent_text_version: string | null;
  consent_ip: string | null;
  user_agent: string | null;
  idempotency_key: string | null;
}

describe('Inquiry intake (POST /inquiries)', () => {
  let t: TestApp;

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    t.http
      .post(URL)
      .set(headers)
      .send(body as object);
  const row = async (id: string): Promise<InquiryDbRow> =>
    (await t.db.query(`SELECT * FROM inquiries WHERE id = $1`, [id]))[0];
  const outboxFor = async (id: string) =>
    t.db.query(`SELECT topic, payload, job_id, published_at FROM outbox WHERE job_id = $1`, [id]);

  beforeAll(async () => {
    t = await createTestApp();
    await t.db.query(
      `INSERT INTO service_lines (code, names, active, position) VALUES ('retired_line', '{"en":"Retired","ru":"Старое","zh":"旧"}', false, 999)`,
    );
  });
  afterAll(() => t.close());

  describe('validation', () => {
    const big = (n: number, ch = 'a') => ch.repeat(n);
    const without = (field: keyof InquiryBody) => {
      const b = inquiryBody();
      delete b[field];
      return b;
    };
    const cases: Array<[string, string, () => unknown]> = [
      ['fullName missing', 'fullName', () => without('fullName')],
      ['fullName of one character', 'fullName', () => inquiryBody({ fullName: 'A' })],
      ['fullName of one character after trimming', 'fullName', () => inquiryBody({ fullName: '   A   ' })],
      ['fullName of 201 characters', 'fullName', () => inquiryBody({ fullName: big(201) })],
      ['fullName of 201 emoji (counted as characters)', 'fullName', () => inquiryBody({ fullName: big(201, '😀') })],
      ['fullName a number', 'fullName', () => inquiryBody({ fullName: 42 as unknown as string })],
      ['fullName with NUL', 'fullName', () => inquiryBody({ fullName: 'Ivan\u0000Petrov' })],
      ['fullName with a lone high surrogate', 'fullName', () => inquiryBody({ fullName: 'Ivan \uD83D Petrov' })],
      ['email missing', 'email', () => without('email')],
      ['email not an address', 'email', () => inquiryBody({ email: 'not-an-email' })],
      [
        'email with a lone surrogate (validator.js would throw)',
        'email',
        () => inquiryBody({ email: '\uDC00ivan@example.com' }),
      ],
      ['email without a domain dot', 'email', () => inquiryBody({ email: 'ivan@localhost' })],
      [
        'email of 260 characters',
        'email',
        () => inquiryBody({ email: `${big(64)}@${big(63)}.${big(63)}.${big(63)}.com` }),
      ],
      ['phone that is not a number', 'phone', () => inquiryBody({ phone: '12345' })],
      ['phone not a string', 'phone', () => inquiryBody({ phone: 79161234567 as unknown as string })],
      ['company of 201 characters', 'company', () => inquiryBody({ company: big(201) })],
      ['company with NUL', 'company', () => inquiryBody({ company: 'Acme\u0000' })],
      ['originCountry missing', 'originCountry', () => without('originCountry')],
      ['originCountry not ISO', 'originCountry', () => inquiryBody({ originCountry: 'XX' })],
      ['originCountry in lower case', 'originCountry', () => inquiryBody({ originCountry: 'ru' })],
      ['originCountry alpha-3', 'originCountry', () => inquiryBody({ originCountry: 'RUS' })],
      ['targetCountry not ISO', 'targetCountry', () => inquiryBody({ targetCountry: 'ZZ' })],
      ['targetCity of 101 characters', 'targetCity', () => inquiryBody({ targetCity: big(101) })],
      [
        'serviceLines not an array',
        'serviceLines',
        () => inquiryBody({ serviceLines: 'bank_account' as unknown as string[] }),
      ],
      [
        'serviceLines with 13 items',
        'serviceLines',
        () => inquiryBody({ serviceLines: Array.from({ length: 13 }, (_, i) => `line_${i}`) }),
      ],
      ['serviceLines with a number', 'serviceLines', () => inquiryBody({ serviceLines: [7 as unknown as string] })],
      [
        'serviceLines with an unknown code',
        'serviceLines',
        () => inquiryBody({ serviceLines: ['bank_account', 'astrology'] }),
      ],
      ['serviceLines with an inactive code', 'serviceLines', () => inquiryBody({ serviceLines: ['retired_line'] })],
      ['message missing', 'message', () => without('message')],
      ['message of 9 characters', 'message', () => inquiryBody({ message: '123456789' })],
      ['message of 9 characters after trimming', 'message', () => inquiryBody({ message: '   123456789   ' })],
      ['message of 5001 characters', 'message', () => inquiryBody({ message: big(5001) })],
      ['message with NUL', 'message', () => inquiryBody({ message: 'Hello there \u0000 world' })],
      ['message with a lone low surrogate', 'message', () => inquiryBody({ message: 'Hello there \uDC00 world' })],
      ['preferredLanguage not offered', 'preferredLanguage', () => inquiryBody({ preferredLanguage: 'de' })],
      ['source unknown', 'source', () => inquiryBody({ source: 'billboard' })],
      ['consent missing', 'consent', () => without('consent')],
      ['consent not an object', 'consent', () => inquiryBody({ consent: 'yes' as unknown as InquiryBody['consent'] })],
      ['consent.privacy false', 'consent.privacy', () => inquiryBody({ consent: { privacy: false } })],
      [
        'consent.privacy a string',
        'consent.privacy',
        () => inquiryBody({ consent: { privacy: 'true' as unknown as boolean } }),
      ],
      ['consent.privacy missing', 'consent.privacy', () => inquiryBody({ consent: {} as InquiryBody['consent'] })],
      [
        'consent.marketing not a boolean',
        'consent.marketing',
        () => inquiryBody({ consent: { privacy: true, marketing: 'yes' as unknown as boolean } }),
      ],
      [
        'consent.textVersion of 51 characters',
        'consent.textVersion',
        () => inquiryBody({ consent: { privacy: true, textVersion: big(51) } }),
      ],
      [
        'an unknown field in consent',
        'consent.signedBy',
        () => inquiryBody({ consent: { privacy: true, signedBy: 'me' } as InquiryBody['consent'] }),
      ],
      ['an unknown top-level field', 'budget', () => inquiryBody({ budget: 100000 })],
      ['a field named like an Object member', 'constructor', () => ({ ...inquiryBody(), constructor: 'x' })],
      [
        'a consent field named like an Object member',
        'consent.toString',
        () => inquiryBody({ consent: { privacy: true, toString: 'x' } as unknown as InquiryBody['consent'] }),
      ],
      ['a body that is an array', 'fullName', () => [inquiryBody()]],
      [
        'a name with line breaks (it would carry text into e-mails sent in the firm’s name)',
        'fullName',
        () => inquiryBody({ fullName: 'Ivan Petrov\n\nPlease confirm at http://evil.example/login' }),
      ],
      ['a company with a tab', 'company', () => inquiryBody({ company: 'Uralmash\tLLC' })],
      [
        'a name with a Unicode line separator',
        'fullName',
        () => inquiryBody({ fullName: 'Ivan Petrov\u2028Please confirm at http://evil.example/login' }),
      ],
      ['a city with a paragraph separator', 'targetCity', () => inquiryBody({ targetCity: 'Shanghai\u2029Beijing' })],
      ['a city with a carriage return', 'targetCity', () => inquiryBody({ targetCity: 'Shang\rhai' })],
      [
        // 157 characters as sent, 309 once lower-cased (İ → i + U+0307), the form it is stored in.
        'an email that outgrows 254 characters when lower-cased',
        'email',
        () => inquiryBody({ email: `${'İ'.repeat(32)}@${'İ'.repeat(60)}.${'İ'.repeat(60)}.com` }),
      ],
    ];

    it.each(cases)('%s → 400 naming %s, nothing written', async (_, field, build) => {
      const before = await intakeCounts(t.db);
      const res = await post(build());
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 400, title: 'Bad Request' });
      expect((res.body.errors as Array<{ field: string }>).map((e) => e.field)).toContain(field);
      expect(await intakeCounts(t.db)).toEqual(before);
    });

    it('names every offending field at once', async () => {
      const res = await post(inquiryBody({ fullName: 'A', email: 'nope', consent: { privacy: false } }));
      expect(res.status).toBe(400);
      const fields = new Set((res.body.errors as Array<{ field: string }>).map((e) => e.field));
      expect(fields).toEqual(new Set(['fullName', 'email', 'consent.privacy']));
    });

    it('refuses an Idempotency-Key over 100 characters, writing nothing', async () => {
      const before = await intakeCounts(t.db);
      const res = await post(inquiryBody(), { 'Idempotency-Key': 'k'.repeat(101) });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
      expect(await intakeCounts(t.db)).toEqual(before);
    });

    it('answers 413 over 512 KB, 415 for non-JSON and 400 for malformed JSON, writing nothing', async () => {
      const before = await intakeCounts(t.db);
      const huge = await post(inquiryBody({ message: 'x'.repeat(520 * 1024) }));
      expect(huge.status).toBe(413);
      expect(huge.headers['content-type']).toMatch(/^application\/problem\+json/);
      const text = await t.http.post(URL).set('Content-Type', 'text/plain').send('hello');
      expect(text.status).toBe(415);
      const form = await t.http
        .post(URL)
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send('fullName=Ivan');
      expect(form.status).toBe(415);
      const broken = await t.http.post(URL).set('Content-Type', 'application/json').send('{"fullName": "Iv');
      expect(broken.status).toBe(400);
      expect(broken.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await intakeCounts(t.db)).toEqual(before);
    });

    it('accepts blank optional fields as absent and trims text', async () => {
      const res = await post(
        inquiryBody({
          fullName: '  Anna Smirnova \n',
          phone: '',
          company: '   ',
          targetCity: '',
          targetCountry: '',
          preferredLanguage: '',
          source: '',
          website: '',
        }),
      );
      expect(res.status).toBe(201);
      const r = await row(res.body.id);
      expect(r).toMatchObject({
        full_name: 'Anna Smirnova',
        phone: null,
        company: null,
        target_city: null,
        status: 'received',
      });
    });
  });

  describe('a valid inquiry', () => {
    it('answers 201 with id, reference and status, a Location, and stores the consent record', async () => {
      const body = inquiryBody({ consent: { privacy: true, marketing: true, textVersion: '2026-01' } });
      const res = await post(body, { 'User-Agent': 'IntakeTest/1.0' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        reference: expect.stringMatching(/^INQ-\d{4}-\d{6}$/),
        status: 'received',
      });
      expect(res.headers.location).toBe(`${URL}/${res.body.id}`);
      expect(res.body.reference.slice(4, 8)).toBe(String(new Date().getUTCFullYear()));
      const r = await row(res.body.id);
      expect(r).toMatchObject({
        consent_privacy: true,
        consent_marketing: true,
        consent_text_version: '2026-01',
        user_agent: 'IntakeTest/1.0',
        email: body.email,
      });
      expect(r.consent_ip).toMatch(/127\.0\.0\.1|::1/);
    });

    it('hands out references from the sequence, never the same twice', async () => {
      const refs = await Promise.all(
        Array.from({ length: 5 }, () => post(inquiryBody()).then((r) => r.body.reference as string)),
      );
      expect(new Set(refs).size).toBe(5);
    });

    it('writes an outbox row to route it, in the same transaction, and touches no queue', async () => {
      const res = await post(inquiryBody());
      expect(await outboxFor(res.body.id)).toEqual([
        { topic: 'route-inquiry', payload: { inquiryId: res.body.id }, job_id: res.body.id, published_at: null },
      ]);
    });
  });

  describe('Unicode', () => {
    const samples: Array<[string, Partial<InquiryBody>]> = [
      [
        'Cyrillic',
        {
          fullName: 'Иван Ёлкин-Щукин',
          company: 'ООО «Уральская сталь»',
          targetCity: 'Шанхай',
          message: 'Хотим открыть счёт в банке и зарегистрировать компанию.',
        },
      ],
      [
        'Han',
        {
          fullName: '王小明',
          company: '深圳华强贸易有限公司',
          targetCity: '胡志明市',
          message: '我们想在越南设立一家贸易公司，请联系我们。',
        },
      ],
      [
        'emoji with modifiers and ZWJ',
        { fullName: 'Ana 👩🏽‍💼', message: 'Looking to expand 🚀🇸🇬 — family business 👨‍👩‍👧‍👦 needs a bank account ✅' },
      ],
      [
        'right-to-left',
        { fullName: 'محمد العلي', company: 'שלום בע"מ', message: 'نريد فتح حساب مصرفي في شنغهاي. ‏תודה רבה‏' },
      ],
      [
        'decomposed accents kept as sent (no NFC)',
        { fullName: 'Jose\u0301 Mari\u0301a', message: 'Cafe\u0301 chain expansion into Singapore, please advise.' },
      ],
      [
        // The message may hold any of them; names, companies and cities are one line (see validation).
        'control characters other than NUL in the message',
        { fullName: 'Plain Name', message: 'Line one\r\nLine two\u0007 and a bell,\ttabbed.' },
      ],
    ];

    it.each(samples)('%s is stored exactly', async (_, fields) => {
      const res = await post(inquiryBody(fields));
      expect(res.status).toBe(201);
      const r = await row(res.body.id);
      expect(r.full_name).toBe(fields.fullName);
      expect(r.message).toBe(fields.message);
      if (fields.company) expect(r.company).toBe(fields.company);
      if (fields.targetCity) expect(r.target_city).toBe(fields.targetCity);
      const detail = await t.http.get(`${URL}/${res.body.id}`).set(bearer(await t.adminToken()));
      expect(detail.body.fullName).toBe(fields.fullName);
      expect(detail.body.message).toBe(fields.message);
    });

    it('takes the largest valid inquiry with every character \\u-escaped, as JSON encoders may write it', async () => {
      const fields = {
        fullName: '😀'.repeat(200),
        company: '😀'.repeat(200),
        targetCity: '😀'.repeat(100),
        message: '😀'.repeat(5000),
      };
      // Python's json.dumps, by default: every UTF-16 unit outside ASCII as \uXXXX (12 bytes an emoji).
      const escaped = JSON.stringify(inquiryBody(fields)).replace(
        /[\u0080-\uffff]/g,
        (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
      );
      expect(Buffer.byteLength(escaped)).toBeGreaterThan(64 * 1024);
      const res = await t.http.post(URL).set('Content-Type', 'application/json').send(escaped);
      expect(res.status).toBe(201);
      const stored = await row(res.body.id);
      expect({ fullName: stored.full_name, message: stored.message }).toEqual({
        fullName: fields.fullName,
        message: fields.message,
      });
    });

    it('counts 200 emoji as 200 characters and stores them', async () => {
      const name = '😀'.repeat(200);
      const res = await post(inquiryBody({ fullName: name }));
      expect(res.status).toBe(201);
      expect((await row(res.body.id)).full_name).toBe(name);
    });
  });

  describe('phones', () => {
    it.each([
      ['8 (916) 123-45-67', 'RU', '+79161234567'],
      ['021 6123 4567', 'CN', '+862161234567'],
      ['+1 202-456-1111', 'RU', '+12024561111'],
      ['+65 6123 4567', 'CN', '+6561234567'],
    ])('%s from %s is stored as %s on the inquiry and the contact', async (phone, originCountry, e164) => {
      const res = await post(inquiryBody({ phone, originCountry }));
      expect(res.status).toBe(201);
      const r = await row(res.body.id);
      expect(r.phone).toBe(e164);
      const [contact] = await t.db.query(`SELECT phone FROM contacts WHERE id = $1`, [r.contact_id]);
      expect(contact.phone).toBe(e164);
    });
  });

  describe('contact and client dedupe', () => {
    const clientOf = async (id: string) => (await t.db.query(`SELECT * FROM clients WHERE id = $1`, [id]))[0];

    it('files the same email (any case, any spaces) under one contact and client', async () => {
      const email = uniqueEmail();
      const a = await post(inquiryBody({ email }));
      const b = await post(inquiryBody({ email: `  ${email.toUpperCase()} `, fullName: 'I. Petrov' }));
      const [ra, rb] = [await row(a.body.id), await row(b.body.id)];
      expect(rb.contact_id).toBe(ra.contact_id);
      expect(rb.client_id).toBe(ra.client_id);
      const contacts = await t.db.query(`SELECT email, full_name FROM contacts WHERE email = $1`, [email]);
      expect(contacts).toEqual([{ email, full_name: 'Ivan Petrov' }]);
    });

    it('fills in a phone the contact did not have yet, and never overwrites one', async () => {
      const email = uniqueEmail();
      const a = await post(inquiryBody({ email }));
      await post(inquiryBody({ email, phone: '+79161234567' }));
      await post(inquiryBody({ email, phone: '+79167654321' }));
      const [contact] = await t.db.query(`SELECT phone FROM contacts WHERE id = $1`, [
        (await row(a.body.id)).contact_id,
      ]);
      expect(contact.phone).toBe('+79161234567');
    });

    it('lets a bot (the honeypot) change no real contact, found no company and join none', async () => {
      const email = uniqueEmail();
      const real = await post(inquiryBody({ email, preferredLanguage: undefined }));
      const contactId = (await row(real.body.id)).contact_id;
      const before = (await t.db.query(`SELECT * FROM contacts WHERE id = $1`, [contactId]))[0];
      await post(inquiryBody({ email, phone: '+79990000000', preferredLanguage: 'zh', website: 'bot' }));
      expect((await t.db.query(`SELECT * FROM contacts WHERE id = $1`, [contactId]))[0]).toEqual(before);

      // A new corporate domain and a company name from a bot: an individual client, no domain claimed ...
      const domain = `spam-${randomBytes(3).toString('hex')}.com`;
      const spam = await post(inquiryBody({ email: `bot@${domain}`, company: 'Spam Holdings', website: 'bot' }));
      expect(await clientOf((await row(spam.body.id)).client_id)).toMatchObject({
        type: 'individual',
        email_domain: null,
      });
      // ... so the first genuine sender of that domain founds its company.
      const genuine = await post(inquiryBody({ email: `anna@${domain}`, company: 'Real Trading Ltd.' }));
      expect(await clientOf((await row(genuine.body.id)).client_id)).toMatchObject({
        type: 'company',
        name: 'Real Trading Ltd.',
        email_domain: domain,
      });
      // And a bot writing from that company's domain adds no contact to it.
      const companyId = (await row(genuine.body.id)).client_id;
      const [{ n: contactsBefore }] = await t.db.query(`SELECT count(*)::int AS n FROM contacts WHERE client_id = $1`, [
        companyId,
      ]);
      const intruder = await post(inquiryBody({ email: `intruder@${domain}`, website: 'bot' }));
      expect((await row(intruder.body.id)).client_id).not.toBe(companyId);
      const [{ n: contactsAfter }] = await t.db.query(`SELECT count(*)::int AS n FROM contacts WHERE client_id = $1`, [
        companyId,
      ]);
      expect(contactsAfter).toBe(contactsBefore);
    });

    it('files a genuine sender of an address a bot used first as the sender, not as the bot wrote it', async () => {
      // Bots fill forms with scraped real addresses. The contact they leave behind is the bot's
      // words; the real owner writing later must not inherit its name, phone, language or client.
      const domain = `scraped-${randomBytes(3).toString('hex')}.com`;
      const colleague = await post(inquiryBody({ email: `anna@${domain}` }));
      const companyId = (await row(colleague.body.id)).client_id;
      const email = `ceo@${domain}`;
      const bot = await post(
        inquiryBody({ email, fullName: 'Cheap Pills', phone: '+79990000000', preferredLanguage: 'zh', website: 'x' }),
      );
      const botClientId = (await row(bot.body.id)).client_id;
      expect(botClientId).not.toBe(companyId);

      const genuine = await post(
        inquiryBody({ email, fullName: 'Oleg Sokolov', phone: '+7 916 123-45-67', preferredLanguage: 'ru' }),
      );
      const r = await row(genuine.body.id);
      expect(r.client_id).toBe(companyId);
      expect(r.contact_id).toBe((await row(bot.body.id)).contact_id);
      const [contact] = await t.db.query(
        `SELECT client_id, full_name, phone, preferred_language FROM contacts WHERE id = $1`,
        [r.contact_id],
      );
      expect(contact).toEqual({
        client_id: companyId,
        full_name: 'Oleg Sokolov',
        phone: '+79161234567',
        preferred_language: 'ru',
      });
      // The bot's client keeps the bot's inquiry, out of the lists.
      expect(await clientOf(botClientId)).toMatchObject({ type: 'individual', quarantined: true });

      // On free mail the sender is an individual: the bot's one, under the sender's own name.
      const personal = uniqueEmail('mail.ru');
      const spam = await post(
        inquiryBody({ email: personal, fullName: 'Cheap Pills', originCountry: 'CN', website: 'x' }),
      );
      const real = await post(inquiryBody({ email: personal, fullName: 'Олег Соколов', originCountry: 'RU' }));
      expect((await row(real.body.id)).client_id).toBe((await row(spam.body.id)).client_id);
      expect(await clientOf((await row(real.body.id)).client_id)).toMatchObject({
        type: 'individual',
        name: 'Олег Соколов',
        country_code: 'RU',
        quarantined: false,
      });
      const [{ full_name }] = await t.db.query(`SELECT full_name FROM contacts WHERE email = $1`, [personal]);
      expect(full_name).toBe('Олег Соколов');
    });

    it('puts colleagues at one company domain under one company client', async () => {
      const domain = `acme-${randomBytes(3).toString('hex')}.com`;
      const a = await post(inquiryBody({ email: `anna@${domain}`, company: 'Acme Trading Ltd.', originCountry: 'SG' }));
      const b = await post(inquiryBody({ email: `boris@${domain.toUpperCase()}` }));
      const [ra, rb] = [await row(a.body.id), await row(b.body.id)];
      expect(rb.client_id).toBe(ra.client_id);
      expect(rb.contact_id).not.toBe(ra.contact_id);
      expect(await clientOf(ra.client_id)).toMatchObject({
        type: 'company',
        name: 'Acme Trading Ltd.',
        email_domain: domain,
        country_code: 'SG',
      });
    });

    it('names a company client after its domain when no company is given', async () => {
      const domain = `volga-${randomBytes(3).toString('hex')}.ru`;
      const a = await post(inquiryBody({ email: `ceo@${domain}` }));
      expect(await clientOf((await row(a.body.id)).client_id)).toMatchObject({
        type: 'company',
        name: domain,
        email_domain: domain,
      });
    });

    it('never groups free-mail users: each gmail.com sender is an individual client', async () => {
      const a = await post(inquiryBody({ email: uniqueEmail('gmail.com') }));
      const b = await post(inquiryBody({ email: uniqueEmail('gmail.com') }));
      const [ra, rb] = [await row(a.body.id), await row(b.body.id)];
      expect(ra.client_id).not.toBe(rb.client_id);
      expect(await clientOf(ra.client_id)).toMatchObject({
        type: 'individual',
        name: 'Ivan Petrov',
        email_domain: null,
      });
    });

    it.each(['mail.ru', 'yandex.ru', 'qq.com', '163.com'])('treats %s as free mail', async (domain) => {
      const a = await post(inquiryBody({ email: uniqueEmail(domain) }));
      expect(await clientOf((await row(a.body.id)).client_id)).toMatchObject({
        type: 'individual',
        email_domain: null,
      });
    });

    it('matches a company by its normalized name when the senders use free mail', async () => {
      const stem = `Sibir Metals ${randomBytes(2).toString('hex')}`;
      const a = await post(inquiryBody({ email: uniqueEmail('mail.ru'), company: `OOO ${stem}` }));
      const b = await post(inquiryBody({ email: uniqueEmail('gmail.com'), company: `${stem.toUpperCase()} LLC` }));
      const [ra, rb] = [await row(a.body.id), await row(b.body.id)];
      expect(rb.client_id).toBe(ra.client_id);
      expect(await clientOf(ra.client_id)).toMatchObject({ type: 'company', email_domain: null });
    });

    it('creates one contact and one client when the same new sender submits concurrently', async () => {
      const domain = `race-${randomBytes(3).toString('hex')}.com`;
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          post(inquiryBody({ email: `buyer@${domain}`, message: `Concurrent inquiry number ${i} about banking.` })),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
      const [{ contacts, clients }] = await t.db.query(
        `SELECT (SELECT count(*) FROM contacts WHERE email = $1)::int AS contacts, (SELECT count(*) FROM clients WHERE email_domain = $2)::int AS clients`,
        [`buyer@${domain}`, domain],
      );
      expect({ contacts, clients }).toEqual({ contacts: 1, clients: 1 });
    });
  });

  describe('Idempotency-Key', () => {
    it('answers a repeat with the same key and body with the first inquiry and writes nothing new', async () => {
      const key = `key-${randomBytes(6).toString('hex')}`;
      const body = inquiryBody();
      const first = await post(body, { 'Idempotency-Key': key });
      expect(first.status).toBe(201);
      const before = await intakeCounts(t.db);
      const again = await post({ ...body, fullName: `  ${body.fullName}  ` }, { 'Idempotency-Key': key });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers.location).toBe(first.headers.location);
      expect(await intakeCounts(t.db)).toEqual(before);
      // Routed meanwhile: the replay still answers what the first answer said, nothing internal.
      await t.db.query(`UPDATE inquiries SET status = 'routed' WHERE id = $1`, [first.body.id]);
      expect((await post(body, { 'Idempotency-Key': key })).body).toEqual(first.body);
    });

    it('answers 409 to the same key with a different body, writing nothing', async () => {
      const key = `key-${randomBytes(6).toString('hex')}`;
      await post(inquiryBody(), { 'Idempotency-Key': key }).expect(201);
      const before = await intakeCounts(t.db);
      const res = await post(inquiryBody(), { 'Idempotency-Key': key });
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('inquiry.idempotency_key_reused');
      expect(await intakeCounts(t.db)).toEqual(before);
    });

    it('creates exactly one inquiry for ten simultaneous requests with one key', async () => {
      const key = `key-${randomBytes(6).toString('hex')}`;
      const body = inquiryBody({ email: uniqueEmail(`burst-${randomBytes(3).toString('hex')}.com`) });
      const before = await intakeCounts(t.db);
      const results = await Promise.all(Array.from({ length: 10 }, () => post(body, { 'Idempotency-Key': key })));
      expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
      const after = await intakeCounts(t.db);
      expect(after).toEqual({
        inquiries: before.inquiries + 1,
        contacts: before.contacts + 1,
        clients: before.clients + 1,
        outbox: before.outbox + 1,
      });
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM inquiries WHERE idempotency_key = $1`, [key]);
      expect(n).toBe(1);
    });

    it('answers 409 to all but one of simultaneous different bodies with one key', async () => {
      const key = `key-${randomBytes(6).toString('hex')}`;
      const results = await Promise.all(
        Array.from({ length: 5 }, () => post(inquiryBody(), { 'Idempotency-Key': key })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    });
  });

  describe('duplicates', () => {
    it('stores the same email and message within 24 hours as a duplicate of the first, and does not route it', async () => {
      const body = inquiryBody();
      const first = await post(body);
      const second = await post({ ...body, email: body.email.toUpperCase() });
      const third = await post(body);
      expect(second.status).toBe(201);
      expect(second.body.status).toBe('duplicate');
      expect(second.body.id).not.toBe(first.body.id);
      expect(await row(second.body.id)).toMatchObject({ status: 'duplicate', duplicate_of_id: first.body.id });
      expect(await row(third.body.id)).toMatchObject({ status: 'duplicate', duplicate_of_id: first.body.id });
      expect(await outboxFor(second.body.id)).toEqual([]);
      expect(await outboxFor(third.body.id)).toEqual([]);
      expect(await outboxFor(first.body.id)).toHaveLength(1);
    });

    it('treats a different message, or the same one a day later, as a new inquiry', async () => {
      const body = inquiryBody();
      const first = await post(body);
      const other = await post({ ...body, message: `${body.message} Also tax advice.` });
      expect(other.body.status).toBe('received');
      await t.db.query(`UPDATE inquiries SET created_at = now() - interval '25 hours' WHERE email = $1`, [body.email]);
      const later = await post(body);
      expect(later.body.status).toBe('received');
      expect(first.body.status).toBe('received');
    });

    it('does not count a spam submission as the original', async () => {
      const body = inquiryBody();
      await post({ ...body, website: 'http://bot.example' });
      const honest = await post(body);
      expect(honest.body.status).toBe('received');
    });
  });

  describe('honeypot', () => {
    it('answers a filled honeypot like any inquiry but stores it as spam and never routes it', async () => {
      const res = await post(inquiryBody({ website: 'http://cheap-pills.example' }));
      expect(res.status).toBe(201);
      expect(res.body.status).toBe('received');
      expect(res.headers.location).toBe(`${URL}/${res.body.id}`);
      expect((await row(res.body.id)).status).toBe('spam');
      expect(await outboxFor(res.body.id)).toEqual([]);
    });

    it('keeps a bot\u2019s client out of the client lists until its inquiry is released, or the address writes for real', async () => {
      const admin = bearer(await t.adminToken());
      const listed = async (name: string) =>
        (await t.http.get('/api/v1/clients').query({ q: name }).set(admin).expect(200)).body.total as number;
      const tag = randomBytes(3).toString('hex');

      const bot = await post(
        inquiryBody({ fullName: `Cheap Watches ${tag}`, email: `bot-${tag}@gmail.com`, website: 'x' }),
      );
      const botClient = (await row(bot.body.id)).client_id;
      expect(await listed(`Cheap Watches ${tag}`)).toBe(0);
      // The detail still opens (from the inquiry); a person who releases the inquiry vouches for it.
      await t.http.get(`/api/v1/clients/${botClient}`).set(admin).expect(200);
      await t.http.post(`${URL}/${bot.body.id}/release`).set(admin).expect(200);
      expect(await listed(`Cheap Watches ${tag}`)).toBe(1);

      // A false positive that writes again for real comes out of quarantine by itself.
      const shy = await post(
        inquiryBody({ fullName: `Real Person ${tag}`, email: `real-${tag}@gmail.com`, website: 'x' }),
      );
      expect(await listed(`Real Person ${tag}`)).toBe(0);
      await post(inquiryBody({ fullName: `Real Person ${tag}`, email: `real-${tag}@gmail.com` }));
      expect(await listed(`Real Person ${tag}`)).toBe(1);
      expect((await row(shy.body.id)).status).toBe('spam');
    });

    it('lets a client out of quarantine once a person edits it', async () => {
      const admin = bearer(await t.adminToken());
      const tag = randomBytes(3).toString('hex');
      const bot = await post(
        inquiryBody({ fullName: `Vouched Later ${tag}`, email: `vouched-${tag}@gmail.com`, website: 'x' }),
      );
      const client = (await row(bot.body.id)).client_id;
      const listed = async () =>
        (
          await t.http
            .get('/api/v1/clients')
            .query({ q: `Vouched Later ${tag}` })
            .set(admin)
            .expect(200)
        ).body.total as number;
      expect(await listed()).toBe(0);
      await t.http.patch(`/api/v1/clients/${client}`).set(admin).send({ industry: 'Logistics' }).expect(200);
      expect(await listed()).toBe(1);
      const [released] = await t.db.query(
        `SELECT after FROM audit_entries WHERE action = 'client.quarantine_released' AND entity_id = $1`,
        [client],
      );
      expect(released.after).toEqual({ quarantined: false, by: 'edit' });
    });

    it.each([[123], [{ url: 'x' }], [['a']], [true]])('treats a non-text honeypot %j as spam too', async (website) => {
      const res = await post(inquiryBody({ website }));
      expect(res.status).toBe(201);
      expect((await row(res.body.id)).status).toBe('spam');
    });

    it('ignores an empty or blank honeypot', async () => {
      for (const website of ['', '   ', null]) {
        const res = await post(inquiryBody({ website }));
        expect((await row(res.body.id)).status).toBe('received');
      }
    });
  });

  describe('public look-ups', () => {
    it('lists active service lines in the asked language, cacheable', async () => {
      const ru = await t.http.get('/api/v1/public/service-lines?lang=ru').expect(200);
      expect(ru.headers['cache-control']).toMatch(/public, max-age=\d+/);
      const codes = (ru.body.data as Array<{ code: string; name: string }>).map((s) => s.code);
      expect(codes).toContain('bank_account');
      expect(codes).not.toContain('retired_line');
      const zh = await t.http.get('/api/v1/public/service-lines?lang=zh').expect(200);
      const en = await t.http.get('/api/v1/public/service-lines').expect(200);
      const name = (body: { data: Array<{ code: string; name: string }> }) =>
        body.data.find((s) => s.code === 'bank_account')?.name;
      expect(new Set([name(ru.body), name(zh.body), name(en.body)]).size).toBe(3);
      expect(name(ru.body)).toMatch(/[а-я]/i);
    });

    it('lists every ISO country named and sorted in the asked language', async () => {
      const zh = await t.http.get('/api/v1/public/countries?lang=zh').expect(200);
      expect(zh.headers['cache-control']).toMatch(/public, max-age=\d+/);
      const list = zh.body.data as Array<{ code: string; name: string }>;
      expect(list.length).toBeGreaterThanOrEqual(245);
      expect(list.find((c) => c.code === 'CN')?.name).toBe('中国');
      const ru = (await t.http.get('/api/v1/public/countries?lang=ru').expect(200)).body.data as Array<{
        code: string;
        name: string;
      }>;
      expect(ru.find((c) => c.code === 'RU')?.name).toBe('Россия');
      const names = ru.map((c) => c.name);
      expect(names).toEqual([...names].sort(new Intl.Collator('ru').compare));
    });

    it('accepts every listed country as originCountry', async () => {
      const list = (await t.http.get('/api/v1/public/countries').expect(200)).body.data as Array<{ code: string }>;
      const sample = [list[0], list[Math.floor(list.length / 2)], list[list.length - 1]];
      for (const { code } of sample) {
        const res = await post(inquiryBody({ originCountry: code, phone: undefined }));
        expect(res.status).toBe(201);
      }
    });

    it('refuses a language it does not offer', async () => {
      const res = await t.http.get('/api/v1/public/countries?lang=de');
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'lang', message: expect.any(String) }]);
    });
  });

  describe('embedding', () => {
    it('lets a configured form origin post with an Idempotency-Key', async () => {
      const pre = await t.http
        .options(URL)
        .set('Origin', 'https://partner.example')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'content-type,idempotency-key');
      expect(pre.headers['access-control-allow-origin']).toBe('https://partner.example');
      expect(pre.headers['access-control-allow-headers']).toMatch(/Idempotency-Key/i);
      const res = await post(inquiryBody(), { Origin: 'https://partner.example' });
      expect(res.status).toBe(201);
      expect(res.headers['access-control-expose-headers']).toMatch(/Location/);
    });

    it('documents the endpoint in OpenAPI with English, Russian and Chinese examples and its error answers', async () => {
      const doc = (await t.http.get('/api/docs-json').expect(200)).body;
      const op = doc.paths['/api/v1/inquiries'].post;
      expect(Object.keys(op.requestBody.content['application/json'].examples)).toEqual(['en', 'ru', 'zh']);
      expect(op.requestBody.content['application/json'].examples.zh.value.fullName).toBe('王伟');
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['201', '400', '409', '413', '415', '429']));
      expect(op.security ?? []).toEqual([]);
      expect(op.parameters.map((p: { name: string }) => p.name)).toContain('Idempotency-Key');
      for (const p of [
        '/api/v1/inquiries/{id}',
        '/api/v1/inquiries/{id}/release',
        '/api/v1/public/countries',
        '/api/v1/public/service-lines',
      ]) {
        expect(doc.paths[p]).toBeDefined();
      }
    });
  });
});
