/**
 * Envelope encryption of personal data. Each municipality has its own data keys (AES-256-GCM),
 * stored only wrapped (encrypted) by a master key from configuration. A field's ciphertext names the
 * data-key version that made it and is bound (AAD) to municipality and field name, so a value
 * copied into another column or municipality does not decrypt.
 *
 * Rotation:
 * - master key: put the new key first in MASTER_KEYS, keep the old one after it, run
 *   `npm run keys:rotate -- master`; every data key is re-wrapped, then the old key can be removed.
 * - data key: `npm run keys:rotate -- data --tenant CODE` makes a new version and re-encrypts every
 *   registered encrypted column of that municipality; the old version is kept for audit, inactive.
 */
import crypto from 'node:crypto';
import type { Queryable } from '../db/index.ts';

export interface MasterKey {
  id: string;
  key: Buffer;
}

type Purpose = 'data' | 'index';

interface KeyRow {
  purpose: Purpose;
  version: number;
  master_key_id: string;
  wrapped_key: string;
  active: boolean;
}

const b64u = (b: Buffer) => b.toString('base64url');
const fromB64u = (s: string) => Buffer.from(s, 'base64url');

function gcmEncrypt(key: crypto.KeyObject | Buffer, plaintext: Buffer, aad: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return `${b64u(iv)}.${b64u(ct)}`;
}

function gcmDecrypt(key: crypto.KeyObject | Buffer, payload: string, aad: string): Buffer {
  const [ivS, ctS] = payload.split('.');
  if (!ivS || !ctS) throw new CryptoError('malformed ciphertext');
  const data = fromB64u(ctS);
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, fromB64u(ivS));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]);
}

export class CryptoError extends Error {}

/**
 * Holds the master keys and a cache of unwrapped data keys. The cache is only a cache: any app
 * server can rebuild it from the database and its own configuration.
 */
export class Keyring {
  private readonly cache = new Map<string, Buffer>();
  constructor(private readonly masterKeys: MasterKey[]) {
    if (!masterKeys.length) throw new CryptoError('at least one master key is required');
  }

  get activeMasterKeyId(): string {
    return this.masterKeys[0]!.id;
  }

  private master(id: string): Buffer {
    const k = this.masterKeys.find((m) => m.id === id);
    if (!k) throw new CryptoError(`master key "${id}" is not configured (MASTER_KEYS)`);
    return k.key;
  }

  private wrap(tenant: string, purpose: Purpose, version: number, key: Buffer): string {
    return gcmEncrypt(this.master(this.activeMasterKeyId), key, `wrap:${tenant}:${purpose}:${version}`);
  }

  private unwrap(tenant: string, row: KeyRow): Buffer {
    const cacheKey = `${tenant}:${row.purpose}:${row.version}:${row.master_key_id}`;
    let key = this.cache.get(cacheKey);
    if (!key) {
      key = gcmDecrypt(this.master(row.master_key_id), row.wrapped_key, `wrap:${tenant}:${row.purpose}:${row.version}`);
      this.cache.set(cacheKey, key);
    }
    return key;
  }

  /** Creates version 1 of the municipality's data and index keys (idempotent). */
  async provisionTenant(tx: Queryable, tenant: string): Promise<void> {
    for (const purpose of ['data', 'index'] as const) {
      await tx.query(
        `INSERT INTO tenant_keys (tenant_id, purpose, version, master_key_id, wrapped_key) VALUES ($1, $2, 1, $3, $4)
         ON CONFLICT DO NOTHING`,
        [tenant, purpose, this.activeMasterKeyId, this.wrap(tenant, purpose, 1, crypto.randomBytes(32))],
      );
    }
  }

  /** Field encryption bound to one tenant transaction. */
  async forTenant(tx: Queryable, tenant: string): Promise<TenantCipher> {
    const rows = await tx.query<KeyRow>(
      'SELECT purpose, version, master_key_id, wrapped_key, active FROM tenant_keys WHERE tenant_id = $1',
      [tenant],
    );
    const data = new Map<number, Buffer>();
    let activeVersion = 0;
    let indexKey: Buffer | undefined;
    for (const r of rows) {
      if (r.purpose === 'index') indexKey = this.unwrap(tenant, r);
      else {
        data.set(r.version, this.unwrap(tenant, r));
        if (r.active && r.version > activeVersion) activeVersion = r.version;
      }
    }
    if (!indexKey || !activeVersion) throw new CryptoError(`municipality ${tenant} has no keys; was it provisioned?`);
    return new TenantCipher(tenant, data, activeVersion, indexKey);
  }

  /** Re-wraps the municipality's keys with the active master key. Returns how many changed. */
  async rewrapTenant(tx: Queryable, tenant: string): Promise<number> {
    const rows = await tx.query<KeyRow & { tenant_id: string }>(
      'SELECT tenant_id, purpose, version, master_key_id, wrapped_key, active FROM tenant_keys WHERE tenant_id = $1 AND master_key_id <> $2',
      [tenant, this.activeMasterKeyId],
    );
    for (const r of rows) {
      const key = this.unwrap(r.tenant_id, r);
      await tx.query(
        'UPDATE tenant_keys SET master_key_id = $1, wrapped_key = $2 WHERE tenant_id = $3 AND purpose = $4 AND version = $5',
        [this.activeMasterKeyId, this.wrap(r.tenant_id, r.purpose, r.version, key), r.tenant_id, r.purpose, r.version],
      );
    }
    return rows.length;
  }

  /** Adds a new active data-key version for the municipality; older versions stay for decryption. */
  async addDataKeyVersion(tx: Queryable, tenant: string): Promise<number> {
    const [row] = await tx.query<{ v: number }>(
      "SELECT coalesce(max(version), 0) + 1 AS v FROM tenant_keys WHERE tenant_id = $1 AND purpose = 'data'",
      [tenant],
    );
    const version = Number(row!.v);
    await tx.query("UPDATE tenant_keys SET active = false WHERE tenant_id = $1 AND purpose = 'data'", [tenant]);
    await tx.query(
      "INSERT INTO tenant_keys (tenant_id, purpose, version, master_key_id, wrapped_key) VALUES ($1, 'data', $2, $3, $4)",
      [tenant, version, this.activeMasterKeyId, this.wrap(tenant, 'data', version, crypto.randomBytes(32))],
    );
    return version;
  }
}

export class TenantCipher {
  constructor(
    readonly tenant: string,
    private readonly keys: Map<number, Buffer>,
    readonly activeVersion: number,
    private readonly indexKey: Buffer,
  ) {}

  private indexKeyObject: crypto.KeyObject | undefined;
  /** KeyObjects made once per data key version: a raw Buffer key is re-imported on every cipher (~3× slower). */
  private readonly keyObjects = new Map<number, crypto.KeyObject>();

  private keyOf(version: number): crypto.KeyObject | undefined {
    let k = this.keyObjects.get(version);
    if (!k) {
      const raw = this.keys.get(version);
      if (!raw) return undefined;
      this.keyObjects.set(version, (k = crypto.createSecretKey(raw)));
    }
    return k;
  }

  /** Encrypts a field value; null stays null. `field` is e.g. "residents.name". */
  encrypt(field: string, value: string | null | undefined): string | null {
    if (value === null || value === undefined) return null;
    const key = this.keyOf(this.activeVersion)!;
    return `v1.${this.activeVersion}.${gcmEncrypt(key, Buffer.from(value, 'utf8'), `${this.tenant}:${field}`)}`;
  }

  decrypt(field: string, value: string | null | undefined): string | null {
    if (value === null || value === undefined) return null;
    const m = /^v1\.(\d+)\.(.+)$/.exec(value);
    if (!m) throw new CryptoError(`${field}: not an encrypted value`);
    const key = this.keyOf(Number(m[1]));
    if (!key) throw new CryptoError(`${field}: data key version ${m[1]} is missing`);
    return gcmDecrypt(key, m[2]!, `${this.tenant}:${field}`).toString('utf8');
  }

  /** Encrypts bytes (a file) for a bytea column: the ASCII prefix "v1.<version>." then IV, ciphertext and tag. */
  encryptBytes(field: string, value: Buffer): Buffer {
    const key = this.keyOf(this.activeVersion)!;
    const [iv, ct] = gcmEncrypt(key, value, `${this.tenant}:${field}`).split('.') as [string, string];
    return Buffer.concat([Buffer.from(`v1.${this.activeVersion}.`), fromB64u(iv), fromB64u(ct)]);
  }

  decryptBytes(field: string, value: Uint8Array): Buffer {
    const b = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    const m = /^v1\.(\d+)\./.exec(b.subarray(0, 16).toString('latin1'));
    if (!m) throw new CryptoError(`${field}: not encrypted bytes`);
    const key = this.keyOf(Number(m[1]));
    if (!key) throw new CryptoError(`${field}: data key version ${m[1]} is missing`);
    const data = b.subarray(m[0].length);
    return gcmDecrypt(key, `${b64u(data.subarray(0, 12))}.${b64u(data.subarray(12))}`, `${this.tenant}:${field}`);
  }

  /** Version of the data key that encrypted a value (for rotation); bytes from encryptBytes too. */
  static versionOf(value: string | Uint8Array): number {
    const head = typeof value === 'string' ? value : Buffer.from(value.buffer, value.byteOffset, Math.min(value.byteLength, 16)).toString('latin1');
    return Number(/^v1\.(\d+)\./.exec(head)?.[1] ?? 0);
  }

  /** Deterministic keyed hash for equality lookup (e-mail), without storing the value in clear. */
  blindIndex(field: string, normalizedValue: string): string {
    // A KeyObject made once: HMAC with a raw Buffer key re-imports the key on every call (~5× slower).
    this.indexKeyObject ??= crypto.createSecretKey(this.indexKey);
    return crypto.createHmac('sha256', this.indexKeyObject).update(`${field}\u0000${normalizedValue}`).digest('base64url');
  }
}
