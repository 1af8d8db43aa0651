/** Serves the built CSS and island scripts from .build/ (made by `npm run build`). */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { AppEnv } from './env.ts';

export const buildDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../.build');

const types: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

export function loadAssets(dir = buildDir): { files: Map<string, { body: Buffer; type: string }>; version: string } {
  const files = new Map<string, { body: Buffer; type: string }>();
  const hash = crypto.createHash('sha256');
  const walk = (d: string, prefix: string) => {
    if (!fs.existsSync(d)) return;
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full, `${prefix}${entry.name}/`);
      else if (types[path.extname(entry.name)]) {
        const body = fs.readFileSync(full);
        hash.update(entry.name).update(body);
        files.set(`${prefix}${entry.name}`, { body, type: types[path.extname(entry.name)]! });
      }
    }
  };
  walk(dir, '');
  if (!files.has('app.css')) throw new Error(`assets missing in ${dir}: run "npm run build" first (npm start and npm test do it)`);
  return { files, version: hash.digest('hex').slice(0, 12) };
}

export function assetRoutes(files: Map<string, { body: Buffer; type: string }>) {
  const app = new Hono<AppEnv>();
  app.get('/assets/*', (c) => {
    const file = files.get(c.req.path.slice('/assets/'.length));
    if (!file) return c.notFound();
    c.header('Content-Type', file.type);
    c.header('Cache-Control', c.req.query('v') ? 'public, max-age=31536000, immutable' : 'no-cache');
    return c.body(new Uint8Array(file.body));
  });
  return app;
}
