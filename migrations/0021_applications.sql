-- Form definitions, applications (申請) and their history (issue 3).

-- A version of a procedure's form. Once published it never changes (trigger below); a new version
-- is a new row. Applications point at the version they were filled in.
CREATE TABLE procedure_forms (
  tenant_id     text NOT NULL,
  procedure_id  uuid NOT NULL,
  version       integer NOT NULL CHECK (version >= 1),
  definition    jsonb NOT NULL,
  published_at  timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, procedure_id, version),
  FOREIGN KEY (tenant_id, procedure_id) REFERENCES procedures(tenant_id, id)
);
SELECT yakuba_isolate('procedure_forms');

CREATE FUNCTION procedure_forms_published_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.published_at IS NOT NULL THEN
    RAISE EXCEPTION 'procedure_forms: version % of a published form cannot be changed or deleted', OLD.version;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER procedure_forms_immutable BEFORE UPDATE OR DELETE ON procedure_forms
  FOR EACH ROW EXECUTE FUNCTION procedure_forms_published_immutable();

-- Receipt numbers (受付番号) count up per municipality and year.
CREATE TABLE receipt_counters (
  tenant_id  text NOT NULL,
  year       integer NOT NULL,
  last       integer NOT NULL,
  PRIMARY KEY (tenant_id, year)
);
SELECT yakuba_isolate('receipt_counters');

-- One resident's application. A draft is saved on the server section by section; submitting turns
-- the same row into a submitted application, so the draft id is what makes submission idempotent.
-- The answers (personal data) are one encrypted JSON document.
CREATE TABLE applications (
  tenant_id       text NOT NULL,
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  procedure_id    uuid NOT NULL,
  form_version    integer NOT NULL,
  resident_id     uuid NOT NULL,
  status          text NOT NULL CHECK (status IN ('draft', 'submitted', 'accepted', 'rejected', 'withdrawn')),
  answers_enc     text NOT NULL,
  receipt_number  text,
  duplicate_of    uuid,               -- an open application of the same person and procedure at submission
  submitted_at    timestamptz,
  decided_at      timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, receipt_number),
  FOREIGN KEY (tenant_id, procedure_id, form_version) REFERENCES procedure_forms(tenant_id, procedure_id, version),
  FOREIGN KEY (tenant_id, resident_id) REFERENCES residents(tenant_id, id),
  CHECK ((status = 'draft') = (receipt_number IS NULL))
);
-- At most one draft per person and procedure: starting twice resumes the same draft.
CREATE UNIQUE INDEX applications_one_draft ON applications (tenant_id, resident_id, procedure_id) WHERE status = 'draft';
CREATE INDEX applications_resident ON applications (tenant_id, resident_id, created_at DESC);
CREATE INDEX applications_inbox ON applications (tenant_id, procedure_id, status, submitted_at DESC) WHERE status <> 'draft';
SELECT yakuba_isolate('applications');

-- What happened to an application, for the resident's timeline and the staff history.
CREATE TABLE application_events (
  tenant_id       text NOT NULL,
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  application_id  uuid NOT NULL,
  at              timestamptz NOT NULL DEFAULT now(),
  status          text NOT NULL,
  actor_kind      text NOT NULL CHECK (actor_kind IN ('resident', 'staff', 'system')),
  actor_id        text,
  note            text NOT NULL DEFAULT '',
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, application_id) REFERENCES applications(tenant_id, id)
);
CREATE INDEX application_events_app ON application_events (tenant_id, application_id, at);
SELECT yakuba_isolate('application_events');
