-- Subscriptions and the durable delivery engine (issue 4, ADR 40). One input (a broadcast) fans out
-- into one delivery row per (broadcast, channel, subscription); that primary key is what makes a
-- crash or a second fan-out unable to create or send a duplicate.

-- 地区 a subscriber can choose; news and alerts name them by code.
CREATE TABLE notify_areas (
  tenant_id   text NOT NULL REFERENCES tenants(code),
  code        text NOT NULL CHECK (code ~ '^[a-z0-9-]{1,40}$'),
  name_ja     text NOT NULL,
  name_en     text NOT NULL,
  sort        integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, code)
);
SELECT yakuba_isolate('notify_areas');

-- One subscriber on one channel. The address (e-mail, push subscription, LINE user id, webhook URL
-- and secret) is encrypted with the municipality's key; address_index is its blind index, so the
-- same address subscribes once and can be found again without storing it in clear.
CREATE TABLE notify_subscriptions (
  tenant_id      text NOT NULL REFERENCES tenants(code),
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  channel        text NOT NULL CHECK (channel IN ('email', 'webpush', 'line', 'webhook')),
  -- pending: e-mail waiting for its confirmation click; suspended: repeated hard bounces.
  state          text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'active', 'suspended', 'ended')),
  language       text NOT NULL DEFAULT 'ja' CHECK (language IN ('ja', 'easy', 'en')),
  topics         text[] NOT NULL,
  areas          text[] NOT NULL DEFAULT '{}',   -- empty: the whole municipality
  include_tests  boolean NOT NULL DEFAULT false, -- receives status 'test' messages (staff devices)
  resident_id    uuid,
  address_enc    text NOT NULL,
  address_index  text NOT NULL,
  label          text NOT NULL DEFAULT '',       -- webhooks: the name administrators gave it
  hard_bounces   integer NOT NULL DEFAULT 0,
  last_error     text,
  confirmed_at   timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  ended_at       timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, channel, address_index)
);
CREATE INDEX notify_subscriptions_active ON notify_subscriptions (tenant_id, id) WHERE state = 'active';
CREATE INDEX notify_subscriptions_resident ON notify_subscriptions (tenant_id, resident_id) WHERE resident_id IS NOT NULL;
SELECT yakuba_isolate('notify_subscriptions');

-- What was sent. (source_kind, source_id, source_revision) is the idempotency key of broadcast().
CREATE TABLE notify_broadcasts (
  tenant_id        text NOT NULL REFERENCES tenants(code),
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  source_kind      text NOT NULL CHECK (source_kind IN ('news', 'alert')),
  source_id        text NOT NULL,
  source_revision  integer NOT NULL,
  topic            text NOT NULL,
  areas            text[],                 -- null: the whole municipality
  urgent           boolean NOT NULL,
  status           text NOT NULL CHECK (status IN ('actual', 'exercise', 'test')),
  title            jsonb NOT NULL,
  body             jsonb NOT NULL,
  url              text NOT NULL,
  -- Fan-out progress: the last subscription id turned into deliveries (keyset cursor).
  fanout_cursor    uuid,
  fanned_out_at    timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, source_kind, source_id, source_revision)
);
SELECT yakuba_isolate('notify_broadcasts');

-- One message to one subscription on one channel. state: queued → sending (claimed under a lease)
-- → sent | retrying (transient failure, next_attempt_at) | failed (permanent) | dead (gave up after
-- NOTIFY_RETRY_HOURS) | suppressed (the subscription ended before it went out).
CREATE TABLE notify_deliveries (
  tenant_id        text NOT NULL,
  broadcast_id     uuid NOT NULL,
  channel          text NOT NULL CHECK (channel IN ('email', 'webpush', 'line', 'webhook')),
  subscription_id  uuid NOT NULL,
  state            text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'retrying', 'failed', 'dead', 'suppressed')),
  urgent           boolean NOT NULL,
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  locked_until     timestamptz,
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  sent_at          timestamptz,
  PRIMARY KEY (tenant_id, broadcast_id, channel, subscription_id),
  FOREIGN KEY (tenant_id, broadcast_id) REFERENCES notify_broadcasts(tenant_id, id)
);
CREATE INDEX notify_deliveries_ready ON notify_deliveries (tenant_id, channel, urgent DESC, next_attempt_at)
  WHERE state IN ('queued', 'retrying', 'sending');
CREATE INDEX notify_deliveries_dead ON notify_deliveries (tenant_id, created_at) WHERE state IN ('dead', 'failed');
SELECT yakuba_isolate('notify_deliveries');

-- Per-municipality channel credentials: VAPID keys (generated on first use) and the LINE channel.
-- Secrets are encrypted with the municipality's key.
CREATE TABLE notify_channel_settings (
  tenant_id          text NOT NULL REFERENCES tenants(code),
  vapid_public_key   text,
  vapid_private_enc  text,
  line_token_enc     text,
  line_secret_enc    text,
  updated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id)
);
SELECT yakuba_isolate('notify_channel_settings');
