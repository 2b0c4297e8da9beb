/**
 * @module emulator/actions/worker-cache
 * `api.cache`'s store as seen from an Action's worker thread: a proxy to the Action's
 * `ActionCache`, which stays in the emulator's thread so that it outlives the execution.
 * Arguments coming from the Action are coerced here, in the Action's thread and in the order
 * `ActionCache.set` reads them, so that the store computes exactly what it would with the
 * Action's own values (a `valueOf` runs in the Action's thread, a BigInt throws the same
 * TypeError) while only plain numbers and strings cross the thread boundary.
 */
import type { CacheStore } from './cache.ts';
import type { CacheDeleteResult, CacheRecord, CacheWriteResult } from './types.ts';
import type { HostCall } from './worker-protocol.ts';

export function workerCache(call: (c: HostCall) => unknown): CacheStore {
  return {
    get: (key) => call({ op: 'cache.get', key }) as CacheRecord | undefined,
    set(key, value, options = {}) {
      // `ActionCache.set` computes `now + ttl` and checks `Number.isFinite(expires_at)`.
      // `0 + ttl` performs the same ToPrimitive as `now + ttl`: a number stays that number
      // (`now + n`), anything that becomes a string makes the sum a string (InvalidExpiry).
      const ttl = options.ttl !== undefined ? 0 + options.ttl : undefined;
      const expiresAt = options.expires_at;
      return call({
        op: 'cache.set',
        key,
        value,
        options: {
          ...(ttl !== undefined ? { ttl } : {}),
          // Any non-number fails `Number.isFinite` in the store, as NaN does.
          ...(expiresAt !== undefined
            ? { expires_at: typeof expiresAt === 'number' ? expiresAt : NaN }
            : {}),
        },
      }) as CacheWriteResult;
    },
    delete: (key) => call({ op: 'cache.delete', key }) as CacheDeleteResult,
  };
}
