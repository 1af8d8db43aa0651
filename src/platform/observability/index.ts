export { createLogger, createMetrics, type Logger, type Metrics } from './observability.ts';
