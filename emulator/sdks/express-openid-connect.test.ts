/**
 * A regular web application on Auth0's Express SDK, `express-openid-connect` 3.4, against an
 * HTTPS tenant, in Chromium: the application is registered through `POST /api/v2/clients`
 * (Auth0's defaults for a regular web app: implicit, code, refresh, client credentials) and
 * served from its own HTTPS origin. The SDK's default flow is `response_type=id_token` with
 * `response_mode=form_post`; then the code flow; then logout through `/oidc/logout`
 * (`idpLogout`, RP-initiated, found in discovery) and through `/v2/logout` (`auth0Logout`).
 */
import type { Page } from '@playwright/test';
import express from 'express';
import { auth, type ConfigParams } from 'express-openid-connect';
import type { Emulator } from '../app.ts';
import { PASSWORD, PRIMARY, seedUser } from '../testing/credentials.ts';
import { expect, test as base } from '../testing/fixtures.ts';
import { startHttpsApp, type HttpsApp } from '../testing/https-app.ts';
import { managementClient } from '../testing/management-client.ts';

interface RegularWebApp {
  app: HttpsApp;
  clientId: string;
  clientSecret: string;
}

/** Registers a regular web application for a fresh HTTPS origin, as a developer would. */
async function registerApp(emulator: Emulator): Promise<RegularWebApp> {
  const app = await startHttpsApp(emulator);
  const created = await managementClient(emulator).clients.create({
    name: `express-openid-connect ${app.origin}`,
    app_type: 'regular_web',
    callbacks: [`${app.origin}/callback`],
    allowed_logout_urls: [app.origin],
  });
  return { app, clientId: created.client_id ?? '', clientSecret: created.client_secret ?? '' };
}

/** Each test's own application, registered before the test and stopped after it. */
const test = base.extend<{ rwa: RegularWebApp }>({
  rwa: async ({ emulator }, use) => {
    const rwa = await registerApp(emulator);
    try {
      await use(rwa);
    } finally {
      await rwa.app.close();
    }
  },
});

test.use({ emulatorConfig: { https: true } });

/** The SDK on its documented configuration plus `extra`; `/` answers the session's user. */
function serveSdk(emulator: Emulator, rwa: RegularWebApp, extra: Partial<ConfigParams> = {}) {
  const server = express();
  server.use(
    auth({
      issuerBaseURL: `https://${emulator.context.domain}`,
      baseURL: rwa.app.origin,
      clientID: rwa.clientId,
      secret: 'a-long-random-session-secret-for-this-test-only',
      ...extra,
    }),
  );
  server.get('/', (req, res) => {
    res.json({
      email: req.oidc.user?.email as unknown,
      hasAccessToken: req.oidc.accessToken !== undefined,
    });
  });
  rwa.app.serve(server);
}

async function logInThroughUniversalLogin(page: Page, email: string): Promise<void> {
  await expect(page).toHaveURL(/\/u\/login\?state=/);
  await page.locator('input#username').fill(email);
  await page.locator('input#password').fill(PASSWORD);
  await page.locator(PRIMARY).click();
}

test.describe('Regular web app through express-openid-connect', () => {
  test('should log in with the SDK default: response_type=id_token, response_mode=form_post', async ({
    emulator,
    page,
    rwa,
  }) => {
    serveSdk(emulator, rwa);
    const user = await seedUser(emulator, 'eoc-default');
    const authorize = page.waitForRequest((r) => r.url().includes('/authorize?'));
    await page.goto(rwa.app.origin);
    const sent = new URL((await authorize).url());
    expect(sent.searchParams.get('response_type')).toBe('id_token');
    expect(sent.searchParams.get('response_mode')).toBe('form_post');
    const callback = page.waitForRequest((r) => r.url() === `${rwa.app.origin}/callback`);
    await logInThroughUniversalLogin(page, user.email);
    expect((await callback).method()).toBe('POST');
    await expect(page).toHaveURL(`${rwa.app.origin}/`);
    expect(JSON.parse(await page.locator('body').innerText())).toEqual({
      email: user.email,
      hasAccessToken: false,
    });
  });

  test('should log in with the code flow and log out through /oidc/logout', async ({
    emulator,
    page,
    rwa,
  }) => {
    serveSdk(emulator, rwa, {
      clientSecret: rwa.clientSecret,
      authorizationParams: { response_type: 'code' },
      idpLogout: true,
    });
    const user = await seedUser(emulator, 'eoc-code');
    await page.goto(rwa.app.origin);
    await logInThroughUniversalLogin(page, user.email);
    await expect(page).toHaveURL(`${rwa.app.origin}/`);
    expect(JSON.parse(await page.locator('body').innerText())).toEqual({
      email: user.email,
      hasAccessToken: true,
    });

    const endSession = page.waitForRequest((r) => r.url().includes('/oidc/logout?'));
    await page.goto(`${rwa.app.origin}/logout`);
    const logout = new URL((await endSession).url());
    expect(logout.searchParams.get('id_token_hint')).toBeTruthy();
    expect(logout.searchParams.get('post_logout_redirect_uri')).toBe(rwa.app.origin);
    // Back on the application, which requires a login: the tenant's session is gone, so
    // Universal Login asks again instead of answering at once.
    await expect(page).toHaveURL(/\/u\/login\?state=/);
  });

  test('should log out through /v2/logout with auth0Logout', async ({ emulator, page, rwa }) => {
    serveSdk(emulator, rwa, { auth0Logout: true });
    const user = await seedUser(emulator, 'eoc-v2');
    await page.goto(rwa.app.origin);
    await logInThroughUniversalLogin(page, user.email);
    await expect(page).toHaveURL(`${rwa.app.origin}/`);
    const v2 = page.waitForRequest((r) => r.url().includes('/v2/logout?'));
    await page.goto(`${rwa.app.origin}/logout`);
    const sent = new URL((await v2).url());
    expect(sent.searchParams.get('client_id')).toBe(rwa.clientId);
    expect(sent.searchParams.get('returnTo')).toBe(rwa.app.origin);
    await expect(page).toHaveURL(/\/u\/login\?state=/);
  });

  test('should refuse a post_logout_redirect_uri that is not an Allowed Logout URL', async ({
    emulator,
    page,
    rwa,
  }) => {
    const url = new URL('/oidc/logout', emulator.origin);
    url.search = new URLSearchParams({
      client_id: rwa.clientId,
      post_logout_redirect_uri: 'https://evil.example/',
    }).toString();
    const response = await page.goto(url.href);
    expect(response?.status()).toBe(400);
    expect(page.url()).toBe(url.href);
  });
});
