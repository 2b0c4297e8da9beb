/**
 * @module helpers/capture/mask
 * What a capture may say: every text goes through the test's redactor, then loses anything that
 * looks like an email address, a TOTP secret or a recovery code even if nobody registered it;
 * log event values become their kind (`<string>`), except a few Auth0 enums worth comparing.
 */

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** Base32 runs of 16+ (TOTP secrets) and 24-character alphanumerics (recovery codes). */
const SECRET_SHAPED = /\b(?:[A-Z2-7]{16,}|[A-Z0-9]{24})\b/g;
const MAX_TEXT = 300;

/** Masks a text shown on a page: `redact` (the test's redactor), emails, secret-shaped runs. */
export function maskText(text: string, redact: (t: string) => string): string {
  return redact(text.replace(/\s+/g, ' ').trim())
    .replace(EMAIL, '[email]')
    .replace(SECRET_SHAPED, '[secret-shaped]')
    .slice(0, MAX_TEXT);
}

/**
 * Log fields whose values are Auth0 enums, not user data, kept (masked) because they answer
 * open questions (live-fidelity L2: which authenticator a `gd_*` event names).
 */
const KEPT_VALUES = new Set([
  'details.authenticator.type',
  'strategy',
  'strategy_type',
  'details.prompts[].name',
]);

/**
 * The field paths of a log event with masked values: `{ "details.prompts[].name": "mfa",
 * "user_id": "<string>" }`. Arrays are `path[]`; an empty array or object is its own entry.
 */
export function logFields(
  event: Record<string, unknown>,
  redact: (t: string) => string,
): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      const p = `${path}[]`;
      out[p] ??= '<array>';
      for (const v of value) if (v !== null && typeof v === 'object') walk(v, p);
      for (const v of value) if (v === null || typeof v !== 'object') leaf(v, p);
      return;
    }
    if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      if (entries.length === 0 && path) out[path] = '<object>';
      for (const [k, v] of entries) walk(v, path ? `${path}.${k}` : k);
      return;
    }
    leaf(value, path);
  };
  const leaf = (value: unknown, path: string): void => {
    if (KEPT_VALUES.has(path) && typeof value === 'string') {
      out[path] = maskText(value, redact);
    } else if (!(path in out) || out[path] === '<array>') {
      out[path] = value === null ? '<null>' : `<${typeof value}>`;
    }
  };
  walk(event, '');
  return out;
}

/** JSON with object keys sorted at every level, so that two captures diff line by line. */
export function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}
