-- Durable background jobs in PostgreSQL (mail, alert delivery, exports). A job belongs to one
-- municipality and runs inside that municipality's row-level security; only the worker role
-- yakuba_worker sees the jobs of every municipality, to claim them.

DO $$ BEGIN
  CREATE ROLE yakuba_worker NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

CREATE TABLE jobs (
  tenant_id     text NOT NULL REFERENCES tenants(code),
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  queue         text NOT NULL,
  payload       jsonb NOT NULL DEFAULT '{}',
  -- Enqueueing twice with the same key is a no-op: at most one job per (queue, key).
  dedupe_key    text,
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed', 'dead')),
  run_at        timestamptz NOT NULL DEFAULT now(),
  attempts      integer NOT NULL DEFAULT 0,
  max_attempts  integer NOT NULL DEFAULT 10,
  locked_until  timestamptz,
  locked_by     text,
  last_error    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, queue, dedupe_key)
);
CREATE INDEX jobs_ready ON jobs (queue, run_at) WHERE status = 'pending';
SELECT yakuba_isolate('jobs');
CREATE POLICY worker_claims ON jobs TO yakuba_worker USING (true) WITH CHECK (true);
GRANT SELECT, UPDATE ON jobs TO yakuba_worker;
GRANT SELECT ON tenants TO yakuba_worker;
