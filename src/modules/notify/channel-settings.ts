/**
 * Per-municipality channel credentials. VAPID keys are generated on first use (the subscribe page
 * or the first push) and kept with the private key encrypted; the LINE channel access token and
 * channel secret are entered by an administrator and kept encrypted.
 */
import webpush from 'web-push';
import type { Queryable } from '../../platform/db/index.ts';
import type { TenantCipher } from '../../platform/crypto/index.ts';

interface Row {
  vapid_public_key: string | null;
  vapid_private_enc: string | null;
  line_token_enc: string | null;
  line_secret_enc: string | null;
}

export interface ChannelSecrets {
  vapid: { publicKey: string; privateKey: string } | undefined;
  line: { token: string; secret: string } | undefined;
}

export async function loadChannelSecrets(tx: Queryable, cipher: TenantCipher, tenant: string): Promise<ChannelSecrets> {
  const [r] = await tx.query<Row>('SELECT vapid_public_key, vapid_private_enc, line_token_enc, line_secret_enc FROM notify_channel_settings WHERE tenant_id = $1', [tenant]);
  return {
    vapid: r?.vapid_public_key && r.vapid_private_enc ? { publicKey: r.vapid_public_key, privateKey: cipher.decrypt('notify.vapid_private', r.vapid_private_enc)! } : undefined,
    line: r?.line_token_enc && r.line_secret_enc ? { token: cipher.decrypt('notify.line_token', r.line_token_enc)!, secret: cipher.decrypt('notify.line_secret', r.line_secret_enc)! } : undefined,
  };
}

/** The municipality's VAPID public key, generating the key pair the first time. */
export async function ensureVapidKeys(tx: Queryable, cipher: TenantCipher, tenant: string): Promise<string> {
  const [existing] = await tx.query<{ vapid_public_key: string | null }>('SELECT vapid_public_key FROM notify_channel_settings WHERE tenant_id = $1', [tenant]);
  if (existing?.vapid_public_key) return existing.vapid_public_key;
  const keys = webpush.generateVAPIDKeys();
  // A concurrent first use may have won the race: keep whichever pair was stored first.
  const [row] = await tx.query<{ vapid_public_key: string }>(
    `INSERT INTO notify_channel_settings (tenant_id, vapid_public_key, vapid_private_enc) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id) DO UPDATE SET vapid_public_key = coalesce(notify_channel_settings.vapid_public_key, excluded.vapid_public_key),
       vapid_private_enc = coalesce(notify_channel_settings.vapid_private_enc, excluded.vapid_private_enc), updated_at = now()
     RETURNING vapid_public_key`,
    [tenant, keys.publicKey, cipher.encrypt('notify.vapid_private', keys.privateKey)],
  );
  return row!.vapid_public_key;
}

export async function saveLineChannel(tx: Queryable, cipher: TenantCipher, tenant: string, token: string, secret: string): Promise<void> {
  await tx.query(
    `INSERT INTO notify_channel_settings (tenant_id, line_token_enc, line_secret_enc) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id) DO UPDATE SET line_token_enc = excluded.line_token_enc, line_secret_enc = excluded.line_secret_enc, updated_at = now()`,
    [tenant, cipher.encrypt('notify.line_token', token), cipher.encrypt('notify.line_secret', secret)],
  );
}
