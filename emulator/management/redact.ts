/**
 * @module emulator/management/redact
 * What may be written into a log: request and response bodies with passwords and secret
 * values replaced (reports leave the company in support tickets; design.md "Allure").
 */

const SECRET_KEYS = new Set(['password', 'client_secret', 'secret', 'value']);

/** Deep copy with secret-bearing keys replaced by `[REDACTED]`. `value` only inside `secrets`. */
export function redact(input: unknown, inSecrets = false): unknown {
  if (Array.isArray(input)) return input.map((v) => redact(v, inSecrets));
  if (!input || typeof input !== 'object') return input;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    const secret = SECRET_KEYS.has(key) && (key !== 'value' || inSecrets);
    const v = secret
      ? '[REDACTED]'
      : redact(value, key === 'secrets' || (inSecrets && Array.isArray(value)));
    Object.defineProperty(out, key, {
      value: v,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
