/**
 * @module test-app/oidc-client
 * The relying party's OpenID Connect client: openid-client v6 (a certified RP), authorization
 * code flow with PKCE S256, state and nonce, `client_secret_post`, discovery against the
 * tenant's issuer `https://{domain}/` (auth0-behaviour.md; design.md "Targets").
 */
import * as client from 'openid-client';
import type { HarnessEnv } from '../helpers/config/env.ts';

/** What the app must remember between the authorization request and the callback. */
export interface PendingAuthorization {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface OidcClient {
  /** Builds an authorization request; `screenHint: 'signup'` opens Universal Login sign-up. */
  authorizationRequest(opts: {
    screenHint?: 'signup';
  }): Promise<{ url: URL; pending: PendingAuthorization }>;
  /** Validates the callback strictly and returns the ID token claims. */
  callback(callbackUrl: URL, pending: PendingAuthorization): Promise<Record<string, unknown>>;
  /** Auth0's logout endpoint: `/v2/logout?returnTo=&client_id=` (https://auth0.com/docs/api/authentication#logout). */
  logoutUrl(returnTo: string): URL;
}

export function createOidcClient(env: HarnessEnv): OidcClient {
  let config: Promise<client.Configuration> | undefined;

  // Discovery is lazy and retried: the tenant may start after the app (Playwright webServer).
  const configuration = (): Promise<client.Configuration> => {
    config ??= (async () => {
      const c = await client.discovery(
        new URL(`${env.origin}/`),
        env.clientId,
        { id_token_signed_response_alg: 'RS256' },
        client.ClientSecretPost(env.clientSecret),
      );
      // Also verify the ID token's signature against the tenant's JWKS.
      client.enableNonRepudiationChecks(c);
      return c;
    })();
    config.catch(() => {
      config = undefined;
    });
    return config;
  };

  return {
    async authorizationRequest({ screenHint }) {
      const c = await configuration();
      const pending: PendingAuthorization = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        codeVerifier: client.randomPKCECodeVerifier(),
      };
      const params: Record<string, string> = {
        redirect_uri: env.callbackUrl,
        response_type: 'code',
        scope: 'openid profile email',
        // Every journey step is a new transaction with a fresh user snapshot (auth0-behaviour.md §1.4).
        prompt: 'login',
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: 'S256',
      };
      // https://auth0.com/docs/authenticate/login/auth0-universal-login/new-experience#signup
      if (screenHint) params.screen_hint = screenHint;
      return { url: client.buildAuthorizationUrl(c, params), pending };
    },

    async callback(callbackUrl, pending) {
      const c = await configuration();
      const tokens = await client.authorizationCodeGrant(c, callbackUrl, {
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        pkceCodeVerifier: pending.codeVerifier,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error('the token response has no ID token');
      return { ...claims };
    },

    logoutUrl(returnTo) {
      const url = new URL('/v2/logout', env.origin);
      url.searchParams.set('returnTo', returnTo);
      url.searchParams.set('client_id', env.clientId);
      return url;
    },
  };
}
