/**
 * Clients' email domains in one form: ASCII (punycode), as `normalizeDomain`
 * (src/clients/email-domain.ts) now writes them, so a company known as `пример.рф` is the company
 * intake finds for `ivan@xn--e1afmkfd.xn--p1ai` and for `ivan@пример.рф` alike. Rewrites every
 * stored domain that is not ASCII to its IDNA ASCII form (node's `url.domainToASCII`, lower case).
 *
 * The unique index `uq_clients_email_domain` covers live clients: a live client is rewritten only
 * when no other live client holds the domain's ASCII form and no other live client's domain is
 * another spelling of it. Where two would collide, all of them are left exactly as they are: they
 * are one company filed twice, which a person merges (`POST /clients/:id/merge`; the duplicate
 * suggestions name them as sharing a domain). Clients merged away are rewritten in any case: the
 * index does not cover them, and intake follows their domain to the survivor. A domain IDNA
 * refuses is left as it is. Nothing else of a row (version, updated_at) changes.
 *
 * down() keeps the ASCII forms: the spelling each row had is not kept, and both are the same
 * domain. Written by hand.
 */
import { domainToASCII } from 'node:url';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** normalizeDomain as of this migration (frozen here: later changes to it must not change this one). */
const asciiDomain = (domain: string): string | null =>
  domainToASCII(domain.trim().replace(/^@/, '').replace(/\.$/, '').toLowerCase()) || null;

interface Row {
  id: string;
  email_domain: string;
  live: boolean;
}

export class AsciiClientDomains1795833100000 implements MigrationInterface {
  name = 'AsciiClientDomains1795833100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Not ASCII: more bytes than characters in UTF-8.
    const rows: Row[] = await queryRunner.query(
      `SELECT "id", "email_domain", "merged_into_id" IS NULL AS "live" FROM "clients"
        WHERE "email_domain" IS NOT NULL AND octet_length("email_domain") <> char_length("email_domain")
        ORDER BY "id"`,
    );
    const targets = new Map<string, string>(); // id → ASCII form
    for (const r of rows) {
      const ascii = asciiDomain(r.email_domain);
      if (ascii && ascii !== r.email_domain) targets.set(r.id, ascii);
    }
    if (targets.size === 0) return;

    // Live clients per ASCII form: those already holding it, and those about to.
    const holders: Array<{ email_domain: string }> = await queryRunner.query(
      `SELECT "email_domain" FROM "clients" WHERE "merged_into_id" IS NULL AND "email_domain" = ANY($1::text[])`,
      [[...new Set(targets.values())]],
    );
    const liveCount = new Map<string, number>();
    const count = (d: string) => liveCount.set(d, (liveCount.get(d) ?? 0) + 1);
    for (const h of holders) count(h.email_domain);
    for (const r of rows) if (r.live && targets.has(r.id)) count(targets.get(r.id)!);

    for (const r of rows) {
      const ascii = targets.get(r.id);
      if (!ascii) continue;
      if (r.live && liveCount.get(ascii)! > 1) continue; // a collision: left for a person to merge
      await queryRunner.query(`UPDATE "clients" SET "email_domain" = $2 WHERE "id" = $1`, [r.id, ascii]);
    }
  }

  public async down(): Promise<void> {
    // Nothing to undo in the schema; the ASCII forms stay (see above).
  }
}
