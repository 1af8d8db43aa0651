-- Places, open data catalog, shelters and hazard layers (issue 5).
-- The registries staff keep (places) are the source of the standard open data sets; the catalog
-- (datasets, dataset_resources) lists them beside other published files. Every table is per
-- municipality: tenant_id leads each key and row-level security is forced.

-- A place in one of the registries (公共施設, 指定緊急避難場所, AED, 公衆トイレ, 公衆無線LAN, 子育て施設,
-- イベント). Columns used for search, the map and validation are typed; the remaining standard
-- columns of the kind live in `attributes`, keyed by their standard column name.
CREATE TABLE places (
  tenant_id      text NOT NULL REFERENCES tenants(code),
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  kind           text NOT NULL CHECK (kind IN ('facility', 'shelter', 'aed', 'toilet', 'wifi', 'childcare', 'event')),
  local_id       text NOT NULL,               -- the standard "ID" column (legacy files: "NO")
  name           text NOT NULL,
  name_kana      text NOT NULL DEFAULT '',
  name_en        text NOT NULL DEFAULT '',
  address_code   text NOT NULL DEFAULT '',    -- 所在地_全国地方公共団体コード
  town_id        text NOT NULL DEFAULT '',    -- 町字ID
  address        text NOT NULL DEFAULT '',    -- 所在地_連結表記
  prefecture     text NOT NULL DEFAULT '',
  city           text NOT NULL DEFAULT '',
  town           text NOT NULL DEFAULT '',    -- 所在地_町字
  block          text NOT NULL DEFAULT '',    -- 所在地_番地以下
  building       text NOT NULL DEFAULT '',    -- 建物名等(方書)
  lat            double precision CHECK (lat BETWEEN 20 AND 46),
  lon            double precision CHECK (lon BETWEEN 122 AND 154),
  phone          text NOT NULL DEFAULT '',
  url            text NOT NULL DEFAULT '',
  description    text NOT NULL DEFAULT '',
  accessibility  text NOT NULL DEFAULT '',
  note           text NOT NULL DEFAULT '',
  disaster_types text[] NOT NULL DEFAULT '{}',
  capacity       integer CHECK (capacity >= 0),
  attributes     jsonb NOT NULL DEFAULT '{}',
  search_text    text NOT NULL DEFAULT '',
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     text,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, kind, local_id)
);
SELECT yakuba_isolate('places');

CREATE TABLE place_photos (
  tenant_id      text NOT NULL,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  place_id       uuid NOT NULL,
  content        bytea NOT NULL,
  content_type   text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  alt_ja         text NOT NULL,
  alt_en         text NOT NULL DEFAULT '',
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, place_id) REFERENCES places(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX place_photos_place ON place_photos (tenant_id, place_id);
SELECT yakuba_isolate('place_photos');

-- Current state of a shelter during a disaster. Crowding bands: vacant 0–30 %, moderate 30–60 %,
-- crowded 60–80 %, full 80 %+ of capacity.
CREATE TABLE shelter_status (
  tenant_id      text NOT NULL,
  place_id       uuid NOT NULL,
  is_open        boolean NOT NULL DEFAULT false,
  crowding       text CHECK (crowding IN ('vacant', 'moderate', 'crowded', 'full')),
  headcount      integer CHECK (headcount >= 0),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     text,
  PRIMARY KEY (tenant_id, place_id),
  FOREIGN KEY (tenant_id, place_id) REFERENCES places(tenant_id, id) ON DELETE CASCADE
);
SELECT yakuba_isolate('shelter_status');

-- Every change of a shelter's state: when, by whom (staff or API token), and what it became.
CREATE TABLE shelter_status_events (
  tenant_id      text NOT NULL,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  place_id       uuid NOT NULL,
  at             timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_kind     text NOT NULL CHECK (actor_kind IN ('staff', 'api', 'system')),
  actor_id       text,
  actor_name     text NOT NULL,
  is_open        boolean NOT NULL,
  crowding       text,
  headcount      integer,
  capacity       integer,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, place_id) REFERENCES places(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX shelter_status_events_place ON shelter_status_events (tenant_id, place_id, at DESC);
SELECT yakuba_isolate('shelter_status_events');

-- A dataset of the open data catalog (a CKAN "package"). Registry datasets have registry_kind set
-- and their resources are generated from places; other datasets carry uploaded files.
CREATE TABLE datasets (
  tenant_id        text NOT NULL REFERENCES tenants(code),
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  name             text NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9_-]{1,99}$'),
  title_ja         text NOT NULL,
  title_en         text NOT NULL DEFAULT '',
  notes_ja         text NOT NULL DEFAULT '',
  notes_en         text NOT NULL DEFAULT '',
  department_id    uuid,
  tags             text[] NOT NULL DEFAULT '{}',
  groups           text[] NOT NULL DEFAULT '{}',
  license_id       text NOT NULL DEFAULT 'cc-by-4.0',
  update_frequency text NOT NULL DEFAULT 'irregular',
  registry_kind    text,
  formats          text[] NOT NULL DEFAULT '{}',
  search_title     text NOT NULL DEFAULT '',    -- titles folded for search (src/modules/opendata/search-text.ts)
  search_text      text NOT NULL DEFAULT '',    -- titles, notes, tags, resource names folded for search
  created_at       timestamptz NOT NULL DEFAULT now(),
  modified_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name),
  UNIQUE (tenant_id, registry_kind),
  FOREIGN KEY (tenant_id, department_id) REFERENCES departments(tenant_id, id) ON DELETE SET NULL (department_id)
);
CREATE INDEX datasets_modified ON datasets (tenant_id, modified_at DESC);
SELECT yakuba_isolate('datasets');

CREATE TABLE dataset_resources (
  tenant_id        text NOT NULL,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  dataset_id       uuid NOT NULL,
  position         integer NOT NULL DEFAULT 0,
  name_ja          text NOT NULL,
  name_en          text NOT NULL DEFAULT '',
  description_ja   text NOT NULL DEFAULT '',
  format           text NOT NULL,
  media_type       text NOT NULL,
  generated        text CHECK (generated IN ('csv', 'csv_bom', 'json', 'geojson')),
  file_name        text,
  content          bytea,
  byte_size        integer,
  sha256           text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  modified_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, dataset_id) REFERENCES datasets(tenant_id, id) ON DELETE CASCADE,
  CHECK ((generated IS NULL) = (content IS NOT NULL))
);
CREATE INDEX dataset_resources_dataset ON dataset_resources (tenant_id, dataset_id, position);
SELECT yakuba_isolate('dataset_resources');

-- Hazard areas (浸水想定区域, 土砂災害警戒区域 …) uploaded as GeoJSON and drawn as map layers.
CREATE TABLE hazard_layers (
  tenant_id        text NOT NULL REFERENCES tenants(code),
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  name_ja          text NOT NULL,
  name_en          text NOT NULL DEFAULT '',
  hazard           text NOT NULL,
  source_ja        text NOT NULL DEFAULT '',
  class_property   text,
  legend           jsonb NOT NULL DEFAULT '[]',
  geojson          jsonb NOT NULL,
  feature_count    integer NOT NULL,
  published        boolean NOT NULL DEFAULT true,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
SELECT yakuba_isolate('hazard_layers');

-- Per-municipality map settings. No row: the defaults (GSI standard tiles; none in tests).
CREATE TABLE map_settings (
  tenant_id        text NOT NULL REFERENCES tenants(code),
  tile_url         text NOT NULL,
  tile_attribution text NOT NULL DEFAULT '',
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id)
);
SELECT yakuba_isolate('map_settings');
