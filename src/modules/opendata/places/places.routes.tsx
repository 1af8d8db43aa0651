/**
 * Staff pages of the registries under /staff/places: list, add, edit, delete, photos, and import
 * from CSV/Excel (all or nothing, with a row-by-row report). Every change is audited.
 */
import { Hono } from 'hono';
import { AppError } from '../../../platform/errors/index.ts';
import type { FieldError } from '../../../platform/errors/index.ts';
import { cleanPhoto, PHOTO_MAX_PIXELS, PHOTO_MAX_SIDE } from '../../../platform/files/index.ts';
import { audit, pageContext, seeOther, tenantTx, type AppEnv, type Ctx } from '../../../platform/http/index.ts';
import { bilingual, type Text } from '../../../platform/i18n/index.ts';
import { requireStaff } from '../../staff/index.ts';
import { tileOrigin, tileSettings } from '../map-settings.ts';
import { staffText as m } from '../opendata.messages.ts';
import { opendataPolicy } from '../opendata.policy.ts';
import { formColumns, isPlaceKind, registries, type PlaceKind } from '../registries.ts';
import { csvLine, UTF8_BOM } from '../tabular/csv.ts';
import { readTable } from '../tabular/tabular.ts';
import { ImportPage, PlaceFormPage, PlaceListPage, RegistriesPage, type ImportReport } from '../views/staff-places.tsx';
import { planImport } from './import-plan.ts';
import { placeValues, validatePlaceValues } from './place.ts';
import { addPhoto, deletePhoto, listPhotos, PHOTO_MAX_BYTES } from './photos.service.ts';
import { applyImport, countPlacesByKind, createPlace, deletePlace, getPlace, listPlaces, updatePlace, type ImportOutcome } from './places.service.ts';

export const placesRoutes = new Hono<AppEnv>();

/** The signed-in staff member, if the policy rule allows them; else 401/403. */
export function staffAllowedTo(c: Ctx, rule: keyof typeof opendataPolicy) {
  const staff = requireStaff(c);
  if (!opendataPolicy[rule](staff)) throw new AppError('forbidden');
  return staff;
}

function kindParam(c: Ctx): PlaceKind {
  const kind = c.req.param('kind') ?? '';
  if (!isPlaceKind(kind)) throw new AppError('not_found');
  return kind;
}

const PAGE = 50;

/** What the form's map picker needs: the municipality's base map. */
async function formClient(c: Ctx): Promise<{ tileUrl: string; attribution: string }> {
  const tiles = await tenantTx(c, (tx) => tileSettings(tx, c.var.tenant.code, c.var.deps.config.YAKUBA_ENV));
  const origin = tileOrigin(tiles);
  if (origin) c.set('cspImgSrc', origin);
  return { tileUrl: tiles?.url ?? '', attribution: tiles?.attribution ?? '' };
}
const notices: Record<string, Text> = { saved: m.saved, deleted: m.deleted };

function formValues(body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && k !== '_csrf') out[k] = v;
  return out;
}

placesRoutes.get('/staff/places', async (c) => {
  const staff = staffAllowedTo(c, 'editPlaces');
  const counts = await tenantTx(c, (tx) => countPlacesByKind(tx, c.var.tenant.code));
  const can = { publish: opendataPolicy.publishDatasets(staff), hazards: opendataPolicy.manageHazardLayers(staff), map: opendataPolicy.configureMap(staff) };
  return c.html(<RegistriesPage ctx={pageContext(c)} counts={counts} tenantCode={c.var.tenant.code} can={can} />);
});

placesRoutes.get('/staff/places/:kind', async (c) => {
  staffAllowedTo(c, 'editPlaces');
  const kind = kindParam(c);
  const q = (c.req.query('q') ?? '').slice(0, 100);
  const offset = Math.max(0, Math.min(1_000_000, Number.parseInt(c.req.query('offset') ?? '0', 10) || 0));
  const { total, places } = await tenantTx(c, (tx) => listPlaces(tx, c.var.tenant.code, { kind, q, limit: PAGE, offset }));
  const notice = notices[c.req.query('done') ?? ''] ?? null;
  return c.html(<PlaceListPage ctx={pageContext(c)} kind={kind} places={places} total={total} q={q} offset={offset} limit={PAGE} notice={notice} />);
});

placesRoutes.get('/staff/places/:kind/new', async (c) => {
  staffAllowedTo(c, 'editPlaces');
  const kind = kindParam(c);
  return c.html(<PlaceFormPage ctx={pageContext(c)} kind={kind} columns={formColumns(kind)} place={null} values={{}} errors={[]} notice={null} photos={[]} photoErrors={[]} client={await formClient(c)} />);
});

placesRoutes.post('/staff/places/:kind', async (c) => {
  const staff = staffAllowedTo(c, 'editPlaces');
  const kind = kindParam(c);
  const values = formValues(await c.req.parseBody());
  const { input, problems } = validatePlaceValues(kind, values, c.var.tenant.code, formColumns(kind));
  const errors: FieldError[] = problems.map((p) => ({ field: p.column ?? 'ID', message: p.message }));
  if (!errors.length) {
    const saved = await tenantTx(c, async (tx) => {
      const r = await createPlace(tx, c.var.tenant.code, kind, input, staff.id);
      if (r.ok) await audit(c, tx, { action: 'place.create', recordType: 'place', recordId: r.id, details: { kind, localId: input.localId, name: input.name } });
      return r;
    });
    if (saved.ok) return seeOther(c, `/staff/places/${kind}/${saved.id}?done=saved`);
    errors.push({ field: 'ID', message: m.duplicateId });
  }
  return c.html(<PlaceFormPage ctx={pageContext(c)} kind={kind} columns={formColumns(kind)} place={null} values={values} errors={errors} notice={null} photos={[]} photoErrors={[]} client={await formClient(c)} />, 400);
});

placesRoutes.get('/staff/places/:kind/import', (c) => {
  staffAllowedTo(c, 'editPlaces');
  const kind = kindParam(c);
  return c.html(<ImportPage ctx={pageContext(c)} kind={kind} tenantCode={c.var.tenant.code} report={null} errors={[]} />);
});

placesRoutes.get('/staff/places/:kind/import/template.csv', (c) => {
  staffAllowedTo(c, 'editPlaces');
  const kind = kindParam(c);
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${c.var.tenant.code}_${registries[kind].slug}_template.csv"`);
  return c.body(UTF8_BOM + csvLine(registries[kind].columns.map((col) => col.name)));
});

/** Thrown inside the transaction of a dry run so that nothing it wrote is kept. */
class DryRunRollback extends Error {
  constructor(readonly outcome: ImportOutcome) {
    super('dry run');
  }
}

placesRoutes.post('/staff/places/:kind/import', async (c) => {
  const staff = staffAllowedTo(c, 'editPlaces');
  const kind = kindParam(c);
  const body = await c.req.parseBody();
  const file = body['file'];
  const page = (report: ImportReport | null, errors: FieldError[], status: 200 | 400 | 422) =>
    c.html(<ImportPage ctx={pageContext(c)} kind={kind} tenantCode={c.var.tenant.code} report={report} errors={errors} />, status);
  if (!(file instanceof File) || file.size === 0) return page(null, [{ field: 'file', message: m.importFileMissing }], 400);
  const read = await readTable(Buffer.from(await file.arrayBuffer()));
  if (!read.ok) return page({ plan: null, fileProblem: read.problem, outcome: null, dryRun: false }, [], 422);
  const plan = planImport(kind, read.file, c.var.tenant.code);
  if (plan.fileProblem || plan.problems.length) return page({ plan, fileProblem: plan.fileProblem, outcome: null, dryRun: false }, [], 422);
  const dryRun = body['dryRun'] === '1';
  const replace = body['mode'] === 'replace';
  let outcome: ImportOutcome;
  try {
    outcome = await tenantTx(c, async (tx) => {
      const o = await applyImport(tx, c.var.tenant.code, plan, { replace, by: staff.id });
      if (dryRun) throw new DryRunRollback(o);
      await audit(c, tx, {
        action: 'places.import',
        recordType: 'registry',
        recordId: kind,
        details: { ...o, rows: plan.rowsRead, format: plan.format, encoding: plan.encoding, generation: plan.generation, replace, fileName: file.name.slice(0, 200) },
      });
      return o;
    });
  } catch (err) {
    if (!(err instanceof DryRunRollback)) throw err;
    outcome = err.outcome;
  }
  return page({ plan, fileProblem: null, outcome, dryRun }, [], 200);
});

placesRoutes.get('/staff/places/:kind/:id', async (c) => {
  staffAllowedTo(c, 'editPlaces');
  const kind = kindParam(c);
  const { place, photos } = await tenantTx(c, async (tx) => {
    const found = await getPlace(tx, c.var.tenant.code, c.req.param('id'));
    return { place: found, photos: found ? await listPhotos(tx, c.var.tenant.code, found.id) : [] };
  });
  if (!place || place.kind !== kind) throw new AppError('not_found');
  const notice = notices[c.req.query('done') ?? ''] ?? null;
  return c.html(
    <PlaceFormPage ctx={pageContext(c)} kind={kind} columns={formColumns(kind)} place={place} values={placeValues(place, formColumns(kind))} errors={[]} notice={notice} photos={photos} photoErrors={[]} client={await formClient(c)} />,
  );
});

placesRoutes.post('/staff/places/:kind/:id', async (c) => {
  const staff = staffAllowedTo(c, 'editPlaces');
  const kind = kindParam(c);
  const id = c.req.param('id');
  const values = formValues(await c.req.parseBody());
  const { input, problems } = validatePlaceValues(kind, values, c.var.tenant.code, formColumns(kind));
  const errors: FieldError[] = problems.map((p) => ({ field: p.column ?? 'ID', message: p.message }));
  const current = await tenantTx(c, (tx) => getPlace(tx, c.var.tenant.code, id));
  if (!current || current.kind !== kind) throw new AppError('not_found');
  if (!errors.length) {
    const saved = await tenantTx(c, async (tx) => {
      const r = await updatePlace(tx, c.var.tenant.code, id, input, staff.id);
      if (r.ok) await audit(c, tx, { action: 'place.update', recordType: 'place', recordId: id, details: { kind, localId: input.localId, name: input.name } });
      return r;
    });
    if (saved.ok) return seeOther(c, `/staff/places/${kind}/${id}?done=saved`);
    if (saved.reason === 'not_found') throw new AppError('not_found');
    errors.push({ field: 'ID', message: m.duplicateId });
  }
  const photos = await tenantTx(c, (tx) => listPhotos(tx, c.var.tenant.code, id));
  return c.html(<PlaceFormPage ctx={pageContext(c)} kind={kind} columns={formColumns(kind)} place={current} values={values} errors={errors} notice={null} photos={photos} photoErrors={[]} client={await formClient(c)} />, 400);
});

placesRoutes.post('/staff/places/:kind/:id/delete', async (c) => {
  staffAllowedTo(c, 'editPlaces');
  const kind = kindParam(c);
  const id = c.req.param('id');
  await tenantTx(c, async (tx) => {
    const place = await getPlace(tx, c.var.tenant.code, id);
    if (!place || place.kind !== kind) throw new AppError('not_found');
    await deletePlace(tx, c.var.tenant.code, id);
    await audit(c, tx, { action: 'place.delete', recordType: 'place', recordId: id, details: { kind, localId: place.localId, name: place.name } });
  });
  return seeOther(c, `/staff/places/${kind}?done=deleted`);
});

placesRoutes.post('/staff/places/:kind/:id/photos', async (c) => {
  staffAllowedTo(c, 'editPlaces');
  const kind = kindParam(c);
  const id = c.req.param('id');
  const body = await c.req.parseBody();
  const file = body['photo'];
  const altJa = typeof body['altJa'] === 'string' ? body['altJa'].trim().slice(0, 300) : '';
  const altEn = typeof body['altEn'] === 'string' ? body['altEn'].trim().slice(0, 300) : '';
  const errors: FieldError[] = [];
  let content: Buffer | null = null;
  if (!(file instanceof File) || file.size === 0) errors.push({ field: 'photo', message: m.photoMissing });
  else if (file.size > PHOTO_MAX_BYTES) errors.push({ field: 'photo', message: m.photoTooLarge });
  else content = Buffer.from(await file.arrayBuffer());
  const cleaned = content ? cleanPhoto(content) : null;
  if (cleaned && !cleaned.ok) {
    const message =
      cleaned.reason === 'type' ? m.photoType
      : cleaned.reason === 'damaged' ? m.photoDamaged
      : bilingual(m.photoDimensions, { width: cleaned.width ?? 0, height: cleaned.height ?? 0, side: PHOTO_MAX_SIDE, megapixels: PHOTO_MAX_PIXELS / 1_000_000, man: PHOTO_MAX_PIXELS / 10_000 });
    errors.push({ field: 'photo', message });
  }
  if (!altJa) errors.push({ field: 'altJa', message: m.photoAltRequired });
  const result = await tenantTx(c, async (tx) => {
    const place = await getPlace(tx, c.var.tenant.code, id);
    if (!place || place.kind !== kind) throw new AppError('not_found');
    if (errors.length || !cleaned?.ok) return { place, photos: await listPhotos(tx, c.var.tenant.code, id) };
    const photoId = await addPhoto(tx, c.var.tenant.code, id, { content: cleaned.content, contentType: cleaned.type, altJa, altEn });
    await audit(c, tx, { action: 'place.photo.add', recordType: 'place', recordId: id, details: { photoId, type: cleaned.type, width: cleaned.width, height: cleaned.height, bytes: cleaned.content.length, removedBytes: content!.length - cleaned.content.length } });
    return null;
  });
  if (!result) return seeOther(c, `/staff/places/${kind}/${id}?done=saved`);
  return c.html(
    <PlaceFormPage ctx={pageContext(c)} kind={kind} columns={formColumns(kind)} place={result.place} values={placeValues(result.place, formColumns(kind))} errors={[]} notice={null} photos={result.photos} photoErrors={errors} client={await formClient(c)} />,
    400,
  );
});

placesRoutes.post('/staff/places/:kind/:id/photos/:photoId/delete', async (c) => {
  staffAllowedTo(c, 'editPlaces');
  const kind = kindParam(c);
  const id = c.req.param('id');
  const photoId = c.req.param('photoId');
  await tenantTx(c, async (tx) => {
    if (!(await deletePhoto(tx, c.var.tenant.code, id, photoId))) throw new AppError('not_found');
    await audit(c, tx, { action: 'place.photo.delete', recordType: 'place', recordId: id, details: { photoId } });
  });
  return seeOther(c, `/staff/places/${kind}/${id}?done=saved`);
});
