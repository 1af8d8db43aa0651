/** The public map page (list first, map on demand), and one place's page. */
import { format, type Locale, type Text } from '../../../platform/i18n/index.ts';
import { ResidentLayout, TextInput, tx, type PageContext } from '../../../platform/ui/index.ts';
import { legendLabel, type HazardLayer } from '../hazards/hazards.service.ts';
import { mapText as m, shelterText as sm } from '../opendata.messages.ts';
import type { Place } from '../places/place.ts';
import { disasterLabels, disasterTypes, mapKinds, registries, type DisasterType, type PlaceKind } from '../registries.ts';
import type { ShelterStatus } from '../shelters/crowding.ts';
import { formatDateTime, ISLAND_SCRIPT, Pager } from './common.tsx';
import { CrowdingLegend, StatusBadge } from './shelters.tsx';

const t = (text: Text, l: Locale, params?: Record<string, string | number>) => format(tx(text, l), params);
export const placeName = (p: Place, l: Locale) => (l === 'en' && p.nameEn ? p.nameEn : p.name);

export interface MapFilters {
  kinds: PlaceKind[];
  disaster: DisasterType | undefined;
  openOnly: boolean;
  q: string;
  lat: number | null;
  lon: number | null;
  offset: number;
}

export interface MapItem {
  place: Place;
  status: ShelterStatus | null;
  distanceKm: number | null;
}

function Swatch({ color }: { color: string }) {
  return (
    <svg class="swatch" width="20" height="20" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <rect x="1" y="1" width="18" height="18" fill={color} stroke="#333" stroke-width="1" />
    </svg>
  );
}

export function MapPage(p: { ctx: PageContext; items: MapItem[]; total: number; limit: number; filters: MapFilters; hazards: HazardLayer[]; tilesNote: string }) {
  const l = p.ctx.locale;
  const f = p.filters;
  const title = tx(m.title, l);
  return (
    <ResidentLayout ctx={p.ctx} title={title} scripts={[ISLAND_SCRIPT]}>
      <h1>{title}</h1>
      <p>{tx(m.lead, l)}</p>
      <form method="get" action="/map" class="filter-form" id="map-filters">
        <fieldset class="field">
          <legend>{tx(m.kinds, l)}</legend>
          {mapKinds.map((k) => (
            <div class="checkbox">
              <input type="checkbox" id={`f-kind-${k}`} name="kind" value={k} checked={f.kinds.includes(k)} />
              <label for={`f-kind-${k}`}>{tx(registries[k].title, l)}</label>
            </div>
          ))}
        </fieldset>
        <div class="field">
          <label for="f-disaster">{tx(m.disaster, l)}</label>
          <select class="select" id="f-disaster" name="disaster">
            <option value="">{tx(sm.anyDisaster, l)}</option>
            {disasterTypes.map((d) => (
              <option value={d} selected={f.disaster === d}>{tx(disasterLabels[d], l)}</option>
            ))}
          </select>
        </div>
        <div class="checkbox">
          <input type="checkbox" id="f-open" name="open" value="1" checked={f.openOnly} />
          <label for="f-open">{tx(m.openOnly, l)}</label>
        </div>
        <TextInput name="q" type="search" label={m.keyword} locale={l} value={f.q} maxlength={100} />
        <input type="hidden" name="lat" value={f.lat === null ? '' : String(f.lat)} />
        <input type="hidden" name="lon" value={f.lon === null ? '' : String(f.lon)} />
        <div class="actions">
          <button type="submit" class="btn btn-primary">{tx(m.apply, l)}</button>
          <button type="button" class="btn btn-secondary" data-near-me="1" data-locating={tx(m.locating, l)} data-failed={tx(m.locationFailed, l)} hidden>
            {tx(m.nearMe, l)}
          </button>
        </div>
        <p class="hint">{tx(m.nearMeHint, l)}</p>
        <p role="status" data-near-status="1">{f.lat !== null ? tx(m.sortedByDistance, l) : ''}</p>
      </form>
      <div class="actions">
        <button type="button" class="btn btn-secondary" data-show-map="1" data-loading={tx(m.mapLoading, l)} aria-controls="map" hidden>
          {tx(m.showMap, l)}
        </button>
      </div>
      <div id="map" class="map" role="region" aria-label={tx(m.mapLabel, l)} hidden></div>
      <p class="muted">{p.tilesNote}</p>
      <h2 id="list-title">{t(m.listTitle, l, { count: p.total })}</h2>
      <CrowdingLegend l={l} />
      {p.items.length === 0 ? <p>{tx(m.noResults, l)}</p> : null}
      <ul class="place-list" aria-labelledby="list-title">
        {p.items.map((i) => (
          <li class="card" data-place-id={i.place.id}>
            <h3>
              <a href={`/places/${i.place.id}`}>{placeName(i.place, l)}</a>
            </h3>
            <p>
              <span class="kind">{tx(registries[i.place.kind].item, l)}</span>
              {i.status ? <> · <StatusBadge status={i.status} l={l} /></> : null}
              {i.distanceKm !== null ? <> · {t(sm.distance, l, { km: i.distanceKm.toFixed(1) })}</> : null}
            </p>
            <p>{i.place.address}</p>
            {i.place.kind === 'shelter' && i.place.disasterTypes.length ? (
              <p class="muted">{tx(sm.suitableFor, l)}: {i.place.disasterTypes.map((d) => tx(disasterLabels[d], l)).join('、')}</p>
            ) : null}
          </li>
        ))}
      </ul>
      <Pager
        l={l}
        base="/map"
        params={{ kind: f.kinds.length === mapKinds.length ? undefined : f.kinds.join(','), disaster: f.disaster, open: f.openOnly ? '1' : undefined, q: f.q, lat: f.lat?.toString(), lon: f.lon?.toString() }}
        offset={f.offset}
        limit={p.limit}
        total={p.total}
      />
      <h2>{tx(m.hazardsTitle, l)}</h2>
      {p.hazards.length === 0 ? <p>{tx(m.hazardsNone, l)}</p> : null}
      {p.hazards.map((h) => (
        <section class="card hazard" aria-labelledby={`hz-${h.id}`}>
          <h3 id={`hz-${h.id}`}>{l === 'en' && h.nameEn ? h.nameEn : h.nameJa}</h3>
          {h.sourceJa ? <p class="muted">{h.sourceJa}</p> : null}
          <div class="checkbox">
            <input type="checkbox" id={`hz-show-${h.id}`} value={h.id} data-hazard-layer="1" disabled />
            <label for={`hz-show-${h.id}`}>{tx(m.showLayer, l)}</label>
          </div>
          {h.legend.length ? (
            <>
              <h4>{tx(m.legend, l)}{h.classProperty ? `（${h.classProperty}）` : ''}</h4>
              <ul class="legend-list">
                {h.legend.map((e) => (
                  <li><Swatch color={e.color} /> {legendLabel(e)}</li>
                ))}
              </ul>
            </>
          ) : null}
          <p><a href={`/map/hazards/${h.id}.geojson`} download>{tx(m.downloadGeoJson, l)}</a></p>
        </section>
      ))}
    </ResidentLayout>
  );
}

const HOURS = ['利用可能曜日', '開始時間', '終了時間', '利用可能日時特記事項', '利用開始時間', '利用終了時間', '利用可能時間特記事項'];

export function PlacePage(p: { ctx: PageContext; place: Place; status: ShelterStatus | null; photos: { id: string; altJa: string; altEn: string }[] }) {
  const l = p.ctx.locale;
  const place = p.place;
  const r = registries[place.kind];
  const hours = HOURS.map((k) => place.attributes[k]).filter(Boolean);
  const shownAttrs = new Set(HOURS);
  const others = r.columns.filter((c) => c.target.to === 'attr' && !shownAttrs.has(c.name) && place.attributes[c.name]);
  return (
    <ResidentLayout ctx={p.ctx} title={placeName(place, l)}>
      <p><a href="/map">{tx(m.backToMap, l)}</a></p>
      <h1>{placeName(place, l)}</h1>
      <p>
        {tx(r.item, l)}
        {p.status ? <> · <StatusBadge status={p.status} l={l} /> <span class="muted">({formatDateTime(p.status.updatedAt, l)})</span></> : null}
      </p>
      {p.photos.map((ph) => (
        <img class="place-photo" src={`/places/${place.id}/photos/${ph.id}`} alt={l === 'en' && ph.altEn ? ph.altEn : ph.altJa} width="480" />
      ))}
      <dl class="dl">
        {place.nameKana ? <><dt lang="ja">{l === 'ja' ? 'よみがな' : 'Reading'}</dt><dd>{place.nameKana}</dd></> : null}
        <dt>{tx(m.address, l)}</dt>
        <dd>{place.address || [place.prefecture, place.city, place.town, place.block].join('')} {place.building}</dd>
        {place.phone ? <><dt>{tx(m.phone, l)}</dt><dd><a href={`tel:${place.phone}`}>{place.phone}</a></dd></> : null}
        {hours.length ? <><dt>{tx(m.hours, l)}</dt><dd>{hours.join(' ')}</dd></> : null}
        {place.kind === 'shelter' ? (
          <>
            <dt>{tx(sm.suitableFor, l)}</dt>
            <dd>{place.disasterTypes.map((d) => tx(disasterLabels[d], l)).join('、') || '—'}</dd>
            {place.capacity ? <><dt>{tx(sm.capacity, l)}</dt><dd>{t(sm.people, l, { count: place.capacity })}</dd></> : null}
          </>
        ) : null}
        {place.accessibility ? <><dt>{tx(m.accessibility, l)}</dt><dd class="prewrap">{place.accessibility}</dd></> : null}
        {place.description ? <><dt>{l === 'ja' ? '説明' : 'Description'}</dt><dd class="prewrap">{place.description}</dd></> : null}
        {others.map((c) => <><dt>{l === 'ja' ? c.name : c.en}</dt><dd class="prewrap">{place.attributes[c.name]}</dd></>)}
        {place.note ? <><dt>{l === 'ja' ? '備考' : 'Notes'}</dt><dd class="prewrap">{place.note}</dd></> : null}
        {place.url ? <><dt>{tx(m.website, l)}</dt><dd><a href={place.url} rel="noopener">{place.url}</a></dd></> : null}
        {place.lat !== null && place.lon !== null ? (
          <>
            <dt>{tx(m.position, l)}</dt>
            <dd>
              {place.lat}, {place.lon} <a href={`https://maps.gsi.go.jp/#17/${place.lat}/${place.lon}/`} rel="noopener">{tx(m.openInGsi, l)}</a>
            </dd>
          </>
        ) : null}
      </dl>
    </ResidentLayout>
  );
}
