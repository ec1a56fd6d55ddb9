-- Synthetic history for EXPLAIN-ing the report queries on a realistic volume (not demo data, not
-- for tests). Into an empty, migrated scratch database:
--
--   psql -v cases=200000 -d <scratch> -f src/reports/report-seed.sql
--
-- Builds 28 offices, 300 staff, one client, contact, routed inquiry and case per `cases`, about
-- four stage events per case (new → contacted → qualified → proposal → engaged/lost, with ~10 %
-- skipping `qualified` and ~3 % reopened after a loss), first responses (~8 % unanswered),
-- values in four currencies, 10 % spam and 5 % duplicate inquiries, and current out-of-office
-- periods, spread uniformly over the last three years. Ids are md5 of a tag and the row number,
-- so rows can be joined without lookups; setseed makes every run identical. Activities are not
-- generated: no report reads them.
\if :{?cases}
\else
  \set cases 200000
\endif

BEGIN;
SET LOCAL synchronous_commit = off;
SELECT setseed(0.42);

INSERT INTO offices (code, name, country_code, city, timezone, holidays, first_response_sla_hours)
SELECT 'SYN' || lpad(g::text, 2, '0'),
       'Synthetic office ' || g,
       (ARRAY['CN', 'HK', 'RU', 'IN', 'SG', 'VN', 'TH', 'MY', 'ID'])[1 + g % 9],
       'City ' || g,
       (ARRAY['Asia/Shanghai', 'Asia/Hong_Kong', 'Europe/Moscow', 'Asia/Kolkata', 'Asia/Singapore',
              'Asia/Ho_Chi_Minh', 'Asia/Bangkok', 'Asia/Kuala_Lumpur', 'Asia/Jakarta'])[1 + g % 9],
       '{2024-10-01,2025-01-01,2025-10-01,2026-01-01}',
       8
  FROM generate_series(1, 28) g;

CREATE TEMP TABLE syn_office ON COMMIT DROP AS
SELECT row_number() OVER (ORDER BY code)::int AS n, id FROM offices WHERE code LIKE 'SYN%';

-- Staff n works in office 1 + (n - 1) % 28; the first 28 are the managers.
INSERT INTO consultants (id, full_name, email, office_id, role, capacity)
SELECT md5('consultant' || g)::uuid, 'Synthetic consultant ' || g, 'syn.consultant.' || g || '@advisory.test',
       o.id, CASE WHEN g <= 28 THEN 'manager' ELSE 'consultant' END, 20 + g % 30
  FROM generate_series(1, 300) g JOIN syn_office o ON o.n = 1 + (g - 1) % 28;

INSERT INTO out_of_office_periods (consultant_id, starts_at, ends_at)
SELECT md5('consultant' || g)::uuid, now() - interval '2 days', now() + interval '5 days'
  FROM generate_series(1, 300, 20) g;

CREATE TEMP TABLE syn_case ON COMMIT DROP AS
SELECT g,
       now() - random() * interval '3 years' AS created_at,
       1 + floor(random() * 28)::int AS office_n,
       random() AS r_assign,
       random() AS r_outcome,
       random() AS r_progress,
       random() AS r_skip,
       random() AS r_value,
       random() AS r_line,
       random() AS r_response,
       (0.3 + random() * 6) * interval '1 day' AS step,
       (ARRAY['RU', 'CN', 'IN', 'KZ', 'DE', 'US', 'SG', 'VN', 'AE', 'GB'])[1 + floor(random() * 10)::int] AS origin,
       (ARRAY['website', 'website', 'website', 'referral', 'event', 'partner', 'email', 'other'])[1 + floor(random() * 8)::int] AS source
  FROM generate_series(1, :cases) g;

INSERT INTO clients (id, name, name_normalized, type, country_code, created_at)
SELECT md5('client' || g)::uuid, 'Synthetic client ' || g, 'synthetic client ' || g, 'company', origin, created_at FROM syn_case;

INSERT INTO contacts (id, client_id, full_name, email, created_at)
SELECT md5('contact' || g)::uuid, md5('client' || g)::uuid, 'Contact ' || g, 'syn.contact.' || g || '@investor.test', created_at FROM syn_case;

INSERT INTO inquiries (id, reference, contact_id, client_id, full_name, email, origin_country, service_lines, message, source,
                       consent_privacy, consent_at, status, created_at, routed_at)
SELECT md5('inquiry' || g)::uuid, 'SYN-' || g, md5('contact' || g)::uuid, md5('client' || g)::uuid, 'Contact ' || g,
       'syn.contact.' || g || '@investor.test', origin, syn_lines.lines, 'Synthetic inquiry.', source, true, created_at, 'routed',
       created_at, created_at
  FROM syn_case
  CROSS JOIN LATERAL (
    SELECT CASE WHEN r_line < 0.7
                THEN ARRAY[(ARRAY['company_formation', 'bank_account', 'tax', 'accounting', 'payroll_hr', 'legal_compliance', 'audit',
                                  'due_diligence', 'market_intelligence', 'trade_customs', 'visa_immigration',
                                  'investment_advisory'])[1 + floor(r_line / 0.7 * 12)::int]]
                ELSE ARRAY['company_formation', (ARRAY['bank_account', 'tax', 'accounting', 'visa_immigration'])[1 + floor((r_line - 0.7) / 0.3 * 4)::int]]
           END AS lines
  ) syn_lines;

-- Spam (10 %) and duplicates (5 %) of the routed inquiries: never cases.
INSERT INTO inquiries (reference, contact_id, client_id, full_name, email, origin_country, service_lines, message, source,
                       consent_privacy, consent_at, status, duplicate_of_id, created_at)
SELECT 'SYN-S' || g, md5('contact' || g)::uuid, md5('client' || g)::uuid, 'Contact ' || g, 'syn.contact.' || g || '@investor.test',
       origin, '{}', 'Synthetic spam.', 'website', true, created_at + interval '1 hour', 'spam', NULL, created_at + interval '1 hour'
  FROM syn_case WHERE g % 10 = 0;
INSERT INTO inquiries (reference, contact_id, client_id, full_name, email, origin_country, service_lines, message, source,
                       consent_privacy, consent_at, status, duplicate_of_id, created_at)
SELECT 'SYN-D' || g, md5('contact' || g)::uuid, md5('client' || g)::uuid, 'Contact ' || g, 'syn.contact.' || g || '@investor.test',
       origin, '{bank_account}', 'Synthetic duplicate.', source, true, created_at + interval '2 hours', 'duplicate',
       md5('inquiry' || g)::uuid, created_at + interval '2 hours'
  FROM syn_case WHERE g % 20 = 1;

-- The path each case would take if time allowed: open steps up to its progress, then an outcome
-- for ~60 %; a few lost cases are reopened to `qualified`. Events that would lie in the future are
-- dropped below, which leaves recent cases open.
CREATE TEMP TABLE syn_event ON COMMIT DROP AS
WITH path AS (
  SELECT c.g, c.created_at, c.step, s.ord, s.stage
    FROM syn_case c
    CROSS JOIN LATERAL (
      VALUES (1, 'new'), (2, 'contacted'), (3, 'qualified'), (4, 'proposal'),
             (5, CASE WHEN c.r_outcome < 0.25 THEN 'engaged' WHEN c.r_outcome < 0.6 THEN 'lost' END),
             (6, CASE WHEN c.r_outcome BETWEEN 0.57 AND 0.6 THEN 'qualified' END)
    ) s(ord, stage)
   WHERE s.stage IS NOT NULL
     AND (s.ord = 1 OR s.ord >= 5 OR s.ord <= 1 + ceil(c.r_progress * 3) OR c.r_outcome < 0.25)
     AND NOT (s.ord = 3 AND c.r_skip < 0.1)
)
SELECT g, stage, created_at + (row_number() OVER (PARTITION BY g ORDER BY ord) - 1) * step AS at
  FROM path;
DELETE FROM syn_event WHERE at > now();

CREATE TEMP TABLE syn_last ON COMMIT DROP AS
SELECT DISTINCT ON (g) g, stage, at FROM syn_event ORDER BY g, at DESC;

INSERT INTO cases (id, reference, inquiry_id, client_id, contact_id, office_id, consultant_id, service_lines, stage_code,
                   estimated_value, currency, lost_reason, origin_country, first_response_due_at, first_responded_at, sla_breached,
                   assigned_at, closed_at, created_at, updated_at)
SELECT md5('case' || c.g)::uuid, 'SYN-' || c.g, md5('inquiry' || c.g)::uuid, md5('client' || c.g)::uuid, md5('contact' || c.g)::uuid,
       o.id,
       CASE WHEN c.r_assign < 0.08 THEN NULL
            ELSE md5('consultant' || (c.office_n + 28 * floor(c.r_assign * ((300 - c.office_n) / 28 + 1))::int))::uuid END,
       i.service_lines, l.stage,
       CASE WHEN c.r_value < 0.7 THEN round((5000 + c.r_value * 700000)::numeric, 2) END,
       CASE WHEN c.r_value < 0.35 THEN 'USD' WHEN c.r_value < 0.52 THEN 'CNY' WHEN c.r_value < 0.63 THEN 'RUB'
            WHEN c.r_value < 0.7 THEN 'EUR' END,
       CASE WHEN l.stage = 'lost' THEN 'price' END,
       c.origin,
       c.created_at + interval '1 day',
       CASE WHEN c.r_response < 0.92 AND c.created_at + c.r_response * interval '40 hours' < now()
            THEN c.created_at + c.r_response * interval '40 hours' END,
       c.r_response >= 0.6 AND c.created_at + interval '1 day' < now(),
       CASE WHEN c.r_assign < 0.08 THEN NULL ELSE c.created_at END,
       CASE WHEN l.stage IN ('engaged', 'lost') THEN l.at END,
       c.created_at, l.at
  FROM syn_case c
  JOIN syn_office o ON o.n = c.office_n
  JOIN syn_last l ON l.g = c.g
  JOIN inquiries i ON i.id = md5('inquiry' || c.g)::uuid;

INSERT INTO stage_events (case_id, from_stage, to_stage, created_at)
SELECT md5('case' || g)::uuid, lag(stage) OVER (PARTITION BY g ORDER BY at), stage, at FROM syn_event;

COMMIT;
VACUUM ANALYZE offices, consultants, out_of_office_periods, clients, contacts, inquiries, cases, stage_events;
