/**
 * @module emulator/actions/call-hook
 * A hook after every call of an API object's methods, for `api.ts` to tell its execution that
 * something may have been recorded (`PostLoginApiInput.onCall`).
 */

/**
 * Replaces each method of `part` by one that calls `after` once the method returned or threw.
 * In place, before freezing, so that chained calls (methods return `api`) go through it too;
 * `name` and `length` stay those of the original method.
 */
export function notifyAfterEachCall(part: Record<string, unknown>, after: () => void): void {
  for (const [key, value] of Object.entries(part)) {
    if (typeof value !== 'function') continue;
    const method = value as (...args: unknown[]) => unknown;
    const wrapped = function (this: unknown, ...args: unknown[]) {
      try {
        return method.apply(this, args);
      } finally {
        after();
      }
    };
    Object.defineProperty(wrapped, 'name', { value: method.name });
    Object.defineProperty(wrapped, 'length', { value: method.length });
    part[key] = wrapped;
  }
}
