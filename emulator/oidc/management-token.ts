/**
 * @module emulator/oidc/management-token
 * Verification of Management API v2 bearer tokens (RFC 6750 §2.1): RS256 signature by the
 * tenant's key, issuer, audience `https://{domain}/api/v2/`, expiry. Failure messages are the
 * texts the Management API returns in its 401 body (auth0-behaviour.md §3.4; exact wording
 * unconfirmed except where noted).
 */
import {
  decodeJwt,
  errors as joseErrors,
  importJWK,
  jwtVerify,
  type CryptoKey,
  type KeyObject,
} from 'jose';
import type { EmulatorContext } from '../context.ts';

export type ManagementTokenErrorReason =
  'malformed' | 'bad_signature' | 'expired' | 'not_yet_valid' | 'wrong_issuer' | 'wrong_audience';

/** Why a Management API token was refused. `reason` is for code; `message` is Auth0's text. */
export class ManagementTokenError extends Error {
  override name = 'ManagementTokenError';
  constructor(
    readonly reason: ManagementTokenErrorReason,
    message: string,
  ) {
    super(message);
  }
}

export interface ManagementTokenGrant {
  /** The application the token was issued to (`azp`, else `sub` without `@clients`). */
  clientId: string;
  /** The token's `scope`, split on spaces. */
  scopes: string[];
}

const keys = new WeakMap<EmulatorContext, Promise<CryptoKey | KeyObject | Uint8Array>>();

function publicKey(context: EmulatorContext) {
  let key = keys.get(context);
  if (!key) {
    key = importJWK(context.keys.publicJwk, 'RS256');
    keys.set(context, key);
  }
  return key;
}

function audienceOf(token: string): string {
  try {
    const { aud } = decodeJwt(token);
    return Array.isArray(aud) ? aud.join(' ') : (aud ?? '');
  } catch {
    return '';
  }
}

function fail(reason: ManagementTokenErrorReason, message: string): never {
  throw new ManagementTokenError(reason, message);
}

/**
 * Verifies a Management API access token.
 * @param bearer The token, or the whole `Authorization` header value (`Bearer eyJ…`).
 * @throws ManagementTokenError with the reason the token is unusable.
 */
export async function verifyManagementToken(
  context: EmulatorContext,
  bearer: string,
): Promise<ManagementTokenGrant> {
  const token = bearer.replace(/^bearer\s+/i, '').trim();
  if (token.split('.').length !== 3) fail('malformed', 'Invalid token');
  let payload;
  try {
    ({ payload } = await jwtVerify(token, await publicKey(context), {
      algorithms: ['RS256'],
      issuer: context.issuer,
      audience: context.managementAudience,
    }));
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) {
      // Observed Auth0 text for an expired Management API token.
      fail('expired', 'Expired token received for JSON Web Token validation');
    }
    if (err instanceof joseErrors.JWSSignatureVerificationFailed)
      fail('bad_signature', 'Invalid signature');
    if (err instanceof joseErrors.JWTClaimValidationFailed) {
      if (err.claim === 'aud') fail('wrong_audience', `Bad audience: ${audienceOf(token)}`);
      if (err.claim === 'iss') fail('wrong_issuer', 'Bad issuer');
      if (err.claim === 'nbf' || err.claim === 'iat') fail('not_yet_valid', 'Invalid token');
    }
    fail('malformed', 'Invalid token');
  }
  const azp = typeof payload.azp === 'string' ? payload.azp : undefined;
  const sub = typeof payload.sub === 'string' ? payload.sub.replace(/@clients$/, '') : undefined;
  const clientId = azp ?? sub;
  if (!clientId) fail('malformed', 'Invalid token');
  const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
  return { clientId, scopes };
}
