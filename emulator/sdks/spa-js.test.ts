/**
 * A single-page application on Auth0's SPA SDK, `@auth0/auth0-spa-js` 2.x, in Chromium, against
 * an HTTPS tenant reached by its bare domain: a public application (`app_type: spa`,
 * `token_endpoint_auth_method: none`) registered and changed through the Management API, the
 * page served from its own HTTPS origin. Login by redirect (code + PKCE, the token call from
 * the browser through CORS), refresh tokens for `offline_access` with rotation and reuse
 * detection, silent authentication (`prompt=none`, `response_mode=web_message`) allowed only
 * from an Allowed Web Origin, and logout.
 */
import type { Page } from '@playwright/test';
import { startEmulator, type Emulator } from '../app.ts';
import { ConfigError, DEV_DEFAULTS, fromEnv } from '../config.ts';
import { PASSWORD, PRIMARY, seedUser } from '../testing/credentials.ts';
import { expect, test } from '../testing/fixtures.ts';
import { startHttpsApp, type HttpsApp } from '../testing/https-app.ts';
import { managementClient } from '../testing/management-client.ts';
import { spa, spaHandler } from '../testing/spa-page.ts';
import { postToken, tokenJson } from '../testing/token-request.ts';

test.use({ emulatorConfig: { https: true } });

interface Spa {
  app: HttpsApp;
  clientId: string;
}

interface TokenResult {
  access_token?: string;
  id_token?: string;
  error?: string;
  error_description?: string;
}

/** A public SPA application for a fresh HTTPS origin, created as a developer would. */
async function registerSpa(emulator: Emulator, rotating: boolean): Promise<Spa> {
  const app = await startHttpsApp(emulator);
  app.serve(spaHandler);
  const created = await managementClient(emulator).clients.create({
    name: `spa ${app.origin}`,
    app_type: 'spa',
    token_endpoint_auth_method: 'none',
    callbacks: [`${app.origin}/`],
    allowed_logout_urls: [`${app.origin}/`],
    web_origins: [app.origin],
    ...(rotating
      ? {
          refresh_token: {
            rotation_type: 'rotating',
            expiration_type: 'expiring',
            token_lifetime: 2_592_000,
            idle_token_lifetime: 1_296_000,
            leeway: 0,
          },
        }
      : {}),
  });
  expect(created.token_endpoint_auth_method).toBe('none');
  return { app, clientId: created.client_id ?? '' };
}

function sdkOptions(emulator: Emulator, s: Spa, extra: Record<string, unknown> = {}) {
  return {
    domain: emulator.context.domain,
    clientId: s.clientId,
    authorizationParams: { redirect_uri: `${s.app.origin}/` },
    ...extra,
  };
}

/** loginWithRedirect → Universal Login → back on the SPA → handleRedirectCallback. */
async function logIn(page: Page, emulator: Emulator, s: Spa, email: string, extra = {}) {
  await page.goto(`${s.app.origin}/`);
  await spa(page, 'init', sdkOptions(emulator, s, extra));
  await spa(page, 'login');
  await expect(page).toHaveURL(/\/u\/login\?state=/);
  await page.locator('input#username').fill(email);
  await page.locator('input#password').fill(PASSWORD);
  await page.locator(PRIMARY).click();
  await page.waitForURL((url) => url.origin === s.app.origin && url.searchParams.has('code'));
  await spa(page, 'init', sdkOptions(emulator, s, extra));
  return spa<{ email?: string } | null>(page, 'callback');
}

/** The refresh token the SDK keeps in localStorage (`cacheLocation: 'localstorage'`). */
function storedRefreshToken(page: Page): Promise<string | undefined> {
  return page.evaluate(() => {
    for (const key of Object.keys(localStorage)) {
      if (!key.startsWith('@@auth0spajs@@::') || key.endsWith('@@user@@')) continue;
      const entry = JSON.parse(localStorage.getItem(key) ?? '{}') as {
        body?: { refresh_token?: string };
      };
      if (entry.body?.refresh_token) return entry.body.refresh_token;
    }
    return undefined;
  });
}

function refreshFromNode(emulator: Emulator, clientId: string, refreshToken: string) {
  return tokenJson(emulator, {
    grant_type: 'refresh_token',
    client_id: clientId,
    refresh_token: refreshToken,
  });
}

test.describe('Single-page app through @auth0/auth0-spa-js', () => {
  test('should log in by redirect and rotate refresh tokens, revoking the family on reuse', async ({
    emulator,
    page,
  }) => {
    const s = await registerSpa(emulator, true);
    try {
      const user = await seedUser(emulator, 'spa-rotation');
      const options = { useRefreshTokens: true, cacheLocation: 'localstorage' };
      expect((await logIn(page, emulator, s, user.email, options))?.email).toBe(user.email);
      const first = await storedRefreshToken(page);
      expect(
        first,
        'offline_access (added by useRefreshTokens) gives a refresh token',
      ).toBeTruthy();

      // A refresh from the browser: CORS on /oauth/token for the SPA's origin, a new token.
      const refreshed = await spa<TokenResult>(page, 'token', { cacheMode: 'off' });
      expect(refreshed.error).toBeUndefined();
      expect(refreshed.access_token).toBeTruthy();
      const second = await storedRefreshToken(page);
      expect(second).toBeTruthy();
      expect(second).not.toBe(first);

      // Reuse of a rotated token: refused, and the whole family is revoked (Auth0's reuse detection).
      const reused = await refreshFromNode(emulator, s.clientId, first ?? '');
      expect(reused).toEqual({
        status: 403,
        body: { error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' },
      });
      expect((await refreshFromNode(emulator, s.clientId, second ?? '')).status).toBe(403);
    } finally {
      await s.app.close();
    }
  });

  test('should authenticate silently by web_message only from an Allowed Web Origin, and log out', async ({
    emulator,
    page,
  }) => {
    const s = await registerSpa(emulator, false);
    const mgmt = managementClient(emulator);
    try {
      const user = await seedUser(emulator, 'spa-silent');
      expect((await logIn(page, emulator, s, user.email))?.email).toBe(user.email);

      // A fresh page load: the SDK's memory cache is empty, the tenant's session is not.
      const iframe = page.waitForRequest(
        (r) => r.url().includes('/authorize?') && r.url().includes('response_mode=web_message'),
      );
      await page.goto(`${s.app.origin}/`);
      await spa(page, 'init', sdkOptions(emulator, s));
      const silent = await spa<TokenResult>(page, 'token', { cacheMode: 'off' });
      expect(silent.error).toBeUndefined();
      expect(silent.access_token).toBeTruthy();
      expect(new URL((await iframe).url()).searchParams.get('prompt')).toBe('none');

      await mgmt.clients.update(s.clientId, { web_origins: [] });
      const refused = await spa<TokenResult>(page, 'token', { cacheMode: 'off' });
      expect(refused.access_token).toBeUndefined();
      expect(refused.error).toBe('invalid_request');
      await mgmt.clients.update(s.clientId, { web_origins: [s.app.origin] });

      // /v2/logout?client_id=…&returnTo=… answers a redirect back to the SPA.
      const v2 = page.waitForRequest((r) => r.url().includes('/v2/logout?'));
      const back = page.waitForEvent('framenavigated', (f) => f === page.mainFrame());
      await spa(page, 'logout', `${s.app.origin}/`);
      expect(new URL((await v2).url()).searchParams.get('client_id')).toBe(s.clientId);
      expect((await back).url()).toBe(`${s.app.origin}/`);
      await page.waitForLoadState('load');
      await spa(page, 'init', sdkOptions(emulator, s));
      const afterLogout = await spa<TokenResult>(page, 'token', { cacheMode: 'off' });
      expect(afterLogout.error).toBe('login_required');
    } finally {
      await s.app.close();
    }
  });

  test('should not open /oauth/token to an origin the application does not list', async ({
    emulator,
  }) => {
    const s = await registerSpa(emulator, false);
    try {
      const preflight = (origin: string) =>
        fetch(`${emulator.origin}/oauth/token`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type',
          },
        });
      const allowed = await preflight(s.app.origin);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(s.app.origin);
      const token = await postToken(
        emulator,
        { grant_type: 'refresh_token', client_id: s.clientId, refresh_token: 'x' },
        { origin: 'https://not-listed.example' },
      );
      expect(token.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await s.app.close();
    }
  });
});

test.describe('A single-page app seeded from the environment (EMULATOR_SPA_ORIGINS)', () => {
  test('should register a public SPA for the origins and log it in through the SDK with refresh tokens', async ({
    emulator,
    page,
  }) => {
    // The SPA's origin first (a free port), then a tenant started with it in its environment.
    const app = await startHttpsApp(emulator);
    app.serve(spaHandler);
    const tenant = await startEmulator({
      ...fromEnv({ EMULATOR_SPA_ORIGINS: app.origin, EMULATOR_HTTPS: '1' }),
      port: 0,
    });
    try {
      const clientId = DEV_DEFAULTS.spaClientId;
      const record = await managementClient(tenant).clients.get(clientId);
      expect(record).toMatchObject({
        app_type: 'spa',
        token_endpoint_auth_method: 'none',
        callbacks: [app.origin, `${app.origin}/`],
        web_origins: [app.origin],
        allowed_origins: [app.origin],
        refresh_token: { rotation_type: 'rotating' },
      });
      expect(record).not.toHaveProperty('client_secret');
      const s = { app, clientId };
      const user = await seedUser(tenant, 'spa-seeded');
      const options = { useRefreshTokens: true, cacheLocation: 'localstorage' };
      expect((await logIn(page, tenant, s, user.email, options))?.email).toBe(user.email);
      const refreshed = await spa<TokenResult>(page, 'token', { cacheMode: 'off' });
      expect(refreshed.error).toBeUndefined();
      expect(refreshed.access_token).toBeTruthy();
    } finally {
      await tenant.close();
      await app.close();
    }
  });

  test('should refuse an origin with a path or without a scheme, naming the key', () => {
    for (const bad of ['localhost:5173', 'http://localhost:5173/app']) {
      expect(() => fromEnv({ EMULATOR_SPA_ORIGINS: `http://localhost:3000,${bad}` })).toThrow(
        ConfigError,
      );
      expect(() => fromEnv({ EMULATOR_SPA_ORIGINS: bad })).toThrow(
        new RegExp(`EMULATOR_SPA_ORIGINS: "${bad}" is not an origin`),
      );
    }
    expect(fromEnv({}).spa).toBeUndefined();
  });
});
