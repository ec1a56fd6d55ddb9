/**
 * Accepts a validated public inquiry. One transaction stores the contact (deduplicated by
 * normalized email), the client (a company by email domain or name, an individual otherwise), the
 * inquiry with its consent record and reference, and the outbox row that gets it routed. Nothing
 * here touches Redis: the worker's relay enqueues the routing job after commit.
 *
 * Same-email submissions are serialized by a transaction-scoped advisory lock, which makes contact
 * dedupe and duplicate detection exact under concurrency. Idempotency-Key rests on the unique
 * index: a request that loses the race rolls back entirely and answers the winner's inquiry.
 */
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { normalizeCompanyName } from '@/clients/company-name';
import { companyDomainOf, readableDomain } from '@/clients/email-domain';
import { toE164 } from '@/clients/phone';
import { isUniqueViolation } from '@/common/pg-errors';
import { JobName } from '@/queue/queue.constants';
import { inquiryReceivedBodySql } from '@/webhooks/inquiry-received.sql';
import { InquiryCreatedView } from './dto/inquiry.dto';
import { InquiryInputDto } from './dto/inquiry-input.dto';
import { normalizeEmail, requestHash, truncate } from './intake-normalization';
import { InquiryStatus } from './inquiry.entity';
import { InquiryError } from './inquiries.errors';
import { honeypotFilled } from './honeypot';

/** What the request says about its sender, besides the body. */
export interface IntakeContext {
  ip: string | null;
  userAgent: string | null;
  /** The raw Idempotency-Key header, if any. */
  idempotencyKey: string | undefined;
}

/** A second identical message from one address within this window is a duplicate. */
/** A repeat of the same message from the same address within this long is a duplicate. */
export const DUPLICATE_WINDOW = '24 hours';
const IDEMPOTENCY_INDEX = 'uq_inquiries_idempotency_key';

interface StoredKey {
  id: string;
  reference: string;
  status: InquiryStatus;
  request_hash: string | null;
}

/** The answer never tells a bot its honeypot was noticed: spam reads as received. */
/**
 * What the public answer says: accepted (`received`), or a `duplicate` of an earlier inquiry.
 * Spam is not told it was caught, and a replay after routing answers what the first answer said.
 */
const publicStatus = (status: InquiryStatus): 'received' | 'duplicate' =>
  status === 'duplicate' ? 'duplicate' : 'received';

@Injectable()
export class IntakeService {
  constructor(private readonly dataSource: DataSource) {}

  async submit(input: InquiryInputDto, ctx: IntakeContext): Promise<InquiryCreatedView> {
    const key = ctx.idempotencyKey;
    if (key !== undefined && (key.length < 1 || key.length > 100)) throw InquiryError.badIdempotencyKey();
    const hash = requestHash(input);
    if (key !== undefined) {
      const earlier = await this.findByKey(this.dataSource.manager, key);
      if (earlier) return this.replay(earlier, hash);
    }
    try {
      return await this.dataSource.transaction((manager) => this.store(manager, input, ctx, hash));
    } catch (error) {
      // Another request with this key committed first: ours rolled back whole, answer theirs.
      if (key !== undefined && isUniqueViolation(error, IDEMPOTENCY_INDEX)) {
        const winner = await this.findByKey(this.dataSource.manager, key);
        if (winner) return this.replay(winner, hash);
      }
      throw error;
    }
  }

  /**
   * Four round trips in the usual case: the email's lock (with the service-line check), the
   * contact's current client or the domain's company (held against a merge until commit), and
   * one statement that upserts the contact, checks for a duplicate, draws the reference and writes
   * the inquiry and its outbox row; BEGIN and COMMIT aside. Only a new contact without a company of its domain needs more (resolveClient).
   * Every read that decides something runs after the lock, so it sees what an earlier request for
   * the same email committed.
   */
  private async store(
    manager: EntityManager,
    input: InquiryInputDto,
    ctx: IntakeContext,
    hash: string,
  ): Promise<InquiryCreatedView> {
    const serviceLines = [...new Set(input.serviceLines ?? [])];
    const email = normalizeEmail(input.email);
    const phone = input.phone ? toE164(input.phone, input.originCountry) : null;
    const [{ known }]: Array<{ known: string[] }> = await manager.query(
      `SELECT pg_advisory_xact_lock(hashtextextended($1, 0)),
              ARRAY(SELECT code FROM service_lines WHERE code = ANY($2::text[]) AND active) AS known`,
      [`intake:email:${email}`, serviceLines],
    );
    const unknown = serviceLines.filter((code) => !known.includes(code));
    if (unknown.length) throw InquiryError.unknownServiceLines(unknown);

    const spam = honeypotFilled(input.website);
    const { clientId, botContact } = await this.clientOf(manager, email, input, spam);
    const [row]: Array<{ id: string; reference: string; status: InquiryStatus }> = await manager.query(
      `WITH released AS (
         -- A genuine inquiry from a client known only from spam brings it out of quarantine.
         UPDATE clients SET quarantined = false WHERE id = $1 AND quarantined AND NOT $19::boolean
       ), contact AS (
         INSERT INTO contacts (client_id, full_name, email, phone, preferred_language)
         VALUES ($1, $2, lower($3), $4, $5)
         ON CONFLICT (email) DO UPDATE SET
           -- A bot's submission (the honeypot, $19) fills in nothing on a real investor's contact; a
           -- genuine one takes over a contact only bots wrote ($23): their name, phone and client were the bot's.
           client_id = CASE WHEN $23::boolean THEN EXCLUDED.client_id ELSE contacts.client_id END,
           full_name = CASE WHEN $23::boolean THEN EXCLUDED.full_name ELSE contacts.full_name END,
           phone = CASE WHEN $19::boolean THEN contacts.phone WHEN $23::boolean THEN EXCLUDED.phone
                        ELSE COALESCE(contacts.phone, EXCLUDED.phone) END,
           preferred_language = CASE WHEN $19::boolean THEN contacts.preferred_language
                                     WHEN $23::boolean THEN EXCLUDED.preferred_language
                                     ELSE COALESCE(contacts.preferred_language, EXCLUDED.preferred_language) END,
           updated_at = CASE WHEN $19::boolean THEN contacts.updated_at ELSE now() END
         RETURNING id
       ), original AS (
         -- The routed-or-waiting inquiry this one repeats, if the same address sent the same message lately.
         SELECT COALESCE(duplicate_of_id, id) AS id FROM inquiries
          WHERE NOT $19::boolean AND email = lower($3) AND message = $10 AND status <> 'spam'
            AND created_at > now() - $20::interval
          ORDER BY created_at, id LIMIT 1
       ), sequence AS (
         SELECT nextval('inquiry_reference_seq')::text AS n, extract(year FROM now() AT TIME ZONE 'UTC')::int AS year
       ), inquiry AS (
         -- The reference as formatReference writes it: INQ-YYYY-NNNNNN, longer numbers never cut.
         INSERT INTO inquiries (
           reference, contact_id, client_id, full_name, email, phone, company, origin_country, target_country,
           target_city, service_lines, message, preferred_language, source, consent_privacy, consent_marketing,
           consent_text_version, consent_at, consent_ip, user_agent, status, duplicate_of_id, idempotency_key, request_hash)
         SELECT 'INQ-' || sequence.year || '-' || (CASE WHEN length(sequence.n) >= 6 THEN sequence.n
                                                        ELSE lpad(sequence.n, 6, '0') END),
                contact.id, $1, $2, lower($3), $4, $6, $7, $8, $9, $11, $10, $5, $12, true, $13, $14, now(), $15, $16,
                CASE WHEN $19::boolean THEN 'spam' WHEN original.id IS NOT NULL THEN 'duplicate' ELSE 'received' END,
                original.id, $17, $18
           FROM contact CROSS JOIN sequence LEFT JOIN original ON TRUE
         RETURNING id, reference, status, duplicate_of_id, origin_country, target_country, service_lines, source, created_at
       ), queued AS (
         -- Only a fresh inquiry is routed: spam waits for a person to release it, a duplicate rides on its original.
         INSERT INTO outbox (topic, payload, job_id)
         SELECT $21::text, jsonb_build_object('inquiryId', id), id::text FROM inquiry WHERE status = 'received'
       ), event AS (
         SELECT gen_random_uuid() AS id
       ), deliveries AS (
         -- The inquiry.received webhook (ids and codes only), for every subscription that wants it;
         -- not for spam, which is received when a person releases it (InquiriesService.release).
         INSERT INTO webhook_deliveries (subscription_id, event_id, event, payload)
         SELECT w.id, event.id, 'inquiry.received',
                ${inquiryReceivedBodySql('inquiry', 'event.id')}
           FROM inquiry, event, webhook_subscriptions w
          WHERE inquiry.status <> 'spam' AND w.deleted_at IS NULL AND 'inquiry.received' = ANY (w.events)
         RETURNING id
       ), deliveries_queued AS (
         INSERT INTO outbox (topic, payload, job_id)
         SELECT $22::text, jsonb_build_object('deliveryId', id), 'webhook:' || id FROM deliveries
       )
       SELECT id, reference, status FROM inquiry`,
      [
        clientId,
        input.fullName,
        email,
        phone,
        input.preferredLanguage ?? null,
        input.company ?? null,
        input.originCountry,
        input.targetCountry ?? null,
        input.targetCity ?? null,
        input.message,
        serviceLines,
        input.source ?? 'website',
        input.consent.marketing ?? false,
        input.consent.textVersion ?? null,
        ctx.ip ? truncate(ctx.ip, 45) : null,
        ctx.userAgent ? truncate(ctx.userAgent, 500) : null,
        ctx.idempotencyKey ?? null,
        hash,
        spam,
        DUPLICATE_WINDOW,
        JobName.RouteInquiry,
        JobName.DeliverWebhook,
        botContact,
      ],
    );
    return { id: row.id, reference: row.reference, status: publicStatus(row.status) };
  }

  /**
   * The client of this email (called under its lock): a known contact's client (or the one it was
   * merged into), else for a new contact the company of the email's domain, both in one statement;
   * else resolveClient. A genuine sender whose address only bots used so far (its contact's client
   * is quarantined) is filed as a new contact would be, and `botContact` says so: bots fill forms
   * with scraped real addresses, and the owner must not land in the client a bot named. Where that
   * filing makes an individual, it is the bot's one, renamed (a false positive stays one client).
   */
  private async clientOf(
    manager: EntityManager,
    email: string,
    input: InquiryInputDto,
    spam: boolean,
  ): Promise<{ clientId: string; botContact: boolean }> {
    const domain = companyDomainOf(email);
    // The client found is held against a merge in the same statement (see holdLiveClient): the
    // locking sub-select waits for a merge in flight and then reads the row as the merge left it.
    const [row]: Array<{
      client_id: string | null;
      merged_into_id: string | null;
      bot_client_id: string | null;
    }> = await manager.query(
      `WITH RECURSIVE known AS (
         SELECT k.client_id, NOT $3::boolean AND q.quarantined AS bot_contact
           FROM contacts k JOIN clients q ON q.id = k.client_id
          WHERE k.email = lower($1)
       ), contact AS (
         SELECT client_id FROM known WHERE NOT bot_contact
       ), chain AS (
         SELECT id, merged_into_id, 0 AS depth FROM clients WHERE id = (SELECT client_id FROM contact)
         UNION ALL
         SELECT c.id, c.merged_into_id, chain.depth + 1 FROM clients c JOIN chain ON c.id = chain.merged_into_id
          WHERE chain.depth < 20
       ), found AS (
         SELECT CASE WHEN EXISTS (SELECT 1 FROM contact)
                     THEN COALESCE((SELECT id FROM chain WHERE merged_into_id IS NULL LIMIT 1), (SELECT client_id FROM contact))
                     -- a bot's new address joins no company by its domain (spam, $3)
                     WHEN $3::boolean THEN NULL
                     -- the live company of the domain, else one merged away (followed to its survivor below)
                     ELSE COALESCE((SELECT id FROM clients WHERE email_domain = lower($2) AND merged_into_id IS NULL),
                                   (SELECT id FROM clients WHERE email_domain = lower($2) AND merged_into_id IS NOT NULL
                                     ORDER BY updated_at DESC, id LIMIT 1)) END AS id
       )
       SELECT f.id AS client_id,
              (SELECT h.merged_into_id FROM clients h WHERE h.id = f.id FOR KEY SHARE) AS merged_into_id,
              (SELECT client_id FROM known WHERE bot_contact) AS bot_client_id
         FROM found f`,
      [email, domain, spam],
    );
    const botContact = row.bot_client_id !== null;
    if (row.client_id === null) {
      const clientId = await this.resolveClient(manager, input, spam ? null : domain, spam, row.bot_client_id);
      return { clientId, botContact };
    }
    // A client merged into another is represented by the one it was merged into.
    const clientId =
      row.merged_into_id === null ? row.client_id : await this.holdLiveClient(manager, row.merged_into_id);
    return { clientId, botContact };
  }

  /**
   * Holds the client against a merge until this intake commits (FOR KEY SHARE waits for a merge's
   * FOR UPDATE, and makes a later merge wait), then answers it — or, when a merge committed while
   * we waited, the client it was merged into, held the same way. Without it an intake that read
   * the client just before a merge wrote its contact and inquiry onto the merged client after the
   * merge had moved everything else; and, with the contact row locked first, the two deadlocked.
   * Taken before the contact row is touched, as the merge takes the clients before the contacts.
   */
  private async holdLiveClient(manager: EntityManager, clientId: string): Promise<string> {
    let id = clientId;
    for (let hops = 0; hops < 20; hops++) {
      const [row]: Array<{ merged_into_id: string | null }> = await manager.query(
        `SELECT merged_into_id FROM clients WHERE id = $1 FOR KEY SHARE`,
        [id],
      );
      if (!row) throw new Error(`intake: client ${id} vanished`); // clients are merged, never deleted
      if (row.merged_into_id === null) return id;
      id = row.merged_into_id;
    }
    throw new Error(`intake: client ${clientId} is merged in a chain of more than 20`);
  }

  /**
   * The client of a new contact whose email domain (free-mail domains excluded) has no company:
   * a company of the same normalized name, else a new company (corporate domain or a company name
   * given), else a new individual (always, for spam) — or `botClient`, the quarantined individual
   * of a contact only bots wrote, under the name this sender gives.
   */
  private async resolveClient(
    manager: EntityManager,
    input: InquiryInputDto,
    domain: string | null,
    spam = false,
    botClient: string | null = null,
  ): Promise<string> {
    // The domain's company was looked up by clientOf, under the same lock: there was none. A bot's
    // submission claims no domain and joins or founds no company: it gets an individual client,
    // so a genuine sender of that domain or company later never lands in one a bot named.
    const company = spam ? undefined : input.company;
    if (company) {
      const nameKey = normalizeCompanyName(company);
      // Serializes "find by name, else create" for one name; domains are guarded by their unique index.
      await lock(manager, `intake:company:${nameKey}`);
      // A live company of that name first; else one merged away, which leads to its survivor.
      const [byName]: Array<{ id: string }> = await manager.query(
        `SELECT id FROM clients WHERE name_normalized = $1 AND type = 'company'
          ORDER BY merged_into_id IS NOT NULL, created_at, id LIMIT 1`,
        [nameKey],
      );
      if (byName) return this.holdLiveClient(manager, byName.id);
    }
    if (domain) {
      // Named after its domain as people read it (пример.рф); the domain itself is stored in ASCII.
      const name = truncate(company ?? readableDomain(domain), 200);
      const [created]: Array<{ id: string }> = await manager.query(
        `INSERT INTO clients (name, name_normalized, type, country_code, email_domain)
         VALUES ($1, $2, 'company', $3, lower($4))
         ON CONFLICT (email_domain) WHERE merged_into_id IS NULL AND email_domain IS NOT NULL DO NOTHING
         RETURNING id`,
        [name, normalizeCompanyName(name), input.originCountry, domain],
      );
      const id = created?.id ?? (await this.clientByDomain(manager, domain));
      if (id) return id;
    }
    const individual = !company;
    const name = company ?? input.fullName;
    if (individual && botClient) {
      // Out of quarantine with the inquiry (the statement's `released`).
      await manager.query(`UPDATE clients SET name = $2, name_normalized = $3, country_code = $4 WHERE id = $1`, [
        botClient,
        name,
        normalizeCompanyName(name),
        input.originCountry,
      ]);
      return botClient;
    }
    // A bot's client stays out of the client lists (quarantined) until a person releases it.
    const [created]: Array<{ id: string }> = await manager.query(
      `INSERT INTO clients (name, name_normalized, type, country_code, quarantined) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [name, normalizeCompanyName(name), individual ? 'individual' : 'company', input.originCountry, spam],
    );
    return created.id;
  }

  private async clientByDomain(manager: EntityManager, domain: string): Promise<string | null> {
    const [row]: Array<{ id: string }> = await manager.query(
      `SELECT id FROM clients WHERE email_domain = lower($1) AND merged_into_id IS NULL`,
      [domain],
    );
    return row?.id ?? null;
  }

  private async findByKey(manager: EntityManager, key: string): Promise<StoredKey | null> {
    const [row]: StoredKey[] = await manager.query(
      `SELECT id, reference, status, request_hash FROM inquiries WHERE idempotency_key = $1`,
      [key],
    );
    return row ?? null;
  }

  private replay(earlier: StoredKey, hash: string): InquiryCreatedView {
    if (earlier.request_hash !== hash) throw InquiryError.idempotencyKeyReused();
    return { id: earlier.id, reference: earlier.reference, status: publicStatus(earlier.status) };
  }
}

/** A transaction-scoped advisory lock on a text key (released at commit or rollback). */
async function lock(manager: EntityManager, key: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [key]);
}
