/**
 * Storage for the development identity provider's short-lived artefacts (interactions, sessions,
 * grants, codes, tokens), kept in process memory. Acceptable only because the provider exists for
 * development and tests: a restart forgets sign-ins in progress, and a second app server would not
 * see them. The national sign-in this stands in for is an external service.
 */
import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  expiresAt: number;
}

/** Models whose records belong to a grant and are revoked with it. */
const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);
const MAX_ENTRIES = 10_000;

export class MemoryStore {
  private readonly entries = new Map<string, Entry>();
  private readonly grants = new Map<string, Set<string>>();
  private readonly index = new Map<string, string>();

  get(key: string): AdapterPayload | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.payload;
  }

  set(key: string, payload: AdapterPayload, expiresInSeconds: number | undefined): void {
    if (this.entries.size >= MAX_ENTRIES) this.sweep();
    this.entries.delete(key);
    this.entries.set(key, { payload, expiresAt: expiresInSeconds ? Date.now() + expiresInSeconds * 1000 : Number.POSITIVE_INFINITY });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  addToGrant(grantId: string, key: string): void {
    let keys = this.grants.get(grantId);
    if (!keys) this.grants.set(grantId, (keys = new Set()));
    keys.add(key);
  }

  revokeGrant(grantId: string): void {
    for (const key of this.grants.get(grantId) ?? []) this.entries.delete(key);
    this.grants.delete(grantId);
  }

  setIndex(name: string, id: string): void {
    this.index.set(name, id);
  }

  lookup(name: string): string | undefined {
    return this.index.get(name);
  }

  /** Drops expired entries, then the oldest ones if the store is still full. */
  private sweep(): void {
    const now = Date.now();
    for (const [key, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(key);
    for (const key of this.entries.keys()) {
      if (this.entries.size < MAX_ENTRIES * 0.9) break;
      this.entries.delete(key);
    }
    for (const [grantId, keys] of this.grants) {
      for (const key of keys) if (!this.entries.has(key)) keys.delete(key);
      if (!keys.size) this.grants.delete(grantId);
    }
    for (const [name, id] of this.index) if (!this.entries.has(id)) this.index.delete(name);
  }
}

export class MemoryAdapter implements Adapter {
  constructor(
    private readonly model: string,
    private readonly store: MemoryStore,
  ) {}

  private key(id: string): string {
    return `${this.model}:${id}`;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const key = this.key(id);
    this.store.set(key, payload, expiresIn);
    if (GRANTABLE.has(this.model) && payload.grantId) this.store.addToGrant(payload.grantId, key);
    if (this.model === 'Session' && payload.uid) this.store.setIndex(`sessionUid:${payload.uid}`, key);
    if (payload.userCode) this.store.setIndex(`userCode:${payload.userCode}`, key);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.store.get(this.key(id));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const key = this.store.lookup(`sessionUid:${uid}`);
    return key ? this.store.get(key) : undefined;
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const key = this.store.lookup(`userCode:${userCode}`);
    return key ? this.store.get(key) : undefined;
  }

  async consume(id: string): Promise<void> {
    const payload = this.store.get(this.key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.store.delete(this.key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    this.store.revokeGrant(grantId);
  }
}
