/**
 * A municipality's registration as a relying party of the national sign-in: client_id
 * `yakuba-<code>` and an ES256 key pair for private_key_jwt client authentication. The private key
 * is stored encrypted with the municipality's data key; the public key is what the identity
 * provider is given.
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Queryable } from '../../platform/db/index.ts';
import type { TenantCipher } from '../../platform/crypto/index.ts';
import type { Deps } from '../../platform/http/index.ts';
import { withTenant } from '../../platform/tenancy/index.ts';
import { fields, type IdpClientRow } from './residents.schema.ts';

/** Algorithm of our client assertions and of the ID tokens we register for. */
export const RP_SIGNING_ALG = 'ES256';

export interface IdpClient {
  issuer: string;
  clientId: string;
  privateKey: CryptoKey;
  kid: string;
}

export const clientIdFor = (tenantCode: string) => `yakuba-${tenantCode}`;

/**
 * Registers the municipality with the identity provider at `issuer`: creates its key pair once
 * (idempotent; a later call with another issuer moves the registration and keeps the keys).
 * Returns what the provider needs to know: client_id and the public JWK.
 */
export async function registerResidentIdpClient(deps: Deps, tenantCode: string, issuer: string): Promise<{ clientId: string; issuer: string; publicJwk: JWK }> {
  return withTenant(deps.db, tenantCode, async (tx) => {
    const clientId = clientIdFor(tenantCode);
    const read = () => tx.query<IdpClientRow>('SELECT issuer, client_id, private_jwk_enc, public_jwk FROM resident_idp_clients WHERE tenant_id = $1 FOR UPDATE', [tenantCode]);
    const [existing] = await read();
    if (existing) {
      if (existing.issuer !== issuer) await tx.query('UPDATE resident_idp_clients SET issuer = $2 WHERE tenant_id = $1', [tenantCode, issuer]);
      return { clientId: existing.client_id, issuer, publicJwk: existing.public_jwk as JWK };
    }
    const cipher = await deps.keyring.forTenant(tx, tenantCode);
    const { publicKey, privateKey } = await generateKeyPair(RP_SIGNING_ALG, { extractable: true });
    const publicJwk: JWK = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    Object.assign(publicJwk, { kid, alg: RP_SIGNING_ALG, use: 'sig' });
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: RP_SIGNING_ALG, use: 'sig' };
    await tx.query(
      `INSERT INTO resident_idp_clients (tenant_id, issuer, client_id, private_jwk_enc, public_jwk) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id) DO NOTHING`,
      [tenantCode, issuer, clientId, cipher.encrypt(fields.idpPrivateJwk, JSON.stringify(privateJwk)), JSON.stringify(publicJwk)],
    );
    const [row] = await read();
    return { clientId: row!.client_id, issuer: row!.issuer, publicJwk: row!.public_jwk as JWK };
  });
}

/** The municipality's registration with its private key ready for signing, or null if it has none. */
export async function loadIdpClient(tx: Queryable, cipher: TenantCipher): Promise<IdpClient | null> {
  const [row] = await tx.query<IdpClientRow>('SELECT issuer, client_id, private_jwk_enc, public_jwk FROM resident_idp_clients WHERE tenant_id = $1', [cipher.tenant]);
  if (!row) return null;
  const jwk = JSON.parse(cipher.decrypt(fields.idpPrivateJwk, row.private_jwk_enc)!) as JWK;
  const privateKey = (await importJWK(jwk, RP_SIGNING_ALG)) as CryptoKey;
  return { issuer: row.issuer, clientId: row.client_id, privateKey, kid: String(jwk.kid) };
}
