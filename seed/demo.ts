/**
 * The fictional demo municipality みなと野市 (Minatono City). Its code 990019 lies in prefecture
 * range 99, which no real prefecture uses (they are 01–47), and carries a valid check digit.
 * Seeding is idempotent: every start brings the demo to the same state without duplicating it.
 */
import type { Deps } from '../src/platform/http/index.ts';
import { upsertTenant } from '../src/platform/tenancy/index.ts';
import { seedDemoStaff } from '../src/modules/staff/index.ts';
import { seedDemoResidents } from '../src/modules/residents/index.ts';
import { seedDemoOpenData } from '../src/modules/opendata/index.ts';
import { seedDemoDocumentIssuer, seedDemoProcedures } from '../src/modules/procedures/index.ts';
import { seedDemoNews } from '../src/modules/news/index.ts';
import { seedDemoNotify } from '../src/modules/notify/index.ts';

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
    hosts: [...new Set([origin.hostname, 'localhost', '127.0.0.1'])],
  });
  const staff = await seedDemoStaff(deps, DEMO_CODE);
  await seedDemoResidents(deps, DEMO_CODE);
  await seedDemoOpenData(deps, DEMO_CODE);
  await seedDemoProcedures(deps, DEMO_CODE);
  await seedDemoDocumentIssuer(deps, DEMO_CODE);
  await seedDemoNotify(deps, DEMO_CODE);
  await seedDemoNews(deps, DEMO_CODE, origin.origin);
  return { tenantCode: DEMO_CODE, tenantName: 'みなと野市 (Minatono City)', ...staff };
}
