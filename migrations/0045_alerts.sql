-- Emergency alerts (緊急情報, issue 4, ADR 44 and 45). One row per message. Messages form a chain:
-- the first is an 'alert', later ones 'update' or 'cancel', each referencing the message before it
-- (CAP <references>). `sequence` is the message's place in its chain, given when it is sent (drafts
-- have none); the unique key on it is what stops two messages from being sent as the same step.
-- Area names and shelters are copied into the message when it is written, so a later edit of the
-- reference data changes nothing that was sent (and sends nothing).
CREATE TABLE alerts (
  tenant_id        text NOT NULL REFERENCES tenants(code),
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  chain_id         uuid NOT NULL,                 -- id of the chain's first message
  sequence         integer CHECK (sequence >= 1), -- 1 for the alert, 2… for updates and the cancel; null until sent
  references_id    uuid,                          -- the message this one follows (updates and cancels)
  msg_type         text NOT NULL CHECK (msg_type IN ('alert', 'update', 'cancel')),
  status           text NOT NULL CHECK (status IN ('actual', 'exercise', 'test')),
  state            text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'pending', 'sent', 'discarded')),
  template         text NOT NULL DEFAULT '',
  hazard           text NOT NULL DEFAULT '',
  level            smallint CHECK (level BETWEEN 1 AND 5),   -- 警戒レベル
  category         text NOT NULL,                 -- CAP category (Met, Geo, Safety …)
  response_type    text NOT NULL,                 -- CAP responseType (Evacuate, Shelter, AllClear …)
  urgency          text NOT NULL,
  severity         text NOT NULL,
  certainty        text NOT NULL,
  event            jsonb NOT NULL,                -- {ja, en}
  headline         jsonb NOT NULL,                -- {ja, easy, en}
  description      jsonb NOT NULL,                -- {ja, easy, en}
  instruction      jsonb NOT NULL,                -- {ja, easy, en}
  areas            jsonb NOT NULL DEFAULT '[]',   -- [{code, name: {ja, en}}]; empty: the whole municipality
  shelters         jsonb NOT NULL DEFAULT '[]',   -- [{id, name, nameEn, address}]
  expires_at       timestamptz NOT NULL,
  author_kind      text NOT NULL CHECK (author_kind IN ('staff', 'api')),
  author_id        text NOT NULL,
  author_name      text NOT NULL,
  approver_kind    text CHECK (approver_kind IN ('staff', 'api')),
  approver_id      text,
  approver_name    text,
  override_reason  text,                          -- set when one person sent an actual alert alone
  submitted_at     timestamptz,
  sent_at          timestamptz,
  cap_xml          text,                          -- the published CAP document, validated before it was stored
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, chain_id, sequence),
  CHECK (state <> 'sent' OR (sequence IS NOT NULL AND sent_at IS NOT NULL AND cap_xml IS NOT NULL)),
  CHECK (approver_id IS NULL OR approver_id <> author_id),
  CHECK (override_reason IS NULL OR length(override_reason) > 0)
);
CREATE INDEX alerts_sent ON alerts (tenant_id, sent_at DESC) WHERE state = 'sent';
CREATE INDEX alerts_chain ON alerts (tenant_id, chain_id, sequence);
SELECT yakuba_isolate('alerts');

-- Who did what to a message, in order (drafted, edited, submitted, approved, sent, discarded).
CREATE TABLE alert_events (
  tenant_id   text NOT NULL REFERENCES tenants(code),
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  alert_id    uuid NOT NULL,
  at          timestamptz NOT NULL DEFAULT clock_timestamp(),
  action      text NOT NULL,
  actor_kind  text NOT NULL,
  actor_id    text NOT NULL,
  actor_name  text NOT NULL,
  note        text NOT NULL DEFAULT '',
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, alert_id) REFERENCES alerts (tenant_id, id)
);
CREATE INDEX alert_events_alert ON alert_events (tenant_id, alert_id, at);
SELECT yakuba_isolate('alert_events');
