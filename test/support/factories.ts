/**
 * Factories: each builds what a test needs with sensible defaults, creating missing parents.
 * Every test makes its own municipality, so tests never see each other's data.
 */
import crypto from 'node:crypto';
import { municipalityCheckDigit, upsertTenant, type Tenant } from '../../src/platform/tenancy/index.ts';
import { TestClient } from './client.ts';
import type { TestPlatform } from './platform.ts';

const used = new Set<string>();

/** A random code in the unassigned prefecture range 99 with a valid check digit. */
export function randomMunicipalityCode(): string {
  for (;;) {
    const body = `99${String(crypto.randomInt(0, 1000)).padStart(3, '0')}`;
    const code = `${body}${municipalityCheckDigit(body)}`;
    if (!used.has(code)) {
      used.add(code);
      return code;
    }
  }
}

export interface TestTenant extends Tenant {
  /** A client that talks to this municipality (by Host header) with its own cookie jar. */
  client(): TestClient;
}

export async function buildTenant(p: TestPlatform, overrides: Partial<Tenant> = {}): Promise<TestTenant> {
  const code = overrides.code ?? randomMunicipalityCode();
  const host = `m${code}.test`;
  const tenant = await upsertTenant(p.deps.db, p.deps.keyring, {
    code,
    nameJa: overrides.nameJa ?? `テスト市${code}`,
    nameEn: overrides.nameEn ?? `Test City ${code}`,
    origin: overrides.origin ?? p.url,
    hosts: overrides.hosts ?? [host],
  });
  return { ...tenant, client: () => new TestClient(p.url, tenant.hosts[0]!) };
}
