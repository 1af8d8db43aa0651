/**
 * Tables of this module (created in migrations/0001_foundation.sql): residents, their sign-in
 * relying-party registration (resident_idp_clients). Personal data is encrypted per field with the
 * municipality's data key; every encrypted column is registered so key rotation re-encrypts it.
 */
import { registerEncryptedColumns } from '../../platform/crypto/index.ts';

/** Field names bound into each ciphertext (AAD) and used for the e-mail blind index. */
export const fields = {
  name: 'residents.name',
  address: 'residents.address',
  birthdate: 'residents.birthdate',
  gender: 'residents.gender',
  email: 'residents.email',
  idpPrivateJwk: 'resident_idp_clients.private_jwk',
} as const;

registerEncryptedColumns(
  { table: 'residents', key: ['id'], column: 'name_enc', field: fields.name },
  { table: 'residents', key: ['id'], column: 'address_enc', field: fields.address },
  { table: 'residents', key: ['id'], column: 'birthdate_enc', field: fields.birthdate },
  { table: 'residents', key: ['id'], column: 'gender_enc', field: fields.gender },
  { table: 'residents', key: ['id'], column: 'email_enc', field: fields.email },
  // One registration per municipality (tenant_id is the whole key); client_id identifies the row just as well.
  { table: 'resident_idp_clients', key: ['client_id'], column: 'private_jwk_enc', field: fields.idpPrivateJwk },
);

export interface ResidentRow {
  id: string;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  name_enc: string | null;
  address_enc: string | null;
  birthdate_enc: string | null;
  gender_enc: string | null;
  email_enc: string | null;
  assurance: number;
}

export interface IdpClientRow {
  issuer: string;
  client_id: string;
  private_jwk_enc: string;
  public_jwk: Record<string, unknown>;
}

/** The 基本4情報 as received from the national sign-in. */
export interface BasicFour {
  name: string;
  /** The address as one line (the OIDC address claim's `formatted`). */
  address: string;
  /** YYYY-MM-DD. */
  birthdate: string;
  /** As sent: 'female', 'male' or another value. */
  gender: string;
}
