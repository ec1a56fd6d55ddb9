/**
 * The `inquiry.received` body as SQL, built from the inquiry row `i` (intake writes it in the
 * statement that stores the inquiry, so it needs no extra round trip): ids and codes only.
 * `status` is `received` or `duplicate` (a repeat, with the inquiry it repeats).
 */
export function inquiryReceivedBodySql(i: string, eventId: string): string {
  return `jsonb_build_object(
    'id', ${eventId}, 'event', 'inquiry.received',
    'createdAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'data', jsonb_build_object(
      'inquiryId', ${i}.id, 'reference', ${i}.reference, 'status', ${i}.status,
      'duplicateOfId', ${i}.duplicate_of_id, 'originCountry', ${i}.origin_country,
      'targetCountry', ${i}.target_country, 'serviceLines', to_jsonb(${i}.service_lines), 'source', ${i}.source,
      'receivedAt', to_char(${i}.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))`;
}

/**
 * The statement that writes `inquiry.received` deliveries for the stored inquiry `$1`, one per
 * subscription that wants it, answering their ids (each then needs its DeliverWebhook outbox row).
 */
export const INQUIRY_RECEIVED_DELIVERIES = `
  WITH event AS (SELECT gen_random_uuid() AS id)
  INSERT INTO webhook_deliveries (subscription_id, event_id, event, payload)
  SELECT w.id, event.id, 'inquiry.received', ${inquiryReceivedBodySql('i', 'event.id')}
    FROM inquiries i, event, webhook_subscriptions w
   WHERE i.id = $1 AND w.deleted_at IS NULL AND 'inquiry.received' = ANY (w.events)
  RETURNING id`;
