-- Files attached to an application (添付書類, issue 3). They belong to the draft while the resident
-- fills in the form and are part of the application once it is submitted. The type is the one
-- detected from the content (never the name or the browser's claim); images are stored with their
-- metadata removed. The content is personal data: encrypted with the municipality's data key
-- (TenantCipher.encryptBytes), like the answers. sha256 is of the stored (cleaned) plaintext.
CREATE TABLE application_attachments (
  tenant_id       text NOT NULL,
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  application_id  uuid NOT NULL,
  field           text NOT NULL CHECK (field ~ '^[A-Za-z][A-Za-z0-9_]{0,63}$'),
  file_name       text NOT NULL CHECK (char_length(file_name) BETWEEN 1 AND 255),
  content_type    text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png', 'image/webp')),
  size            integer NOT NULL CHECK (size > 0 AND size <= 10485760),
  sha256          text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content_enc     bytea NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, application_id) REFERENCES applications(tenant_id, id) ON DELETE CASCADE
);
SELECT yakuba_isolate('application_attachments');
CREATE INDEX application_attachments_by_application ON application_attachments (tenant_id, application_id, field, created_at);
