/**
 * @module emulator/oidc/resource-server
 * Auth0 APIs as RFC 8707 resource servers. Auth0 names the API with `audience`
 * (https://auth0.com/docs/get-started/authentication-and-authorization-flow/client-credentials-flow/call-your-api-using-the-client-credentials-flow);
 * oidc-provider calls it `resource`. The only API of the emulated tenant is the Management API
 * (`https://{domain}/api/v2/`), which issues RS256 JWT access tokens valid 24 hours and grants a
 * client exactly the scopes of its client grant (auth0-behaviour.md §3.1).
 */
import { errors, type Client, type KoaContextWithOIDC, type ResourceServer } from 'oidc-provider';
import type { EmulatorContext } from '../context.ts';

/** Auth0's default token lifetime for an API ("Token Expiration", 86400 s). */
export const API_ACCESS_TOKEN_TTL = 86_400;

/** An `access_denied` error with an HTTP status other than oidc-provider's 400. */
export function accessDenied(
  status: 401 | 403,
  description: string,
): InstanceType<typeof errors.AccessDenied> {
  const err = new errors.AccessDenied(description);
  Object.assign(err, { status, statusCode: status });
  return err;
}

function isClientCredentials(ctx: KoaContextWithOIDC): boolean {
  return ctx.oidc.route === 'token' && ctx.oidc.params?.grant_type === 'client_credentials';
}

/**
 * `features.resourceIndicators.defaultResource`: on the token endpoint, Auth0's `audience`
 * form parameter is the resource indicator. Client credentials without one fail as on a tenant
 * without a default audience.
 */
export function defaultResource(ctx: KoaContextWithOIDC): string | undefined {
  if (!isClientCredentials(ctx)) return undefined;
  const audience = ctx.oidc.body?.audience;
  if (typeof audience === 'string' && audience !== '') return audience;
  // Text as Auth0 returns it (unconfirmed: from Auth0 community threads, not the docs).
  throw accessDenied(
    403,
    'No audience parameter was provided, and no default audience has been configured',
  );
}

/** `features.resourceIndicators.getResourceServerInfo` for the tenant's APIs. */
export function getResourceServerInfo(context: EmulatorContext) {
  return (ctx: KoaContextWithOIDC, resource: string, client: Client): ResourceServer => {
    if (resource !== context.managementAudience) {
      throw accessDenied(403, `Service not enabled within domain: ${resource}`);
    }
    const granted = context.tenant.clients.get(client.clientId)?.mgmtScopes ?? [];
    if (granted.length === 0) {
      throw accessDenied(
        403,
        `Client is not authorized to access "${resource}". You need to create a "client-grant" associated to this API. ` +
          'See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants',
      );
    }
    // Auth0: a client-credentials request without `scope` gets every scope of the client grant;
    // with `scope`, oidc-provider grants the intersection with `scope` below.
    const params = ctx.oidc.params;
    if (params && isClientCredentials(ctx) && !params.scope) params.scope = granted.join(' ');
    return {
      scope: granted.join(' '),
      audience: resource,
      accessTokenTTL: API_ACCESS_TOKEN_TTL,
      accessTokenFormat: 'jwt',
      jwt: { sign: { alg: 'RS256' } },
    };
  };
}
