/**
 * @module emulator/oidc/clients
 * An Auth0 application (`ClientRecord`) as oidc-provider client metadata (RFC 7591 §2), so
 * that the OIDC layer honours what the application's record says, read live at each request:
 * - `callbacks`: the only redirect URIs (exact match; Auth0's subdomain wildcards are not
 *   modelled, the stricter choice);
 * - `grant_types`: a grant the record does not list is refused ("Grant type … not allowed for
 *   the client", https://auth0.com/docs/applications/update-grant-types). The emulated tenant
 *   implements `authorization_code`, `implicit` (the ID token only, `response_type=id_token`,
 *   the default of Auth0's express-openid-connect), `refresh_token` and `client_credentials`;
 *   the others (`password`, …) are not offered at all;
 * - `response_types`: `code` with `authorization_code`, `id_token` with `implicit`, and
 *   `code id_token` with both (a response type with `token` is not offered: the stricter choice);
 * - `token_endpoint_auth_method`: `none` is a public client (no secret, PKCE, and no client
 *   credentials: RFC 6749 §4.4); `client_secret_post` / `client_secret_basic` are honoured
 *   exactly (oidc-provider accepts only the registered method);
 * - `jwt_configuration`: the ID token's `alg` (RS256 with the tenant key, HS256 with the client
 *   secret; PS256 and RS512 are refused) and its lifetime (`lifetime_in_seconds`, provider.ts);
 * - `refresh_token.rotation_type` and lifetimes (provider.ts);
 * - `allowed_logout_urls`: the `post_logout_redirect_uri`s of `/oidc/logout`;
 * - `allowed_origins`, `web_origins` and the callbacks' origins: the CORS origins ("By default,
 *   all your callback URLs will be allowed", `allowed_origins` in Auth0's client schema).
 */
import type { ClientMetadata, ResponseType } from 'oidc-provider';
import type { ClientRecord } from '../tenant/clients.ts';

/** Grant types the emulated tenant implements (Auth0 Dashboard › Application › Grant Types). */
const SUPPORTED_GRANTS = new Set([
  'authorization_code',
  'implicit',
  'refresh_token',
  'client_credentials',
]);

/** The response types an application's grants allow (see the module comment). */
function responseTypesOf(grantTypes: string[]): ResponseType[] {
  const code = grantTypes.includes('authorization_code');
  const implicit = grantTypes.includes('implicit');
  const types: ResponseType[] = [];
  if (code) types.push('code');
  if (implicit) types.push('id_token');
  if (code && implicit) types.push('code id_token');
  return types;
}

/**
 * ID token algorithms the emulated tenant signs with. Auth0 also offers PS256 and RS512; the
 * tenant's one key is an RS256 key, so an application set to those is refused as invalid
 * client metadata instead of being served a token of another algorithm.
 */
export const ID_TOKEN_ALGORITHMS: ('HS256' | 'RS256')[] = ['HS256', 'RS256'];

export function toClientMetadata(record: ClientRecord): ClientMetadata {
  const isPublic = record.token_endpoint_auth_method === 'none';
  const grantTypes = record.grant_types.filter(
    (g) => SUPPORTED_GRANTS.has(g) && !(isPublic && g === 'client_credentials'),
  );
  // No callback: no redirect-based flow at all (Auth0 answers /authorize with its callback
  // mismatch); the application's other grants still work (oidc-provider would otherwise refuse
  // the whole metadata: "redirect_uris must contain members").
  const redirectGrants: string[] = grantTypes.filter(
    (g) => g === 'authorization_code' || g === 'implicit',
  );
  const interactive =
    record.app_type !== 'non_interactive' &&
    redirectGrants.length > 0 &&
    record.callbacks.length > 0;
  return {
    client_id: record.client_id,
    ...(isPublic ? {} : { client_secret: record.client_secret }),
    client_name: record.name,
    // Native applications may use custom-scheme callbacks (OIDC Registration §2).
    application_type: record.app_type === 'native' ? 'native' : 'web',
    // oidc-provider ties `authorization_code` and `implicit` to response types and redirect URIs.
    grant_types: interactive ? grantTypes : grantTypes.filter((g) => !redirectGrants.includes(g)),
    response_types: interactive ? responseTypesOf(grantTypes) : [],
    redirect_uris: interactive ? [...record.callbacks] : [],
    post_logout_redirect_uris: record.allowed_logout_urls.filter(isWebUrl),
    token_endpoint_auth_method: record.token_endpoint_auth_method,
    id_token_signed_response_alg: record.jwt_configuration.alg,
  };
}

function isWebUrl(url: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** The origins a browser application may call the tenant from (CORS). */
export function corsOrigins(record: ClientRecord): Set<string> {
  const origins = new Set<string>();
  for (const url of [...record.allowed_origins, ...record.web_origins, ...record.callbacks]) {
    try {
      origins.add(new URL(url).origin);
    } catch {
      // Not a URL (a custom scheme, a wildcard Auth0 expands): no exact origin to allow.
    }
  }
  return origins;
}
