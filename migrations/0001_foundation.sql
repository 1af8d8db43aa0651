-- Foundation: municipalities (tenants), keys, people, sessions, audit, API tokens.
-- Every table but `tenants` carries tenant_id as the first column of its primary key and of every
-- unique key, and is isolated by row-level security: the application role yakuba_app sees only the
-- rows of the municipality named by the transaction-local setting yakuba.tenant_id.

DO $$ BEGIN
  CREATE ROLE yakuba_app NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

CREATE OR REPLACE FUNCTION yakuba_isolate(tbl regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s USING (tenant_id = current_setting(''yakuba.tenant_id'', true)) '
    'WITH CHECK (tenant_id = current_setting(''yakuba.tenant_id'', true))', tbl);
END $$;

-- A municipality. Its code (全国地方公共団体コード, check digit included) is the tenant id.
CREATE TABLE tenants (
  code          text PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
  name_ja       text NOT NULL,
  name_en       text NOT NULL,
  origin        text NOT NULL,
  hosts         text[] NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- Per-municipality data keys, wrapped by a master key from configuration.
CREATE TABLE tenant_keys (
  tenant_id     text NOT NULL REFERENCES tenants(code),
  purpose       text NOT NULL CHECK (purpose IN ('data', 'index')),
  version       integer NOT NULL,
  master_key_id text NOT NULL,
  wrapped_key   text NOT NULL,
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, purpose, version)
);
SELECT yakuba_isolate('tenant_keys');

CREATE TABLE departments (
  tenant_id     text NOT NULL REFERENCES tenants(code),
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  code          text NOT NULL,
  name_ja       text NOT NULL,
  name_en       text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code)
);
SELECT yakuba_isolate('departments');

-- Staff (職員). Work e-mail is not resident personal data and stays in clear for sign-in.
CREATE TABLE staff_users (
  tenant_id       text NOT NULL REFERENCES tenants(code),
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  email           text NOT NULL,
  display_name    text NOT NULL,
  password_hash   text,
  totp_secret     text,
  status          text NOT NULL DEFAULT 'invited' CHECK (status IN ('invited', 'active', 'disabled')),
  failed_logins   integer NOT NULL DEFAULT 0,
  locked_until    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  last_sign_in_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, email)
);
SELECT yakuba_isolate('staff_users');

-- Role per department; department_id NULL means the whole municipality (e.g. administrator).
CREATE TABLE staff_roles (
  tenant_id     text NOT NULL,
  staff_id      uuid NOT NULL,
  role          text NOT NULL CHECK (role IN ('admin', 'manager', 'clerk', 'auditor')),
  department_id uuid,
  scope_key     text GENERATED ALWAYS AS (coalesce(department_id::text, '*')) STORED,
  PRIMARY KEY (tenant_id, staff_id, role, scope_key),
  FOREIGN KEY (tenant_id, staff_id) REFERENCES staff_users(tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, department_id) REFERENCES departments(tenant_id, id) ON DELETE CASCADE
);
SELECT yakuba_isolate('staff_roles');

CREATE TABLE staff_invitations (
  tenant_id     text NOT NULL,
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  staff_id      uuid NOT NULL,
  token_hash    text NOT NULL,
  expires_at    timestamptz NOT NULL,
  accepted_at   timestamptz,
  created_by    uuid,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, token_hash),
  FOREIGN KEY (tenant_id, staff_id) REFERENCES staff_users(tenant_id, id) ON DELETE CASCADE
);
SELECT yakuba_isolate('staff_invitations');

CREATE TABLE webauthn_credentials (
  tenant_id     text NOT NULL,
  id            text NOT NULL,
  staff_id      uuid NOT NULL,
  public_key    text NOT NULL,
  counter       bigint NOT NULL DEFAULT 0,
  transports    text[] NOT NULL DEFAULT '{}',
  label         text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, staff_id) REFERENCES staff_users(tenant_id, id) ON DELETE CASCADE
);
SELECT yakuba_isolate('webauthn_credentials');

-- Residents. Personal data (基本4情報, e-mail) is encrypted per field; *_bidx are keyed hashes for lookup.
CREATE TABLE residents (
  tenant_id       text NOT NULL REFERENCES tenants(code),
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  oidc_issuer     text,
  oidc_subject    text,
  email_bidx      text,
  name_enc        text,
  address_enc     text,
  birthdate_enc   text,
  gender_enc      text,
  email_enc       text,
  assurance       smallint NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  last_sign_in_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, oidc_issuer, oidc_subject),
  UNIQUE (tenant_id, email_bidx)
);
SELECT yakuba_isolate('residents');

-- Server-side sessions; the cookie holds a random id, the table only its hash.
CREATE TABLE sessions (
  tenant_id     text NOT NULL REFERENCES tenants(code),
  id_hash       text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('resident', 'staff')),
  subject_id    uuid NOT NULL,
  assurance     smallint NOT NULL DEFAULT 1,
  mfa_passed    boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id_hash)
);
CREATE INDEX sessions_subject ON sessions (tenant_id, kind, subject_id);
SELECT yakuba_isolate('sessions');

-- Short-lived state of a sign-in in progress (OIDC state/nonce/PKCE verifier, e-mail codes, WebAuthn challenges).
CREATE TABLE auth_flows (
  tenant_id     text NOT NULL REFERENCES tenants(code),
  id_hash       text NOT NULL,
  kind          text NOT NULL,
  data_enc      text NOT NULL,
  attempts      integer NOT NULL DEFAULT 0,
  expires_at    timestamptz NOT NULL,
  consumed_at   timestamptz,
  PRIMARY KEY (tenant_id, id_hash)
);
SELECT yakuba_isolate('auth_flows');

-- OpenID Connect relying-party registration of the municipality at the national sign-in.
CREATE TABLE resident_idp_clients (
  tenant_id       text NOT NULL REFERENCES tenants(code),
  issuer          text NOT NULL,
  client_id       text NOT NULL,
  private_jwk_enc text NOT NULL,
  public_jwk      jsonb NOT NULL,
  PRIMARY KEY (tenant_id)
);
SELECT yakuba_isolate('resident_idp_clients');

-- Append-only, hash-chained audit trail, one chain per municipality.
CREATE TABLE audit_log (
  tenant_id     text NOT NULL REFERENCES tenants(code),
  seq           bigint NOT NULL,
  at            timestamptz NOT NULL,
  actor_kind    text NOT NULL,
  actor_id      text,
  action        text NOT NULL,
  record_type   text,
  record_id     text,
  reason        text,
  ip            text,
  details       jsonb NOT NULL DEFAULT '{}',
  prev_hash     text NOT NULL,
  hash          text NOT NULL,
  PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX audit_log_record ON audit_log (tenant_id, record_type, record_id);
SELECT yakuba_isolate('audit_log');

CREATE OR REPLACE FUNCTION yakuba_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION yakuba_audit_append_only();

-- The newest link of each chain; its row lock serialises appends within a municipality.
CREATE TABLE audit_heads (
  tenant_id     text NOT NULL REFERENCES tenants(code),
  seq           bigint NOT NULL,
  hash          text NOT NULL,
  PRIMARY KEY (tenant_id)
);
SELECT yakuba_isolate('audit_heads');

CREATE TABLE api_tokens (
  tenant_id     text NOT NULL REFERENCES tenants(code),
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  name          text NOT NULL,
  token_hash    text NOT NULL,
  prefix        text NOT NULL,
  scopes        text[] NOT NULL,
  created_by    uuid,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz,
  last_used_at  timestamptz,
  revoked_at    timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, token_hash)
);
SELECT yakuba_isolate('api_tokens');

-- Fixed-window request counters shared by every app server.
CREATE TABLE rate_limits (
  tenant_id     text NOT NULL,
  bucket        text NOT NULL,
  window_start  timestamptz NOT NULL,
  hits          integer NOT NULL,
  PRIMARY KEY (tenant_id, bucket, window_start)
);
SELECT yakuba_isolate('rate_limits');

-- Development mailbox: mail kept instead of sent when no SMTP_URL is configured (never in production).
CREATE TABLE dev_mailbox (
  tenant_id     text NOT NULL,
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  recipient     text NOT NULL,
  subject       text NOT NULL,
  body          text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
SELECT yakuba_isolate('dev_mailbox');
