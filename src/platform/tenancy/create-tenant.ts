import type { Db } from '../db/index.ts';
import type { Keyring } from '../crypto/index.ts';
import { isValidMunicipalityCode } from './municipality-code.ts';
import { withTenant, type Tenant } from './tenant.ts';

export class InvalidMunicipalityCode extends Error {
  constructor(code: string) {
    super(`"${code}" is not a valid 全国地方公共団体コード (6 digits with a correct check digit)`);
  }
}

/**
 * Registers a municipality (or updates its names and hosts) and provisions its data keys.
 * Runs as the database owner: creating a tenant is an operator action, outside any tenant.
 */
export async function upsertTenant(db: Db, keyring: Keyring, t: Tenant): Promise<Tenant> {
  if (!isValidMunicipalityCode(t.code)) throw new InvalidMunicipalityCode(t.code);
  const hosts = [...new Set(t.hosts.map((h) => h.toLowerCase()))];
  await db.query(
    `INSERT INTO tenants (code, name_ja, name_en, origin, hosts) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (code) DO UPDATE SET name_ja = EXCLUDED.name_ja, name_en = EXCLUDED.name_en, origin = EXCLUDED.origin, hosts = EXCLUDED.hosts`,
    [t.code, t.nameJa, t.nameEn, t.origin, hosts],
  );
  await withTenant(db, t.code, (tx) => keyring.provisionTenant(tx, t.code));
  return { ...t, hosts };
}
