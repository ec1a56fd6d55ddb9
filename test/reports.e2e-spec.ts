/**
 * The seven reports against a small history whose every figure is worked out by hand below, at a
 * fixed "now" (the injectable Clock): values per currency, weighted values, ages, a skipped stage,
 * a reopened case, medians and p90s, business hours over a holiday and a make-up Saturday, SLA
 * compliance at the exact deadline, aging at the 7/8, 30/31 and 90/91-day boundaries, ISO weeks
 * across a year end, spam and duplicates; then filters, scope, CSV and validation.
 */
import { businessHoursBetween, OfficeCalendar } from '../src/cases/business-hours';
import { Clock } from '../src/sla/clock';
import { createOffice, createUser, UserRow } from './factories';
import {
  createOutOfOffice,
  createReportCase,
  createReportInquiry,
  csvObjects,
  parseCsv,
  ReportCase,
} from './factories/reports';
import { bearer, createTestApp, TestApp } from './setup/test-app';

const NOW = '2027-01-15T12:00:00.000Z';
const Q4 = { from: '2026-10-01', to: '2026-12-31' };
const REPORTS = ['pipeline', 'funnel', 'velocity', 'sla', 'workload', 'aging', 'sources'] as const;

/** Office A's calendar: Shanghai, Mon–Fri 09–18, National Day off, Saturday 10 October a make-up working day. */
const CALENDAR_A: OfficeCalendar = {
  timezone: 'Asia/Shanghai',
  days: [1, 2, 3, 4, 5],
  open: '09:00',
  close: '18:00',
  holidays: ['2026-10-01', '2026-10-02'],
  extraWorkingDays: ['2026-10-10'],
};

describe('Reports', () => {
  let t: TestApp;
  let admin: string;
  let managerA: string;
  let consultantToken: string;
  const office: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };
  let a1: UserRow;
  let a2: UserRow;
  let b1: UserRow;
  let mA: UserRow;
  const cases: Record<string, ReportCase> = {};
  const firstResponses: Array<{ created: string; responded: string }> = [];

  const get = (path: string, token: string, query: Record<string, string> = {}) =>
    t.http.get(`/api/v1/reports/${path}`).query(query).set(bearer(token));
  const csv = (path: string, token: string, query: Record<string, string> = {}) =>
    get(path, token, { ...query, format: 'csv' })
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
  const text = (body: Buffer) => new TextDecoder('utf-8', { fatal: true }).decode(body);

  beforeAll(async () => {
    t = await createTestApp();
    t.app.get(Clock).now = () => new Date(NOW);
    admin = await t.adminToken();

    office.A = (await createOffice(t.db, { code: 'RPA', timezone: 'Asia/Shanghai' })).id;
    office.B = (
      await createOffice(t.db, { code: 'RPB', city: 'Moscow', countryCode: 'RU', timezone: 'Europe/Moscow' })
    ).id;
    office.C = (
      await createOffice(t.db, { code: 'RPC', city: 'Hanoi', countryCode: 'VN', timezone: 'Asia/Ho_Chi_Minh' })
    ).id;
    await t.db.query(`UPDATE offices SET holidays = $2, extra_working_days = $3 WHERE id = $1`, [
      office.A,
      CALENDAR_A.holidays,
      CALENDAR_A.extraWorkingDays,
    ]);

    a1 = await createUser(t.db, { officeId: office.A, fullName: 'Anna A1', capacity: 10 });
    a2 = await createUser(t.db, { officeId: office.A, fullName: 'Борис Ли 李波', capacity: 4 });
    b1 = await createUser(t.db, { officeId: office.B, fullName: 'Chen B1', capacity: 5 });
    mA = await createUser(t.db, { officeId: office.A, role: 'manager', fullName: 'Manager A', capacity: 10 });
    await createUser(t.db, { officeId: office.A, fullName: 'Inactive A3', active: false });
    await createOutOfOffice(t.db, b1.id, '2027-01-14T00:00:00Z', '2027-01-20T00:00:00Z');
    await createOutOfOffice(t.db, a1.id, '2026-12-01T00:00:00Z', '2026-12-10T00:00:00Z');
    managerA = (await t.login(mA.email, mA.password)).accessToken;
    consultantToken = (await t.login(a1.email, a1.password)).accessToken;

    const add = async (key: string, o: Parameters<typeof createReportCase>[1]) => {
      cases[key] = await createReportCase(t.db, o);
      if (o.officeId === office.A && o.firstRespondedAt && Date.parse(o.createdAt) >= Date.parse('2026-10-01')) {
        firstResponses.push({ created: o.createdAt, responded: o.firstRespondedAt });
      }
    };
    // Won: 31 days to win. First response over the National Day holidays and a weekend: 1 business hour.
    await add('C1', {
      officeId: office.A,
      consultantId: a1.id,
      createdAt: '2026-10-01T09:00:00Z',
      moves: [
        ['contacted', '2026-10-03T09:00:00Z'],
        ['qualified', '2026-10-08T09:00:00Z'],
        ['proposal', '2026-10-18T09:00:00Z'],
        ['engaged', '2026-11-01T09:00:00Z'],
      ],
      value: { amount: '100000.00', currency: 'USD' },
      serviceLines: ['bank_account'],
      originCountry: 'RU',
      firstResponseDueAt: '2026-10-06T02:00:00Z',
      firstRespondedAt: '2026-10-05T02:00:00Z',
    });
    // Lost after 5 days; answered an hour late (2 business hours).
    await add('C2', {
      officeId: office.A,
      consultantId: a1.id,
      createdAt: '2026-10-05T09:00:00Z',
      moves: [
        ['contacted', '2026-10-06T09:00:00Z'],
        ['lost', '2026-10-10T09:00:00Z'],
      ],
      value: { amount: '50000.00', currency: 'USD' },
      serviceLines: ['tax'],
      originCountry: 'CN',
      firstResponseDueAt: '2026-10-06T01:00:00Z',
      firstRespondedAt: '2026-10-06T02:00:00Z',
    });
    // Skipped `qualified`; still in proposal. Answered exactly at the deadline (2.5 business hours, from a Sunday).
    await add('C3', {
      officeId: office.A,
      consultantId: a2.id,
      createdAt: '2026-11-01T09:00:00Z',
      moves: [
        ['contacted', '2026-11-02T09:00:00Z'],
        ['proposal', '2026-11-10T09:00:00Z'],
      ],
      value: { amount: '200000.00', currency: 'CNY' },
      serviceLines: ['bank_account', 'company_formation'],
      originCountry: 'RU',
      firstResponseDueAt: '2026-11-02T03:30:00Z',
      firstRespondedAt: '2026-11-02T03:30:00Z',
    });
    // Still in qualified; answered late (9 business hours).
    await add('C4', {
      officeId: office.A,
      consultantId: a2.id,
      createdAt: '2026-12-01T09:00:00Z',
      moves: [
        ['contacted', '2026-12-04T09:00:00Z'],
        ['qualified', '2026-12-09T09:00:00Z'],
      ],
      value: { amount: '30000.50', currency: 'EUR' },
      serviceLines: ['company_formation'],
      originCountry: 'KZ',
      firstResponseDueAt: '2026-12-02T08:00:00Z',
      firstRespondedAt: '2026-12-02T09:00:00Z',
    });
    // Office B, no value, answered late by the move to contacted.
    await add('C5', {
      officeId: office.B,
      consultantId: b1.id,
      createdAt: '2026-12-20T09:00:00Z',
      moves: [['contacted', '2026-12-21T09:00:00Z']],
      serviceLines: ['visa_immigration'],
      originCountry: 'IN',
      firstResponseDueAt: '2026-12-21T06:00:00Z',
      firstRespondedAt: '2026-12-21T09:00:00Z',
    });
    // Office B queue, unanswered past its deadline: breached.
    await add('C6', {
      officeId: office.B,
      consultantId: null,
      createdAt: '2027-01-10T09:00:00Z',
      value: { amount: '75000.00', currency: 'USD' },
      serviceLines: ['tax'],
      originCountry: 'RU',
      source: 'website',
      firstResponseDueAt: '2027-01-11T09:00:00Z',
      slaBreached: true,
    });
    // Reopened: lost, back to qualified, then won. Created on the make-up Saturday (1.5 business hours).
    await add('C7', {
      officeId: office.A,
      consultantId: a1.id,
      createdAt: '2026-10-10T09:00:00Z',
      moves: [
        ['contacted', '2026-10-11T09:00:00Z'],
        ['lost', '2026-10-20T09:00:00Z'],
        ['qualified', '2026-11-20T09:00:00Z'],
        ['proposal', '2026-12-01T09:00:00Z'],
        ['engaged', '2026-12-15T09:00:00Z'],
      ],
      value: { amount: '10000.00', currency: 'USD' },
      serviceLines: ['tax'],
      originCountry: 'RU',
      firstResponseDueAt: '2026-10-12T05:00:00Z',
      firstRespondedAt: '2026-10-12T01:30:00Z',
    });
    // New this morning, deadline ahead: pending.
    await add('C8', {
      officeId: office.A,
      consultantId: a1.id,
      createdAt: '2027-01-15T10:00:00Z',
      serviceLines: ['audit'],
      originCountry: 'DE',
      firstResponseDueAt: '2027-01-15T14:00:00Z',
    });
    // Office A, unanswered past its deadline: breached.
    await add('C9', {
      officeId: office.A,
      consultantId: a2.id,
      createdAt: '2027-01-05T09:00:00Z',
      serviceLines: ['bank_account'],
      originCountry: 'CN',
      source: 'partner',
      firstResponseDueAt: '2027-01-06T03:00:00Z',
      slaBreached: true,
    });
    // Office C queue: open cases at ages 0.5, 7.5, 8.5, 30.5, 31.5, 90.5 and 91.5 days, no deadline, no service line.
    for (const days of [0, 7, 8, 30, 31, 90, 91]) {
      await add(`age${days}`, {
        officeId: office.C,
        createdAt: new Date(Date.parse(NOW) - (days + 0.5) * 86_400_000).toISOString(),
        serviceLines: [],
        originCountry: 'VN',
        source: 'other',
        firstResponseDueAt: null,
      });
    }
  });
  afterAll(() => t.close());

  describe('pipeline', () => {
    it('counts, values and weights by currency, and ages, per stage of office A in Q4', async () => {
      const res = await get('pipeline', admin, { ...Q4, officeId: office.A }).expect(200);
      const stage = (code: string) => res.body.stages.find((s: { code: string }) => s.code === code);
      expect(res.body.stages.map((s: { code: string }) => s.code)).toEqual([
        'new',
        'contacted',
        'qualified',
        'proposal',
        'engaged',
        'lost',
      ]);
      expect(stage('new')).toMatchObject({ count: 0, avgAgeDays: null, withoutValue: 0, byCurrency: [] });
      expect(stage('qualified')).toEqual({
        code: 'qualified',
        name: 'Qualified',
        category: 'open',
        position: 30,
        probability: 40,
        count: 1,
        // 2026-12-01T09:00 to now: 45 days and 3 hours.
        avgAgeDays: 45.13,
        withoutValue: 0,
        value: { EUR: '30000.50' },
        weightedValue: { EUR: '12000.20' },
        byCurrency: [{ currency: 'EUR', count: 1, value: '30000.50', weightedValue: '12000.20' }],
      });
      expect(stage('proposal')).toMatchObject({
        count: 1,
        avgAgeDays: 75.13,
        byCurrency: [{ currency: 'CNY', count: 1, value: '200000.00', weightedValue: '120000.00' }],
      });
      // Won cases age to their closing: 31 and 66 days.
      expect(stage('engaged')).toMatchObject({
        count: 2,
        avgAgeDays: 48.5,
        byCurrency: [{ currency: 'USD', count: 2, value: '110000.00', weightedValue: '110000.00' }],
      });
      expect(stage('lost')).toMatchObject({
        count: 1,
        avgAgeDays: 5,
        byCurrency: [{ currency: 'USD', count: 1, value: '50000.00', weightedValue: '0.00' }],
      });
      expect(res.body.totals).toEqual({
        count: 5,
        avgAgeDays: 44.45,
        withoutValue: 0,
        // per currency, never converted: three currencies, three sums
        value: { CNY: '200000.00', EUR: '30000.50', USD: '160000.00' },
        weightedValue: { CNY: '120000.00', EUR: '12000.20', USD: '110000.00' },
        byCurrency: [
          { currency: 'CNY', count: 1, value: '200000.00', weightedValue: '120000.00' },
          { currency: 'EUR', count: 1, value: '30000.50', weightedValue: '12000.20' },
          { currency: 'USD', count: 3, value: '160000.00', weightedValue: '110000.00' },
        ],
      });
      expect(res.body.categories.open).toMatchObject({ count: 2, avgAgeDays: 60.13 });
      expect(res.body.categories.won.count).toBe(2);
      expect(res.body.categories.lost.count).toBe(1);
      expect(res.body.filters).toEqual({
        from: '2026-10-01T00:00:00.000Z',
        to: '2027-01-01T00:00:00.000Z',
        officeId: office.A,
        consultantId: null,
        serviceLine: null,
        originCountry: null,
        asOf: NOW,
      });
    });

    it('counts cases without a value in no currency, and everything without a period', async () => {
      const b = await get('pipeline', admin, { officeId: office.B }).expect(200);
      const contacted = b.body.stages.find((s: { code: string }) => s.code === 'contacted');
      expect(contacted).toMatchObject({ count: 1, withoutValue: 1, byCurrency: [] });
      expect(b.body.totals).toMatchObject({ count: 2, withoutValue: 1 });
      expect(b.body.totals.byCurrency).toEqual([
        { currency: 'USD', count: 1, value: '75000.00', weightedValue: '7500.00' },
      ]);

      const all = await get('pipeline', admin).expect(200);
      expect(all.body.totals.count).toBe(16);
      expect(all.body.stages.find((s: { code: string }) => s.code === 'new').count).toBe(10);
    });

    it('applies service line, origin country, consultant and period filters', async () => {
      const count = async (q: Record<string, string>) =>
        (await get('pipeline', admin, { ...q, officeId: office.A }).expect(200)).body.totals.count;
      expect(await count({ ...Q4, serviceLine: 'tax' })).toBe(2); // C2, C7
      expect(await count({ ...Q4, serviceLine: 'company_formation' })).toBe(2); // C3 (two lines), C4
      expect(await count({ ...Q4, originCountry: 'CN' })).toBe(1); // C2
      expect(await count({ ...Q4, consultantId: a2.id })).toBe(2); // C3, C4
      expect(await count({ from: '2026-12-01', to: '2026-12-01' })).toBe(1); // a date covers its whole day: C4
      expect(await count({ from: '2026-12-01', to: '2026-12-01T09:00:00Z' })).toBe(0); // an instant is exclusive
      expect(await count({ from: '2026-12-01T09:00:00+08:00', to: '2026-12-01T18:00:00+08:00' })).toBe(1);
    });

    it('answers zeros for an empty period and a filter that matches nothing', async () => {
      const queries: Array<Record<string, string>> = [
        { from: '2030-01-01' },
        { originCountry: 'ZW' },
        { serviceLine: 'no_such_line' },
      ];
      for (const q of queries) {
        const res = await get('pipeline', admin, q).expect(200);
        expect(res.body.totals).toEqual({
          count: 0,
          avgAgeDays: null,
          withoutValue: 0,
          value: {},
          weightedValue: {},
          byCurrency: [],
        });
        expect(res.body.stages).toHaveLength(6);
      }
    });
  });

  describe('funnel', () => {
    it('counts every stage a Q4 case entered, with a skipped stage and a reopened case, and the win rate', async () => {
      const res = await get('funnel', admin, Q4).expect(200);
      // Cohort: C1, C2, C3, C4, C5, C7 and four office-C cases (created 15–16 Dec and 15–16 Oct).
      expect(res.body.cohort).toEqual({ cases: 10, open: 7, won: 2, lost: 1 });
      const reached = Object.fromEntries(
        res.body.stages.map(
          (s: {
            code: string;
            reached: number;
            conversionFromPrevious: number | null;
            shareOfCohort: number | null;
          }) => [s.code, [s.reached, s.conversionFromPrevious, s.shareOfCohort]],
        ),
      );
      expect(reached).toEqual({
        new: [10, null, 1],
        contacted: [6, 0.6, 0.6],
        // C3 skipped qualified: it counts for proposal only. C7 reached qualified after reopening.
        qualified: [3, 0.5, 0.3],
        proposal: [3, 1, 0.3],
        engaged: [2, 0.6667, 0.2],
        // C7 was lost once and is now won: it reached both.
        lost: [2, null, 0.2],
      });
      expect(res.body.winRate).toBe(0.6667);
      expect(res.body.winRateOfCreated).toBe(0.2);
    });

    it('narrows the cohort by office', async () => {
      const res = await get('funnel', admin, { ...Q4, officeId: office.A }).expect(200);
      expect(res.body.cohort).toEqual({ cases: 5, open: 2, won: 2, lost: 1 });
      expect(res.body.stages.map((s: { reached: number }) => s.reached)).toEqual([5, 5, 3, 3, 2, 2]);
      expect(res.body.stages.map((s: { conversionFromPrevious: number | null }) => s.conversionFromPrevious)).toEqual([
        null,
        1,
        0.6,
        1,
        0.6667,
        null,
      ]);
      expect(res.body.winRateOfCreated).toBe(0.4);
    });

    it('has no rates for an empty cohort', async () => {
      const res = await get('funnel', admin, { from: '2030-01-01' }).expect(200);
      expect(res.body.cohort).toEqual({ cases: 0, open: 0, won: 0, lost: 0 });
      expect(res.body.winRate).toBeNull();
      expect(res.body.winRateOfCreated).toBeNull();
      expect(
        res.body.stages.every(
          (s: { reached: number; shareOfCohort: null }) => s.reached === 0 && s.shareOfCohort === null,
        ),
      ).toBe(true);
    });
  });

  describe('velocity', () => {
    it('gives the median and p90 days per open stage, counting the current stage up to now', async () => {
      const res = await get('velocity', admin, { ...Q4, officeId: office.A }).expect(200);
      expect(res.body.stages).toEqual([
        // new: 2, 1, 1, 3, 1 days.
        { code: 'new', name: 'New', position: 10, visits: 5, medianDays: 1, p90Days: 2.6 },
        // contacted: 5, 4, 8, 5, 9.
        { code: 'contacted', name: 'Contacted', position: 20, visits: 5, medianDays: 5, p90Days: 8.6 },
        // qualified: 10, 11 (C7 after reopening) and C4 still there for 37.125.
        { code: 'qualified', name: 'Qualified', position: 30, visits: 3, medianDays: 11, p90Days: 31.9 },
        // proposal: 14, 14 and C3 still there for 66.125.
        { code: 'proposal', name: 'Proposal', position: 40, visits: 3, medianDays: 14, p90Days: 55.7 },
      ]);
      // Won after 31 and 66 days.
      expect(res.body.toWin).toEqual({ cases: 2, medianDays: 48.5, p90Days: 62.5 });
    });

    it('measures business hours to first response in the office calendar, as businessHoursBetween does', async () => {
      const res = await get('velocity', admin, { ...Q4, officeId: office.A }).expect(200);
      // 1 (holidays, weekend), 2, 2.5 (from a Sunday), 9, 1.5 (make-up Saturday).
      const hours = firstResponses
        .map((r) => businessHoursBetween(new Date(r.created), new Date(r.responded), CALENDAR_A))
        .sort((x, y) => x - y);
      expect(hours).toEqual([1, 1.5, 2, 2.5, 9]);
      expect(res.body.firstResponse).toEqual({ cases: 5, medianBusinessHours: 2, p90BusinessHours: 6.4 });
    });

    it('has nothing to measure in an empty period', async () => {
      const res = await get('velocity', admin, { from: '2030-01-01' }).expect(200);
      expect(res.body.firstResponse).toEqual({ cases: 0, medianBusinessHours: null, p90BusinessHours: null });
      expect(res.body.toWin).toEqual({ cases: 0, medianDays: null, p90Days: null });
      expect(
        res.body.stages.every((s: { visits: number; medianDays: null }) => s.visits === 0 && s.medianDays === null),
      ).toBe(true);
    });
  });

  describe('sla', () => {
    const window = { from: '2026-10-01', to: '2027-01-31' };

    it('judges compliance by deadline, per office and consultant, with pending cases apart', async () => {
      const res = await get('sla', admin, window).expect(200);
      expect(res.body.totals).toEqual({ due: 9, met: 3, missed: 5, pending: 1, compliance: 0.375 });
      expect(res.body.byOffice).toEqual([
        {
          officeId: office.A,
          officeCode: 'RPA',
          officeName: 'Office RPA',
          due: 7,
          met: 3,
          missed: 3,
          pending: 1,
          compliance: 0.5,
        },
        {
          officeId: office.B,
          officeCode: 'RPB',
          officeName: 'Office RPB',
          due: 2,
          met: 0,
          missed: 2,
          pending: 0,
          compliance: 0,
        },
      ]);
      expect(res.body.byConsultant).toEqual([
        { consultantId: null, consultantName: null, due: 1, met: 0, missed: 1, pending: 0, compliance: 0 },
        { consultantId: a1.id, consultantName: 'Anna A1', due: 4, met: 2, missed: 1, pending: 1, compliance: 0.6667 },
        { consultantId: b1.id, consultantName: 'Chen B1', due: 1, met: 0, missed: 1, pending: 0, compliance: 0 },
        {
          consultantId: a2.id,
          consultantName: 'Борис Ли 李波',
          due: 3,
          met: 1,
          missed: 2,
          pending: 0,
          compliance: 0.3333,
        },
      ]);
    });

    it('lists open cases unanswered past their deadline, oldest deadline first', async () => {
      const res = await get('sla', admin, window).expect(200);
      expect(res.body.breachedOpenCases).toEqual([
        {
          id: cases.C9.id,
          reference: cases.C9.reference,
          officeId: office.A,
          officeCode: 'RPA',
          consultantId: a2.id,
          consultantName: 'Борис Ли 李波',
          stage: 'new',
          createdAt: '2027-01-05T09:00:00.000Z',
          firstResponseDueAt: '2027-01-06T03:00:00.000Z',
          overdueHours: 225,
        },
        {
          id: cases.C6.id,
          reference: cases.C6.reference,
          officeId: office.B,
          officeCode: 'RPB',
          consultantId: null,
          consultantName: null,
          stage: 'new',
          createdAt: '2027-01-10T09:00:00.000Z',
          firstResponseDueAt: '2027-01-11T09:00:00.000Z',
          overdueHours: 99,
        },
      ]);
    });

    it('answers zeros, not nulls, when nothing falls due in the period or matches the filter (JSON and CSV)', async () => {
      const queries: Array<Record<string, string>> = [
        { from: '2020-01-01', to: '2020-01-02' },
        { serviceLine: 'payroll_hr', from: '2026-11-02', to: '2026-11-02' },
      ];
      for (const query of queries) {
        const res = await get('sla', admin, query).expect(200);
        expect(res.body.totals).toEqual({ due: 0, met: 0, missed: 0, pending: 0, compliance: null });
        const rows = csvObjects(text((await csv('sla', admin, query).expect(200)).body));
        const total = rows.find((r) => r.row_type === 'total');
        expect(total).toMatchObject({ due: '0', met: '0', missed: '0', pending: '0', compliance: '' });
      }
    });

    it('counts an answer exactly at the deadline as met', async () => {
      const res = await get('sla', admin, { from: '2026-11-02', to: '2026-11-02' }).expect(200);
      expect(res.body.totals).toEqual({ due: 1, met: 1, missed: 0, pending: 0, compliance: 1 });
    });
  });

  describe('workload', () => {
    it('lists open cases, capacity, utilization, breaches and leave per consultant, and the office queues', async () => {
      const res = await get('workload', admin).expect(200);
      expect(res.body.consultants).toEqual([
        expect.objectContaining({
          consultantId: a1.id,
          fullName: 'Anna A1',
          officeCode: 'RPA',
          capacity: 10,
          openCases: 1,
          utilization: 0.1,
          breachedOpenCases: 0,
          outOfOfficeNow: false,
          outOfOfficeUntil: null,
        }),
        expect.objectContaining({
          consultantId: mA.id,
          fullName: 'Manager A',
          role: 'manager',
          openCases: 0,
          utilization: 0,
        }),
        expect.objectContaining({
          consultantId: a2.id,
          fullName: 'Борис Ли 李波',
          capacity: 4,
          openCases: 3,
          utilization: 0.75,
          breachedOpenCases: 1,
          breached: 1, // API.md's name
        }),
        expect.objectContaining({
          consultantId: b1.id,
          officeId: office.B,
          officeCode: 'RPB',
          role: 'consultant',
          active: true,
          capacity: 5,
          openCases: 1,
          utilization: 0.2,
          breachedOpenCases: 0,
          outOfOfficeNow: true,
          outOfOfficeUntil: '2027-01-20T00:00:00.000Z',
        }),
      ]);
      expect(res.body.officeQueues).toEqual([
        { officeId: office.B, officeCode: 'RPB', openCases: 1, breachedOpenCases: 1 },
        { officeId: office.C, officeCode: 'RPC', openCases: 7, breachedOpenCases: 0 },
      ]);
      expect(res.body.totals).toEqual({ openCases: 5, capacity: 29, breachedOpenCases: 1 });
    });

    it('narrows to one consultant, without office queues', async () => {
      const res = await get('workload', admin, { consultantId: a2.id }).expect(200);
      expect(res.body.consultants).toHaveLength(1);
      expect(res.body.consultants[0]).toMatchObject({ consultantId: a2.id, openCases: 3 });
      expect(res.body.officeQueues).toEqual([]);
    });
  });

  describe('aging', () => {
    it('puts open cases in day buckets at the 7/8, 30/31 and 90/91 boundaries', async () => {
      const res = await get('aging', admin, { officeId: office.C }).expect(200);
      const fresh = res.body.stages.find((s: { code: string }) => s.code === 'new');
      expect(fresh).toEqual({
        code: 'new',
        name: 'New',
        position: 10,
        total: 7,
        buckets: [
          { bucket: '0-7', minDays: 0, maxDays: 7, count: 2 },
          { bucket: '8-30', minDays: 8, maxDays: 30, count: 2 },
          { bucket: '31-90', minDays: 31, maxDays: 90, count: 2 },
          { bucket: '90+', minDays: 91, maxDays: null, count: 1 },
        ],
      });
      expect(res.body.stages.map((s: { code: string }) => s.code)).toEqual([
        'new',
        'contacted',
        'qualified',
        'proposal',
      ]);
    });

    it('covers every open case of the firm', async () => {
      const res = await get('aging', admin).expect(200);
      const counts = Object.fromEntries(
        res.body.stages.map((s: { code: string; buckets: Array<{ count: number }> }) => [
          s.code,
          s.buckets.map((b) => b.count),
        ]),
      );
      expect(counts).toEqual({
        new: [4, 3, 2, 1],
        contacted: [0, 1, 0, 0],
        qualified: [0, 0, 1, 0],
        proposal: [0, 0, 1, 0],
      });
      expect(res.body.totals.total).toBe(13);
      expect(res.body.totals.buckets.map((b: { count: number }) => b.count)).toEqual([4, 4, 4, 1]);
    });
  });

  describe('sources', () => {
    beforeAll(async () => {
      await createReportInquiry(t.db, {
        createdAt: '2026-12-27T23:00:00Z',
        status: 'received',
        originCountry: 'RU',
        serviceLines: ['tax'],
      }); // 2026-W52, outside
      await createReportInquiry(t.db, {
        createdAt: '2026-12-31T10:00:00Z',
        status: 'received',
        originCountry: 'RU',
        serviceLines: ['bank_account', 'tax'],
        source: 'website',
      });
      await createReportInquiry(t.db, {
        createdAt: '2027-01-01T23:30:00Z',
        status: 'spam',
        originCountry: 'CN',
        serviceLines: ['tax'],
        source: 'referral',
      });
      await createReportInquiry(t.db, {
        createdAt: '2027-01-03T23:59:59Z',
        status: 'duplicate',
        originCountry: 'RU',
        serviceLines: ['bank_account'],
        source: 'email',
        duplicateOf: cases.C9.inquiryId,
      });
      await createReportInquiry(t.db, {
        createdAt: '2027-01-04T00:00:00Z',
        status: 'received',
        originCountry: 'RU',
        serviceLines: ['company_formation'],
      });
      await createReportInquiry(t.db, {
        createdAt: '2024-12-30T12:00:00Z',
        status: 'received',
        originCountry: 'IN',
        serviceLines: ['audit'],
      });
    });

    it('counts inquiries per ISO week across the year end, spam and duplicates apart, service lines unnested', async () => {
      const res = await get('sources', admin, { from: '2026-12-28', to: '2027-01-10' }).expect(200);
      expect(res.body.weeks).toEqual([
        { week: '2026-W53', inquiries: 1, spam: 1, duplicates: 1 },
        // I4 and the inquiries of C6, C9 and two office-C cases.
        { week: '2027-W01', inquiries: 5, spam: 0, duplicates: 0 },
      ]);
      expect(res.body.byOriginCountry).toEqual([
        { week: '2026-W53', originCountry: 'CN', inquiries: 0, spam: 1, duplicates: 0 },
        { week: '2026-W53', originCountry: 'RU', inquiries: 1, spam: 0, duplicates: 1 },
        { week: '2027-W01', originCountry: 'CN', inquiries: 1, spam: 0, duplicates: 0 },
        { week: '2027-W01', originCountry: 'RU', inquiries: 2, spam: 0, duplicates: 0 },
        { week: '2027-W01', originCountry: 'VN', inquiries: 2, spam: 0, duplicates: 0 },
      ]);
      expect(res.body.byServiceLine).toEqual([
        { week: '2026-W53', serviceLine: 'bank_account', inquiries: 1, spam: 0, duplicates: 1 },
        { week: '2026-W53', serviceLine: 'tax', inquiries: 1, spam: 1, duplicates: 0 },
        { week: '2027-W01', serviceLine: null, inquiries: 2, spam: 0, duplicates: 0 },
        { week: '2027-W01', serviceLine: 'bank_account', inquiries: 1, spam: 0, duplicates: 0 },
        { week: '2027-W01', serviceLine: 'company_formation', inquiries: 1, spam: 0, duplicates: 0 },
        { week: '2027-W01', serviceLine: 'tax', inquiries: 1, spam: 0, duplicates: 0 },
      ]);
      expect(res.body.bySource).toEqual([
        { week: '2026-W53', source: 'email', inquiries: 0, spam: 0, duplicates: 1 },
        { week: '2026-W53', source: 'referral', inquiries: 0, spam: 1, duplicates: 0 },
        { week: '2026-W53', source: 'website', inquiries: 1, spam: 0, duplicates: 0 },
        { week: '2027-W01', source: 'other', inquiries: 2, spam: 0, duplicates: 0 },
        { week: '2027-W01', source: 'partner', inquiries: 1, spam: 0, duplicates: 0 },
        { week: '2027-W01', source: 'website', inquiries: 2, spam: 0, duplicates: 0 },
      ]);
      expect(res.body.totals).toEqual({ inquiries: 6, spam: 1, duplicates: 1 });
    });

    it('puts 30 December 2024 in 2025-W01', async () => {
      const res = await get('sources', admin, { from: '2024-12-29', to: '2024-12-31' }).expect(200);
      expect(res.body.weeks).toEqual([{ week: '2025-W01', inquiries: 1, spam: 0, duplicates: 0 }]);
    });

    it('shows a manager the inquiries of their office’s cases only, duplicates by the case they repeat', async () => {
      const res = await get('sources', managerA, { from: '2026-12-28', to: '2027-01-10' }).expect(200);
      expect(res.body.weeks).toEqual([
        { week: '2026-W53', inquiries: 0, spam: 0, duplicates: 1 },
        { week: '2027-W01', inquiries: 1, spam: 0, duplicates: 0 },
      ]);
    });
  });

  describe('scope and roles', () => {
    it('shows a manager their own office, as an admin filtering by it sees it', async () => {
      for (const report of REPORTS) {
        const own = await get(report, managerA, Q4).expect(200);
        const asAdmin = await get(report, admin, { ...Q4, officeId: office.A }).expect(200);
        expect({ ...own.body, filters: null }).toEqual({ ...asAdmin.body, filters: null });
      }
      const sla = await get('sla', managerA).expect(200);
      expect(sla.body.breachedOpenCases.map((c: { id: string }) => c.id)).toEqual([cases.C9.id]);
      const workload = await get('workload', managerA).expect(200);
      expect(workload.body.consultants.map((c: { consultantId: string }) => c.consultantId)).toEqual([
        a1.id,
        mA.id,
        a2.id,
      ]);
    });

    it('answers 404 for an office or consultant outside the manager’s scope, or unknown', async () => {
      for (const report of REPORTS) {
        await get(report, managerA, { officeId: office.B }).expect(404);
        await get(report, managerA, { consultantId: b1.id }).expect(404);
      }
      await get('pipeline', admin, { officeId: '00000000-0000-4000-8000-000000000000' }).expect(404);
      await get('pipeline', admin, { consultantId: '00000000-0000-4000-8000-000000000000' }).expect(404);
      await get('pipeline', managerA, { officeId: office.A.toUpperCase() }).expect(200);
    });

    it('refuses consultants (403) and anonymous callers (401)', async () => {
      for (const report of REPORTS) {
        const res = await get(report, consultantToken).expect(403);
        expect(res.headers['content-type']).toContain('application/problem+json');
        await t.http.get(`/api/v1/reports/${report}`).expect(401);
      }
    });
  });

  describe('validation', () => {
    const fieldsOf = (body: { errors?: Array<{ field: string }> }) =>
      [...new Set((body.errors ?? []).map((e) => e.field))].sort();

    it.each([
      [{ from: '2026-13-01' }, ['from']],
      [{ from: '2026-02-30' }, ['from']],
      [{ to: 'yesterday' }, ['to']],
      [{ to: '2026-01-01T10:00:00' }, ['to']],
      [{ from: '2026-03-01', to: '2026-02-28' }, ['from', 'to']],
      [{ from: '2026-03-01T10:00:00Z', to: '2026-03-01T09:59:59Z' }, ['from', 'to']],
      [{ format: 'xml' }, ['format']],
      [{ officeId: 'not-a-uuid' }, ['officeId']],
      [{ consultantId: '42' }, ['consultantId']],
      [{ originCountry: 'ru' }, ['originCountry']],
      [{ serviceLine: 'Bank Account' }, ['serviceLine']],
      [{ colour: 'red' }, ['colour']],
    ])('answers 400 for %j naming %j', async (query, fields) => {
      for (const report of ['pipeline', 'sources'] as const) {
        const res = await get(report, admin, query as Record<string, string>).expect(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(fieldsOf(res.body)).toEqual(fields);
      }
    });

    it('accepts from equal to to', async () => {
      await get('pipeline', admin, { from: '2026-03-01T10:00:00Z', to: '2026-03-01T10:00:00Z' }).expect(200);
    });
  });

  describe('CSV', () => {
    it('answers text/csv in UTF-8 as an attachment with a header row, for every report', async () => {
      for (const report of REPORTS) {
        const res = await csv(report, admin, Q4).expect(200);
        expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
        expect(res.headers['content-disposition']).toBe(
          `attachment; filename="${report}-report_2026-10-01_2026-12-31.csv"`,
        );
        const rows = parseCsv(text(res.body));
        expect(rows.length).toBeGreaterThan(0);
        expect(rows[0].every((h) => /^[a-z0-9_]+$/.test(h))).toBe(true);
      }
    });

    it('has the header even with no rows', async () => {
      const res = await csv('sources', admin, { from: '2030-01-01' }).expect(200);
      expect(text(res.body)).toBe('week,dimension,key,inquiries,spam,duplicates\n');
    });

    it('round-trips Cyrillic and Chinese names byte for byte', async () => {
      const res = await csv('workload', admin).expect(200);
      const decoded = text(res.body);
      expect(decoded).toContain('Борис Ли 李波');
      expect(res.body.includes(Buffer.from('Борис Ли 李波', 'utf-8'))).toBe(true);
      const rows = csvObjects(decoded);
      expect(rows.find((r) => r.consultant_id === a2.id)).toMatchObject({
        full_name: 'Борис Ли 李波',
        open_cases: '3',
        utilization: '0.75',
        row_type: 'consultant',
      });
    });

    it('neutralizes a name a spreadsheet would run as a formula, and keeps it exact in JSON', async () => {
      const formula = '=HYPERLINK("http://evil.example","Open")';
      const officeD = (await createOffice(t.db, { code: 'RPD' })).id;
      const odd = await createUser(t.db, { officeId: officeD, fullName: formula, capacity: 2 });
      const json = (await get('workload', admin, { officeId: officeD }).expect(200)).body;
      expect(json.consultants.map((c: { fullName: string }) => c.fullName)).toEqual([formula]);
      const rows = csvObjects(text((await csv('workload', admin, { officeId: officeD }).expect(200)).body));
      expect(rows.find((r) => r.consultant_id === odd.id)?.full_name).toBe(`'${formula}`);
    });

    it('agrees with the JSON of the same report', async () => {
      const pipelineJson = (await get('pipeline', admin, Q4).expect(200)).body;
      const pipelineCsv = csvObjects(text((await csv('pipeline', admin, Q4).expect(200)).body));
      for (const stage of pipelineJson.stages) {
        const rows = pipelineCsv.filter((r) => r.stage === stage.code);
        expect(rows.reduce((n, r) => n + Number(r.count), 0)).toBe(stage.count);
        expect(
          rows
            .filter((r) => r.currency !== '')
            .map((r) => ({
              currency: r.currency,
              count: Number(r.count),
              value: r.value,
              weightedValue: r.weighted_value,
            })),
        ).toEqual(stage.byCurrency);
      }

      const funnelJson = (await get('funnel', admin, Q4).expect(200)).body;
      const funnelCsv = csvObjects(text((await csv('funnel', admin, Q4).expect(200)).body));
      expect(
        funnelCsv.map((r) => [
          r.stage,
          Number(r.reached),
          r.conversion_from_previous === '' ? null : Number(r.conversion_from_previous),
        ]),
      ).toEqual(
        funnelJson.stages.map((s: { code: string; reached: number; conversionFromPrevious: number | null }) => [
          s.code,
          s.reached,
          s.conversionFromPrevious,
        ]),
      );
      expect(Number(funnelCsv[0].win_rate)).toBe(funnelJson.winRate);

      const velocityJson = (await get('velocity', admin, { ...Q4, officeId: office.A }).expect(200)).body;
      const velocityCsv = csvObjects(
        text((await csv('velocity', admin, { ...Q4, officeId: office.A }).expect(200)).body),
      );
      expect(velocityCsv.find((r) => r.metric === 'first_response')).toEqual({
        metric: 'first_response',
        stage: '',
        count: '5',
        median: '2',
        p90: '6.4',
        unit: 'business_hours',
      });
      expect(velocityCsv.filter((r) => r.metric === 'time_in_stage').map((r) => Number(r.median))).toEqual(
        velocityJson.stages.map((s: { medianDays: number }) => s.medianDays),
      );

      const window = { from: '2026-10-01', to: '2027-01-31' };
      const slaJson = (await get('sla', admin, window).expect(200)).body;
      const slaCsv = csvObjects(text((await csv('sla', admin, window).expect(200)).body));
      expect(
        slaCsv
          .filter((r) => r.row_type === 'breached_case')
          .map((r) => [r.case_id, Number(r.overdue_hours), r.consultant_name]),
      ).toEqual(
        slaJson.breachedOpenCases.map((c: { id: string; overdueHours: number; consultantName: string | null }) => [
          c.id,
          c.overdueHours,
          c.consultantName ?? '',
        ]),
      );
      expect(slaCsv.find((r) => r.row_type === 'total')).toMatchObject({
        due: '9',
        met: '3',
        missed: '5',
        pending: '1',
        compliance: '0.375',
      });
      expect(slaCsv.filter((r) => r.row_type === 'office').map((r) => r.office_code)).toEqual(['RPA', 'RPB']);

      const agingJson = (await get('aging', admin).expect(200)).body;
      const agingCsv = csvObjects(text((await csv('aging', admin).expect(200)).body));
      expect(
        agingCsv.map((r) => [
          r.stage,
          Number(r.days_0_7),
          Number(r.days_8_30),
          Number(r.days_31_90),
          Number(r.days_over_90),
          Number(r.total),
        ]),
      ).toEqual(
        agingJson.stages.map((s: { code: string; total: number; buckets: Array<{ count: number }> }) => [
          s.code,
          ...s.buckets.map((b) => b.count),
          s.total,
        ]),
      );

      const sourcesJson = (await get('sources', admin, { from: '2026-12-28', to: '2027-01-10' }).expect(200)).body;
      const sourcesCsv = csvObjects(
        text((await csv('sources', admin, { from: '2026-12-28', to: '2027-01-10' }).expect(200)).body),
      );
      expect(
        sourcesCsv
          .filter((r) => r.dimension === 'total')
          .map((r) => ({
            week: r.week,
            inquiries: Number(r.inquiries),
            spam: Number(r.spam),
            duplicates: Number(r.duplicates),
          })),
      ).toEqual(sourcesJson.weeks);
      expect(sourcesCsv.filter((r) => r.dimension === 'serviceLine').map((r) => r.key)).toEqual(
        sourcesJson.byServiceLine.map((s: { serviceLine: string | null }) => s.serviceLine ?? ''),
      );

      const workloadJson = (await get('workload', admin).expect(200)).body;
      const workloadCsv = csvObjects(text((await csv('workload', admin).expect(200)).body));
      expect(
        workloadCsv
          .filter((r) => r.row_type === 'consultant')
          .map((r) => [r.consultant_id, Number(r.open_cases), r.out_of_office_now]),
      ).toEqual(
        workloadJson.consultants.map((c: { consultantId: string; openCases: number; outOfOfficeNow: boolean }) => [
          c.consultantId,
          c.openCases,
          String(c.outOfOfficeNow),
        ]),
      );
      expect(workloadCsv.filter((r) => r.row_type === 'office_queue').map((r) => r.office_code)).toEqual([
        'RPB',
        'RPC',
      ]);
    });

    it('refuses consultants with a problem document, not a CSV', async () => {
      const res = await get('pipeline', consultantToken, { format: 'csv' }).expect(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
    });
  });

  // Last, as it adds cases: every test above works from the fixture alone.
  it('sla: a case closed unanswered before its deadline was owed nothing, as the breach check says', async () => {
    const d = (await createOffice(t.db, { code: 'RPZ' })).id;
    const created = '2027-01-10T09:00:00.000Z'; // due 8 hours later, 17:00
    const lostAtOnce = await createReportCase(t.db, {
      officeId: d,
      createdAt: created,
      moves: [['lost', '2027-01-10T10:00:00.000Z']],
    });
    await createReportCase(t.db, { officeId: d, createdAt: created, moves: [['lost', '2027-01-10T20:00:00.000Z']] });
    await createReportCase(t.db, { officeId: d, createdAt: created, firstRespondedAt: '2027-01-10T12:00:00.000Z' });
    const [flag] = await t.db.query(`SELECT sla_breached, closed_at FROM cases WHERE id = $1`, [lostAtOnce.id]);
    expect(flag).toEqual({ sla_breached: false, closed_at: new Date('2027-01-10T10:00:00.000Z') });

    const res = await get('sla', admin, { officeId: d, from: '2027-01-10', to: '2027-01-10' }).expect(200);
    // lost at 10:00, unanswered: not due; lost at 20:00, unanswered: missed; answered at 12:00: met
    expect(res.body.totals).toEqual({ due: 2, met: 1, missed: 1, pending: 0, compliance: 0.5 });
  });

  // Also last, for the same reason.
  it("sources: a consultant filter alone narrows the inquiries to that consultant's cases", async () => {
    const y = (await createOffice(t.db, { code: 'RPY' })).id;
    const x1 = await createUser(t.db, { officeId: y, fullName: 'Sources X1' });
    const x2 = await createUser(t.db, { officeId: y, fullName: 'Sources X2' });
    const day = '2027-01-13T09:00:00.000Z';
    await createReportCase(t.db, { officeId: y, consultantId: x1.id, createdAt: day, originCountry: 'KZ' });
    await createReportCase(t.db, { officeId: y, consultantId: x2.id, createdAt: day, originCountry: 'KZ' });
    const window = { from: '2027-01-13', to: '2027-01-13' };

    // Without officeId the filter still reaches the inquiries through their cases, as for an office.
    for (const who of [x1, x2]) {
      const res = await get('sources', admin, { ...window, consultantId: who.id }).expect(200);
      expect(res.body.totals.inquiries).toBe(1);
    }
    const all = await get('sources', admin, window).expect(200);
    expect(all.body.totals.inquiries).toBeGreaterThanOrEqual(2);
  });

  it('documents the seven reports and their JSON shapes in OpenAPI', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body;
    for (const report of REPORTS) {
      const op = doc.paths[`/api/v1/reports/${report}`].get;
      expect(op.responses['200'].content['application/json'].schema.$ref).toMatch(
        /^#\/components\/schemas\/\w+Report$/,
      );
      expect(op.responses['200'].content['text/csv']).toBeDefined();
      expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual([
        'consultantId',
        'format',
        'from',
        'officeId',
        'originCountry',
        'serviceLine',
        'to',
      ]);
    }
    expect(doc.components.schemas.PipelineStage.properties.byCurrency).toBeDefined();
  });
});
