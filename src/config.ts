/**
 * Every setting yakuba reads from the environment, each with its type, default and a doc line.
 * `loadConfig` validates all of them at once and throws ConfigError listing every problem, so an
 * operator fixes the whole list in one go instead of one restart per mistake.
 * The README's configuration table is generated from `settings` (src/readme.test.ts checks it and says how to regenerate it).
 */
import path from 'node:path';
import { z } from 'zod';

export type Environment = 'development' | 'test' | 'production';

interface Setting<T> {
  /** One line for operators; printed in the README table. */
  doc: string;
  /** Default shown in the docs; the parser applies the real default. */
  defaultDoc: string;
  schema: z.ZodType<T>;
}

function setting<T>(doc: string, defaultDoc: string, schema: z.ZodType<T>): Setting<T> {
  return { doc, defaultDoc, schema };
}

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const positiveInt = (min: number, max: number) =>
  z.coerce
    .number({ message: 'must be a whole number' })
    .int({ message: 'must be a whole number' })
    .min(min, { message: `must be at least ${min}` })
    .max(max, { message: `must be at most ${max}` });

export const settings = {
  YAKUBA_ENV: setting(
    'development (demo data, built-in identity provider), test, or production (strict: needs DATABASE_URL, MASTER_KEYS, SMTP_URL, PUBLIC_URL over https).',
    'development',
    z.enum(['development', 'test', 'production'], { message: 'must be development, test or production' }).default('development'),
  ),
  PORT: setting('TCP port to listen on.', '3000', positiveInt(0, 65535).default(3000)),
  HOST: setting('Address to listen on.', '0.0.0.0', z.string().min(1).default('0.0.0.0')),
  PUBLIC_URL: setting(
    'Origin residents use to reach the default municipality; used in redirects, mail links and passkeys.',
    'http://localhost:PORT',
    z.url({ message: 'must be an absolute URL such as https://city.example.jp' }).optional(),
  ),
  DATABASE_URL: setting(
    'PostgreSQL (>= 15) connection URL. Empty: the embedded PGlite database under DATA_DIR.',
    '(empty: embedded)',
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, { message: 'must start with postgres:// or postgresql://' })
      .optional(),
  ),
  DATABASE_POOL_SIZE: setting('Connections in the PostgreSQL pool.', '10', positiveInt(1, 200).default(10)),
  DATA_DIR: setting(
    'Folder for the embedded database, the development master key and captured mail.',
    './data',
    z.string().min(1).default('./data'),
  ),
  MASTER_KEYS: setting(
    'Master keys that wrap each municipality\'s data keys: comma-separated id:base64 (32 bytes); the first encrypts, the rest only decrypt (rotation). Development generates one under DATA_DIR.',
    '(development: generated)',
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=]{43,44}(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=]{43,44})*$/, {
        message: 'must be id:base64key[,id:base64key…] with 32-byte keys (openssl rand -base64 32)',
      })
      .optional(),
  ),
  SMTP_URL: setting(
    'Outgoing mail server, e.g. smtp://user:pass@mail.example:587. Empty in development: mail is kept in the development mailbox at /dev/mailbox.',
    '(development: mailbox)',
    z.string().regex(/^smtps?:\/\//, { message: 'must start with smtp:// or smtps://' }).optional(),
  ),
  MAIL_FROM: setting('Sender address of outgoing mail.', 'no-reply@localhost', z.string().min(3).default('no-reply@localhost')),
  DEFAULT_TENANT: setting(
    'Municipality code (6 digits) served for host names no municipality has claimed. Empty: unknown hosts get 404.',
    '(development: the demo)',
    z.string().regex(/^\d{6}$/, { message: 'must be a 6-digit municipality code' }).optional(),
  ),
  DEMO_SEED: setting(
    'Create the fictional demo municipality みなと野市 (990019) with demo staff and residents at start-up. Refused in production.',
    'true in development',
    bool.optional(),
  ),
  DEV_IDP: setting(
    'Run the built-in development identity provider at /dev-idp (demo residents). Refused in production.',
    'true in development',
    bool.optional(),
  ),
  STAFF_IDLE_MINUTES: setting('Staff sessions end after this many idle minutes.', '30', positiveInt(1, 24 * 60).default(30)),
  RESIDENT_IDLE_MINUTES: setting('Resident sessions end after this many idle minutes.', '60', positiveInt(1, 7 * 24 * 60).default(60)),
  SESSION_MAX_HOURS: setting('Any session ends this many hours after sign-in, active or not.', '12', positiveInt(1, 24 * 30).default(12)),
  BODY_LIMIT_BYTES: setting('Largest request body accepted.', '1048576', positiveInt(1024, 100 * 1024 * 1024).default(1024 * 1024)),
  UPLOAD_LIMIT_BYTES: setting(
    'Largest file upload (multipart form) accepted, e.g. a registry CSV or an attachment.',
    '26214400',
    positiveInt(1024, 1024 * 1024 * 1024).default(25 * 1024 * 1024),
  ),
  WORKER: setting(
    'Run the background job worker (mail, deliveries) in this process. Turn off on app servers when a separate worker process runs.',
    'true',
    bool.default(true),
  ),
  NOTIFY_RETRY_HOURS: setting(
    'Subscriptions (e-mail, push, LINE, webhooks): a delivery that keeps failing transiently is retried with exponential back-off for this many hours, then dead-lettered.',
    '72',
    positiveInt(1, 24 * 30).default(72),
  ),
  NOTIFY_BATCH_SIZE: setting('Deliveries a sender claims and sends per batch.', '200', positiveInt(1, 5000).default(200)),
  NOTIFY_LEASE_SECONDS: setting(
    'A claimed delivery whose sender died is sent again (same message id) after this many seconds.',
    '120',
    positiveInt(5, 3600).default(120),
  ),
  NOTIFY_SMTP_POOL: setting('SMTP connections kept open for subscription mail.', '5', positiveInt(1, 100).default(5)),
  NOTIFY_SMTP_TIMEOUT_MS: setting(
    'Connection, greeting and socket timeout for subscription mail; a server that hangs counts as a transient failure.',
    '30000',
    positiveInt(100, 600_000).default(30_000),
  ),
  NOTIFY_PUSH_CONCURRENCY: setting('Web Push requests on the wire at once per worker process (all senders together); webhook requests at once per sender.', '50', positiveInt(1, 1000).default(50)),
  NOTIFY_BOUNCE_LIMIT: setting('An e-mail subscription is suspended after this many hard bounces.', '3', positiveInt(1, 100).default(3)),
  LINE_API_BASE_URL: setting(
    'Base URL of the LINE Messaging API (tests point it at a local server).',
    'https://api.line.me',
    z.url({ message: 'must be an absolute URL' }).default('https://api.line.me'),
  ),
  TRUST_PROXY: setting('Trust X-Forwarded-For / X-Forwarded-Proto from a reverse proxy.', 'false', bool.default(false)),
  METRICS_TOKEN: setting(
    'Bearer token required for /metrics. Empty: /metrics answers only requests from the loopback address.',
    '(empty)',
    z.string().min(16, { message: 'must be at least 16 characters' }).optional(),
  ),
  LOG_LEVEL: setting(
    'fatal, error, warn, info, debug or silent.',
    'info',
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'must be a pino log level' }).default('info'),
  ),
} as const;

type Settings = typeof settings;
type Raw = { -readonly [K in keyof Settings]: z.output<Settings[K]['schema']> };

export interface Config extends Omit<Raw, 'DEMO_SEED' | 'DEV_IDP' | 'MASTER_KEYS' | 'PUBLIC_URL'> {
  PUBLIC_URL: string;
  DEMO_SEED: boolean;
  DEV_IDP: boolean;
  /** Parsed MASTER_KEYS, active key first; undefined means "generate for development". */
  masterKeys: { id: string; key: Buffer }[] | undefined;
  dataDir: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads and validates every setting; throws ConfigError with the full list of problems. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const problems: string[] = [];
  const raw: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(settings)) {
    const value = env[name] === '' ? undefined : env[name];
    const parsed = (s.schema as z.ZodType).safeParse(value);
    if (parsed.success) raw[name] = parsed.data;
    else problems.push(`${name}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  }
  const unknown = Object.keys(env).filter((k) => k.startsWith('YAKUBA_') && !(k in settings));
  for (const k of unknown) problems.push(`${k}: unknown setting (see the configuration table in README.md)`);
  if (problems.length) throw new ConfigError(problems);

  const r = raw as Raw;
  const production = r.YAKUBA_ENV === 'production';
  const config: Config = {
    ...r,
    PUBLIC_URL: r.PUBLIC_URL ?? `http://localhost:${r.PORT || 3000}`,
    DEMO_SEED: r.DEMO_SEED ?? r.YAKUBA_ENV === 'development',
    DEV_IDP: r.DEV_IDP ?? r.YAKUBA_ENV !== 'production',
    masterKeys: r.MASTER_KEYS?.split(',').map((pair) => {
      const [id, b64] = pair.split(':') as [string, string];
      return { id, key: Buffer.from(b64, 'base64') };
    }),
    dataDir: path.resolve(r.DATA_DIR),
  };
  if (config.masterKeys?.some((k) => k.key.length !== 32)) problems.push('MASTER_KEYS: every key must decode to exactly 32 bytes');
  if (config.masterKeys && new Set(config.masterKeys.map((k) => k.id)).size !== config.masterKeys.length)
    problems.push('MASTER_KEYS: key ids must be unique');
  if (production) {
    if (!config.DATABASE_URL) problems.push('DATABASE_URL: required in production (the embedded database is for development)');
    if (!config.masterKeys) problems.push('MASTER_KEYS: required in production');
    if (!config.SMTP_URL) problems.push('SMTP_URL: required in production');
    if (!r.PUBLIC_URL?.startsWith('https://')) problems.push('PUBLIC_URL: required in production, over https');
    if (r.DEMO_SEED) problems.push('DEMO_SEED: the demo municipality cannot be seeded in production');
    if (r.DEV_IDP) problems.push('DEV_IDP: the development identity provider refuses to run in production');
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** Markdown table of every setting, for the README. */
export function configTable(): string {
  const rows = Object.entries(settings).map(([name, s]) => `| \`${name}\` | ${s.defaultDoc} | ${s.doc} |`);
  return ['| Setting | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}
