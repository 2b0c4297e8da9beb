/**
 * @module emulator/oidc/adapter
 * oidc-provider's storage adapter for the emulator: an in-process store owned by one tenant
 * (no module-global state, so several emulators can share a process), plus the `Client` model
 * read live from `tenant.clients`, so Management API changes to an application apply at once.
 * Supplying our own adapter is also what keeps oidc-provider's "development-only in-memory
 * adapter" warning quiet.
 * Contract: https://github.com/panva/node-oidc-provider/blob/v8.x/example/my_adapter.js
 */
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Tenant } from '../tenant/store.ts';
import { toClientMetadata } from './clients.ts';

/** Models whose records are linked to a grant, so `revokeByGrantId` can drop them. */
const GRANTABLE = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
]);

interface Entry {
  payload: AdapterPayload;
  /** epoch ms; `Infinity` when oidc-provider gave no expiry. */
  expiresAt: number;
}

/** The shared state behind every model's adapter of one provider. */
export class AdapterStore {
  readonly records = new Map<string, Entry>();
  readonly sessionByUid = new Map<string, string>();
  readonly userCodes = new Map<string, string>();
  readonly grants = new Map<string, Set<string>>();

  /** Drops expired records; called on writes so the store cannot grow without bound. */
  sweep(now = Date.now()): void {
    for (const [key, entry] of this.records) {
      if (entry.expiresAt <= now) this.records.delete(key);
    }
  }
}

const SWEEP_EVERY = 500;

class TenantAdapter implements Adapter {
  private writes = 0;

  constructor(
    private readonly model: string,
    private readonly store: AdapterStore,
  ) {}

  private key(id: string): string {
    return `${this.model}:${id}`;
  }

  private read(key: string): AdapterPayload | undefined {
    const entry = this.store.records.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.store.records.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const key = this.key(id);
    const expiresAt = expiresIn > 0 ? Date.now() + expiresIn * 1000 : Number.POSITIVE_INFINITY;
    if (this.model === 'Session' && payload.uid) this.store.sessionByUid.set(payload.uid, id);
    if (payload.userCode) this.store.userCodes.set(payload.userCode, id);
    if (GRANTABLE.has(this.model) && payload.grantId) {
      const keys = this.store.grants.get(payload.grantId) ?? new Set<string>();
      keys.add(key);
      this.store.grants.set(payload.grantId, keys);
    }
    this.store.records.set(key, { payload, expiresAt });
    if (++this.writes % SWEEP_EVERY === 0) this.store.sweep();
    return Promise.resolve();
  }

  find(id: string): Promise<AdapterPayload | undefined> {
    return Promise.resolve(this.read(this.key(id)));
  }

  findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const id = this.store.sessionByUid.get(uid);
    return Promise.resolve(id === undefined ? undefined : this.read(this.key(id)));
  }

  findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const id = this.store.userCodes.get(userCode);
    return Promise.resolve(id === undefined ? undefined : this.read(this.key(id)));
  }

  consume(id: string): Promise<void> {
    const payload = this.read(this.key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    return Promise.resolve();
  }

  destroy(id: string): Promise<void> {
    const key = this.key(id);
    const payload = this.read(key);
    if (this.model === 'Session' && payload?.uid) this.store.sessionByUid.delete(payload.uid);
    this.store.records.delete(key);
    return Promise.resolve();
  }

  revokeByGrantId(grantId: string): Promise<void> {
    for (const key of this.store.grants.get(grantId) ?? []) this.store.records.delete(key);
    this.store.grants.delete(grantId);
    return Promise.resolve();
  }
}

/** Read-only `Client` model: applications are whatever the tenant holds right now. */
class TenantClientAdapter implements Adapter {
  constructor(private readonly tenant: Tenant) {}

  find(id: string): Promise<AdapterPayload | undefined> {
    const record = this.tenant.clients.get(id);
    return Promise.resolve(record ? (toClientMetadata(record) as AdapterPayload) : undefined);
  }

  // Dynamic Client Registration is not offered (Auth0 tenants create apps through the
  // Management API), so oidc-provider never writes clients.
  upsert(): Promise<void> {
    return Promise.resolve();
  }
  findByUid(): Promise<undefined> {
    return Promise.resolve(undefined);
  }
  findByUserCode(): Promise<undefined> {
    return Promise.resolve(undefined);
  }
  consume(): Promise<void> {
    return Promise.resolve();
  }
  destroy(): Promise<void> {
    return Promise.resolve();
  }
  revokeByGrantId(): Promise<void> {
    return Promise.resolve();
  }
}

/** oidc-provider `adapter` option: a factory (not a constructor), one adapter per model name. */
export function tenantAdapterFactory(tenant: Tenant, store = new AdapterStore()) {
  return (model: string): Adapter =>
    model === 'Client' ? new TenantClientAdapter(tenant) : new TenantAdapter(model, store);
}
