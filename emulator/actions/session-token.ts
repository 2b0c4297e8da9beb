/**
 * @module emulator/actions/session-token
 * The HS256 session tokens of `api.redirect.encodeToken` / `api.redirect.validateToken`
 * (https://auth0.com/docs/customize/actions/explore-triggers/signup-and-login-triggers/login-trigger/redirect-with-actions,
 * auth0-behaviour.md §1.3): claims `sub`, `iss`, `exp`, `ip` plus the Action's payload, default
 * lifetime 900 s. Both API methods are synchronous in Auth0 (`encodeToken` returns a string), and
 * jose signs only asynchronously, so this is a small RFC 7515/7519 HS256 implementation on
 * node:crypto. The tests verify its tokens with jose.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** A session token that failed validation; the runtime rethrows it inside the Action. */
export class SessionTokenError extends Error {
  override name = 'SessionTokenError';
}

export interface EncodeSessionTokenInput {
  secret: string;
  payload: Record<string, unknown>;
  expiresInSeconds: number;
  /** Defaults the Action's payload may override (unconfirmed which side wins; the payload's does here). */
  sub: string;
  iss: string;
  ip: string;
  now: Date;
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');
const sign = (input: string, secret: string) => createHmac('sha256', secret).update(input).digest();

/** Signs a compact HS256 JWT. `iat` and `exp` always come from the clock, never the payload. */
export function encodeSessionToken(input: EncodeSessionTokenInput): string {
  const iat = Math.floor(input.now.getTime() / 1000);
  const claims = {
    sub: input.sub,
    iss: input.iss,
    ip: input.ip,
    ...input.payload,
    iat,
    exp: iat + input.expiresInSeconds,
  };
  const signingInput = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`;
  return `${signingInput}.${sign(signingInput, input.secret).toString('base64url')}`;
}

/**
 * Checks an HS256 token's shape, algorithm, signature and expiry, and returns its claims.
 *
 * @throws SessionTokenError with an "actual vs expected" message.
 */
export function verifySessionToken(
  token: string,
  secret: string,
  now: Date,
): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3) throw new SessionTokenError('The session token is not a compact JWS');
  const [headerB64, payloadB64, signatureB64] = parts as [string, string, string];
  const header = parseJsonPart(headerB64, 'header');
  if (header.alg !== 'HS256') {
    throw new SessionTokenError(
      `Unexpected session token algorithm "${String(header.alg)}", expected "HS256"`,
    );
  }
  const expected = sign(`${headerB64}.${payloadB64}`, secret);
  const actual = Buffer.from(signatureB64, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw new SessionTokenError('The session token signature is invalid');
  }
  const claims = parseJsonPart(payloadB64, 'payload');
  if (typeof claims.exp !== 'number')
    throw new SessionTokenError('The session token has no "exp" claim');
  if (claims.exp <= Math.floor(now.getTime() / 1000)) {
    throw new SessionTokenError('The session token has expired');
  }
  return claims;
}

function parseJsonPart(part: string, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // fall through
  }
  throw new SessionTokenError(`The session token ${what} is not a JSON object`);
}
