/**
 * A small HTTP client for integration tests: speaks to the real server over loopback, sends a
 * chosen Host header (which selects the municipality), keeps cookies like a browser, and fills the
 * CSRF field of form posts. Redirects are not followed, so tests can assert them.
 */
import http from 'node:http';

export interface TestResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The raw body, for binary downloads (PDF, Shift_JIS CSV). */
  body: Buffer;
  location: string | undefined;
  json<T = any>(): T;
}

export class TestClient {
  readonly cookies = new Map<string, string>();
  constructor(
    readonly baseUrl: string,
    readonly host: string,
  ) {}

  private request(method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<TestResponse> {
    const url = new URL(path, this.baseUrl);
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return new Promise((resolve, reject) => {
      const req = http.request(
        url,
        {
          method,
          // A fresh connection per request, like separate browser navigations after the server
          // closed one (e.g. after refusing an oversized body).
          agent: false,
          headers: {
            host: this.host,
            accept: 'text/html',
            ...(cookie ? { cookie } : {}),
            ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            for (const sc of res.headers['set-cookie'] ?? []) {
              const [pair, ...attrs] = sc.split(';');
              const [name, ...rest] = pair!.split('=');
              const value = rest.join('=');
              const expired = attrs.some((a) => /max-age=0/i.test(a.trim()) || /expires=thu, 01 jan 1970/i.test(a.trim()));
              if (expired || value === '') this.cookies.delete(name!.trim());
              else this.cookies.set(name!.trim(), value);
            }
            const body = Buffer.concat(chunks);
            const text = body.toString('utf8');
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text,
              body,
              location: res.headers.location,
              json: () => JSON.parse(text),
            });
          });
        },
      );
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, undefined, headers);
  }

  /** The CSRF token the server gave this client (fetches a page first if there is none yet). */
  async csrf(): Promise<string> {
    const name = [...this.cookies.keys()].find((k) => k.endsWith('yakuba-csrf'));
    if (name) return this.cookies.get(name)!;
    await this.get('/');
    return this.csrf();
  }

  /** Posts a form like a browser would (urlencoded, with the CSRF field unless given). */
  async post(path: string, form: Record<string, string | string[]> = {}, headers: Record<string, string> = {}) {
    const params = new URLSearchParams();
    if (!('_csrf' in form)) params.append('_csrf', await this.csrf());
    for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
    return this.request('POST', path, params.toString(), { 'content-type': 'application/x-www-form-urlencoded', ...headers });
  }

  /** JSON API call; pass a bearer token in headers. */
  api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    return this.request(method, path, body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body), {
      accept: 'application/json',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    });
  }

  raw(method: string, path: string, body?: string | Buffer, headers?: Record<string, string>) {
    return this.request(method, path, body, headers);
  }
}
