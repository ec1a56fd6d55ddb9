/**
 * Property: whatever malformed body arrives, POST /inquiries answers 4xx problem+json (never 5xx)
 * and writes nothing. Each generated body is a valid one broken by at least one rule, or random
 * JSON altogether.
 */
import fc from 'fast-check';
import { COUNTRY_CODES } from '../src/public/countries';
import { InquiryBody, inquiryBody, intakeCounts } from './factories/inquiries';
import { createTestApp, TestApp } from './setup/test-app';

const TEXT_FIELDS = ['fullName', 'email', 'phone', 'company', 'targetCity', 'message'] as const;
const REQUIRED = ['fullName', 'email', 'originCountry', 'message', 'consent'] as const;
const KNOWN = new Set([
  ...TEXT_FIELDS,
  'originCountry',
  'targetCountry',
  'serviceLines',
  'preferredLanguage',
  'source',
  'consent',
  'website',
]);
const MAX: Record<(typeof TEXT_FIELDS)[number], number> = {
  fullName: 200,
  email: 254,
  phone: 40,
  company: 200,
  targetCity: 100,
  message: 5000,
};

type Mutation = (body: InquiryBody) => unknown;

const BATCH = 25;

/** Well-formed Unicode of every kind (graphemes never split a surrogate pair). */
const text = (min: number, max: number) => fc.string({ unit: 'grapheme', minLength: min, maxLength: max });
const notBlank = (s: string) => s.trim() !== '';
/** A value of the wrong JSON type for a text field (null would read as "absent" for optional ones). */
const notText = fc.oneof(
  fc.integer(),
  // Finite only: JSON has no NaN or Infinity, so JSON.stringify sends them as null, and null in an
  // optional field (serviceLines, company, …) is a valid "not given" — the body would be well formed.
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
);
const visible = fc.constantFrom('a', 'я', '中', '😀', 'é', 'ß', 'ש');

const insertAt = (s: string, at: number, bad: string) => {
  const chars = [...s];
  const i = at % (chars.length + 1);
  return [...chars.slice(0, i), bad, ...chars.slice(i)].join('');
};

const mutations: Array<fc.Arbitrary<Mutation>> = [
  fc.constantFrom(...REQUIRED).map((field): Mutation => (b) => {
    const copy: Partial<InquiryBody> = { ...b };
    delete copy[field];
    return copy;
  }),
  fc
    .tuple(fc.constantFrom(...TEXT_FIELDS), notText)
    .map(([field, value]): Mutation => (b) => ({ ...b, [field]: value })),
  fc
    .tuple(fc.constantFrom(...TEXT_FIELDS), fc.nat(), fc.constantFrom('\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF'))
    .map(([field, at, bad]): Mutation => (b) => ({
      ...b,
      // Into the field's text, or into text put in its place: an earlier mutation may have made it a number or an
      // object, and String() throws on an object whose random keys shadow toString/valueOf.
      [field]: insertAt(typeof b[field] === 'string' ? (b[field] as string) : 'filled in', at, bad),
    })),
  fc
    .constantFrom(...TEXT_FIELDS)
    .chain((field) =>
      fc
        .string({ unit: visible, minLength: MAX[field] + 1, maxLength: MAX[field] + 40 })
        .map((long): Mutation => (b) => ({ ...b, [field]: long })),
    ),
  fc
    .tuple(fc.constantFrom('fullName' as const, 'message' as const), fc.string({ unit: visible, maxLength: 9 }))
    .map(([field, short]): Mutation => (b) => ({ ...b, [field]: field === 'fullName' ? short.slice(0, 1) : short })),
  text(1, 60)
    .filter((s) => !s.includes('@'))
    .map((email): Mutation => (b) => ({ ...b, email })),
  fc.stringMatching(/^[0-9]{1,4}$/).map((phone): Mutation => (b) => ({ ...b, phone })),
  fc
    .tuple(
      fc.constantFrom('originCountry', 'targetCountry'),
      text(1, 5).filter((s) => notBlank(s) && !COUNTRY_CODES.includes(s.trim())),
    )
    .map(([field, code]): Mutation => (b) => ({ ...b, [field]: code })),
  fc
    .tuple(
      fc.constantFrom('preferredLanguage', 'source'),
      text(1, 12).filter(
        (s) =>
          notBlank(s) &&
          !['en', 'ru', 'zh', 'website', 'referral', 'event', 'partner', 'email', 'other'].includes(s.trim()),
      ),
    )
    .map(([field, value]): Mutation => (b) => ({ ...b, [field]: value })),
  fc
    .oneof(
      fc.array(fc.stringMatching(/^zz_[a-z0-9_]{1,20}$/), { minLength: 1, maxLength: 5 }),
      fc.array(fc.constant('tax'), { minLength: 13, maxLength: 20 }),
      fc.array(notText, { minLength: 1, maxLength: 3 }),
      notText.filter((v) => !Array.isArray(v)),
    )
    .map((serviceLines): Mutation => (b) => ({ ...b, serviceLines })),
  fc
    .anything()
    .filter((v) => v !== true)
    .map((privacy): Mutation => (b) => ({ ...b, consent: { ...b.consent, privacy } })),
  fc
    .oneof(fc.integer(), fc.string(), fc.boolean(), fc.array(fc.anything(), { maxLength: 2 }))
    .map((consent): Mutation => (b) => ({ ...b, consent })),
  fc
    .tuple(
      fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !KNOWN.has(k)),
      fc.jsonValue(),
    )
    .map(([key, value]): Mutation => (b) => {
      const copy: Record<string, unknown> = { ...b };
      Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
      return copy;
    }),
  fc
    .tuple(
      fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !['privacy', 'marketing', 'textVersion'].includes(k)),
      fc.jsonValue(),
    )
    .map(([key, value]): Mutation => (b) => {
      const consent: Record<string, unknown> = { ...b.consent };
      Object.defineProperty(consent, key, { value, enumerable: true, configurable: true, writable: true });
      return { ...b, consent };
    }),
];

/** A valid body with random Unicode in its free-text fields. */
const validBody = fc
  .record({
    fullName: text(2, 40).filter((s) => [...s.trim()].length >= 2),
    message: text(10, 200).filter((s) => [...s.trim()].length >= 10),
    company: fc.option(text(0, 60), { nil: undefined }),
  })
  .map((fields) => inquiryBody(fields));

const malformed = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(validBody, fc.array(fc.oneof(...mutations), { minLength: 1, maxLength: 3 }))
      .map(([body, ms]) => ms.reduce<unknown>((b, m) => m(b as InquiryBody), body)),
  },
  {
    weight: 1,
    arbitrary: fc.jsonValue().filter((v) => !(v && typeof v === 'object' && !Array.isArray(v) && 'consent' in v)),
  },
);

describe('POST /inquiries with random malformed bodies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ publicRateLimit: 100_000 });
  });
  afterAll(() => t.close());

  it('never answers 5xx and never writes a row', async () => {
    const before = await intakeCounts(t.db);
    const statuses = new Map<number, number>();
    // 40 runs of 25 concurrent requests make 1000 bodies. A failure names the offending body itself,
    // so shrinking (slow over batches of HTTP requests) is skipped.
    await fc.assert(
      fc.asyncProperty(fc.array(malformed, { minLength: BATCH, maxLength: BATCH }), async (bodies) => {
        const answers = await Promise.all(
          bodies.map((body) =>
            t.http.post('/api/v1/inquiries').set('Content-Type', 'application/json').send(JSON.stringify(body)),
          ),
        );
        for (const [i, res] of answers.entries()) {
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const problem = /^application\/problem\+json/.test(String(res.headers['content-type']));
          if (![400, 413].includes(res.status) || !problem) {
            throw new Error(`${res.status} ${JSON.stringify(res.body)} for ${JSON.stringify(bodies[i])}`);
          }
        }
      }),
      { numRuns: 1000 / BATCH, endOnFailure: true },
    );
    expect(await intakeCounts(t.db)).toEqual(before);
    expect(statuses.get(400)).toBeGreaterThan(900);
  }, 120_000);
});
