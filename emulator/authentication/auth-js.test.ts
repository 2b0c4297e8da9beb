/**
 * Auth0's Authentication API through Auth0's own client, `@auth0/auth0-auth-js` 1.16, on its
 * documented configuration (`domain`, `clientId`, `clientSecret`) against an HTTPS tenant:
 * sign-up and password change on the database connection, the code exchange of a Universal
 * Login (Chromium), refresh, userinfo and revocation, with Auth0's status codes and bodies for
 * what Auth0 documents as failures.
 */
import type { Page } from '@playwright/test';
import {
  AuthClient,
  SignUpError,
  TokenByCodeError,
  TokenByRefreshTokenError,
} from '@auth0/auth0-auth-js';
import type { Emulator } from '../app.ts';
import { PASSWORD, PRIMARY, uniqueEmail } from '../testing/credentials.ts';
import { expect, test } from '../testing/fixtures.ts';
import { redirectUri } from '../testing/login-helpers.ts';
import { CHANGE_PASSWORD_SENT } from './dbconnections.ts';

test.use({ emulatorConfig: { https: true } });

function authClient(
  emulator: Emulator,
  secret = emulator.context.config.app.clientSecret,
): AuthClient {
  return new AuthClient({
    domain: emulator.context.domain,
    clientId: emulator.context.config.app.clientId,
    clientSecret: secret,
  });
}

/** Universal Login in the browser, up to the application's callback; returns the callback URL. */
async function loginForCode(
  page: Page,
  emulator: Emulator,
  auth: AuthClient,
  email: string,
  scope = 'openid profile email offline_access',
): Promise<{ callback: URL; codeVerifier: string }> {
  const { authorizationUrl, codeVerifier } = await auth.buildAuthorizationUrl({
    authorizationParams: { redirect_uri: redirectUri(emulator), scope },
  });
  await page.goto(authorizationUrl.href);
  await page.locator('input#username').fill(email);
  await page.locator('input#password').fill(PASSWORD);
  await page.locator(PRIMARY).click();
  await page.waitForURL((url) => url.href.startsWith(redirectUri(emulator)));
  return { callback: new URL(page.url()), codeVerifier };
}

test.describe('Authentication API through @auth0/auth0-auth-js', () => {
  test('should sign a user up on the database connection and refuse the same email again', async ({
    emulator,
  }) => {
    const auth = authClient(emulator);
    const email = uniqueEmail('authjs-signup');
    const connection = emulator.context.tenant.connection.name;
    const created = await auth.database.signUp({
      email,
      password: PASSWORD,
      connection,
      givenName: 'Ada',
    });
    expect(created.email).toBe(email);
    expect(created.emailVerified).toBe(false);
    expect(created.givenName).toBe('Ada');
    const stored = emulator.context.tenant.findUserByEmail(email);
    expect(stored?.user_id).toBe(`auth0|${created.id}`);
    expect(
      emulator.context.tenant.logs
        .all()
        .some((l) => l.type === 'ss' && l.user_id === stored?.user_id),
    ).toBe(true);

    const again = await auth.database
      .signUp({ email, password: PASSWORD, connection })
      .catch((e: unknown) => e);
    expect(again).toBeInstanceOf(SignUpError);
    expect((again as SignUpError).statusCode).toBe(400);
    expect(JSON.parse((again as SignUpError).body ?? '{}')).toEqual({
      name: 'BadRequestError',
      code: 'user_exists',
      description: 'The user already exists.',
      statusCode: 400,
    });
  });

  test('should refuse a weak password with a PasswordStrengthError naming the failed rules', async ({
    emulator,
  }) => {
    const auth = authClient(emulator);
    const email = uniqueEmail('authjs-weak');
    const weak = await auth.database
      .signUp({ email, password: 'short', connection: emulator.context.tenant.connection.name })
      .catch((e: unknown) => e);
    expect(weak).toBeInstanceOf(SignUpError);
    expect((weak as SignUpError).statusCode).toBe(400);
    const body = JSON.parse((weak as SignUpError).body ?? '{}') as Record<string, unknown>;
    expect(body).toMatchObject({
      name: 'PasswordStrengthError',
      code: 'invalid_password',
      statusCode: 400,
    });
    expect((body.description as { verified: boolean }).verified).toBe(false);
    expect(emulator.context.tenant.findUserByEmail(email)).toBeUndefined();
  });

  test('should answer a password change with the same confirmation whether or not the user exists', async ({
    emulator,
  }) => {
    const auth = authClient(emulator);
    const connection = emulator.context.tenant.connection.name;
    const email = uniqueEmail('authjs-change');
    await auth.database.signUp({ email, password: PASSWORD, connection });
    expect(await auth.database.changePassword({ email, connection })).toBe(CHANGE_PASSWORD_SENT);
    expect(await auth.database.changePassword({ email: uniqueEmail('nobody'), connection })).toBe(
      CHANGE_PASSWORD_SENT,
    );
  });

  test('should exchange a code once, refresh, read userinfo, and refuse a revoked refresh token', async ({
    emulator,
    page,
  }) => {
    const auth = authClient(emulator);
    const email = uniqueEmail('authjs-code');
    await auth.database.signUp({
      email,
      password: PASSWORD,
      connection: emulator.context.tenant.connection.name,
    });
    const { callback, codeVerifier } = await loginForCode(page, emulator, auth, email);

    const tokens = await auth.getTokenByCode(callback, { codeVerifier });
    expect(
      tokens.refreshToken,
      'offline_access gives a refresh token without prompt=consent',
    ).toBeTruthy();
    expect(tokens.claims?.email).toBe(email);

    const userInfo = await auth.getUserInfo({ accessToken: tokens.accessToken });
    expect(userInfo.email).toBe(email);

    const refreshToken = tokens.refreshToken as string;
    const refreshed = await auth.getTokenByRefreshToken({ refreshToken });
    expect(refreshed.accessToken).toBeTruthy();
    expect(refreshed.idToken).toBeTruthy();

    // Auth0: a reused authorization code is 403 invalid_grant. oidc-provider also revokes what the
    // code gave (RFC 6749 §4.1.2 "SHOULD"; unconfirmed on live), so this comes after their use.
    const reused = await auth.getTokenByCode(callback, { codeVerifier }).catch((e: unknown) => e);
    expect(reused).toBeInstanceOf(TokenByCodeError);
    expect((reused as TokenByCodeError).statusCode).toBe(403);
    expect((reused as TokenByCodeError).cause?.error).toBe('invalid_grant');

    await auth.revokeToken({ token: refreshToken });
    const revoked = await auth.getTokenByRefreshToken({ refreshToken }).catch((e: unknown) => e);
    expect(revoked).toBeInstanceOf(TokenByRefreshTokenError);
    expect((revoked as TokenByRefreshTokenError).statusCode).toBe(403);
    expect((revoked as TokenByRefreshTokenError).cause).toMatchObject({
      error: 'invalid_grant',
      error_description: 'Unknown or invalid refresh token.',
    });
  });

  test('should refuse a code exchange with a wrong client secret with 401', async ({
    emulator,
    page,
  }) => {
    const email = uniqueEmail('authjs-secret');
    const good = authClient(emulator);
    await good.database.signUp({
      email,
      password: PASSWORD,
      connection: emulator.context.tenant.connection.name,
    });
    const { callback, codeVerifier } = await loginForCode(page, emulator, good, email);
    const wrong = authClient(
      emulator,
      'not-the-secret-of-this-application-0000000000000000000000000000',
    );
    const refused = await wrong.getTokenByCode(callback, { codeVerifier }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TokenByCodeError);
    expect((refused as TokenByCodeError).statusCode).toBe(401);
    expect((refused as TokenByCodeError).cause).toMatchObject({
      error: 'access_denied',
      error_description: 'Unauthorized',
    });
  });
});
