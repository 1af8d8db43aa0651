/**
 * npm run admin:create -- --tenant CODE --email ADDRESS --name "NAME"
 * Creates an active administrator of a municipality with a generated password, printed once. The
 * account has no second factor yet: its first sign-in must set one up (authenticator app or passkey).
 * Exit codes: 0 created, 64 bad arguments, 65 unknown municipality or e-mail already registered,
 * 78 bad configuration, 1 anything else.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import { createStaffUser } from '../modules/staff/index.ts';
import { recordAudit } from '../platform/audit/index.ts';
import { AppError } from '../platform/errors/index.ts';
import { findTenant, isValidMunicipalityCode, withTenant } from '../platform/tenancy/index.ts';
import { emailField, textField } from '../platform/validation/index.ts';
import { parseArgs, runCli } from './cli.ts';

const USAGE = 'Usage: npm run admin:create -- --tenant <municipality code, 6 digits> --email <work e-mail address> --name "<display name>"';

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

const { flags, words } = parseArgs(process.argv.slice(2));
const problems: string[] = [];
const unknown = [...Object.keys(flags).filter((k) => !['tenant', 'email', 'name'].includes(k)).map((k) => `--${k}`), ...words];
if (unknown.length) problems.push(`unknown argument(s): ${unknown.join(' ')}`);
const tenantCode = (flags.tenant ?? '').normalize('NFKC').trim();
if (!flags.tenant) problems.push('--tenant is required');
else if (!isValidMunicipalityCode(tenantCode)) problems.push(`--tenant "${flags.tenant}" is not a valid 全国地方公共団体コード (6 digits with a correct check digit, e.g. 990019)`);
const email = emailField().safeParse(flags.email ?? '');
if (!flags.email || flags.email === 'true') problems.push('--email is required');
else if (!email.success) problems.push(`--email "${flags.email}" is not an e-mail address`);
const name = textField({ max: 100 }).safeParse(flags.name ?? '');
if (!flags.name || flags.name === 'true') problems.push('--name is required');
else if (!name.success) problems.push('--name must be 1–100 characters without control characters');
if (problems.length) fail(`${problems.map((p) => `Error: ${p}`).join('\n')}\n${USAGE}`, 64);

const address = (email as z.ZodSafeParseSuccess<string>).data;
const displayName = (name as z.ZodSafeParseSuccess<string>).data;

await runCli(async ({ db, keyring }) => {
  const tenant = await findTenant(db, tenantCode);
  if (!tenant) {
    console.error(`Error: no municipality with code ${tenantCode} is registered here.`);
    return 65;
  }
  // 144 random bits in 24 URL-safe characters; shown once, stored only as a scrypt hash.
  const password = crypto.randomBytes(18).toString('base64url');
  try {
    await withTenant(db, tenant.code, async (tx) => {
      await keyring.forTenant(tx, tenant.code);
      const { id } = await createStaffUser(tx, tenant.code, { email: address, displayName, password, status: 'active', roles: [{ role: 'admin', departmentId: null }] });
      await recordAudit(tx, tenant.code, { actorKind: 'system', action: 'staff.create', recordType: 'staff_user', recordId: id, details: { via: 'admin:create', role: 'admin' } });
    });
  } catch (err) {
    if (err instanceof AppError && err.code === 'validation_failed') {
      console.error(`Error: ${tenant.nameEn} (${tenant.code}) already has a staff member with the e-mail address ${address}.`);
      return 65;
    }
    throw err;
  }
  console.log(
    [
      `Created administrator ${displayName} <${address}> of ${tenant.nameJa} / ${tenant.nameEn} (${tenant.code}).`,
      `  Password (shown only now; store it safely): ${password}`,
      `  Sign in at ${tenant.origin}/staff/login — the first sign-in sets up the second factor (authenticator app or passkey).`,
    ].join('\n'),
  );
  return 0;
});
