-- Attachments through the resident API and replaced in a 補正 (issue 3, docs/procedures.md).
-- An upload through POST /api/resident/v1/attachments belongs to nobody's application yet: it is
-- kept for its resident, procedure and field (application_id NULL) until a draft or a submission
-- names its id, and is unusable (then deleted) after 24 hours. A file replaced in a correction is
-- not deleted: replaced_at and the correction request keep it in the case history for staff.
ALTER TABLE application_attachments ALTER COLUMN application_id DROP NOT NULL;
ALTER TABLE application_attachments ADD COLUMN resident_id uuid;
ALTER TABLE application_attachments ADD COLUMN procedure_id uuid;
ALTER TABLE application_attachments ADD COLUMN replaced_at timestamptz;
ALTER TABLE application_attachments ADD COLUMN replaced_by_correction uuid;
ALTER TABLE application_attachments ADD CONSTRAINT application_attachments_owner
  CHECK (application_id IS NOT NULL OR (resident_id IS NOT NULL AND procedure_id IS NOT NULL));
CREATE INDEX application_attachments_pending ON application_attachments (tenant_id, resident_id, created_at) WHERE application_id IS NULL;
