-- The applicant's name hashes move from a row per word (application_search_tokens) into an array
-- on the application with a GIN index. A submission wrote six token rows, each with two index
-- entries and a foreign-key check; now it writes one array, and the GIN index takes the six keys
-- through its pending list (docs/benchmarks.md, bench:submit). A name search is still one index
-- probe: `name_tokens @> ARRAY[token]`. The hashes are the same keyed HMACs (ADR 0033).
ALTER TABLE applications ADD COLUMN name_tokens text[] NOT NULL DEFAULT '{}';

-- Row-level security is forced on both tables, so the copy runs once per municipality with its
-- setting in place (a migration role without BYPASSRLS would otherwise see no rows).
DO $$
DECLARE t record;
BEGIN
  FOR t IN SELECT code FROM tenants LOOP
    PERFORM set_config('yakuba.tenant_id', t.code, true);
    UPDATE applications a SET name_tokens = s.tokens
    FROM (SELECT application_id, array_agg(token ORDER BY token) AS tokens FROM application_search_tokens WHERE tenant_id = t.code GROUP BY application_id) s
    WHERE a.tenant_id = t.code AND a.id = s.application_id;
  END LOOP;
  PERFORM set_config('yakuba.tenant_id', '', true);
END $$;

CREATE INDEX applications_name_tokens ON applications USING gin (name_tokens) WITH (fastupdate = off);
DROP TABLE application_search_tokens;
