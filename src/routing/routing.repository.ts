/**
 * Loads what the routing policy decides on — service lines with keywords, offices, rules and
 * consultants with their live load — as the policy's plain types, in a handful of queries.
 *
 * Service lines, offices and rules change when an admin edits them, which is rare next to the
 * decisions that read them, so they are kept in memory and reloaded only when one cheap query
 * says a row of theirs changed. Consultants are never cached: their load changes with every case.
 */
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { emailDomainOf } from '@/clients/email-domain';
import type { OfficeCalendarSource } from '@/sla/sla-calendar';
import type { ServiceLineKeywords } from './keyword-matcher';
import type { AffinityOwner, PolicyConsultant, PolicyOffice, PolicyRule, RoutingInput } from './routing.types';

/** What admins edit and every decision reads. Treat as read-only: the same objects serve many decisions. */
export interface RoutingConfig {
  /** Service lines in catalog order. */
  serviceLines: ServiceLineKeywords[];
  offices: PolicyOffice[];
  /** Active rules by priority, then age. */
  rules: PolicyRule[];
  /** English canonical names of the cities active offices cover, for enrichment. */
  coveredCities: ReadonlySet<string>;
  /**
   * What routing writes about each office besides the decision: the calendar its first-response
   * deadline is computed on, and the name, city, zone and address its notifications show.
   */
  officeDetails: ReadonlyMap<string, OfficeDetails>;
}

export interface OfficeDetails extends OfficeCalendarSource {
  id: string;
  name: string;
  city: string;
  email: string | null;
  firstResponseSlaHours: number;
}

/**
 * A fingerprint of every row the routing config is built from: the `xmin` of each row, that is the
 * transaction that wrote its current version. An insert or update gives a row a new `xmin` and a
 * delete removes one, so the fingerprint changes with every committed edit, whichever code path
 * made it — unlike `updated_at`, which raw SQL updates do not touch. (A row that only moves within
 * its table changes it too, which merely costs a reload.) The tables are small: one round trip that
 * costs a fifth of loading the offices.
 */
const CONFIG_VERSION_SQL = `
  SELECT ARRAY(SELECT xmin FROM service_lines)::text || ARRAY(SELECT xmin FROM offices)::text
         || ARRAY(SELECT xmin FROM office_service_lines)::text || ARRAY(SELECT xmin FROM routing_rules)::text AS version`;

/**
 * The same for the roster, with one difference: every assignment writes the consultant's
 * `last_assigned_at`, so the consultants' `xmin` would change with every decision. Their columns
 * the roster reads, that one excepted, are hashed instead; their service lines and leave by `xmin`.
 */
const ROSTER_VERSION_SQL = `
  SELECT md5(COALESCE((SELECT string_agg(concat_ws('|', k.id, k.office_id, k.role, k.active, k.capacity,
                                                    k.languages::text, k.full_name), ',' ORDER BY k.id)
                         FROM consultants k), '')
             || ARRAY(SELECT xmin FROM consultant_service_lines)::text
             || ARRAY(SELECT xmin FROM out_of_office_periods)::text) AS roster_version`;

/** Both versions, as a FROM item (`v.version`, `v.roster_version`), for callers that read them along with other rows. */
export const ROUTING_VERSIONS_FROM = `(SELECT c.version, r.roster_version FROM (${CONFIG_VERSION_SQL}) c, (${ROSTER_VERSION_SQL}) r) v`;

export interface RoutingVersions {
  version: string;
  roster_version: string;
}

@Injectable()
export class RoutingRepository {
  private configCache: { version: string; config: RoutingConfig } | null = null;
  private rosterCache: { version: string; roster: PolicyConsultant[] } | null = null;

  /**
   * The current routing config. While nothing changed the same objects are returned, so the
   * enrichment's compiled keyword matcher is reused. The version is read before the rows: an edit
   * committed in between makes the next call reload, never keeps stale rows under a new version.
   */
  async config(manager: EntityManager): Promise<RoutingConfig> {
    const [{ version }]: Array<{ version: string }> = await manager.query(CONFIG_VERSION_SQL);
    return this.configAt(manager, version);
  }

  /**
   * The config and the roster (see `roster`), both checked against their versions in one round
   * trip and reloaded only when that changed. The roster's `lastAssignedAt` may be older than the
   * table's: routing only plans its locks on the roster and decides on the locked offices'
   * consultants read under the locks (a decision that weighs anybody else starts over with their
   * office locked too), so a stale roster can cost a retry, never a wrong decision.
   */
  async configAndRoster(
    manager: EntityManager,
    now: Date,
    versions?: RoutingVersions,
  ): Promise<{ config: RoutingConfig; roster: PolicyConsultant[] }> {
    const { version, roster_version }: RoutingVersions =
      versions ?? (await manager.query(`SELECT v.version, v.roster_version FROM ${ROUTING_VERSIONS_FROM}`))[0];
    const config = await this.configAt(manager, version);
    if (this.rosterCache?.version !== roster_version) {
      // Read after the version, like the config: a change in between makes the next call reload.
      this.rosterCache = { version: roster_version, roster: await this.roster(manager, now) };
    }
    return { config, roster: this.rosterCache.roster };
  }

  private async configAt(manager: EntityManager, version: string): Promise<RoutingConfig> {
    if (this.configCache?.version === version) return this.configCache.config;
    // One after another: inside a transaction they share one connection.
    const serviceLines = await this.serviceLines(manager);
    const { offices, officeDetails } = await this.offices(manager);
    const rules = await this.rules(manager);
    const coveredCities = new Set(offices.filter((o) => o.active).flatMap((o) => o.coverageCities));
    const config = { serviceLines, offices, rules, coveredCities, officeDetails };
    this.configCache = { version, config };
    return config;
  }

  private async serviceLines(manager: EntityManager): Promise<ServiceLineKeywords[]> {
    const rows: Array<{ code: string; active: boolean; keywords: ServiceLineKeywords['keywords'] }> =
      await manager.query(`SELECT code, active, keywords FROM service_lines ORDER BY position, code`);
    return rows.map((r) => ({ code: r.code, active: r.active, keywords: r.keywords }));
  }

  private async offices(
    manager: EntityManager,
  ): Promise<{ offices: PolicyOffice[]; officeDetails: Map<string, OfficeDetails> }> {
    const rows: Array<{
      id: string;
      code: string;
      name: string;
      country_code: string;
      coverage_cities: string[];
      service_lines: string[];
      is_default: boolean;
      active: boolean;
      city: string;
      timezone: string;
      email: string | null;
      business_days: number[];
      opens_at: string;
      closes_at: string;
      holidays: Array<string | Date>;
      extra_working_days: Array<string | Date>;
      first_response_sla_hours: string;
    }> = await manager.query(
      `SELECT o.id, o.code, o.name, o.country_code, o.coverage_cities, o.is_default, o.active,
              o.city, o.timezone, o.email, o.business_days, o.opens_at, o.closes_at, o.holidays,
              o.extra_working_days, o.first_response_sla_hours,
              COALESCE(array_agg(osl.service_line_code ORDER BY osl.service_line_code)
                       FILTER (WHERE osl.service_line_code IS NOT NULL), '{}') AS service_lines
         FROM offices o LEFT JOIN office_service_lines osl ON osl.office_id = o.id
        GROUP BY o.id ORDER BY o.code`,
    );
    const offices = rows.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      countryCode: r.country_code,
      coverageCities: r.coverage_cities,
      serviceLines: r.service_lines,
      isDefault: r.is_default,
      active: r.active,
    }));
    const officeDetails = new Map(
      rows.map((r): [string, OfficeDetails] => [
        r.id,
        {
          id: r.id,
          name: r.name,
          city: r.city,
          timezone: r.timezone,
          email: r.email,
          businessDays: r.business_days,
          opensAt: r.opens_at,
          closesAt: r.closes_at,
          // date[] arrives as Date objects at local midnight; officeCalendar reads both forms.
          holidays: r.holidays as string[],
          extraWorkingDays: r.extra_working_days as string[],
          firstResponseSlaHours: Number(r.first_response_sla_hours),
        },
      ]),
    );
    return { offices, officeDetails };
  }

  private async rules(manager: EntityManager): Promise<PolicyRule[]> {
    const rows: Array<{
      id: string;
      name: string;
      priority: number;
      active: boolean;
      created_at: Date;
      conditions: PolicyRule['conditions'];
      office_id: string;
      consultant_id: string | null;
    }> = await manager.query(
      `SELECT id, name, priority, active, created_at, conditions, office_id, consultant_id
         FROM routing_rules WHERE active ORDER BY priority, created_at, id`,
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      priority: r.priority,
      active: r.active,
      createdAt: r.created_at,
      conditions: r.conditions,
      action: { officeId: r.office_id, consultantId: r.consultant_id },
    }));
  }

  consultants(manager: EntityManager, officeIds: string[] | null, now: Date): Promise<PolicyConsultant[]> {
    return loadPolicyConsultants(manager, officeIds, now);
  }

  /**
   * Every consultant as the policy sees them except their load: `openCases` is 0 for all. Enough
   * to tell which offices a decision involves (their lock set), not to make it; counting every
   * open case of every consultant is the costliest read routing has, and is done under the locks
   * for the locked offices only.
   */
  roster(manager: EntityManager, now: Date): Promise<PolicyConsultant[]> {
    return loadPolicyConsultants(manager, null, now, { openCases: false });
  }

  /**
   * Client affinity (§2) for the simulator: the owner of the client matched (the contact's, else
   * the domain's — `clientForEmail`) and of the client holding the email's domain when that is
   * another one.
   */
  async affinities(
    manager: EntityManager,
    clientId: string | null,
    email: string,
  ): Promise<Pick<RoutingInput, 'affinity' | 'domainAffinity'>> {
    // The domain in its stored form, which SQL cannot compute for an internationalized one.
    const [row]: AffinityPairRow[] = await manager.query(
      `SELECT ${AFFINITY_PAIR_COLUMNS}
         FROM (SELECT $1::uuid AS client_id, $2::text AS email) i
         ${affinityPairJoins('$3::text')}`,
      [clientId, email, emailDomainOf(email)],
    );
    return affinityPairOf(row);
  }

  /** For the simulator: the client a would-be inquiry would match (contact email first, then company domain). */
  async clientForEmail(manager: EntityManager, email: string, domainIsFreeMail: boolean): Promise<string | null> {
    const normalized = email.trim().toLowerCase();
    const [byContact]: Array<{ client_id: string }> = await manager.query(
      `SELECT client_id FROM contacts WHERE email = $1`,
      [normalized],
    );
    if (byContact) return byContact.client_id;
    if (domainIsFreeMail) return null;
    const domain = emailDomainOf(normalized);
    const [byDomain]: Array<{ id: string }> = await manager.query(
      `SELECT id FROM clients WHERE email_domain = $1 AND merged_into_id IS NULL`,
      [domain],
    );
    return byDomain?.id ?? null;
  }
}

/**
 * The client (or the client it was merged into) and its owner's name and role, as a lateral
 * subquery over the client id given: `LEFT JOIN LATERAL ${AFFINITY_OF('i.client_id')} a ON TRUE`.
 */
export const AFFINITY_OF = (clientId: string): string => `(
  SELECT COALESCE(c.merged_into_id, c.id) AS affinity_client_id, o.id AS owner_id, o.full_name AS owner_name, o.role AS owner_role
    FROM clients c
    LEFT JOIN clients m ON m.id = c.merged_into_id
    LEFT JOIN consultants o ON o.id = COALESCE(m.owner_id, c.owner_id)
   WHERE c.id = ${clientId})`;

/**
 * An email's domain as SQL can compute it: lower case, right for an ASCII domain only. A sender who
 * wrote an internationalized domain in Unicode needs emailDomainOf (see emailDomainNeedsNode).
 */
const SQL_EMAIL_DOMAIN = `lower(split_part(i.email, '@', 2))`;

/** Whether SQL_EMAIL_DOMAIN gets this email's stored domain wrong (it is not ASCII as written). */
export const emailDomainNeedsNode = (email: string): boolean =>
  emailDomainOf(email) !== email.slice(email.indexOf('@') + 1).toLowerCase();

/**
 * The client holding a domain (its live holder first, else one merged away, which AFFINITY_OF
 * follows to its survivor), as a scalar subquery. Free-mail domains are held by no client
 * (clients refuse them), so a free-mail address finds none.
 */
const DOMAIN_CLIENT_OF = (domain: string): string => `COALESCE(
  (SELECT d.id FROM clients d WHERE d.email_domain = ${domain} AND d.merged_into_id IS NULL),
  (SELECT d.id FROM clients d WHERE d.email_domain = ${domain} AND d.merged_into_id IS NOT NULL
    ORDER BY d.updated_at DESC, d.id LIMIT 1))`;

/**
 * Both client affinities of §2 for a row `i` with `client_id` (the client intake matched: the
 * contact's, else the domain's) and the email's stored domain `domain` (a SQL expression): `a`
 * over the matched client, `b` over the client holding the domain. `affinityPairOf` drops `b`
 * when it is the same client.
 */
export const affinityPairJoins = (domain: string): string => `
  LEFT JOIN LATERAL ${AFFINITY_OF('i.client_id')} a ON TRUE
  LEFT JOIN LATERAL ${AFFINITY_OF(DOMAIN_CLIENT_OF(domain))} b ON TRUE`;

/** affinityPairJoins for a row `i` with `email`, its domain computed by SQL (see emailDomainNeedsNode). */
export const AFFINITY_PAIR_JOINS = affinityPairJoins(SQL_EMAIL_DOMAIN);

export const AFFINITY_PAIR_COLUMNS = `a.affinity_client_id, a.owner_id, a.owner_name, a.owner_role,
  b.affinity_client_id AS domain_client_id, b.owner_id AS domain_owner_id, b.owner_name AS domain_owner_name,
  b.owner_role AS domain_owner_role`;

export interface AffinityPairRow extends AffinityRow {
  domain_client_id: string | null;
  domain_owner_id: string | null;
  domain_owner_name: string | null;
  domain_owner_role: AffinityOwner['ownerRole'];
}

export function affinityPairOf(row: AffinityPairRow | undefined): Pick<RoutingInput, 'affinity' | 'domainAffinity'> {
  const affinity = affinityOf(row);
  const domainAffinity = row
    ? affinityOf({
        affinity_client_id: row.domain_client_id,
        owner_id: row.domain_owner_id,
        owner_name: row.domain_owner_name,
        owner_role: row.domain_owner_role,
      })
    : null;
  // The contact's client is its company's (the usual case): one affinity, not the same one twice.
  const sameClient = domainAffinity !== null && domainAffinity.clientId === row?.affinity_client_id;
  return { affinity, domainAffinity: sameClient ? null : domainAffinity };
}

export interface AffinityRow {
  affinity_client_id: string | null;
  owner_id: string | null;
  owner_name: string | null;
  owner_role: AffinityOwner['ownerRole'];
}

export function affinityOf(row: AffinityRow | undefined): AffinityOwner | null {
  if (!row?.affinity_client_id || !row.owner_id) return null;
  return {
    clientId: row.affinity_client_id,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    ownerRole: row.owner_role,
  };
}

const OPEN_CASES_JOIN = `
       LEFT JOIN LATERAL (SELECT count(*) AS open_cases FROM cases c JOIN stages s ON s.code = c.stage_code
                           WHERE c.consultant_id = k.id AND s.category = 'open') load ON TRUE`;

/**
 * Staff who take cases — role `consultant`: managers oversee their office's queue and hand work
 * out themselves, as draining and hand-over assume — with open-case load and current or future
 * leave. `officeIds` null = every office. `openCases: false` skips counting the load (0 for all).
 */
export async function loadPolicyConsultants(
  manager: EntityManager,
  officeIds: string[] | null,
  now: Date,
  opts: { openCases: boolean } = { openCases: true },
): Promise<PolicyConsultant[]> {
  const rows: Array<{
    id: string;
    name: string;
    office_id: string;
    languages: string[];
    service_lines: string[];
    capacity: number;
    open_cases: number;
    last_assigned_at: Date | null;
    active: boolean;
    out_of_office: Array<{ from: string; to: string }>;
  }> = await manager.query(
    `SELECT k.id, k.full_name AS name, k.office_id, k.languages, k.capacity, k.active, k.last_assigned_at,
            COALESCE(sl.codes, '{}') AS service_lines,
            ${opts.openCases ? 'COALESCE(load.open_cases, 0)::int' : '0'} AS open_cases,
            COALESCE(ooo.periods, '[]') AS out_of_office
       FROM consultants k
       LEFT JOIN LATERAL (SELECT array_agg(cs.service_line_code ORDER BY cs.service_line_code) AS codes
                            FROM consultant_service_lines cs WHERE cs.consultant_id = k.id) sl ON TRUE
       ${opts.openCases ? OPEN_CASES_JOIN : ''}
       LEFT JOIN LATERAL (SELECT json_agg(json_build_object('from', p.starts_at, 'to', p.ends_at)) AS periods
                            FROM out_of_office_periods p WHERE p.consultant_id = k.id AND p.ends_at > $2) ooo ON TRUE
      WHERE k.role = 'consultant' AND k.office_id IS NOT NULL
        AND ($1::uuid[] IS NULL OR k.office_id = ANY($1::uuid[]))
      ORDER BY k.id`,
    [officeIds, now],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    officeId: r.office_id,
    languages: r.languages,
    serviceLines: r.service_lines,
    capacity: r.capacity,
    openCases: r.open_cases,
    lastAssignedAt: r.last_assigned_at,
    active: r.active,
    outOfOffice: r.out_of_office.map((p) => ({ from: new Date(p.from), to: new Date(p.to) })),
  }));
}
