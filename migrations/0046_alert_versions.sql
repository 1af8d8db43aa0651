-- One row per municipality: a counter of sent alert messages (ADR 46). Sending a message bumps it in
-- the same transaction, so every app server can tell in one primary-key read whether its cached
-- banner is stale, and the feeds get an ETag and a Last-Modified without reading any message.
-- changed_at moves by at least one second per version, so second-precision Last-Modified dates
-- never give two versions the same date (If-Modified-Since stays exact).
CREATE TABLE alert_versions (
  tenant_id   text NOT NULL REFERENCES tenants(code),
  version     bigint NOT NULL CHECK (version >= 1),
  changed_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id)
);
SELECT yakuba_isolate('alert_versions');

-- Municipalities that already sent messages start at their number of sent messages.
INSERT INTO alert_versions (tenant_id, version, changed_at)
SELECT tenant_id, count(*), date_trunc('second', max(sent_at)) FROM alerts WHERE state = 'sent' GROUP BY tenant_id;
