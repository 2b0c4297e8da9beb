/**
 * @module emulator/actions/api-redirect
 * `api.redirect` of the post-login v3 `api` object: `sendUserTo` recorded for the flow engine,
 * `encodeToken`/`validateToken` signing and checking the session token, `canRedirect`.
 * Source: https://auth0.com/docs/customize/actions/explore-triggers/signup-and-login-triggers/login-trigger/redirect-with-actions
 * and the v3 `.d.ts` `RedirectAPI` (auth0-behaviour.md §1.3).
 */
import type { RealmValues } from './api-factors.ts';
import type { ActionResult } from './result.ts';
import { encodeSessionToken, SessionTokenError, verifySessionToken } from './session-token.ts';
import type { PostLoginApi, PostLoginEvent } from './types.ts';

/** `api.redirect.encodeToken` default lifetime (redirect-with-actions). */
const DEFAULT_TOKEN_LIFETIME_S = 900;
/** Protocols that cannot redirect the user (v3 `RedirectAPI.canRedirect`). */
const NON_INTERACTIVE_PROTOCOLS = new Set([
  'oauth2-refresh-token',
  'oauth2-resource-owner',
  'oauth2-resource-owner-jwt-bearer',
  'oauth2-password',
]);

export interface RedirectApiDeps extends RealmValues {
  event: PostLoginEvent;
  now: () => Date;
  /** The Action realm's `Error`, for failures the Action may catch. */
  error: (message: string) => Error;
  parse: (json: string) => unknown;
  isClosed: () => boolean;
  record: (redirect: NonNullable<ActionResult['redirect']>) => void;
  /** The whole `api`, which `sendUserTo` returns for chaining. */
  self: () => PostLoginApi;
}

export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

export function createRedirectApi(d: RedirectApiDeps): PostLoginApi['redirect'] {
  const { event } = d;
  return {
    sendUserTo(url: string, options?: { query?: Record<string, string> }) {
      if (d.isClosed()) return d.self();
      if (!isHttpUrl(url))
        throw d.typeError('api.redirect.sendUserTo: url must be an http: or https: URL');
      const query: Record<string, string> = {};
      for (const [k, v] of Object.entries(options?.query ?? {})) {
        if (typeof v !== 'string')
          throw d.typeError(`api.redirect.sendUserTo: query parameter "${k}" must be a string`);
        query[k] = v;
      }
      d.record({ url, query });
      return d.self();
    },
    encodeToken(options) {
      const {
        secret,
        payload,
        expiresInSeconds = DEFAULT_TOKEN_LIFETIME_S,
      } = options ?? ({} as never);
      if (typeof secret !== 'string' || secret === '') {
        throw d.typeError('api.redirect.encodeToken: secret must be a non-empty string');
      }
      if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
        throw d.typeError('api.redirect.encodeToken: payload must be an object');
      }
      if (
        typeof expiresInSeconds !== 'number' ||
        !(expiresInSeconds > 0) ||
        !Number.isFinite(expiresInSeconds)
      ) {
        throw d.typeError('api.redirect.encodeToken: expiresInSeconds must be a positive number');
      }
      return encodeSessionToken({
        secret,
        payload: d.plain(payload, 'api.redirect.encodeToken') as Record<string, unknown>,
        expiresInSeconds: Math.floor(expiresInSeconds),
        sub: event.user.user_id,
        // The tenant's domain: the host the login runs on (claim value unconfirmed).
        iss: event.request.hostname ?? event.tenant.id,
        ip: event.request.ip,
        now: d.now(),
      });
    },
    validateToken(options) {
      const { secret, tokenParameterName = 'session_token' } = options ?? ({} as never);
      if (typeof secret !== 'string' || secret === '') {
        throw d.typeError('api.redirect.validateToken: secret must be a non-empty string');
      }
      // Tokens "should be POSTed to /continue"; a query parameter is accepted too.
      const token =
        event.request.body[tokenParameterName] ?? event.request.query[tokenParameterName];
      if (typeof token !== 'string') {
        throw d.error(`No session token found in the "${tokenParameterName}" parameter`);
      }
      let claims: Record<string, unknown>;
      try {
        claims = verifySessionToken(token, secret, d.now());
      } catch (e) {
        if (e instanceof SessionTokenError) throw d.error(e.message);
        throw e;
      }
      // The token's `state` must match the `state` Auth0 gave the redirect target and now
      // receives back at /continue (redirect-with-actions).
      const state = event.request.body.state ?? event.request.query.state;
      if (typeof claims.state !== 'string' || claims.state !== state) {
        throw d.error(
          'The session token "state" claim does not match the state of the transaction',
        );
      }
      return d.parse(JSON.stringify(claims));
    },
    canRedirect() {
      const protocol = event.transaction?.protocol;
      return (
        !(protocol && NON_INTERACTIVE_PROTOCOLS.has(protocol)) &&
        !event.transaction?.prompt?.includes('none')
      );
    },
  };
}
