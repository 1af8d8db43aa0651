import type { Db, Queryable } from '../db/index.ts';

export interface Tenant {
  code: string;
  nameJa: string;
  nameEn: string;
  /** Origin residents use, e.g. https://minatono.example.jp; redirects and mail links are built on it. */
  origin: string;
  hosts: string[];
}

interface TenantRow {
  code: string;
  name_ja: string;
  name_en: string;
  origin: string;
  hosts: string[];
}

const toTenant = (r: TenantRow): Tenant => ({ code: r.code, nameJa: r.name_ja, nameEn: r.name_en, origin: r.origin, hosts: r.hosts });

/** The municipality that owns a host name, or the configured default for unclaimed hosts. */
export async function resolveTenant(db: Db, host: string, defaultCode: string | undefined): Promise<Tenant | null> {
  const hostname = host.toLowerCase().replace(/:\d+$/, '');
  const rows = await db.query<TenantRow>(
    'SELECT code, name_ja, name_en, origin, hosts FROM tenants WHERE $1 = ANY(hosts) OR code = $2 ORDER BY ($1 = ANY(hosts)) DESC LIMIT 1',
    [hostname, defaultCode ?? ''],
  );
  return rows[0] ? toTenant(rows[0]) : null;
}

export async function findTenant(db: Queryable, code: string): Promise<Tenant | null> {
  const rows = await db.query<TenantRow>('SELECT code, name_ja, name_en, origin, hosts FROM tenants WHERE code = $1', [code]);
  return rows[0] ? toTenant(rows[0]) : null;
}

export async function listTenants(db: Queryable): Promise<Tenant[]> {
  const rows = await db.query<TenantRow>('SELECT code, name_ja, name_en, origin, hosts FROM tenants ORDER BY code');
  return rows.map(toTenant);
}

/**
 * Runs fn in a transaction that can see only one municipality's rows: the transaction switches to
 * the unprivileged role yakuba_app, which row-level security confines to yakuba.tenant_id.
 * This is the only door module code has to tenant data.
 */
export function withTenant<T>(db: Db, tenantCode: string, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(fn, { settings: { 'yakuba.tenant_id': tenantCode, role: 'yakuba_app' } });
}
