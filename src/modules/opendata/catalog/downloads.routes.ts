/**
 * Public downloads, no sign-in: registry files under their standard names
 * (/opendata/files/{code}_{slug}.csv|json|geojson, ?bom=1 for Excel) and uploaded resources.
 */
import crypto from 'node:crypto';
import { Hono } from 'hono';
import { AppError } from '../../../platform/errors/index.ts';
import { tenantTx, type AppEnv, type Ctx } from '../../../platform/http/index.ts';
import { kindForSlug } from '../registries.ts';
import { getDataset, getResource, resourceContent } from './datasets.service.ts';
import { registryFile, type PublishedFile, type RegistryFormat } from './files.ts';

export const downloadRoutes = new Hono<AppEnv>();

/** Sends a file with an ETag so clients can poll cheaply; never cached stale (data changes live). */
export function sendFile(c: Ctx, file: PublishedFile, disposition: 'inline' | 'attachment') {
  const body = typeof file.body === 'string' ? Buffer.from(file.body, 'utf8') : file.body;
  const etag = `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  c.header('ETag', etag);
  c.header('Cache-Control', 'no-cache');
  c.header('Access-Control-Allow-Origin', '*');
  if (c.req.header('if-none-match') === etag) return c.body(null, 304);
  c.header('Content-Type', file.contentType);
  c.header('Content-Disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
  return c.body(new Uint8Array(body));
}

downloadRoutes.get('/opendata/files/:file', async (c) => {
  const m = /^(\d{6})_([a-z_]+)\.(csv|json|geojson)$/.exec(c.req.param('file'));
  const kind = m ? kindForSlug(m[2]!) : undefined;
  if (!m || !kind || m[1] !== c.var.tenant.code) throw new AppError('not_found');
  const format: RegistryFormat = m[3] === 'csv' ? (c.req.query('bom') === '1' ? 'csv_bom' : 'csv') : (m[3] as RegistryFormat);
  const file = await tenantTx(c, (tx) => registryFile(tx, c.var.tenant, kind, format));
  return sendFile(c, file, format === 'csv' || format === 'csv_bom' ? 'attachment' : 'inline');
});

downloadRoutes.get('/opendata/datasets/:name/resources/:id/:file', async (c) => {
  const found = await tenantTx(c, async (tx) => {
    const dataset = await getDataset(tx, c.var.tenant.code, c.req.param('name'));
    const resource = await getResource(tx, c.var.tenant.code, c.req.param('id'));
    if (!dataset || !resource || resource.datasetId !== dataset.id || resource.generated) return null;
    const content = await resourceContent(tx, c.var.tenant.code, resource.id);
    return content ? { resource, content } : null;
  });
  if (!found) throw new AppError('not_found');
  // Uploaded files are served as downloads with their sniffed type, never rendered as HTML here.
  c.header('X-Content-Type-Options', 'nosniff');
  return sendFile(c, { body: found.content, contentType: found.resource.mediaType, fileName: found.resource.fileName ?? 'download' }, 'attachment');
});
