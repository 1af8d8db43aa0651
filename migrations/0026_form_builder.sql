-- Form builder (issue 3, item 8): staff edit a procedure's form as a draft, then publish it as a
-- new version of procedure_forms (published versions never change). One draft per procedure, so
-- two staff members edit the same draft; `revision` is the optimistic lock every edit checks.
CREATE TABLE procedure_form_drafts (
  tenant_id     text NOT NULL,
  procedure_id  uuid NOT NULL,
  definition    jsonb NOT NULL,
  revision      integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
  -- The published version the draft started from; publishing refuses when another is newer.
  base_version  integer,
  updated_by    uuid,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, procedure_id),
  FOREIGN KEY (tenant_id, procedure_id) REFERENCES procedures(tenant_id, id) ON DELETE CASCADE
);
SELECT yakuba_isolate('procedure_form_drafts');

-- The extra search words of a procedure, kept so that editing it in the builder rebuilds
-- search_text with them (before, they were folded into search_text and could not be read back).
ALTER TABLE procedures ADD COLUMN keywords text[] NOT NULL DEFAULT '{}';
