/**
 * Applies migrations/NNNN_name.sql in order, each in its own transaction, and records a checksum
 * so an edited, already-applied migration stops start-up instead of silently diverging.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';

export const migrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = migrationsDir): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = fs.readFileSync(path.join(dir, file), 'utf8');
      return {
        version: Number(file.slice(0, 4)),
        name: file.slice(5, -4),
        sql,
        checksum: crypto.createHash('sha256').update(sql).digest('hex'),
      };
    });
}

export class MigrationError extends Error {}

/** Applies pending migrations; returns the names applied. Safe to run from several processes at once. */
export async function migrate(db: Db, dir = migrationsDir): Promise<string[]> {
  const migrations = readMigrations(dir);
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      // One migrator at a time across app servers; PGlite is single-connection already.
      if (db.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(7291001)');
      const rows = await tx.query<{ checksum: string }>('SELECT checksum FROM schema_migrations WHERE version = $1', [m.version]);
      if (rows[0]) {
        if (rows[0].checksum !== m.checksum)
          throw new MigrationError(`migration ${m.version}_${m.name} was changed after it was applied; add a new migration instead`);
        return false;
      }
      await execScript(db, tx, m.sql);
      await tx.query('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO yakuba_app');
      await tx.query('REVOKE UPDATE, DELETE ON audit_log FROM yakuba_app');
      await tx.query('REVOKE INSERT, UPDATE, DELETE ON tenants, schema_migrations FROM yakuba_app');
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum]);
      return true;
    });
    if (done) applied.push(`${m.version}_${m.name}`);
  }
  return applied;
}

/** Names of migrations on disk that the database has not applied (for /readyz). */
export async function pendingMigrations(db: Db, dir = migrationsDir): Promise<string[]> {
  const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations').catch(() => []);
  const have = new Set(rows.map((r) => Number(r.version)));
  return readMigrations(dir).filter((m) => !have.has(m.version)).map((m) => `${m.version}_${m.name}`);
}

async function execScript(db: Db, tx: { query: Db['query'] }, sql: string): Promise<void> {
  // node-postgres runs a multi-statement string when it has no parameters; PGlite's query() does not,
  // so split there on statement boundaries outside dollar-quoted bodies.
  if (db.kind === 'postgres') {
    await tx.query(sql);
    return;
  }
  for (const statement of splitStatements(sql)) await tx.query(statement);
}

export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let dollar: string | null = null;
  const lines = sql.split('\n');
  for (const line of lines) {
    const trimmed = line.trim();
    if (!dollar && trimmed.startsWith('--')) continue;
    current += line + '\n';
    const tags = line.match(/\$[A-Za-z_]*\$/g) ?? [];
    for (const tag of tags) dollar = dollar === tag ? null : dollar ?? tag;
    if (!dollar && trimmed.endsWith(';')) {
      out.push(current.trim());
      current = '';
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
