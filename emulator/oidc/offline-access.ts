/**
 * @module emulator/oidc/offline-access
 * `offline_access` as Auth0 grants it: an `/authorize` request with `scope=… offline_access`
 * (and a code response type) gets a refresh token when the application may use the
 * `refresh_token` grant — no `prompt=consent` needed
 * (https://auth0.com/docs/secure/tokens/refresh-tokens/get-refresh-tokens: "include the
 * offline_access scope when you initiate an authentication request through the /authorize
 * endpoint"). oidc-provider follows OIDC Core §11 instead and drops `offline_access` unless
 * `prompt` contains `consent`; this puts it back, on the conditions oidc-provider checks
 * otherwise (code response type, grant allowed). It runs as an `extraParams` validator, the
 * one hook oidc-provider calls after its scope check and before the request is saved.
 */
import type { KoaContextWithOIDC } from 'oidc-provider';

const OFFLINE = 'offline_access';

function requestedScope(ctx: KoaContextWithOIDC): string | undefined {
  const source = ctx.method === 'POST' ? ctx.oidc.body : ctx.query;
  const scope = source?.scope;
  return typeof scope === 'string' ? scope : undefined;
}

/** oidc-provider `extraParams` validator (attached to a parameter every request may carry). */
export async function keepOfflineAccess(ctx: KoaContextWithOIDC): Promise<void> {
  const { params, client } = ctx.oidc;
  if (!client || !params || ctx.oidc.route !== 'authorization') return;
  const asked = (requestedScope(ctx) ?? '').split(' ');
  const scopes = typeof params.scope === 'string' ? params.scope.split(' ') : [];
  const responseType = typeof params.response_type === 'string' ? params.response_type : '';
  if (
    asked.includes(OFFLINE) &&
    !scopes.includes(OFFLINE) &&
    responseType.split(' ').includes('code') &&
    client.grantTypeAllowed('refresh_token')
  ) {
    params.scope = [...scopes, OFFLINE].join(' ');
  }
  return Promise.resolve();
}
