/**
 * The fictional demo municipality みなと野市 (Minatono City). Its code 990019 lies in prefecture
 * range 99, which no real prefecture uses (they are 01–47), and carries a valid check digit.
 */
import type { Deps } from '../src/platform/http/index.ts';
import { upsertTenant } from '../src/platform/tenancy/index.ts';

export const DEMO_CODE = '990019';

export interface DemoCredentials {
  tenantCode: string;
  tenantName: string;
  adminEmail: string;
  adminPassword: string;
  adminTotpSecret: string;
}

export async function seedDemo(deps: Deps): Promise<DemoCredentials> {
  const origin = new URL(deps.config.PUBLIC_URL);
  await upsertTenant(deps.db, deps.keyring, {
    code: DEMO_CODE,
    nameJa: 'みなと野市',
    nameEn: 'Minatono City',
    origin: origin.origin,
    hosts: [origin.hostname, 'localhost', '127.0.0.1'],
  });
  return { tenantCode: DEMO_CODE, tenantName: 'みなと野市 (Minatono City)', adminEmail: '', adminPassword: '', adminTotpSecret: '' };
}
