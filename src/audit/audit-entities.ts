/** The kinds of thing the audit trail records writes to: `entity` of an entry, and its filter. */
export const AUDIT_ENTITIES = [
  'activity',
  'case',
  'client',
  'consultant',
  'contact',
  'inquiry',
  'notification',
  'office',
  'privacy',
  'routing_rule',
  'service_line',
  'stage',
  'webhook',
] as const;

export type AuditEntity = (typeof AUDIT_ENTITIES)[number];
