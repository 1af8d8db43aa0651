/**
 * One query interface over two engines: PostgreSQL through node-postgres (production) and PGlite
 * (embedded, development and tests). Same SQL, same migrations on both.
 */
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface Queryable {
  /** Runs one statement with $1… parameters and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<T[]>;
}

export interface QueryOptions {
  /**
   * Keep the statement prepared under this name on each PostgreSQL connection: parsed once, and
   * planned once when its generic plan is as good (PostgreSQL decides after five runs). Only for
   * hot statements whose SQL text never changes; one name, one text. PGlite ignores it.
   */
  prepare?: string;
}

export interface TransactionOptions {
  /**
   * Transaction-local settings (`set_config(name, value, true)`), sent with BEGIN in the same
   * round trip: the tenant and the role every tenant transaction starts with.
   */
  settings?: Readonly<Record<string, string>>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn inside BEGIN … COMMIT; rolls back if fn throws. The commit is on disk when this resolves. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}

// Keep bigint columns (audit sequence numbers) exact and dates as Date.
pg.types.setTypeParser(20, (v) => BigInt(v));

/** node-postgres' query config: named (prepared per connection) when asked. */
const pgQuery = (sql: string, params: readonly unknown[], options?: QueryOptions): pg.QueryConfig => ({ text: sql, values: params as unknown[], ...(options?.prepare ? { name: options.prepare } : {}) });

export function connectPostgres(url: string, poolSize = 10): Db {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client that errors (server restart) must not crash the process.
  pool.on('error', () => undefined);
  return {
    kind: 'postgres',
    async query<T>(sql: string, params: readonly unknown[] = [], options?: QueryOptions) {
      const res = await pool.query(pgQuery(sql, params, options));
      return res.rows as T[];
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions) {
      const client = await pool.connect();
      try {
        // BEGIN and the settings as one simple-protocol message: one round trip, values as literals.
        const settings = Object.entries(options?.settings ?? {});
        await client.query(settings.length ? `BEGIN; SELECT ${settings.map(([k, v]) => `set_config(${client.escapeLiteral(k)}, ${client.escapeLiteral(v)}, true)`).join(', ')}` : 'BEGIN');
        const tx: Queryable = {
          async query<R>(sql: string, params: readonly unknown[] = [], options?: QueryOptions) {
            return (await client.query(pgQuery(sql, params, options))).rows as R[];
          },
        };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/**
 * PGlite has one connection, so this adapter serialises transactions with a queue: statements of
 * concurrent requests must never interleave inside another request's BEGIN…COMMIT.
 * Durability: PGlite's own transaction() does not sync the file system after COMMIT
 * (electric-sql/pglite#1065), so COMMIT is issued here as a top-level statement and followed by
 * an explicit syncToFs(); an acknowledged commit survives a process kill.
 */
export async function openPglite(dataDir?: string): Promise<Db> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  let tail: Promise<unknown> = Promise.resolve();
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  }
  const direct: Queryable = {
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const res = await db.query<T>(sql, params as unknown[]);
      return res.rows;
    },
  };
  return {
    kind: 'pglite',
    query: (sql, params) => exclusive(() => direct.query(sql, params)),
    transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions) {
      return exclusive(async () => {
        await db.query('BEGIN');
        try {
          const settings = Object.entries(options?.settings ?? {});
          if (settings.length) await db.query(`SELECT ${settings.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ')}`, settings.flat());
          const result = await fn(direct);
          await db.query('COMMIT');
          await db.syncToFs();
          return result;
        } catch (err) {
          await db.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
      });
    },
    close: () => exclusive(() => db.close()),
  };
}
