import { pino, type Logger } from 'pino';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'yakuba' },
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', '*.password', '*.code', '*.token'], censor: '[redacted]' },
  });
}

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  signIns: Counter<'kind' | 'method' | 'outcome'>;
}

/** A registry per app instance, so tests can build several apps in one process. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Counter({ name: 'yakuba_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'], registers: [registry] }),
    httpDuration: new Histogram({
      name: 'yakuba_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    signIns: new Counter({ name: 'yakuba_sign_ins_total', help: 'Sign-in attempts', labelNames: ['kind', 'method', 'outcome'], registers: [registry] }),
  };
}
