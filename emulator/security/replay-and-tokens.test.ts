/**
 * Replays and bad credentials that must never get through:
 * - a TOTP code reused within its window (RFC 6238 §5.2: "MUST NOT accept the second attempt");
 * - the `state` of a finished login transaction, replayed on Universal Login screens (a tampered
 *   or foreign `state` is covered in login/universal-login.test.ts);
 * - expired and foreign-audience Management API tokens over HTTP (401; the verifier itself,
 *   garbage tokens and a missing scope (403) are covered in oidc/management-token.test.ts and
 *   management/pipeline.test.ts).
 */
import { generate } from 'otplib';
import { test, expect } from '../testing/fixtures.ts';
import { apiError } from '../testing/management-fixtures.ts';
import { resetLoginSettings, PASSWORD, PRIMARY, seedUser } from '../testing/credentials.ts';
import { authorizeUrl, exchange, logIn, watchCallback } from '../testing/login-helpers.ts';
import { seedOtpUser } from '../testing/mfa-user.ts';
import { api } from '../testing/management-client.ts';
import { forgedManagementToken } from '../testing/oidc-client.ts';

test.beforeEach(({ emulator }) => resetLoginSettings(emulator));

test.describe('Replays on Universal Login', () => {
  test('should refuse a TOTP code already accepted in its time step, with gd_auth_failed', async ({
    page,
    emulator,
  }) => {
    const { user, otpSecret: secret } = await seedOtpUser(emulator, 'totp-reuse');
    const callback = watchCallback(page, emulator);
    const code = await generate({ secret });

    const first = await logIn(page, emulator, user.email);
    await page.locator('input#code').fill(code);
    await page.locator(PRIMARY).click();
    expect((await exchange(first.started, await callback.next())).amr).toEqual(['mfa']);
    await page.waitForURL((u) => !u.href.startsWith(emulator.origin));

    const second = await logIn(page, emulator, user.email);
    await expect(page).toHaveURL(/\/u\/mfa-otp-challenge\?state=/);
    await page.locator('input#code').fill(code);
    await page.locator(PRIMARY).click();
    await expect(page.locator('#prompt-alert')).toHaveAttribute('data-error-code', 'invalid-code');
    const failed = emulator.context.tenant.logs
      .all()
      .filter((l) => l.transaction_id === second.uid && l.type === 'gd_auth_failed');
    expect(failed.map((l) => l.details.failure_details)).toEqual([
      { errorCode: 'invalid-code', message: 'OTP already used' },
    ]);
  });

  test("should refuse a finished transaction's state on every screen", async ({
    page,
    emulator,
  }) => {
    emulator.context.tenant.bindings = [];
    const user = await seedUser(emulator, 'state-replay');
    const callback = watchCallback(page, emulator);
    const { uid: done } = await logIn(page, emulator, user.email);
    expect((await callback.next()).searchParams.get('code')).toBeTruthy();
    await page.waitForURL((u) => !u.href.startsWith(emulator.origin));

    const replayed = async () => {
      for (const path of [
        '/u/login',
        '/u/mfa-otp-challenge',
        '/u/mfa-webauthn-platform-challenge',
      ]) {
        const get = await page.request.get(`${emulator.origin}${path}?state=${done}`, {
          maxRedirects: 0,
        });
        expect(get.status(), `GET ${path}`).toBe(400);
      }
      const post = await page.request.post(`${emulator.origin}/u/login?state=${done}`, {
        form: { state: done, username: user.email, password: 'Wr0ng-password', action: 'default' },
        maxRedirects: 0,
      });
      expect(post.status()).toBe(400);
      expect(await post.text()).toContain('id="prompt-alert"');
    };
    await replayed();

    // With a new transaction in progress in the same browser, the old state is still refused,
    // and the new one is unaffected.
    const started = await authorizeUrl(emulator, { prompt: 'login' });
    await page.goto(started.url.href);
    await expect(page).toHaveURL(/\/u\/login\?state=/);
    await replayed();
    // The replays never reached the password check of the finished transaction.
    const doneTypes = emulator.context.tenant.logs
      .all()
      .filter((l) => l.transaction_id === done)
      .map((l) => l.type);
    expect(doneTypes).toEqual(['s']);
    await page.locator('input#username').fill(user.email);
    await page.locator('input#password').fill(PASSWORD);
    await page.locator(PRIMARY).click();
    expect((await callback.next()).searchParams.get('code')).toBeTruthy();
  });
});

test.describe('Management API: unusable tokens over HTTP', () => {
  test('should answer an expired token with 401', async ({ emulator }) => {
    const token = await forgedManagementToken(emulator, {
      exp: Math.floor(Date.now() / 1000) - 60,
    });
    const res = await api(emulator, 'GET', '/users', { token });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(
      apiError(401, 'Expired token received for JSON Web Token validation', 'invalid_token'),
    );
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
  });

  test('should answer a token for another audience with 401', async ({ emulator }) => {
    const token = await forgedManagementToken(emulator, { aud: 'https://api.example.com/' });
    const res = await api(emulator, 'GET', '/users', { token });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({
      statusCode: 401,
      message: 'Bad audience: https://api.example.com/',
      errorCode: 'invalid_token',
    });
  });
});
