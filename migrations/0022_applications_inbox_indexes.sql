-- The staff inbox lists the newest cases first, filtered or not (bench/procedures-inbox.ts:
-- without these, the unfiltered first page of 100,000 cases sorted the whole table).
CREATE INDEX applications_received ON applications (tenant_id, submitted_at DESC, id DESC) WHERE status <> 'draft';
CREATE INDEX applications_duplicates ON applications (tenant_id, submitted_at DESC) WHERE duplicate_of IS NOT NULL;
