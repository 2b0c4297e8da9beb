/**
 * @module emulator/management/redact
 * What may be written into a log: request and response bodies with passwords and secret
 * values replaced (reports leave the company in support tickets; design.md "Allure").
 * Iterative and depth-bounded: a log line is built from anything a client sent, and a deep
 * value must cost a loop, never the call stack (reliability audit §6: a 100k-deep body used to
 * overflow here after the write it logged had been committed).
 */

const SECRET_KEYS = new Set(['password', 'client_secret', 'secret', 'value']);

/** Levels copied into a log; anything deeper is replaced by `TRUNCATED`. */
export const REDACT_MAX_DEPTH = 32;
export const TRUNCATED = '[TRUNCATED]';

interface Frame {
  from: unknown;
  /** Sets the copy in its parent. */
  put: (v: unknown) => void;
  depth: number;
  inSecrets: boolean;
}

/** Writes a property as plain data: a key named `__proto__` stays a key, never a prototype. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/**
 * Deep copy with secret-bearing keys replaced by `[REDACTED]` (`value` only inside `secrets`),
 * and levels beyond `maxDepth` replaced by `[TRUNCATED]`.
 */
export function redact(input: unknown, inSecrets = false, maxDepth = REDACT_MAX_DEPTH): unknown {
  let result: unknown;
  const stack: Frame[] = [{ from: input, put: (v) => (result = v), depth: 1, inSecrets }];
  while (stack.length > 0) {
    const { from, put, depth, inSecrets: secrets } = stack.pop() as Frame;
    if (from === null || typeof from !== 'object') {
      put(from);
      continue;
    }
    if (depth > maxDepth) {
      put(TRUNCATED);
      continue;
    }
    if (Array.isArray(from)) {
      const out: unknown[] = new Array<unknown>(from.length);
      put(out);
      from.forEach((item, i) =>
        stack.push({ from: item, put: (v) => (out[i] = v), depth: depth + 1, inSecrets: secrets }),
      );
      continue;
    }
    const out: Record<string, unknown> = {};
    put(out);
    for (const [key, value] of Object.entries(from as Record<string, unknown>)) {
      if (SECRET_KEYS.has(key) && (key !== 'value' || secrets)) {
        define(out, key, '[REDACTED]');
        continue;
      }
      define(out, key, undefined);
      stack.push({
        from: value,
        put: (v) => define(out, key, v),
        depth: depth + 1,
        inSecrets: key === 'secrets' || (secrets && Array.isArray(value)),
      });
    }
  }
  return result;
}
