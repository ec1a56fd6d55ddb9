/**
 * What a moved first-response deadline must not do elsewhere (found by a review of session 11's
 * deadline changes; each test failed before its fix):
 * - the `sla_deadline_moved` event's system reason is neither exported as a staff note about the
 *   investor nor rewritten by their erasure;
 * - a case handed to another office whose calendar puts its deadline before the move is charged,
 *   when flagged, to that office and to whoever it was handed to there — never to an office and a
 *   consultant of another office.
 */
import { createOffice } from './factories';
import { createCase } from './factories/pipeline';
import { bearer, createTestApp, TestApp } from './setup/test-app';

jest.setTimeout(60_000);

describe('an office calendar change and a contact’s personal data', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
  });
  afterAll(async () => t.close());

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
    const events = await t.db.query(`SELECT data FROM case_events WHERE case_id = $1 AND kind = 'sla_deadline_moved'`, [
      c.caseId,
    ]);
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
