/**
 * @module emulator/oidc/provider
 * oidc-provider configured as an Auth0 tenant: Auth0's paths, the tenant's applications and
 * users, first-party auto-consent, Universal Login interactions, the Management API as the
 * tenant's API, and Auth0's token endpoint and logout semantics. `app.ts` mounts the result.
 *
 * Besides oidc-provider's routes, `createProvider` registers (with `provider.use`, so they run
 * before the emulator's router) the `/oauth/token` adapter (token-endpoint.ts) and
 * `GET /v2/logout` (logout.ts), JSON token requests (token-json-body.ts), Auth0's revocation
 * answers (revocation.ts) and the database-connection endpoints (`/dbconnections/*`,
 * emulator/authentication/).
 */
import { randomBytes } from 'node:crypto';
import Provider, { interactionPolicy, type Configuration } from 'oidc-provider';
import type { EmulatorContext } from '../context.ts';
import { Router } from '../http/router.ts';
import { findAccount, SCOPE_CLAIMS } from './account.ts';
import { auth0AccessTokenProfile } from './access-token.ts';
import { clientSettings } from './client-settings.ts';
import { tenantAdapterFactory } from './adapter.ts';
import { renderError } from './error-page.ts';
import { loadExistingGrant } from './grant.ts';
import { interactionUrl } from './interaction.ts';
import { COOKIE_NAMES, logoutRoutes } from './logout.ts';
import { API_ACCESS_TOKEN_TTL, defaultResource, getResourceServerInfo } from './resource-server.ts';
import { auth0TokenEndpoint, TOKEN_PATH } from './token-endpoint.ts';
import { tokenJsonBody } from './token-json-body.ts';
import { keepOfflineAccess } from './offline-access.ts';
import { checkWebMessageOrigin } from './web-message.ts';
import { logoutSource, OIDC_LOGOUT_PATH, postLogoutSuccessSource } from './oidc-logout.ts';
import { auth0Revocation, REVOCATION_PATH } from './revocation.ts';
import { dbConnectionsRoutes } from '../authentication/dbconnections.ts';
import { extraTokenClaims, installIdTokenClaims } from './transaction-claims.ts';

/** Lifetimes, in seconds, from Auth0's defaults. */
export const TTL = {
  /** Opaque `/userinfo` access token and API tokens: 24 h ("Token Expiration" default). */
  AccessToken: API_ACCESS_TOKEN_TTL,
  ClientCredentials: API_ACCESS_TOKEN_TTL,
  /** Authorization code: single use, short lived (Auth0 value unconfirmed). */
  AuthorizationCode: 60,
  /** ID token: 36000 s ("ID Token Expiration" default). */
  IdToken: 36_000,
  /** Refresh token absolute lifetime: 30 days (Auth0 default). */
  RefreshToken: 2_592_000,
  /** A login transaction (interaction). Auth0 value unconfirmed. */
  Interaction: 3_600,
  /** Session inactivity timeout: 3 days (Auth0 "Inactivity timeout" default). */
  Session: 259_200,
  Grant: 2_592_000,
} as const;

/**
 * The interaction policy: login as oidc-provider defines it (`prompt=login` forces a fresh
 * login, `max_age`, `id_token_hint`), and a consent prompt with no checks: first-party
 * applications are never asked (grant.ts), yet `prompt=consent` stays a valid request.
 */
function auth0Policy() {
  const policy = interactionPolicy.base();
  policy.remove('consent');
  policy.add(new interactionPolicy.Prompt({ name: 'consent', requestable: true }));
  return policy;
}

export function configuration(context: EmulatorContext): Configuration {
  return {
    adapter: tenantAdapterFactory(context.tenant),
    jwks: { keys: [context.keys.privateJwk] },
    // Fresh random keys per start: cookies from another run are rejected as tampered.
    cookies: {
      keys: [randomBytes(32).toString('base64url')],
      names: COOKIE_NAMES,
      // The interaction cookie must reach every Universal Login screen and /continue, not only
      // the first screen's path (oidc-provider's default).
      short: { path: '/', httpOnly: true, sameSite: 'lax' },
      long: { httpOnly: true, sameSite: 'lax' },
    },
    routes: {
      authorization: '/authorize',
      token: TOKEN_PATH,
      userinfo: '/userinfo',
      jwks: '/.well-known/jwks.json',
      end_session: OIDC_LOGOUT_PATH,
      revocation: REVOCATION_PATH,
    },
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    claims: { ...SCOPE_CLAIMS, sid: null, auth_time: null },
    // Auth0 puts the profile claims in the ID token even when an access token is issued.
    conformIdTokenClaims: false,
    // `screen_hint` carries Auth0's authorization checks (offline-access.ts, web-message.ts):
    // oidc-provider runs every registered validator for every authorization request, the
    // parameter present or not, after its own scope checks.
    extraParams: {
      screen_hint: async (ctx) => {
        checkWebMessageOrigin(context, ctx);
        await keepOfflineAccess(ctx);
      },
      connection: null,
    },
    // Auth0's /authorize also takes `token` response types; the embedded tenant does not (stricter).
    responseTypes: ['code', 'id_token', 'code id_token'],
    pkce: { methods: ['S256'], required: () => true },
    clientDefaults: {
      grant_types: ['authorization_code'],
      id_token_signed_response_alg: 'RS256',
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
    findAccount: findAccount(context.tenant),
    loadExistingGrant,
    // Logging out of Auth0 does not revoke issued tokens.
    expiresWithSession: () => false,
    extraTokenClaims,
    formats: { customizers: { jwt: auth0AccessTokenProfile } },
    interactions: { url: interactionUrl, policy: auth0Policy() },
    renderError,
    ...clientSettings(context, TTL),
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // `/oidc/logout` (oidc-logout.ts); `GET /v2/logout` is Auth0's own (logout.ts).
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      revocation: { enabled: true },
      // Silent authentication of SPAs (web-message.ts).
      webMessageResponseMode: { enabled: true, ack: 'individual-draft-01' },
      userinfo: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // oidc-provider treats `undefined` as "no resource"; its typings do not say so.
        defaultResource: (ctx) => defaultResource(ctx) as string,
        getResourceServerInfo: getResourceServerInfo(context),
        useGrantedResource: () => true,
      },
    },
  };
}

/**
 * Auth0 accepts `http://localhost` callbacks for applications using the implicit grant
 * (express-openid-connect's quickstart runs on `http://localhost:3000` with `form_post`);
 * oidc-provider refuses them unless told not to (its documented recipe: the two codes below).
 */
function allowHttpImplicitCallbacks(provider: Provider): void {
  const schema = (
    provider.Client as unknown as {
      Schema: { prototype: { invalidate(m: string, c?: string): void } };
    }
  ).Schema.prototype;
  const original = schema.invalidate.bind(schema);
  schema.invalidate = function invalidate(message: string, code?: string) {
    if (code === 'implicit-force-https' || code === 'implicit-forbid-localhost') return;
    original(message, code);
  };
}

/** The tenant's OIDC provider, issuer `context.issuer`. */
export function createProvider(context: EmulatorContext): Provider {
  const provider = new Provider(context.issuer, configuration(context));
  installIdTokenClaims(provider);
  allowHttpImplicitCallbacks(provider);
  provider.use(auth0TokenEndpoint(context, provider));
  provider.use(auth0Revocation());
  provider.use(tokenJsonBody());
  const router = new Router();
  logoutRoutes(router, context, provider);
  dbConnectionsRoutes(router, context);
  provider.use(router.middleware());
  return provider;
}
