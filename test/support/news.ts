/** Shared by the news tests: a municipality with the notify areas and its 広報課 (the department that writes news). */
import { buildTenant, type TestTenant } from './factories.ts';
import type { TestPlatform } from './platform.ts';
import { withTenant } from '../../src/platform/tenancy/index.ts';
import { seedNotifyAreas } from '../../src/modules/notify/index.ts';

export async function newsMunicipality(p: TestPlatform): Promise<{ t: TestTenant; deptId: string }> {
  const t = await buildTenant(p);
  const deptId = await withTenant(p.deps.db, t.code, async (tx) => {
    await seedNotifyAreas(tx, t.code);
    const [d] = await tx.query<{ id: string }>("INSERT INTO departments (tenant_id, code, name_ja, name_en) VALUES ($1, 'kouhou', '広報課', 'Public Relations Division') RETURNING id", [t.code]);
    return d!.id;
  });
  return { t, deptId };
}
