/**
 * @module emulator/oidc/revocation
 * Auth0's face on `POST /oauth/revoke` (https://auth0.com/docs/api/authentication#revoke-refresh-token):
 * `200` with an empty body when "the Refresh Token is revoked, does not exist, or was not issued
 * to the client making the revocation request"; `400 invalid_request` without `token`; `401
 * invalid_client` for wrong client credentials (oidc-provider's answers, kept). oidc-provider
 * answers a token of another application with `400 "this token does not belong to you"`: it is
 * answered 200 here and the token stays valid, as Auth0 documents. JSON bodies are taken
 * (token-json-body.ts), as Auth0's examples send them.
 *
 * Revoking a refresh token revokes its grant: the refresh tokens of its family (rotation) and,
 * unlike Auth0, the grant's opaque access tokens too (oidc-provider revokes by grant; Auth0's
 * access tokens stay valid until they expire). The stricter choice: an application that keeps
 * using an access token after revoking its refresh token fails here first.
 */
import type { Context, Middleware, Next } from 'koa';

export const REVOCATION_PATH = '/oauth/revoke';

/** Middleware around oidc-provider's revocation endpoint; register with `provider.use()`. */
export function auth0Revocation(): Middleware {
  return async (ctx: Context, next: Next): Promise<void> => {
    await next();
    if (ctx.method !== 'POST' || ctx.path !== REVOCATION_PATH || ctx.status !== 400) return;
    const body = ctx.body as { error?: unknown; error_description?: unknown } | undefined;
    if (
      body?.error === 'invalid_request' &&
      body.error_description === 'this token does not belong to you'
    ) {
      ctx.status = 200;
      ctx.body = '';
    }
  };
}
