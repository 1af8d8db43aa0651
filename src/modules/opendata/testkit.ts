/** Helpers for this module's tests (never imported by product code). */
/** The parts of test/support/client.ts's TestClient this needs (product code may not import tests). */
interface Client {
  csrf(): Promise<string>;
  raw(method: string, path: string, body?: Buffer, headers?: Record<string, string>): Promise<{ status: number; text: string; location: string | undefined }>;
}

/** Posts a multipart form with one file, as a browser's file upload does (CSRF field included). */
export async function upload(client: Client, path: string, file: { name: string; content: Buffer; type?: string; field?: string }, fields: Record<string, string> = {}) {
  const boundary = `----yakuba${Date.now()}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries({ _csrf: await client.csrf(), ...fields })) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`));
  parts.push(file.content, Buffer.from(`\r\n--${boundary}--\r\n`));
  return client.raw('POST', path, Buffer.concat(parts), { 'content-type': `multipart/form-data; boundary=${boundary}` });
}
