/**
 * Local stand-ins for the receiving side, used by the tests and the benchmark: an RFC 8030 push
 * service, the LINE Messaging API endpoints this module calls, a webhook receiver, and a TCP front
 * for SMTP that can pass through, refuse (554) or hang. Each counts what it received by message id.
 */
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
