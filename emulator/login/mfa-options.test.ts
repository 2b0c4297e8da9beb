/**
 * The factor picker's values as real pages render them (live-fidelity U17): each button posts
 * `<factor>::<index>`; the bare factor (what ACUL posts, auth0-behaviour.md §2.4) is accepted
 * too; a value the page did not render is refused.
 */
import type { Page } from '@playwright/test';
import { test, expect } from '../testing/fixtures.ts';
import type { Emulator } from '../app.ts';
import { resetLoginSettings, PRIMARY } from '../testing/credentials.ts';
import { seedMfaUser } from '../testing/mfa-user.ts';
import { logIn } from '../testing/login-helpers.ts';
import { chosenFactor } from './screens/mfa-options.ts';

test.beforeEach(({ emulator }) => resetLoginSettings(emulator));

/** A user with OTP and device biometrics at the challenge picker ("Try another method"). */
async function atPicker(page: Page, emulator: Emulator, tag: string): Promise<void> {
  const { user } = await seedMfaUser(page, emulator, tag);
  await logIn(page, emulator, user.email);
  await expect(page).toHaveURL(/\/u\/mfa-webauthn-platform-challenge\?state=/);
  await page.getByRole('button', { name: 'Try another method' }).click();
  await expect(page).toHaveURL(/\/u\/mfa-login-options\?state=/);
}

/** Posts the picker form with `value` as the OTP button's value, as another client would. */
async function postOtpAs(page: Page, value: string): Promise<void> {
  const otp = page.locator('ul.options button[name=action]').nth(1);
  await expect(otp).toHaveAttribute('value', 'otp::1');
  await otp.evaluate((b, v) => ((b as HTMLButtonElement).value = v), value);
  await otp.click();
}

test.describe('Universal Login: factor picker values (live-fidelity U17)', () => {
  test('should accept exactly the rendered values and the bare factor', () => {
    const offered = ['webauthn-platform', 'otp'];
    expect(chosenFactor('otp::1', offered)).toBe('otp');
    expect(chosenFactor('webauthn-platform::0', offered)).toBe('webauthn-platform');
    expect(chosenFactor('otp', offered)).toBe('otp');
    for (const refused of ['otp::0', 'otp::01', 'otp::', 'otp::1::1', 'email::1', 'sms', '']) {
      expect(chosenFactor(refused, offered), refused).toBeUndefined();
    }
  });

  test('should take the bare factor ACUL posts to the OTP challenge', async ({
    page,
    emulator,
  }) => {
    await atPicker(page, emulator, 'picker-bare');
    await postOtpAs(page, 'otp');
    await expect(page).toHaveURL(/\/u\/mfa-otp-challenge\?state=/);
    await expect(page.locator('input#code')).toBeVisible();
  });

  test('should refuse an index the page did not render, and stay on the picker', async ({
    page,
    emulator,
  }) => {
    await atPicker(page, emulator, 'picker-index');
    const answered = page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().includes('/u/mfa-login-options'),
    );
    await postOtpAs(page, 'otp::0');
    expect((await answered).status()).toBe(400);
    await expect(page.locator('#prompt-alert')).toHaveAttribute(
      'data-error-code',
      'invalid-action',
    );
    await expect(page.locator('button[name=action]')).toHaveCount(2);
    await expect(page.locator(PRIMARY)).toHaveCount(0);
  });
});
