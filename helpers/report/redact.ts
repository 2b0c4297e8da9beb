/**
 * @module helpers/report/redact
 * Everything attached to a report passes through here first: reports leave the company in
 * support tickets (design.md "Allure"), so no password, TOTP secret, client secret, token or
 * `otpauth://` URI may survive.
 */

// The patterns never consume a quote or a backslash, so a replacement inside a JSON string
// (attachments, trace events, HAR: helpers/report/artifact-scrub.ts) keeps the document valid.
const JWT = /eyJ[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*){2,4}/g;
const OTPAUTH_URI = /otpauth(?::|%3A)(?:\/\/|%2F%2F)[^\s"'<>)\\]+/gi;
// OAuth values that are bearer credentials even when they are not JWTs (RFC 6749 §4.1.2, §5.1).
const TOKEN_FIELDS =
  /("?(?:access_token|refresh_token|id_token|code_verifier|client_secret|password)"?\s*[:=]\s*"?)[^"&\s,}\\]+/gi;
const CODE_PARAM = /([?&#]code=)[^&\s"'<>\\]+/g;

/**
 * Replaces known secrets and secret-shaped values in text.
 * @example
 *   const r = new Redactor([env.clientSecret]);
 *   r.add(password, 'password');
 *   attach(r.redact(text));
 */
export type SecretLabel = 'secret' | 'password' | 'totp-secret';

export class Redactor {
  private readonly secrets = new Map<string, string>();
  private readonly originals: { value: string; label: SecretLabel }[] = [];

  /** @param secrets values known at start, e.g. `secretValues(env)`. */
  constructor(secrets: Iterable<string> = []) {
    for (const s of secrets) this.add(s, 'secret');
  }

  /**
   * Registers a secret of this run. TOTP secrets are also registered in the spaced and
   * lowercase forms a page may show.
   */
  add(secret: string, label: SecretLabel = 'secret'): void {
    if (secret.length < 6) return;
    if (!this.secrets.has(secret)) this.originals.push({ value: secret, label });
    this.secrets.set(secret, label);
    if (label === 'totp-secret') {
      for (const v of totpDisplayForms(secret)) this.secrets.set(v, label);
    }
    for (const v of encodedForms(secret)) this.secrets.set(v, label);
  }

  /** The secrets as registered (without their derived forms), e.g. to hand them to a reporter. */
  registered(): { value: string; label: SecretLabel }[] {
    return this.originals.map((o) => ({ ...o }));
  }

  /**
   * Replaces only the registered secrets (every derived form). The replacement contains no
   * quote or backslash, so JSON and HTML stay well-formed.
   */
  redactKnown(text: string): string {
    let out = text;
    const known = [...this.secrets.entries()].sort((a, b) => b[0].length - a[0].length);
    for (const [value, label] of known) out = out.split(value).join(`[REDACTED:${label}]`);
    return out;
  }

  redact(text: string): string {
    return this.redactKnown(text)
      .replace(OTPAUTH_URI, '[REDACTED:otpauth-uri]')
      .replace(JWT, '[REDACTED:jwt]')
      .replace(TOKEN_FIELDS, '$1[REDACTED]')
      .replace(CODE_PARAM, '$1[REDACTED]');
  }

  /** `redact(JSON.stringify(value, null, 2))`. */
  redactJson(value: unknown): string {
    return this.redact(JSON.stringify(value, null, 2));
  }

  /** Whether a text still contains a registered secret (for a final check before attaching). */
  leaks(text: string): boolean {
    for (const value of this.secrets.keys()) if (text.includes(value)) return true;
    return false;
  }
}

/** A TOTP secret as a page may show it: upper- and lowercase, plain and in groups of four. */
export function totpDisplayForms(secret: string): string[] {
  const plain = secret.replace(/\s+/g, '').toUpperCase();
  return [
    plain,
    plain.toLowerCase(),
    plain.replace(/(.{4})(?=.)/g, '$1 '),
    plain.toLowerCase().replace(/(.{4})(?=.)/g, '$1 '),
  ];
}

/** A secret URL-encoded, and form-encoded as in a form POST body. */
export function encodedForms(secret: string): string[] {
  return [
    encodeURIComponent(secret),
    // application/x-www-form-urlencoded (a form POST body) also encodes ! ' ( ) ~.
    new URLSearchParams({ v: secret }).toString().slice(2),
  ];
}
