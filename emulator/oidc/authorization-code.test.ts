import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Provider from 'oidc-provider';
import * as client from 'openid-client';
import { test, expect } from '../testing/fixtures.ts';
import type { Emulator } from '../app.ts';
import { discoverClient } from '../testing/oidc-client.ts';
import { storeUser } from '../testing/stored-user.ts';
import type { UserRecord } from '../tenant/store.ts';
import { authorizeUrl, codeGrant, redirectUri } from '../testing/login-helpers.ts';
import { postTokenBody } from '../testing/token-request.ts';
import { finishLogin, InteractionError, loadInteraction } from './interaction.ts';

/**
 * Stand-in for the Universal Login screens (another part of the emulator): the two calls every
 * screen makes, served over HTTP so the browser flow stays real. The emulator's middleware stack
 * is fixed once it listens, so this runs as its own small server; the cookie jar below sends the
 * tenant's cookies to it like a same-site screen would receive them.
 * - GET /inspect?state=UID → loadInteraction(...) as JSON (409 + code on InteractionError)
 * - GET /login?state=UID&user=ID[&mfa=1][&claim=V] → finishLogin(...) → 303 returnTo
 */
async function startTestUniversalLogin(
  provider: Provider,
): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const handle = async () => {
      if (url.pathname === '/inspect') return send(200, await loadInteraction(provider, req, res));
      const claim = url.searchParams.get('claim');
      const returnTo = await finishLogin(provider, req, res, {
        accountId: url.searchParams.get('user') ?? '',
        amr: url.searchParams.get('mfa') === '1' ? ['mfa'] : [],
        ...(claim
          ? {
              claims: {
                idToken: { 'https://example.com/biometrics': claim, email: 'forged@example.com' },
                accessToken: { 'https://example.com/at': claim },
              },
            }
          : {}),
      });
      res.writeHead(303, { location: returnTo }).end();
    };
    handle().catch((err: unknown) => {
      if (err instanceof InteractionError) send(409, { code: err.code });
      else send(500, { error: String(err) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let ul: { origin: string; close: () => Promise<void> };

/** Enough of a browser: one cookie jar, manual redirects. */
class Browser {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly origin: string) {}

  async get(url: string | URL): Promise<Response> {
    const target = new URL(url, this.origin);
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(target, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const expired =
        attrs.some((a) => /expires=Thu, 01 Jan 1970/i.test(a)) || pair.slice(eq + 1) === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1));
    }
    return res;
  }

  /** Location of a redirect response, absolute. */
  static location(res: Response): URL {
    expect([302, 303]).toContain(res.status);
    return new URL(res.headers.get('location') ?? '', 'http://invalid.example');
  }

  has(name: string) {
    return this.cookies.has(name);
  }
}

interface Started {
  browser: Browser;
  config: client.Configuration;
  authorizationUrl: URL;
  loginUrl: URL;
  uid: string;
  verifier: string;
  state: string;
  nonce: string;
}

/** GET /authorize as the test application builds it, up to the first Universal Login screen. */
async function startLogin(
  emulator: Emulator,
  extra: Record<string, string> = {},
  browser?: Browser,
): Promise<Started> {
  const {
    url: authorizationUrl,
    config,
    verifier,
    state,
    nonce,
  } = await authorizeUrl(emulator, extra);
  const b = browser ?? new Browser(emulator.origin);
  const loginUrl = Browser.location(await b.get(authorizationUrl));
  const uid = loginUrl.searchParams.get('state') ?? '';
  return { browser: b, config, authorizationUrl, loginUrl, uid, verifier, state, nonce };
}

/** Logs in through the test UL and follows /authorize/UID to the application's callback. */
async function completeLogin(s: Started, query: Record<string, string>): Promise<URL> {
  const login = await s.browser.get(
    `${ul.origin}/login?${new URLSearchParams({ state: s.uid, ...query })}`,
  );
  const resume = Browser.location(login);
  expect(resume.pathname).toBe(`/authorize/${s.uid}`);
  return Browser.location(await s.browser.get(resume));
}

function seedUser(emulator: Emulator, suffix: string): UserRecord {
  return storeUser(emulator.context.tenant, {
    user_id: `auth0|${suffix.padStart(24, '0')}`,
    email: `user-${suffix}@example.com`,
    name: `user-${suffix}@example.com`,
    nickname: `user-${suffix}`,
    picture: 'https://s.gravatar.com/avatar/00000000000000000000000000000000?s=480&r=pg&d=mp',
  });
}

/** Seeds user `suffix` and logs them in through the test UL (with `query`) to the callback. */
async function logInSeeded(emulator: Emulator, suffix: string, query: Record<string, string> = {}) {
  const user = seedUser(emulator, suffix);
  const s = await startLogin(emulator);
  const callback = await completeLogin(s, { user: user.user_id, ...query });
  return { user, s, callback };
}

test.describe('Authorization code + PKCE through Universal Login interactions', () => {
  test.beforeAll(async ({ emulator }) => {
    ul = await startTestUniversalLogin(emulator.provider);
  });
  test.afterAll(async () => {
    await ul.close();
  });

  test('should send /authorize to /u/login/identifier with the transaction as state', async ({
    emulator,
  }) => {
    const s = await startLogin(emulator, { login_hint: 'a@example.com', ui_locales: 'fr-CA' });
    expect(s.loginUrl.pathname).toBe('/u/login/identifier');
    expect(s.uid).not.toBe('');
    expect(s.browser.has('_interaction')).toBe(true);
    const res = await s.browser.get(`${ul.origin}/inspect?state=${s.uid}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      uid: s.uid,
      prompt: 'login',
      reasons: expect.arrayContaining(['no_session']),
      params: {
        client_id: emulator.context.config.app.clientId,
        redirect_uri: redirectUri(emulator),
        scope: 'openid profile email',
        state: s.state,
        login_hint: 'a@example.com',
        ui_locales: 'fr-CA',
      },
      returnTo: `${emulator.origin}/authorize/${s.uid}`,
    });
  });

  test('should send screen_hint=signup to /u/signup', async ({ emulator }) => {
    const s = await startLogin(emulator, { screen_hint: 'signup' });
    expect(s.loginUrl.pathname).toBe('/u/signup');
    const res = await s.browser.get(`${ul.origin}/inspect?state=${s.uid}`);
    expect(await res.json()).toMatchObject({ params: { screen_hint: 'signup' } });
  });

  test("should refuse a state that is not the browser's transaction", async ({ emulator }) => {
    const s = await startLogin(emulator);
    const tampered = await s.browser.get(`${ul.origin}/inspect?state=${s.uid}x`);
    expect(tampered.status).toBe(409);
    expect(await tampered.json()).toEqual({ code: 'state_mismatch' });
    const stranger = new Browser(emulator.origin);
    const noCookie = await stranger.get(`${ul.origin}/login?state=${s.uid}&user=auth0|x`);
    expect(noCookie.status).toBe(409);
    expect(await noCookie.json()).toEqual({ code: 'interaction_not_found' });
  });

  test('should issue a code whose ID token carries profile, amr and Action claims', async ({
    emulator,
  }) => {
    const { user, s, callback } = await logInSeeded(emulator, '1', { mfa: '1', claim: 'enrolled' });
    expect(`${callback.origin}${callback.pathname}`).toBe(redirectUri(emulator));
    expect(callback.searchParams.get('state')).toBe(s.state);

    const tokens = await codeGrant(s, callback);
    const claims = tokens.claims();
    expect(claims).toMatchObject({
      iss: emulator.context.issuer,
      aud: emulator.context.config.app.clientId,
      sub: user.user_id,
      name: user.name,
      nickname: user.nickname,
      picture: user.picture,
      email: user.email,
      email_verified: false,
      updated_at: user.updated_at,
      amr: ['mfa'],
      nonce: s.nonce,
      'https://example.com/biometrics': 'enrolled',
    });

    const info = await client.fetchUserInfo(s.config, tokens.access_token, user.user_id);
    expect(info).toMatchObject({ sub: user.user_id, email: user.email, nickname: user.nickname });
  });

  test('should leave amr out when no MFA was performed', async ({ emulator }) => {
    const { s, callback } = await logInSeeded(emulator, '2');
    const tokens = await codeGrant(s, callback);
    expect(tokens.claims()).not.toHaveProperty('amr');
    expect(tokens.claims()).not.toHaveProperty('https://example.com/biometrics');
  });

  test('should never let an Action claim replace a standard claim', async ({ emulator }) => {
    const { user, s, callback } = await logInSeeded(emulator, '3', { claim: 'x' });
    const tokens = await codeGrant(s, callback);
    expect(tokens.claims()?.email).toBe(user.email);
  });

  test('should refuse a code exchange with the wrong PKCE verifier as Auth0 does', async ({
    emulator,
  }) => {
    const { s, callback } = await logInSeeded(emulator, '4');
    const err = await client
      .authorizationCodeGrant(s.config, callback, {
        pkceCodeVerifier: client.randomPKCECodeVerifier(),
        expectedState: s.state,
        expectedNonce: s.nonce,
      })
      .catch((e: unknown) => e);
    // Auth0: 403 invalid_grant "Failed to verify code verifier" (oidc/token-endpoint.ts).
    expect(err).toMatchObject({
      error: 'invalid_grant',
      error_description: 'Failed to verify code verifier',
      status: 403,
    });
  });

  test('should refuse a reused code with 403 Invalid authorization code, form or JSON', async ({
    emulator,
  }) => {
    const { s, callback } = await logInSeeded(emulator, '5');
    const exchange = {
      grant_type: 'authorization_code',
      client_id: emulator.context.config.app.clientId,
      client_secret: emulator.context.config.app.clientSecret,
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: redirectUri(emulator),
      code_verifier: s.verifier,
    };
    const token = (body: string, type: string) => postTokenBody(emulator, body, type);
    // The first exchange, as JSON, succeeds.
    const first = await token(JSON.stringify(exchange), 'application/json');
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({
      token_type: 'Bearer',
      id_token: expect.any(String),
    });
    for (const again of [
      await token(new URLSearchParams(exchange).toString(), 'application/x-www-form-urlencoded'),
      await token(JSON.stringify(exchange), 'application/json'),
    ]) {
      expect(again.status).toBe(403);
      expect(await again.json()).toEqual({
        error: 'invalid_grant',
        error_description: 'Invalid authorization code',
      });
    }
  });

  test('should require PKCE on /authorize', async ({ emulator }) => {
    const config = await discoverClient(emulator);
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri(emulator),
      scope: 'openid',
      state: 'abc',
    });
    const callback = Browser.location(await new Browser(emulator.origin).get(url));
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    expect(callback.searchParams.get('state')).toBe('abc');
  });

  test('should reuse the session silently, force login on prompt=login, and end it on /v2/logout', async ({
    emulator,
  }) => {
    const { user, s: first, callback } = await logInSeeded(emulator, '5');
    const tokens = await codeGrant(first, callback);
    const { browser } = first;

    // A live session answers prompt=none with a code (silent authentication).
    const silent = await startLogin(emulator, { prompt: 'none' }, browser);
    expect(silent.loginUrl.searchParams.get('code')).toBeTruthy();

    // prompt=login forces the login screen although the session is live.
    const forced = await startLogin(emulator, { prompt: 'login' }, browser);
    expect(forced.loginUrl.pathname).toBe('/u/login/identifier');
    const details = await browser.get(`${ul.origin}/inspect?state=${forced.uid}`);
    expect(await details.json()).toMatchObject({
      sessionAccountId: user.user_id,
      reasons: expect.arrayContaining(['login_prompt']),
    });

    // Logout: redirect to an allowed returnTo, session gone, tokens still valid (Auth0).
    const returnTo = emulator.context.config.app.logoutUrls[0] ?? '';
    const logout = await browser.get(
      `/v2/logout?${new URLSearchParams({ client_id: emulator.context.config.app.clientId, returnTo })}`,
    );
    expect(logout.status).toBe(302);
    expect(logout.headers.get('location')).toBe(returnTo);
    const after = await startLogin(emulator, { prompt: 'none' }, browser);
    expect(after.loginUrl.searchParams.get('error')).toBe('login_required');
    const info = await client.fetchUserInfo(first.config, tokens.access_token, user.user_id);
    expect(info.sub).toBe(user.user_id);
  });

  test('should refuse a returnTo that is not an allowed logout URL', async ({ emulator }) => {
    const browser = new Browser(emulator.origin);
    const evil = await browser.get(
      `/v2/logout?${new URLSearchParams({ client_id: emulator.context.config.app.clientId, returnTo: 'https://evil.example/' })}`,
    );
    expect(evil.status).toBe(400);
    expect(evil.headers.get('location')).toBeNull();
    expect(await evil.text()).toContain('Allowed Logout URLs');
    const noClient = await browser.get(
      `/v2/logout?returnTo=${encodeURIComponent(emulator.context.config.app.logoutUrls[0] ?? '')}`,
    );
    expect(noClient.status).toBe(400);
  });
});
