/**
 * Helpers of the security and privacy specs: tokens minted without a sign-in, polling, and scans of
 * every text column of the database and every Redis key of the spec's prefix for a needle.
 */
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { TokenService } from '../../src/auth/token.service';
import type { Role } from '../../src/common/auth.decorators';
import { escapeLike } from '../../src/common/sql';
import type { TestApp } from '../setup/test-app';
import { createCase } from './cases';
import { createOffice, createUser } from './index';

/** An access token for a staff user, signed by the app itself (no password hashing per actor). */
export function mintToken(t: TestApp, user: { id: string; role: Role; officeId: string | null }): string {
  return t.app.get(TokenService).signAccess({ sub: user.id, role: user.role, officeId: user.officeId });
}

export interface Hit {
  where: string;
  needle: string;
  rows: number;
}

/**
 * Every `table.column` of a textual kind (text, varchar, char, json, jsonb, arrays) holding one of
 * the needles, case-insensitively. Columns are found in the catalog, so a table added later is
 * searched too.
 */
export async function scanDatabase(db: DataSource, needles: string[]): Promise<Hit[]> {
  const columns: Array<{ table_name: string; column_name: string }> = await db.query(
    `SELECT c.table_name, c.column_name
       FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
        AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')
      ORDER BY 1, 2`,
  );
  const hits: Hit[] = [];
  for (const { table_name, column_name } of columns) {
    for (const needle of needles) {
      const [{ n }] = await db.query(
        `SELECT count(*)::int AS n FROM "${table_name}" WHERE "${column_name}"::text ILIKE $1`,
        [`%${escapeLike(needle)}%`],
      );
      if (n > 0) hits.push({ where: `${table_name}.${column_name}`, needle, rows: n });
    }
  }
  return hits;
}

/** Every Redis key under `prefix` whose name or value holds one of the needles, and how many keys were read. */
export async function scanRedis(
  redisUrl: string,
  prefix: string,
  needles: string[],
): Promise<{ keys: number; hits: string[] }> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const hits: string[] = [];
  let keys = 0;
  try {
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      for (const key of batch) {
        keys++;
        const type = await redis.type(key);
        let values: string[] = [];
        if (type === 'string') values = [(await redis.get(key)) ?? ''];
        else if (type === 'hash') values = Object.entries(await redis.hgetall(key)).flat();
        else if (type === 'list') values = await redis.lrange(key, 0, -1);
        else if (type === 'set') values = await redis.smembers(key);
        else if (type === 'zset') values = await redis.zrange(key, 0, -1);
        const text = [key, ...values].join('\n').toLowerCase();
        for (const needle of needles)
          if (text.includes(needle.toLowerCase())) hits.push(`${key} (${type}) holds ${needle}`);
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return { keys, hits };
}

/* ------------------------------------------------------------------------------------------------
 * The access-matrix world: two offices, each with a manager and two consultants; an admin placed in
 * office A; and builders of the object a matrix cell is about (see test/access-matrix.ts).
 * ---------------------------------------------------------------------------------------------- */

export type MatrixRole = 'consultant' | 'manager' | 'admin';
export type Placement = 'ownOffice' | 'otherOffice';
export type Whose = 'own' | 'others' | 'queue';

export interface Staff {
  id: string;
  role: Role;
  officeId: string | null;
}

export interface MatrixWorld {
  officeA: string;
  officeB: string;
  /** The three actors, all in office A. */
  actors: Record<MatrixRole, Staff>;
  /** Colleagues: the "others" whose objects a cell may be about. */
  colleagueA: Staff;
  colleagueB: Staff;
  managerB: Staff;
  /** The first admin (no office): owner of the "others" webhooks. */
  firstAdminId: string;
}

export async function buildMatrixWorld(t: TestApp): Promise<MatrixWorld> {
  const officeA = (await createOffice(t.db, { city: 'Shanghai' })).id;
  const officeB = (await createOffice(t.db, { city: 'Moscow', countryCode: 'RU', timezone: 'Europe/Moscow' })).id;
  // Room for every case the cells hand them, so capacity never decides an answer.
  const staff = async (role: Role, officeId: string): Promise<Staff> => ({
    id: (await createUser(t.db, { role, officeId, capacity: 1000 })).id,
    role,
    officeId,
  });
  const [{ id: firstAdminId }] = await t.db.query(
    `SELECT id FROM consultants WHERE role = 'admin' AND office_id IS NULL LIMIT 1`,
  );
  return {
    officeA,
    officeB,
    actors: {
      consultant: await staff('consultant', officeA),
      manager: await staff('manager', officeA),
      admin: await staff('admin', officeA),
    },
    colleagueA: await staff('consultant', officeA),
    colleagueB: await staff('consultant', officeB),
    managerB: await staff('manager', officeB),
    firstAdminId,
  };
}

/** The ids a cell's request may name. */
export interface TargetIds {
  caseId?: string;
  inquiryId?: string;
  clientId?: string;
  otherClientId?: string;
  contactId?: string;
  activityId?: string;
  consultantId?: string;
  periodId?: string;
  officeId?: string;
  ruleId?: string;
  webhookId?: string;
  deliveryId?: string;
  notificationId?: string;
  version?: number;
}

export type TargetKind =
  | 'none'
  | 'case'
  | 'activity'
  | 'consultant'
  | 'office'
  | 'rule'
  | 'spamInquiry'
  | 'webhook'
  | 'failedDelivery'
  | 'failedNotification';

let seq = 0;
export const uniqueTag = (): string => `${Date.now().toString(36)}${(seq++).toString(36)}`;

/**
 * Builds the object a cell is about: in `officeId`, belonging to `ownerId` (null: the office queue).
 * A `fresh` office is a new one, for routes that deactivate what they are given.
 */
export async function buildTarget(
  t: TestApp,
  w: MatrixWorld,
  kind: TargetKind,
  officeId: string,
  ownerId: string | null,
  fresh = false,
): Promise<TargetIds> {
  switch (kind) {
    case 'none':
      return {};
    case 'case':
    case 'activity': {
      const c = await createCase(t.db, {
        officeId,
        consultantId: ownerId,
        clientOwnerId: ownerId,
        withRoutingDecision: true,
      });
      const other = await createCase(t.db, { officeId, consultantId: ownerId, clientOwnerId: ownerId });
      let activityId: string | undefined;
      if (kind === 'activity') {
        // A queued case's note is by a colleague: the queue belongs to nobody.
        const author = ownerId ?? (officeId === w.officeA ? w.colleagueA.id : w.colleagueB.id);
        [{ id: activityId }] = await t.db.query(
          `INSERT INTO activities (case_id, author_id, type, body) VALUES ($1, $2, 'note', 'Matrix note') RETURNING id`,
          [c.id, author],
        );
      }
      return {
        caseId: c.id,
        inquiryId: c.inquiryId,
        clientId: c.clientId,
        otherClientId: other.clientId,
        contactId: c.contactId,
        activityId,
        version: 1,
      };
    }
    case 'consultant': {
      const consultantId = ownerId ?? (await createUser(t.db, { officeId })).id;
      const [{ id: periodId }] = await t.db.query(
        `INSERT INTO out_of_office_periods (consultant_id, starts_at, ends_at) VALUES ($1, '2031-02-01T00:00:00Z', '2031-02-10T00:00:00Z') RETURNING id`,
        [consultantId],
      );
      return { consultantId, periodId };
    }
    case 'office':
      return { officeId: fresh ? (await createOffice(t.db)).id : officeId };
    case 'rule': {
      // Named consultant: one of the office's consultants (only consultants are routed to), so a
      // rule is the same object whoever the cell's owner is.
      const named = ownerId === null ? null : officeId === w.officeA ? w.colleagueA.id : w.colleagueB.id;
      const [{ id }] = await t.db.query(
        `INSERT INTO routing_rules (name, priority, conditions, office_id, consultant_id) VALUES ($1, 500, '{"originCountries":["ZW"]}', $2, $3) RETURNING id`,
        [`Matrix rule ${uniqueTag()}`, officeId, named],
      );
      return { ruleId: id };
    }
    case 'spamInquiry': {
      const c = await createCase(t.db, { officeId });
      const [{ id }] = await t.db.query(
        `INSERT INTO inquiries (reference, contact_id, client_id, full_name, email, origin_country, message, consent_privacy, consent_at, status)
         VALUES ('INQ-2026-' || lpad(nextval('inquiry_reference_seq')::text, 6, '0'), $1, $2, 'Spam Bot', $3, 'RU', 'Buy cheap followers now!', true, now(), 'spam')
         RETURNING id`,
        [c.contactId, c.clientId, `bot.${uniqueTag()}@spam.test`],
      );
      return { inquiryId: id };
    }
    case 'webhook': {
      const [{ id }] = await t.db.query(
        `INSERT INTO webhook_subscriptions (url, events, secret, created_by_id) VALUES ('https://hooks.partner.example/acrm', '{case.assigned}', 'matrix-secret-0123456789', $1) RETURNING id`,
        [ownerId],
      );
      return { webhookId: id };
    }
    case 'failedDelivery': {
      // A delivery that used up its retries, of a subscription to a closed port (never called).
      const [{ id: webhookId }] = await t.db.query(
        `INSERT INTO webhook_subscriptions (url, events, secret, created_by_id) VALUES ('http://127.0.0.1:9/closed', '{case.assigned}', 'matrix-secret-0123456789', $1) RETURNING id`,
        [ownerId],
      );
      const [{ id: deliveryId }] = await t.db.query(
        `INSERT INTO webhook_deliveries (subscription_id, event_id, event, payload, status, attempts)
         VALUES ($1, gen_random_uuid(), 'case.assigned', '{"id": "x", "event": "case.assigned", "data": {}}', 'failed', 11) RETURNING id`,
        [webhookId],
      );
      return { webhookId, deliveryId };
    }
    case 'failedNotification': {
      const [{ id }] = await t.db.query(
        `INSERT INTO notifications (template, locale, recipient_kind, recipient_email, subject, body, status, attempts)
         VALUES ('office_queue', 'en', 'staff', $1, 'Matrix', 'Matrix', 'failed', 11) RETURNING id`,
        [`matrix.${uniqueTag()}@advisory.test`],
      );
      return { notificationId: id };
    }
  }
}
