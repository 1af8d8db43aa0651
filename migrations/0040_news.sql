-- News (お知らせ, issue 4): articles with revisions, approval per category, files, history.

-- Which categories need a second person's approval before publishing. A category without a row
-- needs approval (secure by default); administrators switch it off per category.
CREATE TABLE news_category_settings (
  tenant_id          text NOT NULL REFERENCES tenants(code),
  category           text NOT NULL,
  requires_approval  boolean NOT NULL,
  updated_by         text NOT NULL,
  updated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, category)
);
SELECT yakuba_isolate('news_category_settings');

-- One news article. What the public sees is its live revision; a withdrawn (取り下げ) article is
-- hidden until a new revision is published.
CREATE TABLE news_articles (
  tenant_id           text NOT NULL REFERENCES tenants(code),
  id                  uuid NOT NULL DEFAULT gen_random_uuid(),
  department_id       uuid NOT NULL,
  live_revision       integer,
  first_published_at  timestamptz,
  published_at        timestamptz,        -- when the live revision was published
  withdrawn_at        timestamptz,
  created_by          text NOT NULL,      -- 'staff:<uuid>' or 'api:<token uuid>'
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, department_id) REFERENCES departments(tenant_id, id)
);
CREATE INDEX news_articles_public ON news_articles (tenant_id, first_published_at DESC) WHERE live_revision IS NOT NULL AND withdrawn_at IS NULL;
SELECT yakuba_isolate('news_articles');

-- A revision of an article: the text, category, areas and schedule that are approved together.
-- Published revisions never change; at most one revision per article is being worked on.
CREATE TABLE news_revisions (
  tenant_id       text NOT NULL,
  article_id      uuid NOT NULL,
  revision        integer NOT NULL CHECK (revision >= 1),
  state           text NOT NULL CHECK (state IN ('draft', 'pending', 'returned', 'scheduled', 'published')),
  category        text NOT NULL,
  areas           text[] NOT NULL DEFAULT '{}',   -- 地区 codes; empty: the whole municipality
  title_ja        text NOT NULL,
  title_en        text NOT NULL DEFAULT '',
  body_ja         text NOT NULL,
  body_en         text NOT NULL DEFAULT '',
  summary_easy    text NOT NULL DEFAULT '',       -- やさしい日本語
  publish_at      timestamptz,                    -- null: as soon as it is approved
  renotify        boolean NOT NULL DEFAULT false, -- a later revision: tell subscribers again
  author          text NOT NULL,
  submitted_by    text,
  submitted_at    timestamptz,
  approved_by     text,                            -- null when the category needs no approval
  approved_at     timestamptz,
  published_at    timestamptz,
  return_comment  text NOT NULL DEFAULT '',
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, article_id, revision),
  FOREIGN KEY (tenant_id, article_id) REFERENCES news_articles(tenant_id, id),
  CHECK (approved_by IS NULL OR (approved_by <> author AND approved_by <> coalesce(submitted_by, '')))
);
CREATE UNIQUE INDEX news_revisions_one_open ON news_revisions (tenant_id, article_id) WHERE state <> 'published';
SELECT yakuba_isolate('news_revisions');

CREATE FUNCTION news_revisions_published_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state = 'published' THEN
    RAISE EXCEPTION 'news_revisions: revision % is published and cannot change', OLD.revision;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER news_revisions_immutable BEFORE UPDATE OR DELETE ON news_revisions
  FOR EACH ROW EXECUTE FUNCTION news_revisions_published_immutable();

-- Images (with alternative text) and PDF attachments. A file belongs to the revisions from
-- added_in up to (not including) removed_in, so removing one from a draft does not touch the
-- published page until that draft is published.
CREATE TABLE news_files (
  tenant_id     text NOT NULL,
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  article_id    uuid NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('image', 'attachment')),
  content       bytea NOT NULL,
  content_type  text NOT NULL,
  filename      text NOT NULL,
  bytes         integer NOT NULL,
  width         integer,
  height        integer,
  alt_ja        text NOT NULL DEFAULT '',
  alt_en        text NOT NULL DEFAULT '',
  added_in      integer NOT NULL,
  removed_in    integer,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, article_id) REFERENCES news_articles(tenant_id, id),
  CHECK (kind <> 'image' OR alt_ja <> '')
);
CREATE INDEX news_files_article ON news_files (tenant_id, article_id, created_at);
SELECT yakuba_isolate('news_files');

-- Every state change with who and when (the audit log holds the same, hash-chained).
CREATE TABLE news_events (
  tenant_id   text NOT NULL,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  article_id  uuid NOT NULL,
  revision    integer NOT NULL,
  at          timestamptz NOT NULL DEFAULT clock_timestamp(),
  action      text NOT NULL,
  actor       text NOT NULL,   -- 'staff:<uuid>', 'api:<uuid>' or 'system'
  note        text NOT NULL DEFAULT '',
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, article_id) REFERENCES news_articles(tenant_id, id)
);
CREATE INDEX news_events_article ON news_events (tenant_id, article_id, at);
SELECT yakuba_isolate('news_events');
