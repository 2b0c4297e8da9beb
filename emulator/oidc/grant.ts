/**
 * @module emulator/oidc/grant
 * First-party consent: Auth0 never shows a consent screen to its tenant's own applications
 * ("Consent is skipped for first-party applications",
 * https://auth0.com/docs/get-started/applications/confidential-and-public-applications/user-consent-and-third-party-applications),
 * so every authorization request is granted what it asked for. Each transaction gets a fresh
 * grant, which carries that transaction's custom claims (transaction-claims.ts).
 */
import type { Grant, KoaContextWithOIDC } from 'oidc-provider';
import { bindTransactionClaims } from './transaction-claims.ts';

/** The OIDC scopes a first-party application is granted without asking. */
export const FIRST_PARTY_SCOPES = 'openid profile email offline_access';

/** oidc-provider `loadExistingGrant`. */
export async function loadExistingGrant(ctx: KoaContextWithOIDC): Promise<Grant | undefined> {
  const { oidc } = ctx;
  if (!oidc.account || !oidc.client) return undefined;
  const grant = new oidc.provider.Grant({
    accountId: oidc.account.accountId,
    clientId: oidc.client.clientId,
  });
  grant.addOIDCScope(FIRST_PARTY_SCOPES);
  const claims = [...oidc.requestParamClaims];
  if (claims.length > 0) grant.addOIDCClaims(claims);
  for (const [resource, server] of Object.entries(oidc.resourceServers ?? {})) {
    grant.addResourceScope(resource, server.scope);
  }
  await grant.save();
  // On `/authorize/:uid` (resume) the interaction that just finished is known.
  const uid = oidc.entities.Interaction?.uid;
  if (uid !== undefined) bindTransactionClaims(oidc.provider, uid, grant.jti);
  return grant;
}
