/**
 * What GET /inquiries/:id says routing detects in a submitted inquiry, for the ways investors
 * actually write their target city in the form: with the administrative word Chinese and Russian
 * addresses carry («г. Москва», "上海市", "香港特别行政区").
 */
import { inquiryBody } from './factories/inquiries';
import { bearer, createTestApp, TestApp } from './setup/test-app';

const URL = '/api/v1/inquiries';

describe('Detected city of a submitted inquiry', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it.each([
    ['上海市', 'Shanghai', 'CN'],
    ['深圳市', 'Shenzhen', 'CN'],
    ['香港特别行政区', 'Hong Kong', 'HK'],
    ['г. Москва', 'Moscow', 'RU'],
    ['г.Санкт-Петербург', 'Saint Petersburg', 'RU'],
    ['город Казань', 'Kazan', 'RU'],
    ['胡志明市', 'Ho Chi Minh City', 'VN'],
  ])('targetCity %j is %s in %s', async (targetCity, city, country) => {
    const res = await t.http
      .post(URL)
      .send(inquiryBody({ targetCity, targetCountry: undefined }))
      .expect(201);
    const detail = await t.http
      .get(`${URL}/${res.body.id}`)
      .set(bearer(await t.adminToken()))
      .expect(200);
    expect(detail.body.targetCity).toBe(targetCity);
    expect(detail.body.detected).toMatchObject({ city, targetCountry: country });
  });
});
