/**
 * What a case's `assigned` events (and reassign-on-breach's `sla_reassigned` ones) say about who
 * held it, as SQL over a `cases` row alias: shared by the breach check, the late first answer, the
 * queue drain and reassign-on-breach, so they read the history one way.
 */

/**
 * Who held the case when its first-response deadline passed: the consultant of its last assignment
 * at or before the deadline (null: the office queue); with no assignment on record, its consultant
 * now. A miss is charged to them — not to whoever the sweep finds holding the case later (a
 * hand-over after the deadline, the queue drain).
 *
 * Unless the case came into its office only after the deadline: a move to another office recounts
 * the deadline in that office's calendar, which can put it before the move. The miss is that
 * office's (the breach check and a late answer charge the office the case is in), so it is charged
 * to whoever the move into the office gave it to (null: that office's queue), never to the
 * consultant of the office it left, who had no such deadline.
 */
export const HOLDER_AT_DEADLINE = (c: string): string => `(
  SELECT CASE WHEN arrived.id IS NOT NULL THEN (arrived.data->>'toConsultantId')::uuid
              WHEN h.id IS NULL THEN ${c}.consultant_id
              ELSE (h.data->>'toConsultantId')::uuid END
    FROM (SELECT 1) AS one
    LEFT JOIN LATERAL (
      SELECT e.id, e.data FROM case_events e
       WHERE e.case_id = ${c}.id AND e.kind IN ('assigned', 'sla_reassigned') AND e.created_at <= ${c}.first_response_due_at
       ORDER BY e.created_at DESC, e.id DESC
       LIMIT 1) h ON TRUE
    LEFT JOIN LATERAL (
      SELECT m.id, m.data FROM (
        SELECT e.id, e.data, e.created_at FROM case_events e
         WHERE e.case_id = ${c}.id AND e.kind = 'assigned' AND e.data->>'toOfficeId' = ${c}.office_id::text
           AND e.data->>'fromOfficeId' IS DISTINCT FROM e.data->>'toOfficeId'
         ORDER BY e.created_at DESC, e.id DESC
         LIMIT 1) m
       WHERE m.created_at > ${c}.first_response_due_at) arrived ON TRUE)`;

/**
 * The consultant who handed the case back to the queue themselves, by its newest assignment (text;
 * null when a manager, an admin or the system put it there, or it is not in the queue by a hand-back):
 * they are not given it straight back, by the queue drain or by reassign-on-breach.
 */
export const SELF_RETURNED_BY = (c: string): string => `(
  SELECT CASE WHEN e.data->>'toConsultantId' IS NULL AND e.data->>'by' = e.data->>'fromConsultantId'
              THEN e.data->>'fromConsultantId' END
    FROM case_events e
   WHERE e.case_id = ${c}.id AND e.kind = 'assigned'
   ORDER BY e.created_at DESC, e.id DESC
   LIMIT 1)`;
