/**
 * npm run keys:rotate -- master            re-wrap every data key with the first key of MASTER_KEYS
 * npm run keys:rotate -- data --tenant C   new data key for municipality C; re-encrypt its personal data
 * See docs/operations.md#key-rotation for the whole procedure.
 */
import { rotateTenantDataKey } from '../platform/crypto/index.ts';
import { findTenant, listTenants, withTenant } from '../platform/tenancy/index.ts';
// Loading the modules registers every encrypted column they own.
import '../modules/index.ts';
import { parseArgs, runCli, UsageError } from './cli.ts';

await runCli(async ({ db, keyring }) => {
  const { flags, words } = parseArgs(process.argv.slice(2));
  if (words[0] === 'master') {
    let n = 0;
    for (const t of await listTenants(db)) n += await withTenant(db, t.code, (tx) => keyring.rewrapTenant(tx, t.code));
    console.log(`Re-wrapped ${n} data key(s) with master key "${keyring.activeMasterKeyId}". Older master keys can now be removed from MASTER_KEYS.`);
    return;
  }
  if (words[0] === 'data') {
    if (!flags.tenant) throw new UsageError('data rotation needs --tenant CODE');
    const tenant = await findTenant(db, flags.tenant);
    if (!tenant) throw new UsageError(`no municipality with code ${flags.tenant}`);
    const r = await withTenant(db, tenant.code, (tx) => rotateTenantDataKey(keyring, tx, tenant.code));
    console.log(`Municipality ${tenant.code}: data key version ${r.version} is active; ${r.rewritten} value(s) re-encrypted.`);
    return;
  }
  throw new UsageError('say "master" or "data --tenant CODE"');
});
