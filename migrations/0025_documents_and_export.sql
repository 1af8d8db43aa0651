-- Documents and hand-off (issue 3): the issuing authority printed on notices, decision notices
-- (決定通知書・却下通知書) kept reproducible, and CSV export batches for core systems with the
-- mark of which case went out in which batch.

-- Who issues the municipality's notices: "みなと野市長　港野 一郎". One row per municipality; without
-- a row the title is derived from the municipality's name (みなと野市 → みなと野市長).
CREATE TABLE document_issuers (
  tenant_id       text NOT NULL REFERENCES tenants(code),
  mayor_title_ja  text NOT NULL,
  mayor_title_en  text NOT NULL,
  mayor_name_ja   text NOT NULL DEFAULT '',
  mayor_name_en   text NOT NULL DEFAULT '',
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id)
);
SELECT yakuba_isolate('document_issuers');

-- Document numbers (文書番号) of notices count up per municipality and year.
CREATE TABLE notice_counters (
  tenant_id  text NOT NULL,
  year       integer NOT NULL,
  last       integer NOT NULL,
  PRIMARY KEY (tenant_id, year)
);
SELECT yakuba_isolate('notice_counters');

-- One notice per decided application, with everything that must not change when it is printed
-- again later: its number, issue date, the decision and reason, and the issuer and department
-- as they were that day (a new mayor does not re-sign old notices).
CREATE TABLE decision_notices (
  tenant_id        text NOT NULL,
  application_id   uuid NOT NULL,
  document_number  text NOT NULL,
  issued_on        date NOT NULL,
  decision         text NOT NULL CHECK (decision IN ('accepted', 'rejected')),
  reason           text NOT NULL DEFAULT '',
  municipality_ja  text NOT NULL,
  municipality_en  text NOT NULL,
  issuer_title_ja  text NOT NULL,
  issuer_title_en  text NOT NULL,
  issuer_name_ja   text NOT NULL,
  issuer_name_en   text NOT NULL,
  department_ja    text NOT NULL,
  department_en    text NOT NULL,
  contact_phone    text NOT NULL DEFAULT '',
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, application_id),
  UNIQUE (tenant_id, document_number),
  FOREIGN KEY (tenant_id, application_id) REFERENCES applications(tenant_id, id)
);
SELECT yakuba_isolate('decision_notices');

-- A CSV handed to a core system (基幹系). The file is kept exactly as it was downloaded
-- (encrypted: it is personal data) so that downloading the batch again gives the same bytes.
CREATE TABLE export_batches (
  tenant_id     text NOT NULL,
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  procedure_id  uuid NOT NULL,
  -- Who exported: a staff member on the staff page, or an API token (H5's API for core systems).
  actor_kind    text NOT NULL CHECK (actor_kind IN ('staff', 'api')),
  actor_id      uuid NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  scope         text NOT NULL CHECK (scope IN ('new', 'period')),
  period_from   date,
  period_to     date,
  encoding      text NOT NULL CHECK (encoding IN ('utf-8', 'shift_jis')),
  case_count    integer NOT NULL CHECK (case_count >= 0),
  sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  filename      text NOT NULL,
  -- Shift_JIS only: the cells where a character outside JIS X 0208 was written as 〓,
  -- as [{"receiptNumber", "column", "characters"}].
  replaced      jsonb NOT NULL DEFAULT '[]',
  content_enc   text NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, procedure_id) REFERENCES procedures(tenant_id, id),
  CHECK ((scope = 'period') = (period_from IS NOT NULL AND period_to IS NOT NULL))
);
CREATE INDEX export_batches_recent ON export_batches (tenant_id, created_at DESC);
SELECT yakuba_isolate('export_batches');

-- The export mark: which case went out in which batch (a case can be in several "period" batches;
-- "only new" exports take the accepted cases that are in none).
CREATE TABLE export_batch_cases (
  tenant_id       text NOT NULL,
  batch_id        uuid NOT NULL,
  application_id  uuid NOT NULL,
  row_no          integer NOT NULL CHECK (row_no >= 1),
  PRIMARY KEY (tenant_id, batch_id, application_id),
  FOREIGN KEY (tenant_id, batch_id) REFERENCES export_batches(tenant_id, id),
  FOREIGN KEY (tenant_id, application_id) REFERENCES applications(tenant_id, id)
);
CREATE INDEX export_batch_cases_application ON export_batch_cases (tenant_id, application_id);
SELECT yakuba_isolate('export_batch_cases');
