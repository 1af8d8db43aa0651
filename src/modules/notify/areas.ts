/** 地区 (areas) subscribers choose and messages name. Reference data: editing it never sends anything. */
import type { Db, Queryable } from '../../platform/db/index.ts';
import { withTenant } from '../../platform/tenancy/index.ts';
import type { Area } from './model.ts';

export async function listAreas(tx: Queryable, tenant: string): Promise<Area[]> {
  const rows = await tx.query<{ code: string; name_ja: string; name_en: string }>(
    'SELECT code, name_ja, name_en FROM notify_areas WHERE tenant_id = $1 ORDER BY sort, code',
    [tenant],
  );
  return rows.map((r) => ({ code: r.code, name: { ja: r.name_ja, en: r.name_en } }));
}

/** The towns (町字) of みなと野市 as they appear in its demo registries and population data. */
export const DEMO_AREAS: Area[] = [
  { code: 'honmachi', name: { ja: '本町', en: 'Honmachi' } },
  { code: 'minatomachi', name: { ja: '港町', en: 'Minatomachi' } },
  { code: 'midorigaoka', name: { ja: '緑ケ丘', en: 'Midorigaoka' } },
  { code: 'shiomidai', name: { ja: '汐見台', en: 'Shiomidai' } },
  { code: 'shinden', name: { ja: '新田', en: 'Shinden' } },
  { code: 'yamate', name: { ja: '山手', en: 'Yamate' } },
];

/** Idempotent: existing areas are left as they are. */
export async function seedAreas(tx: Queryable, tenant: string, areas: Area[] = DEMO_AREAS): Promise<void> {
  let sort = 0;
  for (const a of areas)
    await tx.query('INSERT INTO notify_areas (tenant_id, code, name_ja, name_en, sort) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [tenant, a.code, a.name.ja, a.name.en, (sort += 10)]);
}

/** The demo municipality's areas (see seed/demo.ts). */
export async function seedDemoNotify(deps: { db: Db }, tenant: string): Promise<void> {
  await withTenant(deps.db, tenant, (tx) => seedAreas(tx, tenant));
}
