-- Idempotency keys of the resident API (issue 3; the IETF draft "The Idempotency-Key HTTP Header
-- Field"). A key is the client's: it is unique per resident, not per municipality. The row is
-- written in the same transaction as the application it made, together with the response that was
-- sent, so a retry with the same key and the same body gets that response again, and a retry with
-- another body is refused. `fingerprint` is the SHA-256 of the method, path and canonical JSON body.
CREATE TABLE idempotency_keys (
  tenant_id      text NOT NULL REFERENCES tenants(code),
  resident_id    uuid NOT NULL,
  key            text NOT NULL,
  fingerprint    text NOT NULL,
  status         integer NOT NULL,
  response       jsonb NOT NULL,
  application_id uuid,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, resident_id, key)
);
-- Keys are kept for at least 24 hours; older ones are purged by created_at.
CREATE INDEX idempotency_keys_created ON idempotency_keys (tenant_id, created_at);
SELECT yakuba_isolate('idempotency_keys');

-- A submission looks up the person's open application for the same procedure (the duplicate flag);
-- without this a person with many applications would be scanned in full on every submission.
CREATE INDEX applications_person_procedure ON applications (tenant_id, resident_id, procedure_id, submitted_at) WHERE status <> 'draft';
