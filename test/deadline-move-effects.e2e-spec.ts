/**
 * What a moved first-response deadline must not do elsewhere (found by a review of session 11's
 * deadline changes; each test failed before its fix):
 * - the `sla_deadline_moved` event's system reason is neither exported as a staff note about the
 *   investor nor rewritten by their erasure;
 * - a case handed to another office whose calendar puts its deadline before the move is charged,
 *   when flagged, to that office and to whoever it was handed to there — never to an office and a
 *   consultant of another office.
 */
import { SlaService } from '../src/sla/sla.service';
import { createOffice, createUser } from './factories';
import { createCase } from './factories/pipeline';
import { bearer, createTestApp, TestApp } from './setup/test-app';

jest.setTimeout(60_000);

describe('a moved first-response deadline', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
  });
  afterAll(async () => t.close());

  describe('an office calendar change and a contact’s personal data', () => {
    /** A waiting case whose deadline an admin's holiday moves: one `sla_deadline_moved` event. */
    async function caseWithMovedDeadline() {
      const shanghai = await createOffice(t.db, { timezone: 'Asia/Shanghai', slaHours: 8 });
      // Monday 1 March 2027, 09:00 in Shanghai: due 17:00 there (09:00 UTC).
      const c = await createCase(t.db, {
        officeId: shanghai.id,
        createdAt: new Date('2027-03-01T01:00:00Z'),
        firstResponseDueAt: new Date('2027-03-01T09:00:00Z'),
      });
      await t.http
        .patch(`/api/v1/offices/${shanghai.id}`)
        .set(bearer(admin))
        .send({ holidays: ['2027-03-01'] })
        .expect(200);
      const events = await t.db.query(
        `SELECT data FROM case_events WHERE case_id = $1 AND kind = 'sla_deadline_moved'`,
        [c.caseId],
      );
      expect(events).toHaveLength(1); // the precondition: the calendar change moved the deadline
      return c;
    }

    it('does not export a calendar change as a staff hand-over note about the investor', async () => {
      const c = await caseWithMovedDeadline();
      const body = (await t.http.get(`/api/v1/contacts/${c.contactId}/export`).set(bearer(admin)).expect(200)).body;
      // Nobody wrote anything about this person: no stage-change reason, no hand-over reason (the
      // export used to read every case event with a text `reason` as a hand-over note).
      expect(body.caseNotes).toEqual([]);
    });

    it('erasing a contact leaves the system reason of a moved deadline alone, and does not count it', async () => {
      const c = await caseWithMovedDeadline();
      const res = await t.http.post(`/api/v1/contacts/${c.contactId}/erase`).set(bearer(admin)).expect(200);
      const [event] = await t.db.query(
        `SELECT data FROM case_events WHERE case_id = $1 AND kind = 'sla_deadline_moved'`,
        [c.caseId],
      );
      // The timeline keeps saying why the deadline moved, and nothing was erased (the erasure used to
      // rewrite every text `reason` of the case's events to '[erased]' and count it as a note).
      expect(event.data.reason).toBe('office_calendar');
      expect(res.body.counts.caseNotes).toBe(0);
    });
  });

  describe('a miss flagged after a hand-over to another office', () => {
    it('charges a miss flagged after a hand-over to another office to an office and a consultant that go together', async () => {
      // Singapore answers in 100 business hours, Moscow in 1. An inquiry that came a week ago is on
      // time in Singapore (its deadline is days ahead) and already late under Moscow's calendar.
      const singapore = await createOffice(t.db, { timezone: 'Asia/Singapore', countryCode: 'SG', slaHours: 100 });
      const moscow = await createOffice(t.db, { timezone: 'Europe/Moscow', countryCode: 'RU', slaHours: 1 });
      const inSingapore = await createUser(t.db, { officeId: singapore.id, fullName: 'Singapore Holder' });
      const inMoscow = await createUser(t.db, { officeId: moscow.id, fullName: 'Moscow Taker' });
      const receivedAt = new Date(Date.now() - 7 * 86_400_000);
      const c = await createCase(t.db, {
        officeId: singapore.id,
        consultantId: inSingapore.id,
        createdAt: receivedAt,
        firstResponseDueAt: new Date(Date.now() + 3 * 86_400_000),
      });
      // Routing's assignment event, as routing writes it.
      await t.db.query(
        `INSERT INTO case_events (case_id, kind, actor_id, data, created_at) VALUES ($1, 'assigned', NULL, $2::jsonb, $3)`,
        [
          c.caseId,
          JSON.stringify({
            via: 'routing',
            fromConsultantId: null,
            toConsultantId: inSingapore.id,
            fromOfficeId: null,
            toOfficeId: singapore.id,
            reason: null,
            by: null,
          }),
          receivedAt,
        ],
      );

      // The manager hands it to a Moscow colleague (the case goes to the consultant's office): its
      // deadline is recounted in Moscow's calendar — already past — and checked at once.
      const moved = await t.http
        .post(`/api/v1/cases/${c.caseId}/assign`)
        .set(bearer(admin))
        .send({ consultantId: inMoscow.id, reason: 'Client prefers Moscow', version: 1 })
        .expect(200);
      expect(moved.body.officeId).toBe(moscow.id);
      expect(new Date(moved.body.firstResponseDueAt).getTime()).toBeLessThan(Date.now());
      expect(await t.app.get(SlaService).checkCase(c.caseId)).toBe('breached');

      // What a user sees: Moscow's SLA report names a Singapore consultant with a miss, and the
      // Singapore consultant's own figures (consultantId filter) charge it to Moscow.
      const period = { from: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10) };
      const moscowReport = (
        await t.http
          .get('/api/v1/reports/sla')
          .query({ ...period, officeId: moscow.id })
          .set(bearer(admin))
          .expect(200)
      ).body;
      expect(moscowReport.byOffice).toEqual([expect.objectContaining({ officeId: moscow.id, missed: 1 })]);
      expect(
        moscowReport.byConsultant
          .filter((k: { missed: number }) => k.missed > 0)
          .map((k: { consultantId: string | null }) => k.consultantId),
      ).toEqual([inMoscow.id]);

      const [row] = await t.db.query(`SELECT breached_office_id, breached_under_id FROM cases WHERE id = $1`, [
        c.caseId,
      ]);
      const officeOf = async (consultantId: string | null) =>
        consultantId === null
          ? null
          : (await t.db.query(`SELECT office_id FROM consultants WHERE id = $1`, [consultantId]))[0].office_id;
      // Whoever the miss is charged to works in the office it is charged to: the Moscow colleague it
      // was handed to (it used to be the Singapore consultant who held it at Moscow's deadline, which
      // fell while the case was still in Singapore).
      expect(row.breached_office_id).toBe(moscow.id);
      expect(row.breached_under_id).toBe(inMoscow.id);
      expect(await officeOf(row.breached_under_id)).toBe(moscow.id);
    });
  });
});
