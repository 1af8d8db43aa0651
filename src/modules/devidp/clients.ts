/**
 * The provider's client registry, read from the municipalities' own registrations: client_id
 * `yakuba-<code>` is that municipality's row in resident_idp_clients (public key) and its origin
 * (the only redirect URI). Nothing is registered here; a municipality that is not registered for
 * this issuer is an unknown client.
 */
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Db } from '../../platform/db/index.ts';
import { findTenant, withTenant } from '../../platform/tenancy/index.ts';

const CLIENT_ID = /^yakuba-(\d{6})$/;

/** The signing algorithm of client assertions and ID tokens for every municipality. */
export const SIGNING_ALG = 'ES256';

export async function findMunicipalityClient(db: Db, issuer: string, clientId: string): Promise<AdapterPayload | undefined> {
  const code = CLIENT_ID.exec(clientId)?.[1];
  if (!code) return undefined;
  const tenant = await findTenant(db, code);
  if (!tenant) return undefined;
  const [row] = await withTenant(db, code, (tx) =>
    tx.query<{ issuer: string; public_jwk: Record<string, unknown> }>('SELECT issuer, public_jwk FROM resident_idp_clients WHERE tenant_id = $1 AND client_id = $2', [code, clientId]),
  );
  if (!row || row.issuer !== issuer) return undefined;
  return {
    client_id: clientId,
    client_name: tenant.nameJa,
    redirect_uris: [`${tenant.origin}/auth/card/callback`],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: SIGNING_ALG,
    id_token_signed_response_alg: SIGNING_ALG,
    jwks: { keys: [row.public_jwk] },
  } as AdapterPayload;
}

/** Adapter for the Client model only: lookups go to the database, writes are refused. */
export class MunicipalityClientAdapter implements Adapter {
  constructor(
    private readonly db: Db,
    private readonly issuer: string,
  ) {}

  find(id: string) {
    return findMunicipalityClient(this.db, this.issuer, id);
  }

  async upsert(): Promise<void> {
    throw new Error('clients are registered by municipalities, not through the provider');
  }

  async findByUid() {
    return undefined;
  }

  async findByUserCode() {
    return undefined;
  }

  async consume(): Promise<void> {}

  async destroy(): Promise<void> {}

  async revokeByGrantId(): Promise<void> {}
}
