-- Procedure catalog (手続一覧, issue 3). One row per procedure a municipality offers; the texts a
-- resident reads are stored in Japanese and English. `search_text` holds the folded (NFKC, lower
-- case, katakana → hiragana) name, reading, summary and keywords for substring search.
CREATE TABLE procedures (
  tenant_id        text NOT NULL REFERENCES tenants(code),
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  slug             text NOT NULL CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
  national_no      smallint CHECK (national_no BETWEEN 1 AND 31),   -- number in the national priority list
  category         text NOT NULL CHECK (category IN ('childcare', 'care', 'disaster', 'certificates', 'living')),
  life_events      text[] NOT NULL DEFAULT '{}',
  department_id    uuid NOT NULL,
  name_ja          text NOT NULL,
  name_en          text NOT NULL,
  name_kana        text NOT NULL,
  -- {summary, eligibility, documents[], feeNote, processing, legalBasis, howToApply}: each {ja, en}
  details          jsonb NOT NULL,
  fee_yen          integer NOT NULL DEFAULT 0 CHECK (fee_yen >= 0),
  assurance        smallint NOT NULL CHECK (assurance IN (1, 2)),   -- 1: e-mail sign-in, 2: My Number Card
  processing_days  smallint CHECK (processing_days >= 0),
  contact_phone    text NOT NULL DEFAULT '',
  sort_order       integer NOT NULL DEFAULT 0,
  published        boolean NOT NULL DEFAULT true,
  search_text      text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, slug),
  FOREIGN KEY (tenant_id, department_id) REFERENCES departments(tenant_id, id)
);
CREATE INDEX procedures_category ON procedures (tenant_id, category, sort_order);
SELECT yakuba_isolate('procedures');
