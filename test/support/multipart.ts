/** Posts multipart/form-data like a browser's form with file inputs (CSRF field included unless given). */
import type { TestClient } from './client.ts';

export interface UploadFile {
  field: string;
  name: string;
  content: Buffer;
  /** What the browser claims; the server must not believe it. */
  type?: string;
}

export async function postMultipart(client: TestClient, path: string, fields: Record<string, string> = {}, files: UploadFile[] = []) {
  const boundary = `----yakuba${Date.now()}${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  const all = '_csrf' in fields ? fields : { _csrf: await client.csrf(), ...fields };
  for (const [k, v] of Object.entries(all)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name.replace(/"/g, '%22').replace(/\r?\n/g, ' ')}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`));
    parts.push(f.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return client.raw('POST', path, Buffer.concat(parts), { 'content-type': `multipart/form-data; boundary=${boundary}` });
}
