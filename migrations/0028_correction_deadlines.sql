-- 補正の期限 (issue 3, ADR 0042): a correction request with a due date gets a reminder job and an
-- overdue job when it is made. overdue_at is when the overdue job found it still unanswered on the
-- day after the due date; it is set once (the job is idempotent) and never rejects anything.
ALTER TABLE correction_requests ADD COLUMN overdue_at timestamptz;
-- The inbox filter 「補正期限切れ」: open requests already marked overdue.
CREATE INDEX correction_requests_overdue ON correction_requests (tenant_id, application_id) WHERE answered_at IS NULL AND overdue_at IS NOT NULL;
