/**
 * @module emulator/management/auth
 * Bearer authentication and scope checks for /api/v2: "Bearer JWT … A missing scope gives
 * 403" (https://auth0.com/docs/api/management/v2). Tokens are the emulator's own
 * client-credentials tokens, verified by the OIDC part.
 */
import type { EmulatorContext } from '../context.ts';
import { forbidden, unauthorized } from '../http/errors.ts';
import { ManagementTokenError, verifyManagementToken } from '../oidc/management-token.ts';

/** Who is calling: the M2M application behind the token and its granted scopes. */
export interface Principal {
  clientId: string;
  clientName: string;
  scopes: readonly string[];
}

/** Verification seam (tests may swap it); the default is the OIDC part's verifier. */
export const tokenVerifier: {
  verify: (
    context: EmulatorContext,
    bearer: string,
  ) => Promise<{ clientId: string; scopes: string[] }>;
} = { verify: verifyManagementToken };

/**
 * Authenticates an `Authorization` header value.
 * @throws 401 `Missing authentication` / `Bad HTTP authentication header format` / the verifier's reason.
 */
export async function authenticate(
  context: EmulatorContext,
  header: string | undefined,
): Promise<Principal> {
  if (!header) throw unauthorized('Missing authentication');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthorized('Bad HTTP authentication header format');
  let verified: { clientId: string; scopes: string[] };
  try {
    verified = await tokenVerifier.verify(context, match[1] as string);
  } catch (err) {
    // The verifier's texts are Auth0's (e.g. "Expired token received for JSON Web Token validation").
    throw unauthorized(err instanceof ManagementTokenError ? err.message : 'Invalid token');
  }
  const client = context.tenant.clients.get(verified.clientId);
  return {
    clientId: verified.clientId,
    clientName: client?.name ?? verified.clientId,
    scopes: verified.scopes,
  };
}

/** @throws 403 `insufficient_scope` unless the principal holds at least one of `anyOf`. */
export function requireScope(principal: Principal, anyOf: readonly string[]): void {
  if (anyOf.length === 0 || anyOf.some((s) => principal.scopes.includes(s))) return;
  throw forbidden(`Insufficient scope, expected any of: ${anyOf.join(',')}`);
}
