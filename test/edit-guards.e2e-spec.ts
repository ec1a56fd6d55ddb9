/**
 * Edits that must be refused or must move a version (found by a review of session 9's changes;
 * each test failed before its fix):
 * - an open stage cannot be created or moved behind the won and lost stages;
 * - a date Postgres cannot store (the year 0000) is a 400 naming the field, not a 500 (the ISO 8601
 *   filters and times already refused it: kept here as a guard);
 * - times in a body (an activity's due and done times, an out-of-office stretch) follow the rule of
 *   the list and report periods: a date or an instant with its zone (other ISO 8601 forms were 500s
 *   or read another way; found in session 13's last read);
 * - a consultant edit that changes only their service lines moves the version, so a second edit
 *   from the same read is a 409 instead of silently dropping the first.
 */
import { createCase } from './factories/pipeline';
import { createOffice, createUser } from './factories';
import { bearer, createTestApp, TestApp } from './setup/test-app';

describe('edit guards', () => {
  let t: TestApp;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = bearer(await t.adminToken());
  });
  afterAll(() => t.close());

  const stageOrder = async (): Promise<Array<{ code: string; category: string }>> =>
    (await t.http.get('/api/v1/stages').query({ pageSize: 100 }).set(admin).expect(200)).body.data;

  const openAfterClosed = (stages: Array<{ code: string; category: string }>): string[] => {
    const firstClosed = stages.findIndex((s) => s.category !== 'open');
    return stages
      .slice(firstClosed)
      .filter((s) => s.category === 'open')
      .map((s) => s.code);
  };

  describe('stages: won and lost stay after every open stage', () => {
    it('refuses to move an open stage behind engaged and lost (422 stage.out_of_order, nothing written)', async () => {
      const res = await t.http.patch('/api/v1/stages/proposal').set(admin).send({ position: 70 });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'stage.out_of_order', errors: [{ field: 'position' }] });
      expect(openAfterClosed(await stageOrder())).toEqual([]);
    });

    it('refuses to add an open stage behind engaged and lost (422 stage.out_of_order, nothing written)', async () => {
      const res = await t.http
        .post('/api/v1/stages')
        .set(admin)
        .send({ code: 'aftercare', name: 'Aftercare', position: 90, probability: 30 });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ errors: [{ field: 'position' }] });
      expect(openAfterClosed(await stageOrder())).toEqual([]);
    });
  });

  describe('dates Postgres cannot store answer 400 naming the field, not 500', () => {
    it('office holidays and extra working days in year 0000', async () => {
      const office = await createOffice(t.db);
      for (const field of ['holidays', 'extraWorkingDays']) {
        const res = await t.http
          .patch(`/api/v1/offices/${office.id}`)
          .set(admin)
          .send({ [field]: ['0000-01-03'] });
        expect({ field, status: res.status }).toEqual({ field, status: 400 });
        expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
      }
    });

    it('a case expected close date in year 0000', async () => {
      const office = await createOffice(t.db);
      const kase = await createCase(t.db, { officeId: office.id });
      const res = await t.http
        .patch(`/api/v1/cases/${kase.caseId}`)
        .set(admin)
        .send({ expectedCloseDate: '0000-06-01', version: 1 });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'expectedCloseDate' })]);
    });

    it('a report period, an audit period and an activity due time in year 0000', async () => {
      const office = await createOffice(t.db);
      const kase = await createCase(t.db, { officeId: office.id });
      const report = await t.http.get('/api/v1/reports/pipeline').query({ from: '0000-01-01' }).set(admin);
      expect({ status: report.status, errors: report.body.errors }).toEqual({
        status: 400,
        errors: [expect.objectContaining({ field: 'from' })],
      });
      const audit = await t.http.get('/api/v1/audit').query({ to: '0000-01-01T00:00:00Z' }).set(admin);
      expect({ status: audit.status, errors: audit.body.errors }).toEqual({
        status: 400,
        errors: [expect.objectContaining({ field: 'to' })],
      });
      const task = await t.http
        .post(`/api/v1/cases/${kase.caseId}/activities`)
        .set(admin)
        .send({ type: 'task', body: 'Call back', dueAt: '0000-06-01T09:00:00Z' });
      expect({ status: task.status, errors: task.body.errors }).toEqual({
        status: 400,
        errors: [expect.objectContaining({ field: 'dueAt' })],
      });
    });
  });

  describe('times in a body are a date or an instant with its zone', () => {
    // ISO 8601 forms Postgres or Date cannot read were a 500 (a week date, an hour-only time), others
    // were read another way (an ordinal date) or in the server's zone (no zone): the rule of the list
    // and report periods, IsDateOrInstant, now holds for these too.
    const refused = ['2026-W05-1', '2026-123', '20260131', '2026-01-31T10Z', '2026-01-31T10:00'];

    it('an activity due or done time', async () => {
      const office = await createOffice(t.db);
      const kase = await createCase(t.db, { officeId: office.id });
      for (const [field, value] of refused.flatMap((v) => [['dueAt', v] as const, ['completedAt', v] as const])) {
        const res = await t.http
          .post(`/api/v1/cases/${kase.caseId}/activities`)
          .set(admin)
          .send({ type: 'task', body: 'Call back', [field]: value });
        expect({ value, status: res.status, errors: res.body.errors }).toEqual({
          value,
          status: 400,
          errors: [expect.objectContaining({ field })],
        });
      }
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM activities WHERE case_id = $1`, [kase.caseId]);
      expect(n).toBe(0);
      const kept = await t.http
        .post(`/api/v1/cases/${kase.caseId}/activities`)
        .set(admin)
        .send({ type: 'task', body: 'Call back', dueAt: '2026-02-01T09:00:00+08:00' })
        .expect(201);
      expect(kept.body.dueAt).toBe('2026-02-01T01:00:00.000Z');
    });

    it('an out-of-office stretch', async () => {
      const office = await createOffice(t.db);
      const consultant = await createUser(t.db, { officeId: office.id });
      for (const [field, value] of refused.flatMap((v) => [['from', v] as const, ['to', v] as const])) {
        const body = { from: '2026-12-20T00:00:00Z', to: '2027-01-05T00:00:00Z', [field]: value };
        const res = await t.http.post(`/api/v1/consultants/${consultant.id}/out-of-office`).set(admin).send(body);
        expect({ value, status: res.status, errors: res.body.errors }).toEqual({
          value,
          status: 400,
          errors: [expect.objectContaining({ field })],
        });
      }
      const read = await t.http.get(`/api/v1/consultants/${consultant.id}`).set(admin).expect(200);
      expect(read.body.outOfOffice).toEqual([]);
      await t.http
        .post(`/api/v1/consultants/${consultant.id}/out-of-office`)
        .set(admin)
        .send({ from: '2026-12-20', to: '2027-01-05T00:00:00Z' })
        .expect(201);
    });
  });

  describe('consultant versions', () => {
    it('a service-line edit moves the version, so a second edit from the same read is a 409', async () => {
      const office = await createOffice(t.db);
      const c = await createUser(t.db, { officeId: office.id, serviceLines: ['bank_account'] });
      const read = (await t.http.get(`/api/v1/consultants/${c.id}`).set(admin).expect(200)).body;
      // Two managers open the same consultant; the first gives them tax.
      const first = await t.http
        .patch(`/api/v1/consultants/${c.id}`)
        .set(admin)
        .set('If-Match', `"${read.version}"`)
        .send({ serviceLines: ['bank_account', 'tax'] });
      expect(first.status).toBe(200);
      // The second, from the same (now stale) read, would silently drop tax.
      const second = await t.http
        .patch(`/api/v1/consultants/${c.id}`)
        .set(admin)
        .set('If-Match', `"${read.version}"`)
        .send({ serviceLines: ['bank_account', 'audit'] });
      expect(second.status).toBe(409);
      expect(first.body.version).toBe(read.version + 1);
      const now = (await t.http.get(`/api/v1/consultants/${c.id}`).set(admin).expect(200)).body;
      expect(now.serviceLines).toEqual(['bank_account', 'tax']);
      // A change of name and lines together moves it once; the same lines again, not at all.
      const both = await t.http
        .patch(`/api/v1/consultants/${c.id}`)
        .set(admin)
        .set('If-Match', `"${now.version}"`)
        .send({ fullName: 'Renamed Colleague', serviceLines: ['tax'] })
        .expect(200);
      expect(both.body.version).toBe(now.version + 1);
      const same = await t.http
        .patch(`/api/v1/consultants/${c.id}`)
        .set(admin)
        .set('If-Match', `"${both.body.version}"`)
        .send({ serviceLines: ['tax'] })
        .expect(200);
      expect(same.body.version).toBe(both.body.version);
    });
  });
});
