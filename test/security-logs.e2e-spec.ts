/**
 * Logs carry no personal data: the application's own pino output, at debug level, is captured while
 * an investor submits an inquiry (and a malformed one), routing and the acknowledgement run in the
 * worker, staff sign in (and fail to), and an intake insert fails in the database (its error is
 * logged); it must not contain the investor's email, phone, name or message, nor the staff email,
 * password or tokens.
 */
import { randomBytes } from 'node:crypto';
import type { DestinationStream } from 'pino';
import { createOffice, createUser } from './factories';
import { inquiryBody } from './factories/inquiries';
import { waitFor } from './setup/wait';
import { bearer, createTestApp, TestApp } from './setup/test-app';

jest.setTimeout(120_000);

describe('Logs', () => {
  const lines: string[] = [];
  const capture: DestinationStream = { write: (chunk: string) => void lines.push(chunk) };
  const tag = randomBytes(4).toString('hex');
  const investor = {
    fullName: `Olga Logova ${tag}`,
    email: `olga.logova.${tag}@yandex.ru`,
    phone: '+7 495 765-43-21',
    e164: '+74957654321',
    message: `We plan a payroll outsourcing setup in Shanghai, tracer ${tag}.`,
  };
  let t: TestApp;
  let staff: { email: string; password: string };
  let secrets: string[];

  beforeAll(async () => {
    t = await createTestApp({ runWorkers: true, logLevel: 'debug' }, { logDestination: capture });
    const office = await createOffice(t.db, { isDefault: true, languages: ['en', 'ru', 'zh'] });
    staff = await createUser(t.db, {
      officeId: office.id,
      languages: ['ru'],
      serviceLines: ['bank_account', 'payroll_hr'],
      email: `staff.${tag}@advisory.test`,
    });

    const session = await t.login(staff.email, staff.password);
    await t.http.post('/api/v1/auth/login').send({ email: staff.email, password: 'a-wrong-password' }).expect(401);
    await t.http
      .post('/api/v1/auth/login')
      .send({ email: `ghost.${tag}@advisory.test`, password: 'a-wrong-password' })
      .expect(401);

    const created = await t.http
      .post('/api/v1/inquiries')
      .set('Idempotency-Key', `key-${tag}`)
      .send(
        inquiryBody({
          fullName: investor.fullName,
          email: investor.email,
          phone: investor.phone,
          message: investor.message,
        }),
      )
      .expect(201);
    await t.http
      .post('/api/v1/inquiries')
      .send(
        inquiryBody({
          fullName: investor.fullName,
          email: `${investor.email}@@broken`,
          phone: 'call me maybe',
          message: investor.message,
        }),
      )
      .expect(400);
    const caseId = await waitFor(async () => {
      const [row] = await t.db.query(`SELECT id FROM cases WHERE inquiry_id = $1`, [created.body.id]);
      return row?.id as string | undefined;
    }, 'routing');
    await waitFor(async () => {
      const [row] = await t.db.query(
        `SELECT status FROM notifications WHERE inquiry_id = $1 AND recipient_kind = 'investor'`,
        [created.body.id],
      );
      return row && row.status !== 'pending';
    }, 'the acknowledgement');
    // A database error in the middle of intake: the statement's parameters hold everything the
    // investor sent, and the error is logged (500). A check the next insert fails stands in for
    // any constraint, deadlock or bug.
    await t.db.query(
      `ALTER TABLE inquiries ADD CONSTRAINT ck_test_fails CHECK (message NOT LIKE '%fail here%') NOT VALID`,
    );
    await t.http
      .post('/api/v1/inquiries')
      .send(
        inquiryBody({
          fullName: investor.fullName,
          email: `failing.${investor.email}`,
          phone: investor.phone,
          message: `${investor.message} fail here`,
        }),
      )
      .expect(500);
    await t.db.query(`ALTER TABLE inquiries DROP CONSTRAINT ck_test_fails`);
    await t.http.get(`/api/v1/cases/${caseId}`).set(bearer(session.accessToken)).expect(200);
    await t.http.get('/api/v1/inquiries').query({ q: investor.email }).set(bearer(session.accessToken)).expect(200);
    secrets = [
      investor.email,
      investor.fullName,
      investor.phone,
      investor.e164,
      investor.message.slice(0, 40),
      `tracer ${tag}`,
      staff.email,
      staff.password,
      session.accessToken,
      session.refreshToken,
      `key-${tag}`,
    ];
  });
  afterAll(() => t?.close());

  it('captured the app’s log (the control): requests, routing and the outbox relay at debug level', () => {
    const text = lines.join('');
    expect(text).toContain('/api/v1/inquiries');
    expect(text).toContain('/api/v1/auth/login');
    expect(text).toMatch(/inquiry routed/);
    // The failed insert was logged, by constraint and SQLSTATE.
    expect(text).toMatch(/"constraint":"ck_test_fails"/);
    expect(lines.length).toBeGreaterThan(10);
  });

  it('holds no email, phone, name, message, password, token or idempotency key', () => {
    const text = lines.join('').toLowerCase();
    const found = secrets.filter((s) => text.includes(s.toLowerCase()));
    expect(found).toEqual([]);
  });
});
