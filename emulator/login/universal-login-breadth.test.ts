/**
 * Universal Login breadth in a real browser (Chromium + CDP virtual platform authenticator,
 * auth0-behaviour.md §2.4, §1.3): the factor picker behind "Try another method", postponing
 * biometrics enrollment ("Remind me later" / "Not on this device"), "Remember this device for
 * 30 days" and the `did` device cookie.
 */
import type { Page } from '@playwright/test';
import { generate } from 'otplib';
import { test, expect } from '../testing/fixtures.ts';
import type { Emulator } from '../app.ts';
import { protectionClock } from './attack-protection.ts';
import {
  resetLoginSettings,
  PASSWORD,
  PRIMARY,
  seedOtp,
  seedUser,
  virtualAuthenticator,
} from '../testing/credentials.ts';
import { DEVICE_COOKIE, REMEMBER_COOKIE, REMEMBER_BROWSER_MS } from './device.ts';
import { managementClient } from '../testing/management-client.ts';
import {
  authorizeUrl,
  deployPostLogin,
  exchange,
  logIn,
  logsOf,
  uidOf,
  watchCallback,
} from '../testing/login-helpers.ts';
import { readTransactions } from '../flow/transactions.ts';
import { seedMfaUser, seedOtpUser } from '../testing/mfa-user.ts';

test.beforeEach(({ emulator }) => resetLoginSettings(emulator));

const screensOf = (emulator: Emulator, uid: string) =>
  readTransactions(emulator.context.tenant)
    .find((t) => t.uid === uid)
    ?.trail.filter((t) => t.kind === 'screen')
    .map((t) => t.name);

const decisionOf = (emulator: Emulator, uid: string) =>
  readTransactions(emulator.context.tenant)
    .find((t) => t.uid === uid)
    ?.decisions.find((d) => d.step === 'mfa-evaluation');

/**
 * The callback URL once the browser has left the tenant (so the next `goto` is not interrupted
 * by the callback navigation still in flight).
 */
async function landed(
  page: Page,
  emulator: Emulator,
  callback: ReturnType<typeof watchCallback>,
): Promise<URL> {
  const url = await callback.next();
  // Whether anything answers on the application's callback does not matter here: a refused
  // connection also means the browser has left the tenant.
  await page
    .waitForURL((u) => !u.href.startsWith(emulator.origin))
    .catch((err: Error) => {
      if (!/net::ERR_/.test(err.message)) throw err;
    });
  return url;
}

async function cookie(page: Page, name: string) {
  return (await page.context().cookies()).find((c) => c.name === name);
}

test.describe('Universal Login: "Try another method" (auth0-behaviour.md §2.4 pick-authenticator)', () => {
  test('should go from the biometric challenge to /u/mfa-login-options and pass MFA with OTP', async ({
    page,
    emulator,
  }) => {
    const { user, otpSecret: secret } = await seedMfaUser(page, emulator, 'picker');
    const callback = watchCallback(page, emulator);

    const { started, uid } = await logIn(page, emulator, user.email);
    await expect(page).toHaveURL(/\/u\/mfa-webauthn-platform-challenge\?state=/);
    await page.getByRole('button', { name: 'Try another method' }).click();
    await expect(page).toHaveURL(/\/u\/mfa-login-options\?state=/);
    await expect(page.locator('h1')).toHaveText('Other Methods');
    const choices = page.locator('ul.options button[name=action]');
    await expect(choices).toHaveCount(2);
    // `<factor>::<index>`, as real pages render them (live-fidelity U17).
    expect(await choices.evaluateAll((b) => b.map((x) => (x as HTMLButtonElement).value))).toEqual([
      'webauthn-platform::0',
      'otp::1',
    ]);
    await page.locator('button[name=action][value="otp::1"]').click();
    await expect(page).toHaveURL(/\/u\/mfa-otp-challenge\?state=/);
    await page.locator('input#code').fill(await generate({ secret }));
    await page.locator(PRIMARY).click();

    const claims = await exchange(started, await landed(page, emulator, callback));
    expect(claims.amr).toEqual(['mfa']);
    expect(screensOf(emulator, uid)).toEqual([
      'login',
      'mfa-detect-browser-capabilities',
      'mfa-webauthn-platform-challenge',
      'mfa-login-options',
      'mfa-otp-challenge',
    ]);
    const succeeded = logsOf(emulator, uid, 'gd_auth_succeed');
    expect(succeeded.map((l) => (l.details.authenticator as { type: string }).type)).toEqual([
      'otp',
    ]);
    expect(
      logsOf(emulator, uid, 'gd_start_auth').map(
        (l) => (l.details.authenticator as { type: string }).type,
      ),
    ).toEqual(['webauthn-platform', 'otp']);
  });
});

test.describe('Universal Login: postponing biometrics enrollment (auth0-behaviour.md §2.4)', () => {
  for (const [action, label] of [
    ['snooze-enrollment', 'Remind me later'],
    ['refuse-add-device', 'Not on this device'],
  ] as const) {
    test(`should complete the login without enrollment on "${label}" (${action}) and log w`, async ({
      page,
      emulator,
    }) => {
      const tenant = emulator.context.tenant;
      deployPostLogin(
        tenant,
        'enroll-biometrics',
        "api.authentication.challengeWith({ type: 'otp' }); api.authentication.enrollWith({ type: 'webauthn-platform' });",
      );
      const auth = await virtualAuthenticator(page);
      const user = await seedUser(emulator, action);
      const secret = seedOtp(user);
      const callback = watchCallback(page, emulator);

      const { started, uid } = await logIn(page, emulator, user.email);
      await expect(page).toHaveURL(/\/u\/mfa-otp-challenge\?state=/);
      await page.locator('input#code').fill(await generate({ secret }));
      await page.locator(PRIMARY).click();
      await expect(page).toHaveURL(/\/u\/mfa-webauthn-platform-enrollment\?state=/);
      const button = page.getByRole('button', { name: label });
      await expect(button).toHaveAttribute('value', action);
      await button.click();

      const claims = await exchange(started, await landed(page, emulator, callback));
      expect(claims.sub).toBe(user.user_id);
      // Nothing was registered, on either side.
      expect(user.authenticators.map((a) => a.type)).toEqual(['otp']);
      expect(await auth.credentials()).toEqual([]);
      // Both postpone the enrollment for this transaction, logged as `w` (Auth0's exact
      // semantics — e.g. whether "Not on this device" is remembered per device — unconfirmed).
      expect(logsOf(emulator, uid, 'w').map((l) => l.description)).toEqual([
        `Enrollment of webauthn-platform postponed by the user (${action}).`,
      ]);
      expect(logsOf(emulator, uid).map((l) => l.type)).not.toContain('gd_enrollment_complete');
      const tx = readTransactions(tenant).find((t) => t.uid === uid);
      expect(tx?.flow.commands.map((c) => c.status)).toEqual(['completed', 'skipped']);
      expect(tx?.skippedInTx).toEqual(['webauthn-platform']);
    });
  }
});

test.describe('Universal Login: "Remember this device for 30 days" (auth0-behaviour.md §1.3, §2.4)', () => {
  test('should skip the OTP challenge for 30 days for that user when allowRememberBrowser allowed it', async ({
    page,
    emulator,
  }) => {
    const { user, otpSecret: secret } = await seedOtpUser(emulator, 'remember-otp', {
      allowRememberBrowser: true,
    });
    const other = await seedUser(emulator, 'remember-other');
    seedOtp(other);
    const callback = watchCallback(page, emulator);

    // Login 1: challenged; the box is ticked.
    const first = await logIn(page, emulator, user.email);
    await expect(page).toHaveURL(/\/u\/mfa-otp-challenge\?state=/);
    await expect(page.locator('label.checkbox')).toHaveText('Remember this device for 30 days');
    await page.locator('input#rememberBrowser').check();
    await page.locator('input#code').fill(await generate({ secret }));
    await page.locator(PRIMARY).click();
    expect((await exchange(first.started, await landed(page, emulator, callback))).amr).toEqual([
      'mfa',
    ]);
    const [succeeded] = logsOf(emulator, first.uid, 'gd_auth_succeed');
    expect(succeeded?.details.remember_browser).toBe(true);
    const mf = await cookie(page, REMEMBER_COOKIE);
    expect(mf?.httpOnly).toBe(true);
    expect(mf?.path).toBe('/');
    expect(mf?.expires).toBeGreaterThan((Date.now() + REMEMBER_BROWSER_MS) / 1000 - 60);
    expect(mf?.expires).toBeLessThan((Date.now() + REMEMBER_BROWSER_MS) / 1000 + 60);

    // Login 2, same browser and user: no challenge (and no amr: nothing was challenged).
    const second = await logIn(page, emulator, user.email);
    expect(
      (await exchange(second.started, await landed(page, emulator, callback))).amr,
    ).toBeUndefined();
    expect(decisionOf(emulator, second.uid)?.outcome).toBe(
      'skipped: browser remembered (allowRememberBrowser)',
    );
    expect(screensOf(emulator, second.uid)).toEqual(['login']);
    expect(logsOf(emulator, second.uid).map((l) => l.type)).toEqual(['s']);

    // Another user on the same browser is not remembered.
    await logIn(page, emulator, other.email);
    await expect(page).toHaveURL(/\/u\/mfa-otp-challenge\?state=/);

    // 30 days later the user is prompted again ("prompted once every 30 days").
    protectionClock.now = () => Date.now() + REMEMBER_BROWSER_MS + 60_000;
    try {
      await logIn(page, emulator, user.email);
      await expect(page).toHaveURL(/\/u\/mfa-otp-challenge\?state=/);
    } finally {
      protectionClock.now = () => Date.now();
    }
  });

  test('should not remember the browser when allowRememberBrowser is false, even if rememberBrowser=true is posted', async ({
    page,
    emulator,
  }) => {
    const { user, otpSecret: secret } = await seedOtpUser(emulator, 'no-remember');
    const callback = watchCallback(page, emulator);

    const first = await logIn(page, emulator, user.email);
    await expect(page).toHaveURL(/\/u\/mfa-otp-challenge\?state=/);
    await expect(page.locator('input#rememberBrowser')).toHaveCount(0);
    // A crafted field: the server must not honour it.
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = 'rememberBrowser';
      input.value = 'true';
      document.querySelector('form[data-form-primary="true"]')?.append(input);
    });
    await page.locator('input#code').fill(await generate({ secret }));
    await page.locator(PRIMARY).click();
    expect((await exchange(first.started, await landed(page, emulator, callback))).amr).toEqual([
      'mfa',
    ]);
    expect(logsOf(emulator, first.uid, 'gd_auth_succeed')[0]?.details.remember_browser).toBe(false);
    expect(await cookie(page, REMEMBER_COOKIE)).toBeUndefined();

    await logIn(page, emulator, user.email);
    await expect(page).toHaveURL(/\/u\/mfa-otp-challenge\?state=/);
  });

  test('should remember the browser from the biometric challenge', async ({ page, emulator }) => {
    const { user } = await seedMfaUser(page, emulator, 'remember-bio', {
      allowRememberBrowser: true,
    });
    const callback = watchCallback(page, emulator);

    const first = await logIn(page, emulator, user.email);
    await expect(page).toHaveURL(/\/u\/mfa-webauthn-platform-challenge\?state=/);
    await page.locator('input#rememberBrowser').check();
    await page.locator(PRIMARY).click();
    expect((await exchange(first.started, await landed(page, emulator, callback))).amr).toEqual([
      'mfa',
    ]);
    const [succeeded] = logsOf(emulator, first.uid, 'gd_auth_succeed');
    expect(succeeded?.details).toMatchObject({
      authenticator: { type: 'webauthn-platform' },
      remember_browser: true,
    });
    expect((await cookie(page, REMEMBER_COOKIE))?.httpOnly).toBe(true);

    const second = await logIn(page, emulator, user.email);
    expect(
      (await exchange(second.started, await landed(page, emulator, callback))).amr,
    ).toBeUndefined();
    expect(screensOf(emulator, second.uid)).toEqual(['login']);

    // The Management API forgets remembered browsers (SDK v7 users.multifactor).
    await managementClient(emulator).users.multifactor.invalidateRememberBrowser(user.user_id);
    await logIn(page, emulator, user.email);
    await expect(page).toHaveURL(/\/u\/mfa-webauthn-platform-challenge\?state=/);
  });
});

test.describe('Universal Login: the did device cookie (Authentication API cookies)', () => {
  test('should set a long-lived HttpOnly did on the first visit and log it as device_id', async ({
    page,
    browser,
    emulator,
  }) => {
    const { user, otpSecret: secret } = await seedOtpUser(emulator, 'did');
    const callback = watchCallback(page, emulator);

    const started = await authorizeUrl(emulator, { prompt: 'login' });
    await page.goto(started.url.href);
    await expect(page).toHaveURL(/\/u\/login\?state=/);
    const did = await cookie(page, DEVICE_COOKIE);
    expect(did?.value).toMatch(/^v0:[0-9a-f-]{36}$/);
    expect(did?.httpOnly).toBe(true);
    // Long-lived: a year (Auth0's exact lifetime is unconfirmed).
    expect(did?.expires).toBeGreaterThan(Date.now() / 1000 + 364 * 24 * 3600);

    const uid = uidOf(page);
    await page.locator('input#username').fill(user.email);
    await page.locator('input#password').fill(PASSWORD);
    await page.locator(PRIMARY).click();
    await expect(page).toHaveURL(/\/u\/mfa-otp-challenge\?state=/);
    await page.locator('input#code').fill(await generate({ secret }));
    await page.locator(PRIMARY).click();
    await landed(page, emulator, callback);

    // The same device id all along, on every gd_* event of the transaction.
    expect((await cookie(page, DEVICE_COOKIE))?.value).toBe(did?.value);
    const guardian = logsOf(emulator, uid).filter((l) => l.type.startsWith('gd_'));
    expect(guardian.map((l) => l.type)).toEqual(['gd_start_auth', 'gd_auth_succeed']);
    for (const l of guardian) expect(l.details.device_id).toBe(did?.value);

    // Another browser is another device.
    const context = await browser.newContext();
    try {
      const other = await context.newPage();
      await other.goto((await authorizeUrl(emulator)).url.href);
      await expect(other).toHaveURL(/\/u\/login\?state=/);
      const otherDid = (await context.cookies()).find((c) => c.name === DEVICE_COOKIE);
      expect(otherDid?.value).toMatch(/^v0:/);
      expect(otherDid?.value).not.toBe(did?.value);
    } finally {
      await context.close();
    }
  });
});
