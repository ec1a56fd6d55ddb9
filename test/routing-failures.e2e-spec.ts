/**
 * An inquiry whose routing fails on every attempt is not lost: office calendars routing could not
 * count a deadline in are refused at the write; a failure for good is logged as an error (ids
 * only) and the reconciler retries it later, so once the cause is fixed the inquiry is routed.
 * Its own file: Nest's logger is process-wide, and this spec reads the application's log lines.
 */
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { OutboxService } from '../src/queue/outbox.service';
import { JOB_OPTIONS, JobName } from '../src/queue/queue.constants';
import { RETRY_FAILED_AFTER_MS, RoutingReconciler } from '../src/routing/routing-reconciler.service';
import { createOffice, createUser } from './factories';
import { bearer, createTestApp, TestApp } from './setup/test-app';
import { waitFor } from './setup/wait';

jest.setTimeout(60_000);

const inquiry = (email: string) => ({
  fullName: 'Oleg Ivanov',
  email,
  originCountry: 'RU',
  message: 'Здравствуйте! Нам нужно открыть банковский счёт в Шанхае.',
  consent: { privacy: true },
});

const caseOf = (db: DataSource, inquiryId: string) => async () => {
  const [row] = await db.query(`SELECT id, office_id FROM cases WHERE inquiry_id = $1`, [inquiryId]);
  return row as { id: string; office_id: string } | undefined;
};

describe('An inquiry whose routing fails on every attempt', () => {
  const lines: string[] = [];
  const capture = { write: (line: string) => void lines.push(line) };
  const saved = JOB_OPTIONS[JobName.RouteInquiry];
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    // Two quick attempts instead of eight over minutes, so the job fails for good within the test.
    JOB_OPTIONS[JobName.RouteInquiry] = { ...saved, attempts: 2, backoff: { type: 'fixed', delay: 50 } };
    t = await createTestApp({ runWorkers: true, logLevel: 'warn' }, { logDestination: capture });
    admin = await t.adminToken();
  });
  afterAll(async () => {
    await t.close();
    JOB_OPTIONS[JobName.RouteInquiry] = saved;
  });

  it('refuses an office calendar with no working time, which routing could not count a deadline in', async () => {
    const office = await createOffice(t.db);
    let res = await t.http
      .patch(`/api/v1/offices/${office.id}`)
      .set(bearer(admin))
      .send({ businessHours: { days: [], open: '09:00', close: '18:00' } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'businessHours.days', message: 'must name at least one working weekday' },
    ]);
    // Mondays only, and every Monday of the next two and a half years a holiday.
    const mondays: string[] = [];
    const day = new Date();
    day.setUTCDate(day.getUTCDate() - 7);
    while (mondays.length < 130) {
      if (day.getUTCDay() === 1) mondays.push(day.toISOString().slice(0, 10));
      day.setUTCDate(day.getUTCDate() + 1);
    }
    res = await t.http
      .patch(`/api/v1/offices/${office.id}`)
      .set(bearer(admin))
      .send({ businessHours: { days: [1], open: '09:00', close: '18:00' }, holidays: mondays });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'office.no_working_time', errors: [{ field: 'holidays' }] });
    const [row] = await t.db.query(`SELECT business_days, holidays FROM offices WHERE id = $1`, [office.id]);
    expect(row).toEqual({ business_days: [1, 2, 3, 4, 5], holidays: [] });
    await expect(t.db.query(`UPDATE offices SET business_days = '{}' WHERE id = $1`, [office.id])).rejects.toThrow(
      /ck_offices_some_days/,
    );

    // Working time today only: today's weekday, and the same weekday a holiday every week for two
    // years from next week. A deadline from now exists, so the old check let it in — and routing to
    // the office failed for good from tomorrow.
    const today = new Date();
    const isoWeekday = ((today.getUTCDay() + 6) % 7) + 1;
    const closed: string[] = [];
    for (let week = 1; week <= 106; week++) {
      closed.push(new Date(today.getTime() + week * 7 * 86_400_000).toISOString().slice(0, 10));
    }
    res = await t.http
      .patch(`/api/v1/offices/${office.id}`)
      .set(bearer(admin))
      .send({
        timezone: 'UTC',
        businessHours: { days: [isoWeekday], open: '00:00', close: '23:59' },
        holidays: closed,
      });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      {
        field: 'holidays',
        message: 'leave no working day for more than a year with these businessHours.days and extraWorkingDays',
      },
    ]);
    // Closed for most of a year is a calendar still: accepted.
    await t.http
      .patch(`/api/v1/offices/${office.id}`)
      .set(bearer(admin))
      .send({
        timezone: 'UTC',
        businessHours: { days: [isoWeekday], open: '00:00', close: '23:59' },
        holidays: closed.slice(0, 50),
      })
      .expect(200);

    // A calendar broken behind the API's back does not lock the office: it can be renamed and deactivated.
    await t.db.query(`UPDATE offices SET holidays = $2 WHERE id = $1`, [office.id, closed]);
    await t.http.patch(`/api/v1/offices/${office.id}`).set(bearer(admin)).send({ name: 'Renamed' }).expect(200);
    const gone = await t.http.delete(`/api/v1/offices/${office.id}`).set(bearer(admin)).expect(200);
    expect(gone.body).toMatchObject({ name: 'Renamed', active: false });
  });

  it('logs it as an error with ids only, and routes it once the cause is fixed and the reconciler retries', async () => {
    const office = await createOffice(t.db, { isDefault: true });
    await createUser(t.db, { officeId: office.id, languages: ['ru'], serviceLines: ['bank_account'] });
    // A calendar routing cannot use, written behind the API's back (an old row, a manual fix gone wrong).
    await t.db.query(`UPDATE offices SET timezone = 'Mars/Olympus_Mons' WHERE active`);
    const email = `stuck.${Date.now()}@uralmash-trade.ru`;
    const { id } = (await t.http.post('/api/v1/inquiries').send(inquiry(email)).expect(201)).body;
    const queue = t.app.get<Queue>(getQueueToken('routing'));
    const logged = await waitFor(
      async () => lines.find((l) => l.includes('routing failed on every attempt')),
      'the error line',
    );
    expect(await (await queue.getJob(id))?.isFailed()).toBe(true);
    expect(JSON.parse(logged)).toMatchObject({ level: 50, inquiryId: id, attempts: 2 });
    expect(logged).not.toContain(email);
    expect(logged).not.toContain('Oleg');

    const reconciler = new RoutingReconciler(t.db, new OutboxService(), queue);
    await t.db.query(`UPDATE inquiries SET created_at = now() - interval '10 minutes' WHERE id = $1`, [id]);
    // Not yet: a failure is retried only RETRY_FAILED_AFTER_MS after it.
    expect(await reconciler.requeueLost()).not.toContain(id);
    await t.db.query(`UPDATE offices SET timezone = 'Asia/Shanghai' WHERE active`);
    expect(await reconciler.requeueLost(Date.now() + RETRY_FAILED_AFTER_MS)).toContain(id);
    const routed = await waitFor(caseOf(t.db, id), 'the case');
    expect(routed.office_id).toBe(office.id);
  });
});
