import { domainToASCII, domainToUnicode } from 'node:url';

/**
 * Email domains as company identity: a company's domain says who it is, a free-mail domain says
 * nothing. Used for the client `emailDomain` rule and for duplicate suggestions; intake can reuse
 * `companyDomainOf` when it files an inquiry's email under a client.
 */

/** Public mailbox providers common among the firm's senders (Western, Russian, Chinese, Indian, ASEAN). */
export const FREE_MAIL_DOMAINS: readonly string[] = [
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'hotmail.co.uk',
  'live.com',
  'msn.com',
  'yahoo.com',
  'yahoo.co.uk',
  'yahoo.co.in',
  'yahoo.com.sg',
  'yahoo.com.hk',
  'ymail.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'mail.com',
  'zoho.com',
  'fastmail.com',
  'tutanota.com',
  'yandex.ru',
  'yandex.com',
  'ya.ru',
  'mail.ru',
  'inbox.ru',
  'list.ru',
  'bk.ru',
  'rambler.ru',
  'qq.com',
  'foxmail.com',
  '163.com',
  '126.com',
  'yeah.net',
  'sina.com',
  'sina.cn',
  'sohu.com',
  'aliyun.com',
  '139.com',
  '189.cn',
  'netvigator.com',
  'rediffmail.com',
];

const FREE = new Set(FREE_MAIL_DOMAINS);

/**
 * A domain in its one stored form: trimmed, without a leading `@` or trailing dot, and in the ASCII
 * (punycode) form of IDNA (UTS #46 mapping: lower case, NFC, full-width dots), so `пример.рф`,
 * `ПРИМЕР.РФ` and `xn--e1afmkfd.xn--p1ai` are one company. ASCII rather than Unicode because it is
 * what DNS and mail servers use and what most stored domains already are: it keeps the
 * `ck_clients_email_domain` check (lower case) true without relying on Postgres and JavaScript
 * agreeing on Unicode case, the 253-character limit of `email_domain` and of the API is a limit
 * on this form, and the free-mail list is written in it. Something IDNA refuses (not a domain) is
 * only lower-cased, for validation to name.
 */
export function normalizeDomain(domain: string): string {
  const typed = domain.trim().replace(/^@/, '').replace(/\.$/, '').toLowerCase();
  return (typed && domainToASCII(typed)) || typed;
}

/**
 * The spellings a stored (normalized) domain may have in a contact's email as it was typed: the
 * ASCII form and, for an internationalized domain, its Unicode form (lower case). Contacts' emails
 * keep the domain as the sender wrote it, so SQL comparing their domains with a client's compares
 * with both.
 */
export function domainSpellings(domain: string): string[] {
  const ascii = normalizeDomain(domain);
  const unicode = readableDomain(ascii);
  return unicode !== ascii ? [ascii, unicode] : [ascii];
}

/** A domain as people read it: the Unicode form of an internationalized one, lower case. */
export function readableDomain(domain: string): string {
  return domainToUnicode(domain).toLowerCase() || domain;
}

export function isFreeMailDomain(domain: string): boolean {
  return FREE.has(normalizeDomain(domain));
}

/** An address's domain as clients store it (normalizeDomain: punycode for an internationalized one). */
export const emailDomainOf = (email: string): string => normalizeDomain(email.slice(email.lastIndexOf('@') + 1));

/** The domain of an address when it can identify a company, otherwise null. */
export function companyDomainOf(email: string): string | null {
  if (!email.includes('@')) return null;
  const domain = emailDomainOf(email);
  return domain && !FREE.has(domain) ? domain : null;
}
