/**
 * @module emulator/actions/cache
 * A minimal `api.cache` store, one per Action (post-login v3 `CacheAPI`): string values, a
 * default lifetime of 15 minutes, `ttl` and `expires_at` where the earlier expiry wins. Auth0's
 * size and count limits (https://auth0.com/docs/customize/actions/limitations) are not emulated.
 */
import type { CacheDeleteResult, CacheRecord, CacheWriteResult } from './types.ts';

/** "If no lifetime is specified, a default of lifetime of 15 minutes will be used." */
export const DEFAULT_CACHE_TTL_MS = 15 * 60 * 1000;

/** What `api.cache` needs of a store: `ActionCache`, or a proxy to one in another thread. */
export type CacheStore = Pick<ActionCache, 'get' | 'set' | 'delete'>;

export class ActionCache {
  private readonly records = new Map<string, CacheRecord>();

  /** @param now Clock seam; defaults to the system clock. */
  constructor(private readonly now: () => Date = () => new Date()) {}

  get(key: string): CacheRecord | undefined {
    const record = this.records.get(key);
    if (!record) return undefined;
    if (record.expires_at <= this.now().getTime()) {
      this.records.delete(key);
      return undefined;
    }
    return { ...record };
  }

  set(
    key: string,
    value: string,
    options: { ttl?: number; expires_at?: number } = {},
  ): CacheWriteResult {
    const now = this.now().getTime();
    const candidates = [
      options.ttl !== undefined ? now + options.ttl : undefined,
      options.expires_at,
    ].filter((t): t is number => t !== undefined);
    if (candidates.some((t) => !Number.isFinite(t)))
      return { type: 'error', code: 'InvalidExpiry' };
    const expires_at = candidates.length ? Math.min(...candidates) : now + DEFAULT_CACHE_TTL_MS;
    if (expires_at <= now) return { type: 'error', code: 'ItemAlreadyExpired' };
    const record = { value, expires_at };
    this.records.set(key, record);
    return { type: 'success', record: { ...record } };
  }

  delete(key: string): CacheDeleteResult {
    return this.records.delete(key)
      ? { type: 'success' }
      : { type: 'error', code: 'CacheKeyDoesNotExist' };
  }
}
