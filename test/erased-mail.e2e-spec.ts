/**
 * An erased person's mail is never sent again (found by a review of session 10's changes): the
 * erasure cancels a message that failed for good, as it cancels one still waiting, and "send
 * again" refuses a message whose recipient was erased before erasure did so.
 */
import { NotificationsService } from '../src/notifications/notifications.service';
import { createOffice } from './factories';
import { createCase } from './factories/cases';
import { bearer, createTestApp, TestApp } from './setup/test-app';

jest.setTimeout(60_000);

describe('an erased person’s mail', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  /** An acknowledgement whose every retry ran out in a long SMTP outage. */
  async function failedAcknowledgement() {
    const office = await createOffice(t.db);
    const c = await createCase(t.db, { officeId: office.id });
    const id = await t.db.transaction((m) => t.app.get(NotificationsService).acknowledgeInquiry(m, c.inquiryId, c.id));
    await t.db.query(`UPDATE notifications SET status = 'failed', last_error = '421 try later' WHERE id = $1`, [id]);
    return { c, id };
  }

  it('is cancelled by the erasure when it had failed, and "send again" refuses it', async () => {
    const { c, id } = await failedAcknowledgement();
    await t.http.post(`/api/v1/contacts/${c.contactId}/erase`).set(bearer(admin)).expect(200);
    const [erased] = await t.db.query(`SELECT status, recipient_email FROM notifications WHERE id = $1`, [id]);
    expect(erased).toEqual({ status: 'cancelled', recipient_email: '[erased]' });
    await t.db.query(`DELETE FROM outbox WHERE payload->>'notificationId' = $1`, [id]);

    const res = await t.http.post(`/api/v1/notifications/${id}/resend`).set(bearer(admin)).expect(409);
    expect(res.body.code).toBe('notification.erased');
    const [after] = await t.db.query(`SELECT status FROM notifications WHERE id = $1`, [id]);
    expect(after.status).toBe('cancelled');
    expect(await t.db.query(`SELECT 1 FROM outbox WHERE payload->>'notificationId' = $1`, [id])).toEqual([]);
  });

  it('is not sent again when it was erased while failed before the erasure cancelled such mail', async () => {
    const { id } = await failedAcknowledgement();
    // What an erasure before the fix left: the text gone, the message still failed.
    await t.db.query(
      `UPDATE notifications SET recipient_email = '[erased]', subject = '[erased]', body = '[erased]' WHERE id = $1`,
      [id],
    );
    await t.db.query(`DELETE FROM outbox WHERE payload->>'notificationId' = $1`, [id]);

    const res = await t.http.post(`/api/v1/notifications/${id}/resend`).set(bearer(admin)).expect(409);
    expect(res.body.code).toBe('notification.erased');
    const [after] = await t.db.query(`SELECT status FROM notifications WHERE id = $1`, [id]);
    expect(after.status).toBe('failed');
    expect(await t.db.query(`SELECT 1 FROM outbox WHERE payload->>'notificationId' = $1`, [id])).toEqual([]);
  });
});
