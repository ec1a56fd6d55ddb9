/**
 * Retention: inquiries that did not lead to business are anonymized RETENTION_DAYS after they
 * arrived, spam after 30 days (or the retention period, when shorter), and contacts left with
 * nothing else are erased; engaged and live cases keep their people. The sweep runs at any `now` (the app's Clock), and workers register it
 * as a daily repeatable job.
 */
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/app-config';
import { RETENTION_CRON, RetentionProcessor } from '../src/privacy/retention.processor';
import { RetentionService } from '../src/privacy/retention.service';
import { QueueName } from '../src/queue/queue.constants';
import { Clock } from '../src/sla/clock';
import { createOffice } from './factories';
import { createCase, CaseFixture } from './factories/cases';
import { createTestApp, TestApp } from './setup/test-app';

const NOW = new Date('2030-06-01T03:17:00Z');
const daysAgo = (days: number): Date => new Date(NOW.getTime() - days * 86_400_000);

/** An inquiry that has no case (spam, a duplicate, or never routed), with its own contact. */
async function looseInquiry(
  db: DataSource,
  o: { status: 'received' | 'spam' | 'duplicate'; createdAt: Date; duplicateOf?: string; contactId?: string },
): Promise<{ inquiryId: string; contactId: string }> {
  const tag = randomBytes(4).toString('hex');
  let contactId = o.contactId;
  let clientId: string;
  if (contactId) {
    [{ client_id: clientId }] = await db.query(`SELECT client_id FROM contacts WHERE id = $1`, [contactId]);
  } else {
    [{ id: clientId }] = await db.query(
      `INSERT INTO clients (name, name_normalized, type) VALUES ($1::varchar, lower($1::varchar), 'individual') RETURNING id`,
      [`Person ${tag}`],
    );
    [{ id: contactId }] = await db.query(
      `INSERT INTO contacts (client_id, full_name, email) VALUES ($1, $2, $3) RETURNING id`,
      [clientId, `Person ${tag}`, `person.${tag}@mail.test`],
    );
  }
  const [{ id }] = await db.query(
    `INSERT INTO inquiries (reference, contact_id, client_id, full_name, email, origin_country, message, consent_privacy, consent_at,
                            consent_ip, status, duplicate_of_id, created_at)
     VALUES ('INQ-2030-' || lpad(nextval('inquiry_reference_seq')::text, 6, '0'), $1, $2, $3, $4, 'RU', $5, true, $6, '203.0.113.9', $7, $8, $6)
     RETURNING id`,
    [
      contactId,
      clientId,
      `Person ${tag}`,
      `person.${tag}@mail.test`,
      `A message of ${tag}`,
      o.createdAt,
      o.status,
      o.duplicateOf ?? null,
    ],
  );
  return { inquiryId: id as string, contactId: contactId as string };
}

async function inquiryState(
  db: DataSource,
  id: string,
): Promise<{ anonymized: boolean; fullName: string; consentIp: string | null }> {
  const [row] = await db.query(`SELECT anonymized_at, full_name, consent_ip FROM inquiries WHERE id = $1`, [id]);
  return { anonymized: row.anonymized_at !== null, fullName: row.full_name, consentIp: row.consent_ip };
}

async function contactErased(db: DataSource, id: string): Promise<boolean> {
  const [row] = await db.query(`SELECT erased_at FROM contacts WHERE id = $1`, [id]);
  return row.erased_at !== null;
}

describe('retention sweep', () => {
  let t: TestApp;
  let officeId: string;
  const fixtures: Record<string, CaseFixture> = {};
  const loose: Record<string, { inquiryId: string; contactId: string }> = {};

  beforeAll(async () => {
    t = await createTestApp();
    officeId = (await createOffice(t.db)).id;
    const old = daysAgo(1100);
    fixtures.lost = await createCase(t.db, { officeId, stage: 'lost', createdAt: old });
    fixtures.engaged = await createCase(t.db, {
      officeId,
      stage: 'engaged',
      createdAt: old,
      estimatedValue: { amount: '1000.00', currency: 'USD' },
    });
    fixtures.onceEngaged = await createCase(t.db, { officeId, stage: 'lost', createdAt: old });
    await t.db.query(
      `INSERT INTO stage_events (case_id, from_stage, to_stage, created_at) VALUES ($1, 'new', 'engaged', $2), ($1, 'engaged', 'lost', $2)`,
      [fixtures.onceEngaged.id, daysAgo(1000)],
    );
    fixtures.staleOpen = await createCase(t.db, { officeId, stage: 'contacted', createdAt: old });
    await t.db.query(
      `INSERT INTO activities (case_id, type, body, created_at) VALUES ($1, 'note', 'Called, no answer.', $2)`,
      [fixtures.staleOpen.id, daysAgo(1000)],
    );
    fixtures.liveOpen = await createCase(t.db, { officeId, stage: 'qualified', createdAt: old });
    await t.db.query(
      `INSERT INTO activities (case_id, type, body, created_at) VALUES ($1, 'note', 'Proposal next week.', $2)`,
      [fixtures.liveOpen.id, daysAgo(10)],
    );
    fixtures.recentLost = await createCase(t.db, { officeId, stage: 'lost', createdAt: daysAgo(400) });

    loose.oldSpam = await looseInquiry(t.db, { status: 'spam', createdAt: daysAgo(31) });
    loose.newSpam = await looseInquiry(t.db, { status: 'spam', createdAt: daysAgo(29) });
    loose.neverRouted = await looseInquiry(t.db, { status: 'received', createdAt: daysAgo(800) });
    loose.dupOfEngaged = await looseInquiry(t.db, {
      status: 'duplicate',
      createdAt: old,
      duplicateOf: fixtures.engaged.inquiryId,
    });
    loose.dupOfLost = await looseInquiry(t.db, {
      status: 'duplicate',
      createdAt: old,
      duplicateOf: fixtures.lost.inquiryId,
    });
    // A person with an old lost case who wrote again recently: the old inquiry goes, the person stays.
    fixtures.returning = await createCase(t.db, { officeId, stage: 'lost', createdAt: old });
    loose.returningRecent = await looseInquiry(t.db, {
      status: 'received',
      createdAt: daysAgo(5),
      contactId: fixtures.returning.contactId,
    });
  });
  afterAll(() => t.close());

  it('anonymizes what is past retention and erases the people left with nothing else', async () => {
    const result = await t.app.get(RetentionService).sweep(NOW);
    expect(result).toEqual({ spamAnonymized: 1, inquiriesAnonymized: 5, contactsErased: 5 });

    for (const key of ['lost', 'staleOpen', 'returning']) {
      expect(await inquiryState(t.db, fixtures[key].inquiryId)).toEqual({
        anonymized: true,
        fullName: 'Erased contact',
        consentIp: null,
      });
    }
    for (const key of ['oldSpam', 'neverRouted', 'dupOfLost'])
      expect((await inquiryState(t.db, loose[key].inquiryId)).anonymized).toBe(true);
    for (const key of ['engaged', 'onceEngaged', 'liveOpen', 'recentLost'])
      expect((await inquiryState(t.db, fixtures[key].inquiryId)).anonymized).toBe(false);
    for (const key of ['newSpam', 'dupOfEngaged', 'returningRecent'])
      expect((await inquiryState(t.db, loose[key].inquiryId)).anonymized).toBe(false);

    for (const key of ['lost', 'staleOpen']) expect(await contactErased(t.db, fixtures[key].contactId)).toBe(true);
    for (const key of ['oldSpam', 'neverRouted', 'dupOfLost'])
      expect(await contactErased(t.db, loose[key].contactId)).toBe(true);
    for (const key of ['engaged', 'onceEngaged', 'liveOpen', 'recentLost', 'returning'])
      expect(await contactErased(t.db, fixtures[key].contactId)).toBe(false);
    expect(await contactErased(t.db, loose.newSpam.contactId)).toBe(false);
  });

  it('erases notes on the cases of erased people but keeps the cases for reports', async () => {
    const [activity] = await t.db.query(`SELECT body FROM activities WHERE case_id = $1`, [fixtures.staleOpen.id]);
    expect(activity.body).toBe('[erased]');
    const [kept] = await t.db.query(`SELECT body FROM activities WHERE case_id = $1`, [fixtures.liveOpen.id]);
    expect(kept.body).toBe('Proposal next week.');
    const [c] = await t.db.query(`SELECT stage_code, office_id FROM cases WHERE id = $1`, [fixtures.staleOpen.id]);
    expect(c).toEqual({ stage_code: 'contacted', office_id: officeId });
  });

  it('audits the sweep with counts only, and a second sweep finds nothing to do', async () => {
    const [entry] = await t.db.query(
      `SELECT actor_kind, after FROM audit_entries WHERE action = 'privacy.retention_applied'`,
    );
    expect(entry).toMatchObject({
      actor_kind: 'system',
      after: { spamAnonymized: 1, inquiriesAnonymized: 5, contactsErased: 5, retentionDays: 730 },
    });
    const erasures = await t.db.query(`SELECT after FROM audit_entries WHERE action = 'contact.erased'`);
    expect(erasures).toHaveLength(5);
    expect(erasures.every((e: { after: { via: string } }) => e.after.via === 'retention')).toBe(true);
    expect(await t.app.get(RetentionService).sweep(NOW)).toEqual({
      spamAnonymized: 0,
      inquiriesAnonymized: 0,
      contactsErased: 0,
    });
  });

  it('reads RETENTION_DAYS from the environment (default 730)', () => {
    const base = { DATABASE_URL: 'postgres://x@h/db', REDIS_URL: 'redis://h:6379', JWT_SECRET: 'x'.repeat(40) };
    expect(loadConfig(base).retentionDays).toBe(730);
    expect(loadConfig({ ...base, RETENTION_DAYS: '90' }).retentionDays).toBe(90);
    expect(() => loadConfig({ ...base, RETENTION_DAYS: '0' })).toThrow(/RETENTION_DAYS/);
  });
});

describe('retention shorter than the spam period', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ retentionDays: 7 });
  });
  afterAll(() => t.close());

  it('keeps spam no longer than genuine inquiries', async () => {
    const spam = await looseInquiry(t.db, { status: 'spam', createdAt: daysAgo(10) });
    const genuine = await looseInquiry(t.db, { status: 'received', createdAt: daysAgo(10) });
    const fresh = await looseInquiry(t.db, { status: 'spam', createdAt: daysAgo(5) });
    expect(await t.app.get(RetentionService).sweep(NOW)).toMatchObject({ spamAnonymized: 1, inquiriesAnonymized: 1 });
    expect((await inquiryState(t.db, spam.inquiryId)).anonymized).toBe(true);
    expect((await inquiryState(t.db, genuine.inquiryId)).anonymized).toBe(true);
    expect((await inquiryState(t.db, fresh.inquiryId)).anonymized).toBe(false);
  });
});

describe('retention in the worker', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ runWorkers: true, retentionDays: 30 });
  });
  afterAll(() => t.close());

  it('registers the sweep as a daily repeatable job', async () => {
    const queue = t.app.get<Queue>(getQueueToken(QueueName.Privacy));
    const repeatable = await queue.getRepeatableJobs();
    expect(repeatable).toEqual([expect.objectContaining({ name: 'sweep-retention', cron: RETENTION_CRON })]);
  });

  it('runs at the Clock’s now with the configured RETENTION_DAYS', async () => {
    const office = await createOffice(t.db);
    const c = await createCase(t.db, { officeId: office.id, stage: 'lost', createdAt: daysAgo(31) });
    t.app.get(Clock).now = () => NOW;
    await t.app.get(RetentionProcessor).sweep();
    expect((await inquiryState(t.db, c.inquiryId)).anonymized).toBe(true);
    expect(await contactErased(t.db, c.contactId)).toBe(true);
  });
});
