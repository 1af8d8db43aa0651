/**
 * The module's browser script (client/islands.ts) and its on-demand map chunk (Leaflet), bundled
 * once per process with esbuild (code splitting keeps Leaflet out of the page's own script) and
 * served from /opendata/assets/ with Leaflet's stylesheet. See docs/adr/0021.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { Hono } from 'hono';
import { AppError } from '../../platform/errors/index.ts';
import type { AppEnv } from '../../platform/http/index.ts';

interface Bundle {
  files: Map<string, { body: Uint8Array; type: string }>;
  /** URL of the island entry, with a content version for long caching. */
  entry: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
let building: Promise<Bundle> | null = null;

async function build(): Promise<Bundle> {
  const result = await esbuild.build({
    entryPoints: [path.join(here, 'client/islands.ts')],
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    target: 'es2020',
    write: false,
    outdir: '/out',
    chunkNames: 'chunk-[hash]',
    logLevel: 'silent',
  });
  const files = new Map<string, { body: Uint8Array; type: string }>();
  for (const f of result.outputFiles) files.set(path.basename(f.path), { body: f.contents, type: 'text/javascript; charset=utf-8' });
  const require = createRequire(import.meta.url);
  const css = fs.readFileSync(require.resolve('leaflet/dist/leaflet.css'));
  files.set('leaflet.css', { body: new Uint8Array(css), type: 'text/css; charset=utf-8' });
  const version = crypto.createHash('sha256').update(files.get('islands.js')!.body).digest('hex').slice(0, 12);
  return { files, entry: `/opendata/assets/islands.js?v=${version}` };
}

/** The bundle (built on first use, then shared by every request of this process). */
export function clientBundle(): Promise<Bundle> {
  building ??= build().catch((err: unknown) => {
    building = null;
    throw err;
  });
  return building;
}

export const clientAssetRoutes = new Hono<AppEnv>();

clientAssetRoutes.get('/opendata/assets/:file', async (c) => {
  const file = (await clientBundle()).files.get(c.req.param('file'));
  if (!file) throw new AppError('not_found');
  c.header('Content-Type', file.type);
  const immutable = c.req.param('file').startsWith('chunk-') || c.req.query('v');
  c.header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  return c.body(file.body as Uint8Array<ArrayBuffer>);
});
