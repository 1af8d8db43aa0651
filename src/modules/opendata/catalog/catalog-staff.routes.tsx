/**
 * Staff pages of the catalog: publish datasets with metadata and files (CSV, Excel, PDF, JSON,
 * GeoJSON), upload hazard layers, choose the base map. All changes are audited.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { AppError, isAppError, type FieldError } from '../../../platform/errors/index.ts';
import { audit, pageContext, seeOther, tenantTx, type AppEnv, type Ctx } from '../../../platform/http/index.ts';
import { bilingual, type Text } from '../../../platform/i18n/index.ts';
import { ruleMessage, parseInput, textField } from '../../../platform/validation/index.ts';
import { addHazardLayer, checkHazardGeoJson, deleteHazardLayer, getHazardLayer, HAZARD_MAX_BYTES, hazardKinds, isHazardKind, isLegendColor, listHazardLayers, setHazardLayerPublished, updateHazardLayer, type HazardLayer } from '../hazards/hazards.service.ts';
import { GSI_STANDARD, isTileUrl, saveTileSettings, tileSettings } from '../map-settings.ts';
import { catalogText as m, hazardText as hm, mapSettingsText as msx } from '../opendata.messages.ts';
import { staffAllowedTo } from '../places/places.routes.tsx';
import { decodeText } from '../tabular/decode-text.ts';
import { DatasetFormPage, DatasetListPage, HazardLayerPage, HazardsPage, MapSettingsPage, RegistryDatasetPage, type DatasetFormValues, type HazardLayerFormValues } from '../views/staff-catalog.tsx';
import { addResource, createDataset, deleteDataset, deleteResource, getDataset, listOrganizations, searchDatasets, updateDataset, updateRegistryDatasetMetadata, type Dataset } from './datasets.service.ts';
import { catalogGroups, isGroupName, licenses, updateFrequencies, uploadFormats } from './vocabulary.ts';

export const catalogStaffRoutes = new Hono<AppEnv>();

const RESOURCE_MAX_BYTES = 20 * 1024 * 1024;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

const DatasetForm = z.object({
  name: z.string().refine((s) => /^[a-z0-9][a-z0-9_-]{1,99}$/.test(s), ruleMessage(m.nameFormat)),
  titleJa: textField({ max: 200 }),
  titleEn: textField({ max: 200, min: 0 }),
  notesJa: textField({ max: 5000, min: 0, multiline: true }),
  notesEn: textField({ max: 5000, min: 0, multiline: true }),
  tags: z.array(textField({ max: 50 })).max(20),
  groups: z.array(z.string().refine(isGroupName)),
  departmentId: z.union([z.literal(''), z.string().uuid()]),
  licenseId: z.enum(licenses.map((x) => x.id) as [string, ...string[]]),
  updateFrequency: z.enum(updateFrequencies.map((x) => x.id) as [string, ...string[]]),
});
const labels = { name: m.fieldName, titleJa: m.fieldTitleJa, titleEn: m.fieldTitleEn, notesJa: m.fieldNotesJa, notesEn: m.fieldNotesEn, tags: m.fieldTags, 'tags.*': m.fieldTags, departmentId: m.fieldDepartment, licenseId: m.fieldLicense, updateFrequency: m.fieldFrequency };

function formValues(body: Record<string, unknown>): DatasetFormValues {
  return {
    name: str(body['name']).trim(),
    titleJa: str(body['titleJa']),
    titleEn: str(body['titleEn']),
    notesJa: str(body['notesJa']),
    notesEn: str(body['notesEn']),
    tags: str(body['tags']),
    groups: catalogGroups.map((g) => g.name).filter((g) => body[`group-${g}`] === '1'),
    departmentId: str(body['departmentId']),
    licenseId: str(body['licenseId']) || 'cc-by-4.0',
    updateFrequency: str(body['updateFrequency']) || 'irregular',
  };
}

function parseDatasetForm(v: DatasetFormValues) {
  const tags = [...new Set(v.tags.split(/[,、，]/).map((s) => s.trim()).filter(Boolean))];
  return parseInput(DatasetForm, { ...v, tags }, labels);
}

const emptyValues: DatasetFormValues = { name: '', titleJa: '', titleEn: '', notesJa: '', notesEn: '', tags: '', groups: [], departmentId: '', licenseId: 'cc-by-4.0', updateFrequency: 'irregular' };

catalogStaffRoutes.get('/staff/opendata/datasets', async (c) => {
  staffAllowedTo(c, 'publishDatasets');
  const r = await tenantTx(c, (tx) => searchDatasets(tx, c.var.tenant.code, { filters: [], sort: [{ field: 'title_string', dir: 'asc' }], rows: 1000, start: 0, facets: [], facetLimit: 0 }));
  return c.html(<DatasetListPage ctx={pageContext(c)} datasets={r.datasets} notice={c.req.query('done') === 'deleted' ? { ja: '削除しました。', en: 'Deleted.' } : null} />);
});

async function datasetPage(c: Ctx, datasetId: string | null, values: DatasetFormValues | null, errors: FieldError[], fileErrors: FieldError[], status: 200 | 400) {
  const { dataset, organizations } = await tenantTx(c, async (tx) => ({
    dataset: datasetId ? await getDataset(tx, c.var.tenant.code, datasetId) : null,
    organizations: await listOrganizations(tx, c.var.tenant.code),
  }));
  if (datasetId && (!dataset || dataset.registryKind)) throw new AppError('not_found');
  const v =
    values ??
    (dataset
      ? { name: dataset.name, titleJa: dataset.titleJa, titleEn: dataset.titleEn, notesJa: dataset.notesJa, notesEn: dataset.notesEn, tags: dataset.tags.join('、'), groups: dataset.groups, departmentId: dataset.departmentId ?? '', licenseId: dataset.licenseId, updateFrequency: dataset.updateFrequency }
      : emptyValues);
  const notice = c.req.query('done') === 'saved' ? { ja: '保存しました。', en: 'Saved.' } : null;
  return c.html(<DatasetFormPage ctx={pageContext(c)} dataset={dataset} values={v} errors={errors} organizations={organizations} notice={notice} fileErrors={fileErrors} />, status);
}

catalogStaffRoutes.get('/staff/opendata/datasets/new', (c) => {
  staffAllowedTo(c, 'publishDatasets');
  return datasetPage(c, null, null, [], [], 200);
});

catalogStaffRoutes.post('/staff/opendata/datasets', async (c) => {
  staffAllowedTo(c, 'publishDatasets');
  const values = formValues(await c.req.parseBody());
  try {
    const input = parseDatasetForm(values);
    const created = await tenantTx(c, async (tx) => {
      const r = await createDataset(tx, c.var.tenant.code, { ...input, departmentId: input.departmentId || null });
      if (r) await audit(c, tx, { action: 'dataset.create', recordType: 'dataset', recordId: r.id, details: { name: input.name } });
      return r;
    });
    if (!created) return datasetPage(c, null, values, [{ field: 'name', message: m.nameTaken }], [], 400);
    return seeOther(c, `/staff/opendata/datasets/${created.id}?done=saved`);
  } catch (err) {
    if (!isAppError(err) || err.code !== 'validation_failed') throw err;
    return datasetPage(c, null, values, err.fields, [], 400);
  }
});

catalogStaffRoutes.get('/staff/opendata/datasets/:id', (c) => {
  staffAllowedTo(c, 'publishDatasets');
  return datasetPage(c, c.req.param('id'), null, [], [], 200);
});

catalogStaffRoutes.post('/staff/opendata/datasets/:id', async (c) => {
  staffAllowedTo(c, 'publishDatasets');
  const id = c.req.param('id');
  const values = formValues(await c.req.parseBody());
  try {
    const input = parseDatasetForm({ ...values, name: 'unchanged' });
    await tenantTx(c, async (tx) => {
      const current = await getDataset(tx, c.var.tenant.code, id);
      if (!current || current.registryKind) throw new AppError('not_found');
      await updateDataset(tx, c.var.tenant.code, current.id, { ...input, departmentId: input.departmentId || null });
      await audit(c, tx, { action: 'dataset.update', recordType: 'dataset', recordId: current.id, details: { name: current.name } });
    });
    return seeOther(c, `/staff/opendata/datasets/${id}?done=saved`);
  } catch (err) {
    if (!isAppError(err) || err.code !== 'validation_failed') throw err;
    return datasetPage(c, id, values, err.fields, [], 400);
  }
});

catalogStaffRoutes.post('/staff/opendata/datasets/:id/delete', async (c) => {
  staffAllowedTo(c, 'publishDatasets');
  const id = c.req.param('id');
  await tenantTx(c, async (tx) => {
    const d = await getDataset(tx, c.var.tenant.code, id);
    if (!d || !(await deleteDataset(tx, c.var.tenant.code, d.id))) throw new AppError('not_found');
    await audit(c, tx, { action: 'dataset.delete', recordType: 'dataset', recordId: d.id, details: { name: d.name } });
  });
  return seeOther(c, '/staff/opendata/datasets?done=deleted');
});

// Registry datasets: staff may change only the tags and the licence; the name, title, description
// and files follow the standard and the registry.

const RegistryDatasetForm = DatasetForm.pick({ tags: true, licenseId: true });
const splitTags = (s: string) => [...new Set(s.split(/[,、，]/).map((x) => x.trim()).filter(Boolean))];

async function loadRegistryDataset(c: Ctx): Promise<Dataset> {
  const d = await tenantTx(c, (tx) => getDataset(tx, c.var.tenant.code, c.req.param('id') ?? ''));
  if (!d || !d.registryKind) throw new AppError('not_found');
  return d;
}

catalogStaffRoutes.get('/staff/opendata/registry-datasets/:id', async (c) => {
  staffAllowedTo(c, 'publishDatasets');
  const d = await loadRegistryDataset(c);
  const notice = c.req.query('done') === 'saved' ? m.registrySaved : null;
  return c.html(<RegistryDatasetPage ctx={pageContext(c)} dataset={d} values={{ tags: d.tags.join('、'), licenseId: d.licenseId }} errors={[]} notice={notice} />);
});

catalogStaffRoutes.post('/staff/opendata/registry-datasets/:id', async (c) => {
  staffAllowedTo(c, 'publishDatasets');
  const d = await loadRegistryDataset(c);
  const body = await c.req.parseBody();
  const values = { tags: str(body['tags']), licenseId: str(body['licenseId']) };
  let input: z.output<typeof RegistryDatasetForm>;
  try {
    input = parseInput(RegistryDatasetForm, { tags: splitTags(values.tags), licenseId: values.licenseId }, labels);
  } catch (err) {
    if (!isAppError(err) || err.code !== 'validation_failed') throw err;
    return c.html(<RegistryDatasetPage ctx={pageContext(c)} dataset={d} values={values} errors={err.fields} notice={null} />, 400);
  }
  await tenantTx(c, async (tx) => {
    const r = await updateRegistryDatasetMetadata(tx, c.var.tenant.code, d.id, input);
    if (!r) throw new AppError('not_found');
    await audit(c, tx, { action: 'dataset.registry.update', recordType: 'dataset', recordId: d.id, details: { name: d.name, registry: d.registryKind, before: r.before, after: r.after } });
  });
  return seeOther(c, `/staff/opendata/registry-datasets/${d.id}?done=saved`);
});

/** The format of an uploaded file by extension, confirmed by its content; null if they disagree. */
export function detectUpload(fileName: string, bytes: Buffer): { format: string; mediaType: string } | null {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const f = uploadFormats.find((x) => x.extensions.includes(ext));
  if (!f || bytes.length === 0) return null;
  const ok =
    f.format === 'CSV' ? decodeText(bytes).ok
    : f.format === 'XLSX' ? bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))
    : f.format === 'PDF' ? bytes.subarray(0, 5).toString('latin1') === '%PDF-'
    : (() => {
        try {
          JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
          return true;
        } catch {
          return false;
        }
      })();
  return ok ? { format: f.format, mediaType: f.mediaType } : null;
}

catalogStaffRoutes.post('/staff/opendata/datasets/:id/resources', async (c) => {
  staffAllowedTo(c, 'publishDatasets');
  const id = c.req.param('id');
  const body = await c.req.parseBody();
  const file = body['file'];
  const errors: FieldError[] = [];
  let bytes: Buffer | null = null;
  if (!(file instanceof File) || file.size === 0) errors.push({ field: 'file', message: m.resourceType });
  else if (file.size > RESOURCE_MAX_BYTES) errors.push({ field: 'file', message: bilingual(m.resourceTooLarge, { mb: RESOURCE_MAX_BYTES / 1024 / 1024 }) });
  else bytes = Buffer.from(await file.arrayBuffer());
  const kind = bytes && file instanceof File ? detectUpload(file.name, bytes) : null;
  if (bytes && !kind) errors.push({ field: 'file', message: m.resourceType });
  if (errors.length) return datasetPage(c, id, null, [], errors, 400);
  const fileName = (file as File).name.replace(/[\\/\u0000-\u001f]/g, '_').slice(-120);
  await tenantTx(c, async (tx) => {
    const d = await getDataset(tx, c.var.tenant.code, id);
    if (!d || d.registryKind) throw new AppError('not_found');
    const r = await addResource(tx, c.var.tenant.code, d.id, {
      nameJa: str(body['resourceNameJa']).trim().slice(0, 200) || fileName,
      nameEn: str(body['resourceNameEn']).trim().slice(0, 200),
      descriptionJa: '',
      format: kind!.format,
      mediaType: kind!.mediaType,
      fileName,
      content: bytes!,
    });
    await audit(c, tx, { action: 'dataset.resource.add', recordType: 'dataset', recordId: d.id, details: { resourceId: r.id, fileName, bytes: bytes!.length } });
  });
  return seeOther(c, `/staff/opendata/datasets/${id}?done=saved`);
});

catalogStaffRoutes.post('/staff/opendata/datasets/:id/resources/:resourceId/delete', async (c) => {
  staffAllowedTo(c, 'publishDatasets');
  const id = c.req.param('id');
  await tenantTx(c, async (tx) => {
    const d = await getDataset(tx, c.var.tenant.code, id);
    if (!d || !(await deleteResource(tx, c.var.tenant.code, d.id, c.req.param('resourceId')))) throw new AppError('not_found');
    await audit(c, tx, { action: 'dataset.resource.delete', recordType: 'dataset', recordId: d.id, details: { resourceId: c.req.param('resourceId') } });
  });
  return seeOther(c, `/staff/opendata/datasets/${id}?done=saved`);
});

async function hazardsPage(c: Ctx, errors: FieldError[], values: Record<string, string>, status: 200 | 400, notice: Text | null) {
  const layers = await tenantTx(c, (tx) => listHazardLayers(tx, c.var.tenant.code, { includeHidden: true }));
  return c.html(<HazardsPage ctx={pageContext(c)} layers={layers} errors={errors} values={values} notice={notice} />, status);
}

catalogStaffRoutes.get('/staff/opendata/hazards', (c) => {
  staffAllowedTo(c, 'manageHazardLayers');
  const done = c.req.query('done');
  const notices: Record<string, Text> = { added: hm.uploaded, removed: hm.removed, hidden: hm.hiddenDone, shown: hm.shownDone };
  return hazardsPage(c, [], {}, 200, notices[done ?? ''] ?? null);
});

catalogStaffRoutes.post('/staff/opendata/hazards', async (c) => {
  staffAllowedTo(c, 'manageHazardLayers');
  const body = await c.req.parseBody();
  const values = { nameJa: str(body['nameJa']).trim().slice(0, 200), nameEn: str(body['nameEn']).trim().slice(0, 200), hazard: str(body['hazard']), sourceJa: str(body['sourceJa']).trim().slice(0, 300), classProperty: str(body['classProperty']).trim().slice(0, 100) };
  const errors: FieldError[] = [];
  if (!values.nameJa) errors.push({ field: 'nameJa', message: { ja: '「図層の名前（日本語）」を入力してください。', en: 'Enter the layer name (Japanese).' } });
  const hazard = isHazardKind(values.hazard) ? values.hazard : 'other';
  const file = body['file'];
  let geojson: ReturnType<typeof checkHazardGeoJson> | null = null;
  if (!(file instanceof File) || file.size === 0) errors.push({ field: 'file', message: hm.fileMissing });
  else if (file.size > HAZARD_MAX_BYTES) errors.push({ field: 'file', message: hm.tooLarge });
  else {
    geojson = checkHazardGeoJson(await file.text());
    if (!geojson.ok) errors.push({ field: 'file', message: geojson.message });
  }
  if (errors.length || !geojson?.ok) return hazardsPage(c, errors, values, 400, null);
  const checked = geojson.geojson;
  await tenantTx(c, async (tx) => {
    const id = await addHazardLayer(tx, c.var.tenant.code, { ...values, hazard, classProperty: values.classProperty || null, geojson: checked });
    await audit(c, tx, { action: 'hazard_layer.add', recordType: 'hazard_layer', recordId: id, details: { name: values.nameJa, features: checked.features.length } });
  });
  return seeOther(c, '/staff/opendata/hazards?done=added');
});

catalogStaffRoutes.post('/staff/opendata/hazards/:id/delete', async (c) => {
  staffAllowedTo(c, 'manageHazardLayers');
  const id = c.req.param('id');
  await tenantTx(c, async (tx) => {
    if (!(await deleteHazardLayer(tx, c.var.tenant.code, id))) throw new AppError('not_found');
    await audit(c, tx, { action: 'hazard_layer.delete', recordType: 'hazard_layer', recordId: id });
  });
  return seeOther(c, '/staff/opendata/hazards?done=removed');
});

const HazardLayerForm = z.object({
  nameJa: textField({ max: 200 }),
  nameEn: textField({ max: 200, min: 0 }),
  hazard: z.enum(Object.keys(hazardKinds) as [string, ...string[]]),
  sourceJa: textField({ max: 300, min: 0 }),
  legend: z.array(z.object({ value: z.string(), color: z.string().refine(isLegendColor, ruleMessage(hm.colorFormat)), label: textField({ max: 100, min: 0 }) })),
});

function hazardFormValues(layer: HazardLayer, body: Record<string, unknown> | null): HazardLayerFormValues {
  if (!body) return { nameJa: layer.nameJa, nameEn: layer.nameEn, hazard: layer.hazard, sourceJa: layer.sourceJa, legend: layer.legend.map((e) => ({ value: e.value, color: e.color, label: e.label ?? '' })) };
  return {
    nameJa: str(body['nameJa']),
    nameEn: str(body['nameEn']),
    hazard: str(body['hazard']),
    sourceJa: str(body['sourceJa']),
    // Class values come from the stored layer, never from the form: staff change how a class looks, not which areas it covers.
    legend: layer.legend.map((e, i) => ({ value: e.value, color: str(body[`legend.${i}.color`]), label: str(body[`legend.${i}.label`]) })),
  };
}

async function loadHazardLayer(c: Ctx): Promise<HazardLayer> {
  const layer = await tenantTx(c, (tx) => getHazardLayer(tx, c.var.tenant.code, c.req.param('id') ?? ''));
  if (!layer) throw new AppError('not_found');
  return layer;
}

catalogStaffRoutes.get('/staff/opendata/hazards/:id', async (c) => {
  staffAllowedTo(c, 'manageHazardLayers');
  const layer = await loadHazardLayer(c);
  const notice = c.req.query('done') === 'saved' ? hm.saved : null;
  return c.html(<HazardLayerPage ctx={pageContext(c)} layer={layer} values={hazardFormValues(layer, null)} errors={[]} notice={notice} />);
});

catalogStaffRoutes.post('/staff/opendata/hazards/:id', async (c) => {
  staffAllowedTo(c, 'manageHazardLayers');
  const layer = await loadHazardLayer(c);
  const values = hazardFormValues(layer, await c.req.parseBody());
  const labels: Record<string, Text> = { nameJa: hm.name, nameEn: hm.nameEn, hazard: hm.hazard, sourceJa: hm.source };
  values.legend.forEach((e, i) => {
    labels[`legend.${i}.color`] = bilingual(hm.legendColor, { value: e.value });
    labels[`legend.${i}.label`] = bilingual(hm.legendLabel, { value: e.value });
  });
  let input: z.output<typeof HazardLayerForm>;
  try {
    input = parseInput(HazardLayerForm, values, labels);
  } catch (err) {
    if (!isAppError(err) || err.code !== 'validation_failed') throw err;
    return c.html(<HazardLayerPage ctx={pageContext(c)} layer={layer} values={values} errors={err.fields} notice={null} />, 400);
  }
  await tenantTx(c, async (tx) => {
    const r = await updateHazardLayer(tx, c.var.tenant.code, layer.id, { ...input, hazard: isHazardKind(input.hazard) ? input.hazard : 'other' });
    if (!r) throw new AppError('not_found');
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const k of ['nameJa', 'nameEn', 'hazard', 'sourceJa'] as const) if (r.before[k] !== r.after[k]) changes[k] = { from: r.before[k], to: r.after[k] };
    if (JSON.stringify(r.before.legend) !== JSON.stringify(r.after.legend)) changes['legend'] = { from: r.before.legend, to: r.after.legend };
    await audit(c, tx, { action: 'hazard_layer.update', recordType: 'hazard_layer', recordId: layer.id, details: { name: r.after.nameJa, changes } });
  });
  return seeOther(c, `/staff/opendata/hazards/${layer.id}?done=saved`);
});

catalogStaffRoutes.post('/staff/opendata/hazards/:id/visibility', async (c) => {
  staffAllowedTo(c, 'manageHazardLayers');
  const id = c.req.param('id');
  const published = str((await c.req.parseBody())['published']) === '1';
  await tenantTx(c, async (tx) => {
    const layer = await getHazardLayer(tx, c.var.tenant.code, id);
    if (!layer || !(await setHazardLayerPublished(tx, c.var.tenant.code, layer.id, published))) throw new AppError('not_found');
    await audit(c, tx, { action: published ? 'hazard_layer.show' : 'hazard_layer.hide', recordType: 'hazard_layer', recordId: layer.id, details: { name: layer.nameJa } });
  });
  return seeOther(c, `/staff/opendata/hazards?done=${published ? 'shown' : 'hidden'}`);
});

catalogStaffRoutes.get('/staff/opendata/map-settings', async (c) => {
  staffAllowedTo(c, 'configureMap');
  const tiles = await tenantTx(c, (tx) => tileSettings(tx, c.var.tenant.code, c.var.deps.config.YAKUBA_ENV));
  return c.html(<MapSettingsPage ctx={pageContext(c)} url={tiles?.url ?? ''} attribution={tiles?.attribution ?? ''} errors={[]} notice={c.req.query('done') ? msx.saved : null} />);
});

catalogStaffRoutes.post('/staff/opendata/map-settings', async (c) => {
  staffAllowedTo(c, 'configureMap');
  const body = await c.req.parseBody();
  const url = str(body['tileUrl']).trim().slice(0, 500);
  const attribution = str(body['attribution']).trim().slice(0, 200) || (url === GSI_STANDARD.url ? GSI_STANDARD.attribution : '');
  if (url && !isTileUrl(url)) return c.html(<MapSettingsPage ctx={pageContext(c)} url={url} attribution={attribution} errors={[{ field: 'tileUrl', message: msx.badUrl }]} notice={null} />, 400);
  await tenantTx(c, async (tx) => {
    await saveTileSettings(tx, c.var.tenant.code, url ? { url, attribution } : null);
    await audit(c, tx, { action: 'map_settings.update', recordType: 'map_settings', recordId: c.var.tenant.code, details: { url } });
  });
  return seeOther(c, '/staff/opendata/map-settings?done=1');
});
