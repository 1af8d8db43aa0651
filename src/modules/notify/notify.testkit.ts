/** Shared by the module's tests and the benchmark: a test municipality with areas, a broadcast input. */
import type { Keyring } from '../../platform/crypto/index.ts';
import type { Db } from '../../platform/db/index.ts';
import { withTenant, type Tenant } from '../../platform/tenancy/index.ts';
import { seedAreas } from './areas.ts';
import { broadcast } from './broadcast.service.ts';
import type { BroadcastInput } from './model.ts';
import { subscribeEmail } from './subscriptions.service.ts';

let n = 0;
export function alertInput(tenant: string, overrides: Partial<BroadcastInput> = {}): BroadcastInput {
  n += 1;
  return {
    tenant,
    source: { kind: 'alert', id: `alert-${Date.now()}-${n}`, revision: 1 },
    topic: 'bousai',
    areas: null,
    urgent: true,
    status: 'actual',
    title: { ja: '避難指示（本町）', easy: 'にげてください（ほんまち）', en: 'Evacuation order (Honmachi)' },
    body: { ja: '本町に避難指示を発令しました。', easy: 'ほんまちの ひとは にげてください。', en: 'An evacuation order was issued for Honmachi.' },
    url: 'https://minatono.example.jp/alerts/1',
    ...overrides,
  };
}

export function sendBroadcast(db: Db, input: BroadcastInput) {
  return withTenant(db, input.tenant, (tx) => broadcast(tx, input));
}

export function seedTestAreas(db: Db, tenant: string) {
  return withTenant(db, tenant, (tx) => seedAreas(tx, tenant));
}

/**
 * An active e-mail subscription to 防災 for the whole municipality, as if its owner had confirmed
 * it (for tests that are not about confirming); the confirmation mail job is dropped. Returns its id.
 */
export function activeEmailSubscription(deps: { db: Db; keyring: Keyring }, t: Tenant, email: string): Promise<string> {
  return withTenant(deps.db, t.code, async (tx) => {
    const cipher = await deps.keyring.forTenant(tx, t.code);
    await subscribeEmail(tx, cipher, t, { email, prefs: { topics: ['bousai'], areas: [], language: 'ja' } });
    const [row] = await tx.query<{ id: string }>("UPDATE notify_subscriptions SET state = 'active' WHERE tenant_id = $1 AND state = 'pending' RETURNING id", [t.code]);
    await tx.query("DELETE FROM jobs WHERE tenant_id = $1 AND queue = 'mail.send'", [t.code]);
    return row!.id;
  });
}
