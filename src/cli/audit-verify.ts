/**
 * npm run audit:verify [-- --tenant CODE] — recomputes each municipality's audit hash chain and
 * reports the first broken link. Exit code 0 when every chain holds, 2 when one is broken.
 */
import { verifyChain } from '../platform/audit/index.ts';
import { listTenants, withTenant } from '../platform/tenancy/index.ts';
import { parseArgs, runCli, UsageError } from './cli.ts';

await runCli(async ({ db }) => {
  const { flags } = parseArgs(process.argv.slice(2));
  const tenants = (await listTenants(db)).filter((t) => !flags.tenant || t.code === flags.tenant);
  if (flags.tenant && !tenants.length) throw new UsageError(`no municipality with code ${flags.tenant}`);
  let broken = 0;
  for (const t of tenants) {
    const report = await withTenant(db, t.code, (tx) => verifyChain(tx, t.code));
    if (report.ok) console.log(`OK      ${t.code} ${t.nameJa}: ${report.entries} entries, chain intact`);
    else {
      broken++;
      console.log(`BROKEN  ${t.code} ${t.nameJa}: first broken link at entry ${report.firstBroken!.seq}: ${report.firstBroken!.problem} (${report.entries} entries verified before it)`);
    }
  }
  return broken ? 2 : 0;
});
