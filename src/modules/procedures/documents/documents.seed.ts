/** The demo municipality's issuing authority for notices (a fictional mayor), set once: later changes by staff stay. */
import type { Deps } from '../../../platform/http/index.ts';
import { withTenant } from '../../../platform/tenancy/index.ts';

export async function seedDemoDocumentIssuer(deps: Pick<Deps, 'db'>, tenantCode: string): Promise<void> {
  await withTenant(deps.db, tenantCode, (tx) =>
    tx.query(
      `INSERT INTO document_issuers (tenant_id, mayor_title_ja, mayor_title_en, mayor_name_ja, mayor_name_en)
       VALUES ($1, 'みなと野市長', 'Mayor of Minatono City', '港野 一郎', 'Ichiro Minatono') ON CONFLICT (tenant_id) DO NOTHING`,
      [tenantCode],
    ),
  );
}
