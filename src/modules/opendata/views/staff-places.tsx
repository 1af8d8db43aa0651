/** Staff pages of the registries: overview, list, edit form, import form and import report. */
import type { FieldError } from '../../../platform/errors/index.ts';
import { format, type Locale, type Text } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, Notice, PostButton, StaffLayout, TextInput, tx, type PageContext } from '../../../platform/ui/index.ts';
import { staffText as m } from '../opendata.messages.ts';
import type { ImportOutcome } from '../places/places.service.ts';
import type { ImportPlan } from '../places/import-plan.ts';
import type { Place } from '../places/place.ts';
import { placeKinds, registries, standardFileName, type PlaceKind, type StandardColumn } from '../registries.ts';
import { ColumnField, formatDateTime, ISLAND_SCRIPT, Pager } from './common.tsx';

const t = (text: Text, l: Locale, params?: Record<string, string | number>) => format(tx(text, l), params);

export function RegistriesPage(p: { ctx: PageContext; counts: Map<PlaceKind, number>; tenantCode: string; can: { publish: boolean; hazards: boolean; map: boolean } }) {
  const l = p.ctx.locale;
  const title = tx(m.registriesTitle, l);
  return (
    <StaffLayout ctx={p.ctx} title={title}>
      <h1>{title}</h1>
      <p>{tx(m.registriesLead, l)}</p>
      <div class="actions">
        <a class="btn btn-primary" href="/staff/shelters">{tx(m.shelterStatusLink, l)}</a>
        {p.can.publish ? <a class="btn btn-secondary" href="/staff/opendata/datasets">{tx(m.datasetsLink, l)}</a> : null}
        {p.can.hazards ? <a class="btn btn-secondary" href="/staff/opendata/hazards">{tx(m.hazardsLink, l)}</a> : null}
        {p.can.map ? <a class="btn btn-secondary" href="/staff/opendata/map-settings">{tx(m.mapSettingsLink, l)}</a> : null}
      </div>
      <table>
        <caption class="sr-only">{title}</caption>
        <thead>
          <tr>
            <th scope="col">{tx(m.registry, l)}</th>
            <th scope="col">{tx(m.records, l)}</th>
            <th scope="col">{tx(m.openData, l)}</th>
          </tr>
        </thead>
        <tbody>
          {placeKinds.map((kind) => (
            <tr>
              <th scope="row">
                <a href={`/staff/places/${kind}`}>{tx(registries[kind].title, l)}</a>
              </th>
              <td>{p.counts.get(kind) ?? 0}</td>
              <td>
                <a href={`/opendata/files/${standardFileName(p.tenantCode, kind, 'csv')}`}>{standardFileName(p.tenantCode, kind, 'csv')}</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </StaffLayout>
  );
}

export function PlaceListPage(p: { ctx: PageContext; kind: PlaceKind; places: Place[]; total: number; q: string; offset: number; limit: number; notice: Text | null }) {
  const l = p.ctx.locale;
  const r = registries[p.kind];
  const title = tx(r.title, l);
  return (
    <StaffLayout ctx={p.ctx} title={title}>
      <p><a href="/staff/places">{tx(m.registriesTitle, l)}</a></p>
      <h1>{title}</h1>
      {p.notice ? <Notice kind="success"><p>{tx(p.notice, l)}</p></Notice> : null}
      <div class="actions">
        <a class="btn btn-primary" href={`/staff/places/${p.kind}/new`}>{t(m.add, l, { item: tx(r.item, l) })}</a>
        <a class="btn btn-secondary" href={`/staff/places/${p.kind}/import`}>{tx(m.importLink, l)}</a>
      </div>
      <form method="get" action={`/staff/places/${p.kind}`} class="search-form" role="search">
        <TextInput name="q" label={m.searchLabel} locale={l} value={p.q} type="search" />
        <button type="submit" class="btn btn-secondary">{tx(m.search, l)}</button>
      </form>
      {p.places.length === 0 ? (
        <p>{tx(p.q ? m.noneFound : m.none, l)}</p>
      ) : (
        <table>
          <caption class="sr-only">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{tx(m.colId, l)}</th>
              <th scope="col">{tx(m.colName, l)}</th>
              <th scope="col">{tx(m.colAddress, l)}</th>
              <th scope="col">{tx(m.colUpdated, l)}</th>
            </tr>
          </thead>
          <tbody>
            {p.places.map((place) => (
              <tr>
                <td>{place.localId}</td>
                <th scope="row">
                  <a href={`/staff/places/${p.kind}/${place.id}`}>{place.name}</a>
                </th>
                <td>{place.address || `${place.town}${place.block}`}</td>
                <td>{formatDateTime(place.updatedAt, l)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager l={l} base={`/staff/places/${p.kind}`} params={{ q: p.q }} offset={p.offset} limit={p.limit} total={p.total} />
    </StaffLayout>
  );
}

const BASIC = new Set(['ID', '名称', '名称_カナ', '名称_英字', 'イベント名', 'イベント名_カナ', 'イベント名_英字']);
const LOCATION = new Set(['所在地_全国地方公共団体コード', '町字ID', '所在地_連結表記', '所在地_都道府県', '所在地_市区町村', '所在地_町字', '所在地_番地以下', '建物名等(方書)', '緯度', '経度']);

export interface PhotoSummary {
  id: string;
  altJa: string;
  altEn: string;
}

export function PlaceFormPage(p: {
  ctx: PageContext;
  kind: PlaceKind;
  columns: StandardColumn[];
  place: Place | null;
  values: Record<string, string>;
  errors: FieldError[];
  notice: Text | null;
  photos: PhotoSummary[];
  photoErrors: FieldError[];
  /** The island script (map picker) and the base map it shows. */
  client: { tileUrl: string; attribution: string };
}) {
  const l = p.ctx.locale;
  const r = registries[p.kind];
  const title = t(p.place ? m.editTitle : m.newTitle, l, { item: tx(r.item, l) });
  const action = p.place ? `/staff/places/${p.kind}/${p.place.id}` : `/staff/places/${p.kind}`;
  const field = (c: StandardColumn) => <ColumnField column={c} value={p.values[c.name] ?? ''} locale={l} errors={p.errors} />;
  const basic = p.columns.filter((c) => BASIC.has(c.name));
  const location = p.columns.filter((c) => LOCATION.has(c.name));
  const disaster = p.columns.filter((c) => c.target.to === 'disaster');
  const rest = p.columns.filter((c) => !BASIC.has(c.name) && !LOCATION.has(c.name) && c.target.to !== 'disaster');
  return (
    <StaffLayout ctx={p.ctx} title={title} scripts={[ISLAND_SCRIPT]}>
      <p><a href={`/staff/places/${p.kind}`}>{tx(m.back, l)}</a></p>
      <h1>{title}</h1>
      {p.notice ? <Notice kind="success"><p>{tx(p.notice, l)}</p></Notice> : null}
      <ErrorSummary errors={[...p.errors, ...p.photoErrors]} locale={l} />
      <form method="post" action={action} novalidate>
        <CsrfField token={p.ctx.csrfToken} />
        <h2>{tx(m.sectionBasic, l)}</h2>
        {basic.map(field)}
        <h2>{tx({ ja: '所在地と位置', en: 'Address and position' }, l)}</h2>
        <p class="hint">{tx(m.positionHint, l)}</p>
        {location.map(field)}
        <div class="map-picker" data-map-picker="1" data-label={tx(m.pickOnMap, l)} data-tiles={p.client.tileUrl} data-attribution={p.client.attribution}></div>
        {disaster.length ? (
          <fieldset class="field">
            <legend>{tx(m.disasterTypesLegend, l)}</legend>
            {disaster.map(field)}
          </fieldset>
        ) : null}
        <h2>{tx(m.sectionDetails, l)}</h2>
        {rest.map(field)}
        <div class="actions">
          <button type="submit" class="btn btn-primary">{tx(m.save, l)}</button>
        </div>
      </form>
      {p.place ? (
        <>
          <h2>{tx(m.photos, l)}</h2>
          {p.photos.length ? (
            <ul class="photo-list">
              {p.photos.map((ph) => (
                <li>
                  <img src={`/places/${p.place!.id}/photos/${ph.id}`} alt={l === 'en' && ph.altEn ? ph.altEn : ph.altJa} width="240" />
                  <PostButton action={`/staff/places/${p.kind}/${p.place!.id}/photos/${ph.id}/delete`} csrf={p.ctx.csrfToken} label={tx(m.photoRemove, l)} />
                </li>
              ))}
            </ul>
          ) : null}
          <form method="post" action={`/staff/places/${p.kind}/${p.place.id}/photos`} enctype="multipart/form-data">
            <CsrfField token={p.ctx.csrfToken} />
            <div class="field">
              <label for="f-photo">{tx(m.photoFile, l)}</label>
              <input class="input" type="file" id="f-photo" name="photo" accept="image/jpeg,image/png,image/webp" />
            </div>
            <TextInput name="altJa" label={m.photoAltJa} hint={m.photoAltHint} locale={l} errors={p.photoErrors} required />
            <TextInput name="altEn" label={m.photoAltEn} locale={l} errors={p.photoErrors} />
            <button type="submit" class="btn btn-secondary">{tx(m.photoAdd, l)}</button>
          </form>
          <h2>{tx(m.delete, l)}</h2>
          <p>{tx(m.deleteConfirm, l)}</p>
          <PostButton action={`/staff/places/${p.kind}/${p.place.id}/delete`} csrf={p.ctx.csrfToken} label={tx(m.delete, l)} class="btn-danger" />
        </>
      ) : null}
    </StaffLayout>
  );
}

export interface ImportReport {
  plan: ImportPlan | null;
  /** A problem with the file as a whole (unreadable, missing columns …). */
  fileProblem: Text | null;
  outcome: ImportOutcome | null;
  dryRun: boolean;
}

const MAX_SHOWN = 500;

export function ImportPage(p: { ctx: PageContext; kind: PlaceKind; tenantCode: string; report: ImportReport | null; errors: FieldError[] }) {
  const l = p.ctx.locale;
  const r = registries[p.kind];
  const title = t(m.importTitle, l, { title: tx(r.title, l) });
  const report = p.report;
  const plan = report?.plan ?? null;
  return (
    <StaffLayout ctx={p.ctx} title={title}>
      <p><a href={`/staff/places/${p.kind}`}>{tx(m.back, l)}</a></p>
      <h1>{title}</h1>
      <ErrorSummary errors={p.errors} locale={l} />
      {report ? <ImportResult l={l} report={report} /> : null}
      {plan && plan.problems.length ? (
        <>
          <table class="problems">
            <caption>{tx(m.problemsCaption, l)}</caption>
            <thead>
              <tr>
                <th scope="col">{tx(m.colLine, l)}</th>
                <th scope="col">{tx(m.colId, l)}</th>
                <th scope="col">{tx(m.colColumn, l)}</th>
                <th scope="col">{tx(m.colValue, l)}</th>
                <th scope="col">{tx(m.colProblem, l)}</th>
              </tr>
            </thead>
            <tbody>
              {plan.problems.slice(0, MAX_SHOWN).map((x) => (
                <tr>
                  <th scope="row">{x.line}</th>
                  <td>{x.localId}</td>
                  <td>{x.column ?? tx(m.wholeRow, l)}</td>
                  <td><code>{x.value}</code></td>
                  <td>{tx(x.message, l)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {plan.problems.length > MAX_SHOWN ? <p>{t(m.moreProblems, l, { count: plan.problems.length - MAX_SHOWN, shown: MAX_SHOWN })}</p> : null}
        </>
      ) : null}
      <p>{tx(m.importLead, l)}</p>
      <p>
        <a href={`/staff/places/${p.kind}/import/template.csv`}>{tx(m.importTemplate, l)}</a>
      </p>
      <form method="post" action={`/staff/places/${p.kind}/import`} enctype="multipart/form-data">
        <CsrfField token={p.ctx.csrfToken} />
        <div class="field">
          <label for="f-file">{tx(m.importFile, l)}</label>
          {p.errors.length ? <span class="error-text" id="f-file-error">{tx(p.errors[0]!.message, l)}</span> : null}
          <input class="input" type="file" id="f-file" name="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required aria-describedby={p.errors.length ? 'f-file-error' : undefined} />
        </div>
        <fieldset class="field">
          <legend>{tx(m.importMode, l)}</legend>
          <div class="checkbox">
            <input type="radio" id="f-mode-upsert" name="mode" value="upsert" checked />
            <label for="f-mode-upsert">{tx(m.importModeUpsert, l)}</label>
          </div>
          <div class="checkbox">
            <input type="radio" id="f-mode-replace" name="mode" value="replace" />
            <label for="f-mode-replace">{tx(m.importModeReplace, l)}</label>
          </div>
        </fieldset>
        <div class="checkbox">
          <input type="checkbox" id="f-dryRun" name="dryRun" value="1" />
          <label for="f-dryRun">{tx(m.importDryRun, l)}</label>
        </div>
        <div class="actions">
          <button type="submit" class="btn btn-primary">{tx(m.importSubmit, l)}</button>
        </div>
      </form>
    </StaffLayout>
  );
}

function ImportResult({ l, report }: { l: Locale; report: ImportReport }) {
  const plan = report.plan;
  const detected = plan
    ? t(m.importDetected, l, {
        format: plan.format === 'xlsx' ? 'Excel (.xlsx)' : 'CSV',
        encoding: plan.encoding ?? '—',
        generation: tx(plan.generation === 'legacy' ? m.generationLegacy : m.generationCurrent, l),
        rows: plan.rowsRead,
      })
    : null;
  const ignored = plan?.ignoredColumns.length ? <p>{t(m.importIgnored, l, { columns: plan.ignoredColumns.join('、') })}</p> : null;
  if (report.fileProblem) {
    return (
      <div class="notice notice-error" role="alert" tabindex={-1} id="import-result">
        <h2>{tx(m.importRejectedTitle, l)}</h2>
        <p>{tx(m.importFileRejected, l)}</p>
        <p>{tx(report.fileProblem, l)}</p>
        {detected ? <p>{detected}</p> : null}
      </div>
    );
  }
  if (plan && plan.problems.length) {
    const bad = new Set(plan.problems.map((x) => x.line)).size;
    return (
      <div class="notice notice-error" role="alert" tabindex={-1} id="import-result">
        <h2>{tx(m.importRejectedTitle, l)}</h2>
        <p>{t(m.importRejected, l, { rows: plan.rowsRead, bad })}</p>
        <p>{detected}</p>
        {ignored}
      </div>
    );
  }
  const o = report.outcome!;
  return (
    <div class="notice notice-success" role="status" tabindex={-1} id="import-result">
      <h2>{tx(report.dryRun ? m.importCheckedTitle : m.importDoneTitle, l)}</h2>
      <p>{t(report.dryRun ? m.importWouldDo : m.importDone, l, { ...o })}</p>
      <p>{detected}</p>
      {ignored}
    </div>
  );
}
