import type { Queryable } from '../db/index.ts';
import { encryptedColumns } from './encrypted-columns.ts';
import { TenantCipher, type Keyring } from './keyring.ts';

/**
 * Makes a new data key for the municipality and re-encrypts every registered encrypted column with
 * it, inside the caller's transaction (all or nothing). Returns the new version and rows rewritten.
 */
export async function rotateTenantDataKey(keyring: Keyring, tx: Queryable, tenant: string): Promise<{ version: number; rewritten: number }> {
  const version = await keyring.addDataKeyVersion(tx, tenant);
  const cipher = await keyring.forTenant(tx, tenant);
  let rewritten = 0;
  for (const col of encryptedColumns()) {
    // Primary-key columns besides tenant_id; an empty list means one row per municipality.
    const keyCols = col.key.map((k) => `${k}, `).join('');
    const rows = await tx.query<Record<string, string> & { value: string | Uint8Array }>(
      `SELECT ${keyCols}${col.column} AS value FROM ${col.table} WHERE tenant_id = $1 AND ${col.column} IS NOT NULL`,
      [tenant],
    );
    for (const row of rows) {
      if (TenantCipher.versionOf(row.value) === version) continue;
      const value = col.binary ? cipher.encryptBytes(col.field, cipher.decryptBytes(col.field, row.value as Uint8Array)) : cipher.encrypt(col.field, cipher.decrypt(col.field, row.value as string));
      const where = col.key.map((k, i) => ` AND ${k} = $${i + 3}`).join('');
      await tx.query(`UPDATE ${col.table} SET ${col.column} = $1 WHERE tenant_id = $2${where}`, [
        value,
        tenant,
        ...col.key.map((k) => row[k]),
      ]);
      rewritten++;
    }
  }
  return { version, rewritten };
}
