/**
 * Local stand-ins for the receiving side, used by the tests and the benchmark: an RFC 8030 push
 * service, the LINE Messaging API endpoints this module calls, a webhook receiver, and a TCP front
 * for SMTP that can pass through, refuse (554) or hang. Each counts what it received by message id.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import net from 'node:net';

export interface HttpSink {
  url: string;
  /** Requests received, in order. */
  requests: { path: string; headers: http.IncomingHttpHeaders; body: Buffer }[];
  /** Status to answer per request path (default 201 for push, 200 otherwise). */
  statusFor: (path: string, body: Buffer, headers: http.IncomingHttpHeaders) => number;
  stop(): Promise<void>;
}

export async function startHttpSink(defaultStatus = 201, keep = true): Promise<HttpSink & { count: number }> {
  const sink = {
    url: '',
    requests: [] as HttpSink['requests'],
    count: 0,
    statusFor: (() => defaultStatus) as HttpSink['statusFor'],
    stop: (): Promise<void> => Promise.resolve(),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      sink.count++;
      if (keep) sink.requests.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(sink.statusFor(req.url ?? '', body, req.headers), { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  sink.stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return sink;
}

export type SmtpMode = 'pass' | 'refuse' | 'hang';

/** A TCP front before a real SMTP server: 'refuse' answers 554 and closes; 'hang' accepts and says nothing. */
export async function startSmtpFront(target: string): Promise<{ url: string; mode: SmtpMode; stop(): Promise<void> }> {
  const t = new URL(target);
  const sockets = new Set<net.Socket>();
  const front = {
    url: '',
    mode: 'pass' as SmtpMode,
    stop: (): Promise<void> => Promise.resolve(),
  };
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (front.mode === 'refuse') return void client.end('554 5.3.2 Service refused for testing\r\n');
    if (front.mode === 'hang') return;
    const upstream = net.connect(Number(t.port), t.hostname);
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  front.url = `smtp://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  front.stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return front;
}

export interface LineApi {
  url: string;
  /** Every request, as received (path, headers, body). */
  requests: HttpSink['requests'];
  /** Messages LINE accepted and would show, one per accepted request (a repeated retry key adds none). */
  delivered: { to: string; text: string; retryKey: string | null }[];
  /** Channel access tokens it accepts. */
  tokens: Set<string>;
  /**
   * Failures to inject into the next push requests, in order: an HTTP status answered instead of
   * accepting, or 'accepted-then-500' (accepted and delivered, but the answer says 500, as when a
   * response is lost on the way back).
   */
  failures: (number | 'accepted-then-500')[];
  stop(): Promise<void>;
}

const LINE_USER = /^U[0-9a-f]{32}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The LINE Messaging API endpoint this module calls (POST /v2/bot/message/push), as its reference
 * describes it: Bearer token (401), JSON body with `to` a user id and 1–5 text messages of at most
 * 5,000 characters (400 with details), X-Line-Retry-Key a UUID whose repeat is answered 409 with
 * `x-line-accepted-request-id` and delivers nothing.
 */
export async function startLineApi(tokens: string[] = []): Promise<LineApi> {
  const accepted = new Map<string, string>();
  const api: LineApi = { url: '', requests: [], delivered: [], tokens: new Set(tokens), failures: [], stop: () => Promise.resolve() };
  const answer = (res: http.ServerResponse, status: number, body: object, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      api.requests.push({ path: req.url ?? '', headers: req.headers, body });
      if (req.method !== 'POST' || req.url !== '/v2/bot/message/push') return answer(res, 404, { message: 'Not found' });
      const token = /^Bearer (.+)$/.exec(req.headers['authorization'] ?? '')?.[1];
      if (!token || !api.tokens.has(token)) return answer(res, 401, { message: 'Authentication failed. Confirm that the access token in the authorization header is valid.' });
      const key = req.headers['x-line-retry-key'];
      const retryKey = typeof key === 'string' ? key : null;
      if (retryKey !== null && !UUID.test(retryKey)) return answer(res, 400, { message: 'The retry key is invalid' });
      let parsed: { to?: unknown; messages?: { type?: unknown; text?: unknown }[] };
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        return answer(res, 400, { message: 'The request body has 1 error(s)', details: [{ message: 'Invalid JSON', property: '' }] });
      }
      const details: { message: string; property: string }[] = [];
      if (typeof parsed.to !== 'string' || !LINE_USER.test(parsed.to)) details.push({ message: 'The value is not a valid user ID', property: 'to' });
      const messages = Array.isArray(parsed.messages) ? parsed.messages : [];
      if (messages.length < 1 || messages.length > 5) details.push({ message: 'Size must be between 1 and 5', property: 'messages' });
      messages.forEach((m, i) => {
        if (m?.type !== 'text') details.push({ message: 'Must be one of the following values: [text, …]', property: `messages[${i}].type` });
        else if (typeof m.text !== 'string' || m.text.length < 1 || m.text.length > 5000) details.push({ message: 'Length must be between 1 and 5000', property: `messages[${i}].text` });
      });
      if (details.length) return answer(res, 400, { message: `The request body has ${details.length} error(s)`, details });
      if (retryKey !== null && accepted.has(retryKey))
        return answer(res, 409, { message: 'The retry key is already accepted' }, { 'x-line-accepted-request-id': accepted.get(retryKey)! });
      const failure = api.failures.shift();
      if (typeof failure === 'number') return answer(res, failure, { message: failure === 429 ? 'The API rate limit has been exceeded. Try again later.' : 'An error occurred in the internal server.' });
      const requestId = crypto.randomUUID();
      if (retryKey !== null) accepted.set(retryKey, requestId);
      for (const m of messages) api.delivered.push({ to: parsed.to as string, text: m.text as string, retryKey });
      if (failure === 'accepted-then-500') return answer(res, 500, { message: 'An error occurred in the internal server.' });
      answer(res, 200, { sentMessages: messages.map(() => ({ id: String(Date.now()), quoteToken: crypto.randomBytes(8).toString('hex') })) }, { 'x-line-request-id': requestId });
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  api.stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return api;
}
