import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { MasterKey } from './keyring.ts';

/**
 * Development only: a master key generated once and kept beside the embedded database, so the demo
 * survives restarts without configuration. Production must set MASTER_KEYS (config enforces it).
 */
export function developmentMasterKey(dataDir: string): MasterKey {
  const file = path.join(dataDir, 'master.key');
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, `dev:${crypto.randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  const [id, b64] = fs.readFileSync(file, 'utf8').trim().split(':') as [string, string];
  return { id, key: Buffer.from(b64, 'base64') };
}
