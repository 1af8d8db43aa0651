/** An API token for tests, as an Authorization header value: the municipality's token with these scopes, valid a day. */
import { createApiToken } from '../../src/modules/api/index.ts';
import { withTenant } from '../../src/platform/tenancy/index.ts';
import type { TestPlatform } from './platform.ts';

/** No staff member issued it (an administrator would, in the product); the audit log shows the token itself as actor. */
const NOBODY = '00000000-0000-4000-8000-000000000000';

export async function bearerToken(p: TestPlatform, tenantCode: string, scopes: string[], name = '基幹系'): Promise<string> {
  const { token } = await withTenant(p.deps.db, tenantCode, (tx) => createApiToken(tx, tenantCode, { name, scopes, expiresInDays: 1, createdBy: NOBODY }));
  return `Bearer ${token}`;
}
