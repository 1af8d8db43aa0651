/**
 * JSON API of the module, in the OpenAPI document: registries (read, and upsert by standard ID),
 * datasets, and shelter status (read, and set by a disaster system). Token scopes: opendata:read,
 * places:write, shelters:write. Writes are validated exactly like the staff form and are audited.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../platform/errors/index.ts';
import { apiRouter, audit, requireScope, tenantTx, type AppEnv } from '../../platform/http/index.ts';
import { packageDict } from './catalog/ckan.present.ts';
import { getDataset, searchDatasets } from './catalog/datasets.service.ts';
import { validatePlaceValues, type Place } from './places/place.ts';
import { createPlace, getPlace, getPlaceByLocalId, listPlaces, updatePlace } from './places/places.service.ts';
import { disasterTypes, formColumns, placeKinds } from './registries.ts';
import { crowdingLevels } from './shelters/crowding.ts';
import { forgetShelters } from './shelters/shelter-cache.ts';
import { changeShelterStatus, listShelters } from './shelters/shelters.service.ts';

const errorRef = { $ref: '#/components/schemas/Error' } as const;
const errors = {
  400: { description: 'Invalid request; `fields` names each problem', content: { 'application/json': { schema: errorRef } } },
  401: { description: 'Missing, unknown, expired or revoked token', content: { 'application/json': { schema: errorRef } } },
  403: { description: 'The token lacks the scope', content: { 'application/json': { schema: errorRef } } },
  404: { description: 'No such record in this municipality', content: { 'application/json': { schema: errorRef } } },
} as const;
const security = [{ bearerToken: [] }];

const PlaceSchema = z
  .object({
    id: z.string().uuid(),
    kind: z.enum(placeKinds),
    localId: z.string().openapi({ description: 'The standard "ID" column', example: '001' }),
    name: z.string().openapi({ example: 'みなと野市立本町小学校' }),
    nameKana: z.string(),
    nameEn: z.string(),
    address: z.object({ full: z.string(), municipalityCode: z.string(), townId: z.string(), prefecture: z.string(), city: z.string(), town: z.string(), block: z.string(), building: z.string() }),
    lat: z.number().nullable().openapi({ example: 34.604 }),
    lon: z.number().nullable().openapi({ example: 133.764 }),
    phone: z.string(),
    url: z.string(),
    description: z.string(),
    accessibility: z.string(),
    note: z.string(),
    disasterTypes: z.array(z.enum(disasterTypes)),
    capacity: z.number().int().nullable(),
    attributes: z.record(z.string(), z.string()).openapi({ description: 'Other standard columns of the kind, by standard column name', example: { 指定避難所との重複: '1' } }),
    updatedAt: z.string(),
  })
  .openapi('Place');

const ShelterStatusSchema = z
  .object({
    id: z.string().uuid(),
    localId: z.string(),
    name: z.string(),
    isOpen: z.boolean(),
    crowding: z.enum(crowdingLevels).nullable().openapi({ description: 'vacant 0–30 %, moderate 30–60 %, crowded 60–80 %, full 80 %+ of capacity' }),
    headcount: z.number().int().nullable(),
    capacity: z.number().int().nullable(),
    updatedAt: z.string().nullable(),
  })
  .openapi('ShelterStatus');

const presentPlace = (p: Place) => ({
  id: p.id, kind: p.kind, localId: p.localId, name: p.name, nameKana: p.nameKana, nameEn: p.nameEn,
  address: { full: p.address, municipalityCode: p.addressCode, townId: p.townId, prefecture: p.prefecture, city: p.city, town: p.town, block: p.block, building: p.building },
  lat: p.lat, lon: p.lon, phone: p.phone, url: p.url, description: p.description, accessibility: p.accessibility, note: p.note,
  disasterTypes: p.disasterTypes, capacity: p.capacity, attributes: p.attributes, updatedAt: p.updatedAt.toISOString(),
});

export function opendataApi(): OpenAPIHono<AppEnv> {
  const api = apiRouter();

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/places',
      tags: ['Places and open data'],
      summary: 'Places of the registries (scope opendata:read)',
      security,
      request: {
        query: z.object({
          kind: z.enum(placeKinds).optional().openapi({ param: { name: 'kind', in: 'query' } }),
          q: z.string().max(100).optional().openapi({ param: { name: 'q', in: 'query' }, description: 'Words in the name, reading (either kana) or address' }),
          limit: z.coerce.number().int().min(1).max(1000).default(100).openapi({ param: { name: 'limit', in: 'query' } }),
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0).openapi({ param: { name: 'offset', in: 'query' } }),
        }),
      },
      responses: { 200: { description: 'A page of places', content: { 'application/json': { schema: z.object({ total: z.number().int(), places: z.array(PlaceSchema) }) } } }, ...errors },
    }),
    async (c) => {
      requireScope(c, 'opendata:read');
      const q = c.req.valid('query');
      const r = await tenantTx(c, (tx) => listPlaces(tx, c.var.tenant.code, { kind: q.kind, q: q.q, limit: q.limit, offset: q.offset }));
      return c.json({ total: r.total, places: r.places.map(presentPlace) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/places/{id}',
      tags: ['Places and open data'],
      summary: 'One place (scope opendata:read)',
      security,
      request: { params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) }) },
      responses: { 200: { description: 'The place', content: { 'application/json': { schema: PlaceSchema } } }, ...errors },
    }),
    async (c) => {
      requireScope(c, 'opendata:read');
      const place = await tenantTx(c, (tx) => getPlace(tx, c.var.tenant.code, c.req.valid('param').id));
      if (!place) throw new AppError('not_found');
      return c.json(presentPlace(place), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/places/{kind}/{localId}',
      tags: ['Places and open data'],
      summary: 'Create or update a place by its standard ID (scope places:write)',
      description: 'The body holds values by standard column name (current generation), checked like an import row. Columns not sent are left empty.',
      security,
      request: {
        params: z.object({ kind: z.enum(placeKinds).openapi({ param: { name: 'kind', in: 'path' } }), localId: z.string().min(1).max(50).openapi({ param: { name: 'localId', in: 'path' } }) }),
        body: { content: { 'application/json': { schema: z.object({ values: z.record(z.string(), z.string()).openapi({ example: { 名称: 'みなと野市立本町小学校', 緯度: '34.604', 経度: '133.764', 災害種別_地震: '1' } }) }) } } },
      },
      responses: {
        200: { description: 'Updated', content: { 'application/json': { schema: PlaceSchema } } },
        201: { description: 'Created', content: { 'application/json': { schema: PlaceSchema } } },
        ...errors,
      },
    }),
    async (c) => {
      const principal = requireScope(c, 'places:write');
      const { kind, localId } = c.req.valid('param');
      const { values } = c.req.valid('json');
      const { input, problems } = validatePlaceValues(kind, { ...values, ID: localId }, c.var.tenant.code, formColumns(kind));
      if (problems.length) throw new AppError('validation_failed', { fields: problems.map((p) => ({ field: `values.${p.column ?? 'ID'}`, message: p.message })) });
      const { place, created } = await tenantTx(c, async (tx) => {
        const existing = await getPlaceByLocalId(tx, c.var.tenant.code, kind, localId);
        const r = existing ? await updatePlace(tx, c.var.tenant.code, existing.id, input, `api:${principal.tokenId}`) : await createPlace(tx, c.var.tenant.code, kind, input, `api:${principal.tokenId}`);
        if (!r.ok) throw new AppError('conflict');
        await audit(c, tx, { actorKind: 'api', actorId: principal.tokenId, action: existing ? 'place.update' : 'place.create', recordType: 'place', recordId: r.id, details: { kind, localId } });
        return { place: (await getPlace(tx, c.var.tenant.code, r.id))!, created: !existing };
      });
      if (kind === 'shelter') forgetShelters(c.var.deps.db, c.var.tenant.code);
      return created ? c.json(presentPlace(place), 201) : c.json(presentPlace(place), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/datasets',
      tags: ['Places and open data'],
      summary: 'Datasets of the catalog, as CKAN package dictionaries (scope opendata:read)',
      security,
      request: {
        query: z.object({
          q: z.string().max(200).optional().openapi({ param: { name: 'q', in: 'query' } }),
          rows: z.coerce.number().int().min(1).max(1000).default(50).openapi({ param: { name: 'rows', in: 'query' } }),
          start: z.coerce.number().int().min(0).max(1_000_000).default(0).openapi({ param: { name: 'start', in: 'query' } }),
        }),
      },
      responses: { 200: { description: 'Matching datasets', content: { 'application/json': { schema: z.object({ count: z.number().int(), datasets: z.array(z.record(z.string(), z.unknown())) }) } } }, ...errors },
    }),
    async (c) => {
      requireScope(c, 'opendata:read');
      const q = c.req.valid('query');
      const r = await tenantTx(c, (tx) => searchDatasets(tx, c.var.tenant.code, { q: q.q, filters: [], sort: [{ field: 'name', dir: 'asc' }], rows: q.rows, start: q.start, facets: [], facetLimit: 0 }));
      return c.json({ count: r.count, datasets: r.datasets.map((d) => packageDict(c.var.tenant, d)) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/datasets/{name}',
      tags: ['Places and open data'],
      summary: 'One dataset by name or id (scope opendata:read)',
      security,
      request: { params: z.object({ name: z.string().max(100).openapi({ param: { name: 'name', in: 'path' } }) }) },
      responses: { 200: { description: 'The dataset', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } }, ...errors },
    }),
    async (c) => {
      requireScope(c, 'opendata:read');
      const d = await tenantTx(c, (tx) => getDataset(tx, c.var.tenant.code, c.req.valid('param').name));
      if (!d) throw new AppError('not_found');
      return c.json(packageDict(c.var.tenant, d), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/shelters/status',
      tags: ['Shelters'],
      summary: 'Every shelter with its current status (scope opendata:read)',
      security,
      responses: { 200: { description: 'Shelters', content: { 'application/json': { schema: z.object({ shelters: z.array(ShelterStatusSchema) }) } } }, ...errors },
    }),
    async (c) => {
      requireScope(c, 'opendata:read');
      const list = await tenantTx(c, (tx) => listShelters(tx, c.var.tenant.code));
      return c.json(
        {
          shelters: list.map((s) => ({
            id: s.place.id, localId: s.place.localId, name: s.place.name, isOpen: s.status.isOpen, crowding: s.status.crowding, headcount: s.status.headcount, capacity: s.place.capacity, updatedAt: s.status.updatedAt?.toISOString() ?? null,
          })),
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/shelters/{id}/status',
      tags: ['Shelters'],
      summary: 'Open or close a shelter, or set its crowding (scope shelters:write). Sends no alert.',
      security,
      request: {
        params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) }),
        body: {
          content: {
            'application/json': {
              schema: z.object({
                action: z.enum(['open', 'close', 'crowding', 'headcount']),
                crowding: z.enum(crowdingLevels).optional(),
                headcount: z.number().int().min(0).max(1_000_000).optional(),
                actorName: z.string().min(1).max(100).optional().openapi({ description: 'Who made the change (shown in the history); defaults to the token name' }),
              }),
            },
          },
        },
      },
      responses: { 200: { description: 'The new status', content: { 'application/json': { schema: ShelterStatusSchema } } }, 409: { description: 'Not open, or no capacity for a head count', content: { 'application/json': { schema: errorRef } } }, ...errors },
    }),
    async (c) => {
      const principal = requireScope(c, 'shelters:write');
      const body = c.req.valid('json');
      const change =
        body.action === 'crowding'
          ? body.crowding ? { action: 'crowding' as const, crowding: body.crowding } : null
          : body.action === 'headcount'
            ? body.headcount !== undefined ? { action: 'headcount' as const, headcount: body.headcount } : null
            : { action: body.action };
      if (!change) throw new AppError('validation_failed', { fields: [{ field: body.action, message: { ja: `「${body.action}」を指定してください。`, en: `Give "${body.action}".` } }] });
      const r = await tenantTx(c, async (tx) => {
        const result = await changeShelterStatus(tx, c.var.tenant.code, c.req.valid('param').id, change, { kind: 'api', id: principal.tokenId, name: body.actorName ?? principal.name });
        if (result.ok) await audit(c, tx, { actorKind: 'api', actorId: principal.tokenId, action: 'shelter.status.change', recordType: 'place', recordId: result.place.id, details: { change } });
        return result;
      });
      if (!r.ok) throw new AppError(r.reason === 'not_found' ? 'not_found' : 'conflict');
      forgetShelters(c.var.deps.db, c.var.tenant.code);
      return c.json(
        { id: r.place.id, localId: r.place.localId, name: r.place.name, isOpen: r.after.isOpen, crowding: r.after.crowding, headcount: r.after.headcount, capacity: r.place.capacity, updatedAt: r.after.updatedAt?.toISOString() ?? null },
        200,
      );
    },
  );

  return api;
}
