/** Staff pages for the catalog: datasets and their files, hazard layers, map settings. */
import type { Child } from 'hono/jsx';
import type { FieldError } from '../../../platform/errors/index.ts';
import { bilingual, format, type Locale, type Text } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, Notice, PostButton, SelectInput, StaffLayout, TextArea, TextInput, tx, type PageContext } from '../../../platform/ui/index.ts';
import type { Dataset, Organization } from '../catalog/datasets.service.ts';
import { catalogGroups, licenses, updateFrequencies } from '../catalog/vocabulary.ts';
import { hazardKinds, legendLabel, type HazardLayer } from '../hazards/hazards.service.ts';
import { catalogText as m, hazardText as hm, mapSettingsText as ms, staffText as sm } from '../opendata.messages.ts';
import { CheckboxField, formatBytes, formatDateTime } from './common.tsx';

const t = (text: Text, l: Locale, params?: Record<string, string | number>) => format(tx(text, l), params);

/** The frame every catalog staff page shares: a link back, the heading, the last action's notice and any errors. */
function StaffFormPage(p: { ctx: PageContext; title: string; back: { href: string; label: string }; notice: Text | null; errors?: FieldError[]; children?: Child }) {
  return (
    <StaffLayout ctx={p.ctx} title={p.title}>
      <p><a href={p.back.href}>{p.back.label}</a></p>
      <h1>{p.title}</h1>
      {p.notice ? <Notice kind="success"><p>{tx(p.notice, p.ctx.locale)}</p></Notice> : null}
      {p.errors ? <ErrorSummary errors={p.errors} locale={p.ctx.locale} /> : null}
      {p.children}
    </StaffLayout>
  );
}

export function DatasetListPage(p: { ctx: PageContext; datasets: Dataset[]; notice: Text | null }) {
  const l = p.ctx.locale;
  const title = tx(m.datasetsTitle, l);
  return (
    <StaffFormPage ctx={p.ctx} title={title} back={{ href: '/staff/places', label: tx(sm.registriesTitle, l) }} notice={p.notice}>
      <p>{tx(m.datasetsLead, l)}</p>
      <div class="actions"><a class="btn btn-primary" href="/staff/opendata/datasets/new">{tx(m.newDataset, l)}</a></div>
      <table>
        <caption class="sr-only">{title}</caption>
        <thead>
          <tr>
            <th scope="col">{tx(m.name, l)}</th>
            <th scope="col">{tx(m.formats, l)}</th>
            <th scope="col">{tx(m.modified, l)}</th>
          </tr>
        </thead>
        <tbody>
          {p.datasets.map((d) => (
            <tr>
              <th scope="row">
                <a href={d.registryKind ? `/staff/opendata/registry-datasets/${d.id}` : `/staff/opendata/datasets/${d.id}`}>{d.titleJa}</a>
                {d.registryKind ? <div class="muted">{tx(m.registryDataset, l)}</div> : null}
              </th>
              <td>{d.formats.join(', ')}</td>
              <td>{formatDateTime(d.modifiedAt, l)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </StaffFormPage>
  );
}

/** A registry's dataset: everything follows the registry except the tags and the licence, which staff set here. */
export function RegistryDatasetPage(p: { ctx: PageContext; dataset: Dataset; values: { tags: string; licenseId: string }; errors: FieldError[]; notice: Text | null }) {
  const l = p.ctx.locale;
  const d = p.dataset;
  const title = l === 'en' && d.titleEn ? d.titleEn : d.titleJa;
  return (
    <StaffFormPage ctx={p.ctx} title={title} back={{ href: '/staff/opendata/datasets', label: tx(m.datasetsTitle, l) }} notice={p.notice} errors={p.errors}>
      <p>{tx(m.registryLead, l)}</p>
      <p><a href={`/opendata/datasets/${d.name}`}>{tx(m.registryPublicPage, l)}</a>（{d.name}）</p>
      <form method="post" action={`/staff/opendata/registry-datasets/${d.id}`}>
        <CsrfField token={p.ctx.csrfToken} />
        <TextInput name="tags" label={m.fieldTags} locale={l} value={p.values.tags} errors={p.errors} />
        <SelectInput name="licenseId" label={m.fieldLicense} locale={l} value={p.values.licenseId} options={licenses.map((x) => ({ value: x.id, label: x.title }))} errors={p.errors} />
        <button type="submit" class="btn btn-primary">{tx(sm.save, l)}</button>
      </form>
    </StaffFormPage>
  );
}

export interface DatasetFormValues {
  name: string;
  titleJa: string;
  titleEn: string;
  notesJa: string;
  notesEn: string;
  tags: string;
  groups: string[];
  departmentId: string;
  licenseId: string;
  updateFrequency: string;
}

export function DatasetFormPage(p: { ctx: PageContext; dataset: Dataset | null; values: DatasetFormValues; errors: FieldError[]; organizations: Organization[]; notice: Text | null; fileErrors: FieldError[] }) {
  const l = p.ctx.locale;
  const d = p.dataset;
  const title = tx(d ? m.editDataset : m.newDataset, l);
  const v = p.values;
  return (
    <StaffFormPage ctx={p.ctx} title={title} back={{ href: '/staff/opendata/datasets', label: tx(m.datasetsTitle, l) }} notice={p.notice} errors={[...p.errors, ...p.fileErrors]}>
      {d ? <p><a href={`/opendata/datasets/${d.name}`}>{tx(m.viewPublic, l)}</a></p> : null}
      <form method="post" action={d ? `/staff/opendata/datasets/${d.id}` : '/staff/opendata/datasets'} novalidate>
        <CsrfField token={p.ctx.csrfToken} />
        {d ? null : <TextInput name="name" label={m.fieldName} hint={m.fieldNameHint} locale={l} value={v.name} required errors={p.errors} class="input-short" />}
        <TextInput name="titleJa" label={m.fieldTitleJa} locale={l} value={v.titleJa} required errors={p.errors} />
        <TextInput name="titleEn" label={m.fieldTitleEn} locale={l} value={v.titleEn} errors={p.errors} />
        <TextArea name="notesJa" label={m.fieldNotesJa} locale={l} value={v.notesJa} errors={p.errors} />
        <TextArea name="notesEn" label={m.fieldNotesEn} locale={l} value={v.notesEn} errors={p.errors} />
        <TextInput name="tags" label={m.fieldTags} locale={l} value={v.tags} errors={p.errors} />
        <fieldset class="field">
          <legend>{tx(m.fieldGroups, l)}</legend>
          {catalogGroups.map((g) => <CheckboxField name={`group-${g.name}`} label={g.title} locale={l} checked={v.groups.includes(g.name)} />)}
        </fieldset>
        <SelectInput name="departmentId" label={m.fieldDepartment} locale={l} value={v.departmentId} options={p.organizations.map((o) => ({ value: o.departmentId ?? '', label: o.departmentId ? { ja: o.titleJa, en: o.titleEn } : m.wholeMunicipality }))} />
        <SelectInput name="licenseId" label={m.fieldLicense} locale={l} value={v.licenseId} options={licenses.map((x) => ({ value: x.id, label: x.title }))} />
        <SelectInput name="updateFrequency" label={m.fieldFrequency} locale={l} value={v.updateFrequency} options={updateFrequencies.map((x) => ({ value: x.id, label: x.title }))} />
        <div class="actions"><button type="submit" class="btn btn-primary">{tx(sm.save, l)}</button></div>
      </form>
      {d ? (
        <>
          <h2>{tx(m.resources, l)}</h2>
          <ul>
            {d.resources.map((r) => (
              <li>
                {r.nameJa}（{r.format}, {formatBytes(r.byteSize)}）
                <PostButton action={`/staff/opendata/datasets/${d.id}/resources/${r.id}/delete`} csrf={p.ctx.csrfToken} label={tx(m.removeResource, l)} class="btn-link" />
              </li>
            ))}
          </ul>
          <h3>{tx(m.addResource, l)}</h3>
          <form method="post" action={`/staff/opendata/datasets/${d.id}/resources`} enctype="multipart/form-data">
            <CsrfField token={p.ctx.csrfToken} />
            <div class="field">
              <label for="f-file">{tx(m.resourceFile, l)}</label>
              <input class="input" type="file" id="f-file" name="file" accept=".csv,.xlsx,.pdf,.json,.geojson" />
            </div>
            <TextInput name="resourceNameJa" label={m.resourceName} locale={l} errors={p.fileErrors} />
            <TextInput name="resourceNameEn" label={m.resourceNameEn} locale={l} errors={p.fileErrors} />
            <button type="submit" class="btn btn-secondary">{tx(m.addResource, l)}</button>
          </form>
          <h2>{tx(m.deleteDataset, l)}</h2>
          <PostButton action={`/staff/opendata/datasets/${d.id}/delete`} csrf={p.ctx.csrfToken} label={tx(m.deleteDataset, l)} class="btn-danger" />
        </>
      ) : null}
    </StaffFormPage>
  );
}

export function HazardsPage(p: { ctx: PageContext; layers: HazardLayer[]; errors: FieldError[]; notice: Text | null; values: Record<string, string> }) {
  const l = p.ctx.locale;
  const title = tx(hm.title, l);
  return (
    <StaffFormPage ctx={p.ctx} title={title} back={{ href: '/staff/places', label: tx(sm.registriesTitle, l) }} notice={p.notice} errors={p.errors}>
      <p>{tx(hm.lead, l)}</p>
      {p.layers.length ? (
        <ul>
          {p.layers.map((h) => (
            <li>
              <a href={`/staff/opendata/hazards/${h.id}`}>{h.nameJa}</a>（{tx(hazardKinds[h.hazard], l)}、{t(hm.features, l, { count: h.featureCount })}、{tx(h.published ? hm.shown : hm.hidden, l)}）
              {h.legend.length ? <span class="muted"> {h.legend.map(legendLabel).join('・')}</span> : null}
              <PostButton action={`/staff/opendata/hazards/${h.id}/visibility`} csrf={p.ctx.csrfToken} label={tx(h.published ? hm.hide : hm.show, l)} class="btn-link" hidden={{ published: h.published ? '0' : '1' }} />
              <PostButton action={`/staff/opendata/hazards/${h.id}/delete`} csrf={p.ctx.csrfToken} label={tx(hm.remove, l)} class="btn-link" />
            </li>
          ))}
        </ul>
      ) : (
        <p>{tx(hm.none, l)}</p>
      )}
      <form method="post" action="/staff/opendata/hazards" enctype="multipart/form-data">
        <CsrfField token={p.ctx.csrfToken} />
        <TextInput name="nameJa" label={hm.name} locale={l} value={p.values['nameJa']} required errors={p.errors} />
        <TextInput name="nameEn" label={hm.nameEn} locale={l} value={p.values['nameEn']} errors={p.errors} />
        <SelectInput name="hazard" label={hm.hazard} locale={l} value={p.values['hazard']} options={Object.entries(hazardKinds).map(([value, label]) => ({ value, label }))} />
        <TextInput name="sourceJa" label={hm.source} hint={hm.sourceHint} locale={l} value={p.values['sourceJa']} errors={p.errors} />
        <TextInput name="classProperty" label={hm.classProperty} hint={hm.classPropertyHint} locale={l} value={p.values['classProperty']} errors={p.errors} class="input-short" />
        <div class="field">
          <label for="f-file">{tx(hm.file, l)}</label>
          {p.errors.find((e) => e.field === 'file') ? <span class="error-text" id="f-file-error">{tx(p.errors.find((e) => e.field === 'file')!.message, l)}</span> : null}
          <input class="input" type="file" id="f-file" name="file" accept=".geojson,.json,application/geo+json" />
        </div>
        <button type="submit" class="btn btn-primary">{tx(hm.upload, l)}</button>
      </form>
    </StaffFormPage>
  );
}

export interface HazardLayerFormValues {
  nameJa: string;
  nameEn: string;
  hazard: string;
  sourceJa: string;
  legend: { value: string; color: string; label: string }[];
}

export function HazardLayerPage(p: { ctx: PageContext; layer: HazardLayer; values: HazardLayerFormValues; errors: FieldError[]; notice: Text | null }) {
  const l = p.ctx.locale;
  const title = t(hm.editTitle, l, { name: p.layer.nameJa });
  const v = p.values;
  return (
    <StaffFormPage ctx={p.ctx} title={title} back={{ href: '/staff/opendata/hazards', label: tx(hm.title, l) }} notice={p.notice} errors={p.errors}>
      <p>{tx(hm.editLead, l)}</p>
      <p>
        {tx(p.layer.published ? hm.shown : hm.hidden, l)}
        {p.layer.published ? null : <span class="muted">（{tx(hm.hiddenNote, l)}）</span>}
      </p>
      <PostButton action={`/staff/opendata/hazards/${p.layer.id}/visibility`} csrf={p.ctx.csrfToken} label={tx(p.layer.published ? hm.hide : hm.show, l)} hidden={{ published: p.layer.published ? '0' : '1' }} />
      <form method="post" action={`/staff/opendata/hazards/${p.layer.id}`}>
        <CsrfField token={p.ctx.csrfToken} />
        <TextInput name="nameJa" label={hm.name} locale={l} value={v.nameJa} required errors={p.errors} />
        <TextInput name="nameEn" label={hm.nameEn} locale={l} value={v.nameEn} errors={p.errors} />
        <SelectInput name="hazard" label={hm.hazard} locale={l} value={v.hazard} options={Object.entries(hazardKinds).map(([value, label]) => ({ value, label }))} />
        <TextInput name="sourceJa" label={hm.source} hint={hm.sourceHint} locale={l} value={v.sourceJa} errors={p.errors} />
        <fieldset>
          <legend>{tx(hm.legendTitle, l)}{p.layer.classProperty ? `（${p.layer.classProperty}）` : ''}</legend>
          {v.legend.length ? (
            v.legend.map((e, i) => (
              <div class="legend-edit">
                <TextInput name={`legend.${i}.color`} type="color" label={bilingual(hm.legendColor, { value: e.value })} locale={l} value={e.color} errors={p.errors} class="input-short" />
                <TextInput name={`legend.${i}.label`} label={bilingual(hm.legendLabel, { value: e.value })} locale={l} value={e.label} errors={p.errors} maxlength={100} />
              </div>
            ))
          ) : (
            <p>{tx(hm.noLegend, l)}</p>
          )}
        </fieldset>
        <button type="submit" class="btn btn-primary">{tx(hm.save, l)}</button>
      </form>
    </StaffFormPage>
  );
}

export function MapSettingsPage(p: { ctx: PageContext; url: string; attribution: string; errors: FieldError[]; notice: Text | null }) {
  const l = p.ctx.locale;
  const title = tx(ms.title, l);
  return (
    <StaffFormPage ctx={p.ctx} title={title} back={{ href: '/staff/places', label: tx(sm.registriesTitle, l) }} notice={p.notice} errors={p.errors}>
      <p>{tx(ms.lead, l)}</p>
      <form method="post" action="/staff/opendata/map-settings">
        <CsrfField token={p.ctx.csrfToken} />
        <TextInput name="tileUrl" label={ms.tileUrl} locale={l} value={p.url} type="url" errors={p.errors} />
        <TextInput name="attribution" label={ms.attribution} locale={l} value={p.attribution} errors={p.errors} />
        <button type="submit" class="btn btn-primary">{tx(sm.save, l)}</button>
      </form>
    </StaffFormPage>
  );
}
