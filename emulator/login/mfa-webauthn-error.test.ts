/**
 * `/u/mfa-webauthn-error` (auth0-behaviour.md §2.4–2.5): a device-biometrics ceremony the
 * browser reports as failed (`showError::`, here a platform authenticator that cannot verify
 * the user: `NotAllowedError`) leads to the WebAuthn error screen, with "Try again", "Try
 * another method" when another factor is usable, and "No Thanks" after an enrollment.
 */
import type { Page } from '@playwright/test';
import { generate } from 'otplib';
import { test, expect } from '../testing/fixtures.ts';
import type { Emulator } from '../app.ts';
import type { LogType } from '../tenant/logs.ts';
import {
  resetLoginSettings,
  PRIMARY,
  seedOtp,
  seedUser,
  virtualAuthenticator,
  type CdpAuthenticator,
} from '../testing/credentials.ts';
import { seedMfaUser } from '../testing/mfa-user.ts';
import { deployPostLogin, logIn, logsOf, uidOf, watchCallback } from '../testing/login-helpers.ts';
import { readTransaction } from '../flow/transactions.ts';

test.beforeEach(({ emulator }) => resetLoginSettings(emulator));

/** The device no longer verifies its user: Chromium rejects the ceremony (NotAllowedError). */
const setUserVerified = (auth: CdpAuthenticator, isUserVerified: boolean) =>
  auth.cdp.send('WebAuthn.setUserVerified', {
    authenticatorId: auth.authenticatorId,
    isUserVerified,
  });

const types = (emulator: Emulator, uid: string): LogType[] =>
  logsOf(emulator, uid).map((l) => l.type);

const buttons = (page: Page) =>
  page
    .locator('button[name=action]')
    .evaluateAll((bs) => bs.map((b) => `${(b as HTMLButtonElement).value}:${b.textContent}`));

test.describe('Universal Login: the WebAuthn error screen (mfa-webauthn-error)', () => {
  test('should show the error after a failed challenge, then try again and pass', async ({
    page,
    emulator,
  }) => {
    const { auth, user } = await seedMfaUser(page, emulator, 'wa-error-challenge');
    const callback = watchCallback(page, emulator);
    const { uid } = await logIn(page, emulator, user.email);
    await expect(page).toHaveURL(/\/u\/mfa-webauthn-platform-challenge\?state=/);

    await setUserVerified(auth, false);
    await page.locator(PRIMARY).click();
    await expect(page).toHaveURL(/\/u\/mfa-webauthn-error\?state=/);
    await expect(page.locator('h1')).toHaveText('Something Went Wrong');
    expect(await buttons(page)).toEqual([
      'tryagain:Try again',
      'pick-authenticator:Try another method',
    ]);
    expect(types(emulator, uid)).toEqual(
      expect.arrayContaining(['gd_webauthn_challenge_failed', 'gd_auth_failed']),
    );
    const failure = logsOf(emulator, uid, 'gd_webauthn_challenge_failed')[0]?.details
      .failure_details as { errorCode: string; message: string };
    expect(failure.errorCode).toBe('browser_error');
    expect(failure.message).toContain('NotAllowedError');
    // The challenge screen is not served while the error is pending.
    await page.goto(`${emulator.origin}/u/mfa-webauthn-platform-challenge?state=${uid}`);
    await expect(page).toHaveURL(/\/u\/mfa-webauthn-error\?state=/);

    await setUserVerified(auth, true);
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(page).toHaveURL(/\/u\/mfa-webauthn-platform-challenge\?state=/);
    await page.locator(PRIMARY).click();
    expect((await callback.next()).searchParams.get('code')).toBeTruthy();
    const tx = readTransaction(emulator.context.tenant, uid);
    expect(tx?.amr).toEqual(['mfa']);
    expect(tx?.trail.filter((e) => e.kind === 'screen').map((e) => e.name)).toEqual([
      'login',
      'mfa-detect-browser-capabilities',
      'mfa-webauthn-platform-challenge',
      'mfa-webauthn-error',
      'mfa-webauthn-error', // the stray visit to the challenge, sent back
      'mfa-webauthn-platform-challenge',
    ]);
  });

  test('should offer the other factors after a failed challenge ("Try another method")', async ({
    page,
    emulator,
  }) => {
    const { auth, user } = await seedMfaUser(page, emulator, 'wa-error-pick');
    await logIn(page, emulator, user.email);
    await setUserVerified(auth, false);
    await page.locator(PRIMARY).click();
    await expect(page).toHaveURL(/\/u\/mfa-webauthn-error\?state=/);
    await page.getByRole('button', { name: 'Try another method' }).click();
    await expect(page).toHaveURL(/\/u\/mfa-login-options\?state=/);
    await expect(page.locator('ul.options button[name=action]')).toHaveCount(2);
  });

  test('should show "Device Registration Failed" after a failed enrollment and postpone it on "No Thanks"', async ({
    page,
    emulator,
  }) => {
    deployPostLogin(
      emulator.context.tenant,
      'enroll-biometrics',
      "api.authentication.challengeWith({ type: 'otp' }); api.authentication.enrollWith({ type: 'webauthn-platform' });",
    );
    const auth = await virtualAuthenticator(page);
    const user = await seedUser(emulator, 'wa-error-enroll');
    const secret = seedOtp(user);
    const callback = watchCallback(page, emulator);
    const { uid } = await logIn(page, emulator, user.email);
    await expect(page).toHaveURL(/\/u\/mfa-otp-challenge\?state=/);
    await page.locator('input#code').fill(await generate({ secret }));
    await page.locator(PRIMARY).click();
    await expect(page).toHaveURL(/\/u\/mfa-webauthn-platform-enrollment\?state=/);

    await setUserVerified(auth, false);
    await page.locator(PRIMARY).click();
    await expect(page).toHaveURL(/\/u\/mfa-webauthn-error\?state=/);
    await expect(page.locator('h1')).toHaveText('Device Registration Failed');
    expect(await buttons(page)).toEqual(['tryagain:Try again', 'refuse-add-device:No Thanks']);
    expect(types(emulator, uid)).toContain('gd_webauthn_enrollment_failed');

    await page.getByRole('button', { name: 'No Thanks' }).click();
    expect((await callback.next()).searchParams.get('code')).toBeTruthy();
    expect(user.authenticators.map((a) => a.type)).toEqual(['otp']);
    expect(logsOf(emulator, uid, 'w').map((l) => l.description)).toContain(
      'Enrollment of webauthn-platform postponed by the user (refuse-add-device).',
    );
  });

  test('should refuse an action the screen does not offer, and send a stray visit to the current step', async ({
    page,
    emulator,
  }) => {
    const { auth, user } = await seedMfaUser(page, emulator, 'wa-error-refuse');
    const { uid } = await logIn(page, emulator, user.email);
    await expect(page).toHaveURL(/\/u\/mfa-webauthn-platform-challenge\?state=/);
    // No ceremony failed yet: the error screen sends the browser to the challenge.
    await page.goto(`${emulator.origin}/u/mfa-webauthn-error?state=${uid}`);
    await expect(page).toHaveURL(/\/u\/mfa-webauthn-platform-challenge\?state=/);

    await setUserVerified(auth, false);
    await page.locator(PRIMARY).click();
    await expect(page).toHaveURL(/\/u\/mfa-webauthn-error\?state=/);
    expect(uidOf(page)).toBe(uid);
    for (const action of ['use-password', 'refuse-add-device', 'default']) {
      const res = await page.request.post(`${emulator.origin}/u/mfa-webauthn-error?state=${uid}`, {
        form: { state: uid, action },
      });
      expect(res.status(), action).toBe(400);
      expect(await res.text()).toContain('data-screen="mfa-webauthn-error"');
    }
  });
});
