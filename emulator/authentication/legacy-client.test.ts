/**
 * Auth0's Authentication API through the `auth0` SDK's legacy `AuthenticationClient` (`auth0/legacy`,
 * the client apps on node-auth0 v4 use) and `UserInfoClient`, configured with `domain`,
 * `clientId` and `clientSecret` only, against an HTTPS tenant; and the same endpoints with form
 * bodies, which Auth0 also takes.
 */
import type { Page } from '@playwright/test';
import { AuthApiError, AuthenticationClient, UserInfoClient } from 'auth0/legacy';
import * as client from 'openid-client';
import type { Emulator } from '../app.ts';
import { PASSWORD, PRIMARY, uniqueEmail } from '../testing/credentials.ts';
import { expect, test } from '../testing/fixtures.ts';
import { redirectUri } from '../testing/login-helpers.ts';
import { CHANGE_PASSWORD_SENT } from './dbconnections.ts';

test.use({ emulatorConfig: { https: true } });

function legacy(emulator: Emulator, clientSecret = emulator.context.config.app.clientSecret) {
  return new AuthenticationClient({
    domain: emulator.context.domain,
    clientId: emulator.context.config.app.clientId,
    clientSecret,
  });
}

async function codeFromLogin(page: Page, emulator: Emulator, email: string) {
  const verifier = client.randomPKCECodeVerifier();
  const url = new URL('/authorize', emulator.origin);
  url.search = new URLSearchParams({
    client_id: emulator.context.config.app.clientId,
    response_type: 'code',
    redirect_uri: redirectUri(emulator),
    scope: 'openid profile email offline_access',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString();
  await page.goto(url.href);
  await page.locator('input#username').fill(email);
  await page.locator('input#password').fill(PASSWORD);
  await page.locator(PRIMARY).click();
  await page.waitForURL((u) => u.href.startsWith(redirectUri(emulator)));
  const code = new URL(page.url()).searchParams.get('code') ?? '';
  return { code, verifier };
}

const failure = (e: unknown) => {
  expect(e).toBeInstanceOf(AuthApiError);
  const err = e as AuthApiError;
  return { status: err.statusCode, error: err.error, description: err.error_description };
};

test.describe("Authentication API through auth0's legacy AuthenticationClient", () => {
  test('should sign up, exchange, refresh, read userinfo and revoke, with Auth0 errors for reuse and revocation', async ({
    emulator,
    page,
  }) => {
    const auth = legacy(emulator);
    const connection = emulator.context.tenant.connection.name;
    const email = uniqueEmail('legacy');
    const signed = await auth.database.signUp({ email, password: PASSWORD, connection });
    expect(signed.data.email).toBe(email);
    const exists = await auth.database
      .signUp({ email, password: PASSWORD, connection })
      .catch(failure);
    expect(exists).toEqual({
      status: 400,
      error: 'user_exists',
      description: 'The user already exists.',
    });
    expect((await auth.database.changePassword({ email, connection })).data).toBe(
      CHANGE_PASSWORD_SENT,
    );

    const { code, verifier } = await codeFromLogin(page, emulator, email);
    const grant = { code, code_verifier: verifier, redirect_uri: redirectUri(emulator) };
    const tokens = (await auth.oauth.authorizationCodeGrantWithPKCE(grant)).data;
    expect(tokens.refresh_token).toBeTruthy();
    const info = await new UserInfoClient({ domain: emulator.context.domain }).getUserInfo(
      tokens.access_token,
    );
    expect(info.data.email).toBe(email);

    const refreshed = (
      await auth.oauth.refreshTokenGrant({ refresh_token: tokens.refresh_token ?? '' })
    ).data;
    expect(refreshed.access_token).toBeTruthy();
    // The application's default is non-rotating: Auth0 answers without a refresh token, and the
    // one the application holds goes on working.
    expect(refreshed.refresh_token).toBeUndefined();

    await auth.oauth.revokeRefreshToken({ token: tokens.refresh_token ?? '' });
    const revoked = await auth.oauth
      .refreshTokenGrant({ refresh_token: tokens.refresh_token ?? '' })
      .catch(failure);
    expect(revoked).toEqual({
      status: 403,
      error: 'invalid_grant',
      description: 'Unknown or invalid refresh token.',
    });

    const reused = await auth.oauth.authorizationCodeGrantWithPKCE(grant).catch(failure);
    expect(reused).toEqual({
      status: 403,
      error: 'invalid_grant',
      description: 'Invalid authorization code',
    });
  });

  test('should refuse a wrong client secret with 401 at the token and revocation endpoints', async ({
    emulator,
    page,
  }) => {
    const email = uniqueEmail('legacy-secret');
    await legacy(emulator).database.signUp({
      email,
      password: PASSWORD,
      connection: emulator.context.tenant.connection.name,
    });
    const { code, verifier } = await codeFromLogin(page, emulator, email);
    const wrong = legacy(
      emulator,
      'not-the-secret-of-this-application-0000000000000000000000000000',
    );
    const grant = { code, code_verifier: verifier, redirect_uri: redirectUri(emulator) };
    expect(await wrong.oauth.authorizationCodeGrantWithPKCE({ ...grant }).catch(failure)).toEqual({
      status: 401,
      error: 'access_denied',
      description: 'Unauthorized',
    });
    // A fresh body each time: the SDK writes its client's secret into the object it is given.
    const tokens = (await legacy(emulator).oauth.authorizationCodeGrantWithPKCE({ ...grant })).data;
    const revoke = await wrong.oauth
      .revokeRefreshToken({ token: tokens.refresh_token ?? '' })
      .then(() => 'revoked', failure);
    expect(revoke).toMatchObject({ status: 401, error: 'invalid_client' });
  });
});

test.describe('Authentication API with form bodies', () => {
  test('should take /dbconnections/signup and /dbconnections/change_password as forms, and refuse what Auth0 refuses', async ({
    emulator,
  }) => {
    const post = (path: string, form: Record<string, string>) =>
      fetch(new URL(path, emulator.origin), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });
    const base = {
      client_id: emulator.context.config.app.clientId,
      connection: emulator.context.tenant.connection.name,
    };
    const email = uniqueEmail('form-signup');
    const ok = await post('/dbconnections/signup', { ...base, email, password: PASSWORD });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ email, email_verified: false });
    expect(body._id).toMatch(/^[0-9a-f]{24}$/);
    expect(Object.keys(body)).not.toContain('password');

    const changed = await post('/dbconnections/change_password', { ...base, email });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toBe(CHANGE_PASSWORD_SENT);

    const badEmail = await post('/dbconnections/signup', {
      ...base,
      email: 'not-an-email',
      password: PASSWORD,
    });
    expect(badEmail.status).toBe(400);
    expect(await badEmail.json()).toMatchObject({ code: 'invalid_signup' });

    const m2m = await post('/dbconnections/signup', {
      ...base,
      client_id: emulator.context.config.mgmt.clientId,
      email: uniqueEmail('m2m'),
      password: PASSWORD,
    });
    expect(m2m.status, 'the connection is not enabled for the M2M application').toBe(400);
    const text = await fetch(new URL('/dbconnections/signup', emulator.origin), {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'email=x',
    });
    expect(text.status).toBe(415);
  });
});
