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

export function normalizeDomain(domain: string): string {
  return domain.trim().replace(/^@/, '').replace(/\.$/, '').toLowerCase();
}

export function isFreeMailDomain(domain: string): boolean {
  return FREE.has(normalizeDomain(domain));
}

/** The domain of an address when it can identify a company, otherwise null. */
export function companyDomainOf(email: string): string | null {
  const at = email.lastIndexOf('@');
  if (at < 0) return null;
  const domain = normalizeDomain(email.slice(at + 1));
  return domain && !FREE.has(domain) ? domain : null;
}
