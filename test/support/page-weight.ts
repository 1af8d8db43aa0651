/**
 * Weight of a page as sent compressed: its HTML plus every stylesheet and script it references,
 * each measured as gzip (the encoding the server applies) of the body the server returns.
 */
import zlib from 'node:zlib';
import type { TestClient } from './client.ts';

export interface PageWeight {
  path: string;
  htmlBytes: number;
  cssBytes: number;
  jsBytes: number;
}

/** Budgets for resident pages (issue: ≤ 30 KB HTML+CSS, ≤ 15 KB JavaScript, compressed). */
export const BUDGET = { htmlCss: 30 * 1024, js: 15 * 1024 };

async function gzipBytes(client: TestClient, path: string): Promise<{ bytes: number; text: string }> {
  const r = await client.get(path.replace(/&amp;/g, '&'));
  if (r.status !== 200) throw new Error(`${path}: status ${r.status}`);
  return { bytes: zlib.gzipSync(r.text).length, text: r.text };
}

export async function measurePage(client: TestClient, path: string): Promise<PageWeight> {
  const page = await gzipBytes(client, path);
  let cssBytes = 0;
  for (const m of page.text.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)) cssBytes += (await gzipBytes(client, m[1]!)).bytes;
  let jsBytes = 0;
  for (const m of page.text.matchAll(/<script[^>]+src="([^"]+)"/g)) jsBytes += (await gzipBytes(client, m[1]!)).bytes;
  return { path, htmlBytes: page.bytes, cssBytes, jsBytes };
}
