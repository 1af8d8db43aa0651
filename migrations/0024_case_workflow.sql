-- The staff side after receipt (issue 3): approval routes (電子決裁) as data on each procedure,
-- the approvals of each case (separation of duties), absences with a delegate (代決), assignment
-- (担当者), internal notes, messages with the resident, correction requests (補正) and a blind
-- index of the applicant's name for inbox search. ADR 0033.

-- An ordered list of steps [{name: {ja, en}, role: 'clerk' | 'manager'}]; the last one decides.
ALTER TABLE procedures ADD COLUMN approval_route jsonb NOT NULL
  DEFAULT '[{"name": {"ja": "起案", "en": "Drafting"}, "role": "clerk"}, {"name": {"ja": "決裁", "en": "Final approval"}, "role": "manager"}]';

-- 補正依頼: the application waits for the resident, then returns to the step where it was.
ALTER TABLE applications DROP CONSTRAINT applications_status_check;
ALTER TABLE applications ADD CONSTRAINT applications_status_check
  CHECK (status IN ('draft', 'submitted', 'correction_requested', 'accepted', 'rejected', 'withdrawn'));
-- The route the case follows, copied from the procedure at its first step, so editing the
-- procedure's route never moves a case already under way.
ALTER TABLE applications ADD COLUMN approval_route jsonb;
ALTER TABLE applications ADD COLUMN current_step smallint NOT NULL DEFAULT 0 CHECK (current_step >= 0);
ALTER TABLE applications ADD COLUMN assignee_id uuid;
ALTER TABLE applications ADD CONSTRAINT applications_assignee_fk FOREIGN KEY (tenant_id, assignee_id) REFERENCES staff_users(tenant_id, id);
CREATE INDEX applications_assignee ON applications (tenant_id, assignee_id, submitted_at DESC, id DESC) WHERE status <> 'draft';

-- What kind of event (submitted, step_approved, returned, correction_requested, resubmitted,
-- message, assigned, accepted, rejected, withdrawn); '' on rows from before: their status says it.
ALTER TABLE application_events ADD COLUMN kind text NOT NULL DEFAULT '';
ALTER TABLE application_events ADD COLUMN step smallint;
ALTER TABLE application_events ADD COLUMN on_behalf_of uuid;

-- The approval currently standing for each step of a case. A return (差し戻し) deletes the
-- approval of the step it goes back to; the history stays in application_events.
CREATE TABLE case_approvals (
  tenant_id       text NOT NULL,
  application_id  uuid NOT NULL,
  step            smallint NOT NULL CHECK (step >= 0),
  staff_id        uuid NOT NULL,
  on_behalf_of    uuid,               -- the absent person whose step the delegate did
  at              timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, application_id, step),
  FOREIGN KEY (tenant_id, application_id) REFERENCES applications(tenant_id, id),
  FOREIGN KEY (tenant_id, staff_id) REFERENCES staff_users(tenant_id, id)
);
SELECT yakuba_isolate('case_approvals');

-- 不在と代理: while staff_id is away, delegate_id may do the steps staff_id's role allows in the department.
CREATE TABLE staff_absences (
  tenant_id      text NOT NULL,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  staff_id       uuid NOT NULL,
  delegate_id    uuid NOT NULL CHECK (delegate_id <> staff_id),
  department_id  uuid NOT NULL,
  starts_on      date NOT NULL,
  ends_on        date NOT NULL CHECK (ends_on >= starts_on),
  created_by     uuid NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, staff_id) REFERENCES staff_users(tenant_id, id),
  FOREIGN KEY (tenant_id, delegate_id) REFERENCES staff_users(tenant_id, id),
  FOREIGN KEY (tenant_id, department_id) REFERENCES departments(tenant_id, id)
);
CREATE INDEX staff_absences_delegate ON staff_absences (tenant_id, delegate_id, ends_on);
SELECT yakuba_isolate('staff_absences');

-- Internal notes (staff only). The body may hold personal data: encrypted with the tenant cipher.
CREATE TABLE case_notes (
  tenant_id       text NOT NULL,
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  application_id  uuid NOT NULL,
  author_id       uuid NOT NULL,
  body_enc        text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, application_id) REFERENCES applications(tenant_id, id),
  FOREIGN KEY (tenant_id, author_id) REFERENCES staff_users(tenant_id, id)
);
CREATE INDEX case_notes_app ON case_notes (tenant_id, application_id, created_at);
SELECT yakuba_isolate('case_notes');

-- Messages between the department and the resident about one application (encrypted).
CREATE TABLE application_messages (
  tenant_id       text NOT NULL,
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  application_id  uuid NOT NULL,
  sender_kind     text NOT NULL CHECK (sender_kind IN ('staff', 'resident')),
  sender_id       uuid NOT NULL,
  body_enc        text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, application_id) REFERENCES applications(tenant_id, id)
);
CREATE INDEX application_messages_app ON application_messages (tenant_id, application_id, created_at);
SELECT yakuba_isolate('application_messages');

-- 補正依頼: which answers go back to the resident (paths: "field", "group", "group.2.field").
CREATE TABLE correction_requests (
  tenant_id       text NOT NULL,
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  application_id  uuid NOT NULL,
  fields          text[] NOT NULL CHECK (cardinality(fields) >= 1),
  message_enc     text NOT NULL,
  due_on          date,
  requested_by    uuid NOT NULL,
  requested_at    timestamptz NOT NULL DEFAULT now(),
  answered_at     timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, application_id) REFERENCES applications(tenant_id, id),
  FOREIGN KEY (tenant_id, requested_by) REFERENCES staff_users(tenant_id, id)
);
-- At most one open request per application.
CREATE UNIQUE INDEX correction_requests_open ON correction_requests (tenant_id, application_id) WHERE answered_at IS NULL;
SELECT yakuba_isolate('correction_requests');

-- Keyed hashes (HMAC with the tenant's index key) of the applicant's name and reading, whole and
-- per word, so staff can find a case by name without decrypting every application.
CREATE TABLE application_search_tokens (
  tenant_id       text NOT NULL,
  token           text NOT NULL,
  application_id  uuid NOT NULL,
  PRIMARY KEY (tenant_id, token, application_id),
  FOREIGN KEY (tenant_id, application_id) REFERENCES applications(tenant_id, id)
);
CREATE INDEX application_search_tokens_app ON application_search_tokens (tenant_id, application_id);
SELECT yakuba_isolate('application_search_tokens');
