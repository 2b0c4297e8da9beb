/**
 * The factor picker (`/u/mfa-login-options`) as a real page allows (live-fidelity U17/R7): real
 * buttons carry an index in their value (`otp::0`, `webauthn-platform::1`; `email::1` was seen
 * on a real tenant), ACUL posts the bare factor; the `::` boundary is checked.
 */
import { LoginOptionsPage, valueSelectsFactor } from '../fixtures/pages/login-options-page.ts';
import { expect, test, ulScreen, walkerFor, USER } from './ul-screens-support.ts';

const picker = (values: string[]) =>
  ulScreen(
    'Other Methods',
    `<ul>${values
      .map((v) => `<li><button type="submit" name="action" value="${v}">${v}</button></li>`)
      .join('')}</ul>`,
  );

test.describe('factor picker (mfa-login-options)', () => {
  const offers: { title: string; values: string[]; offered: string[] }[] = [
    {
      title:
        'should offer the factors of buttons valued <factor>::<index>, as a real tenant renders them',
      values: ['email::0', 'otp::1', 'webauthn-platform::2'],
      offered: ['webauthn-platform', 'otp'],
    },
    {
      title: 'should offer the factors of buttons valued exactly <factor>, as ACUL posts them',
      values: ['otp', 'webauthn-platform'],
      offered: ['webauthn-platform', 'otp'],
    },
    {
      title: 'should not take webauthn-platform-x or webauthn-roaming for webauthn-platform',
      values: ['webauthn-platform-x::0', 'webauthn-roaming::1', 'otp::2'],
      offered: ['otp'],
    },
  ];
  for (const { title, values, offered } of offers) {
    test(title, async ({ page }) => {
      await page.setContent(picker(values));
      const options = new LoginOptionsPage(page);
      expect(await options.offered(['webauthn-platform', 'otp'])).toEqual(offered);
    });
  }

  test('should post the indexed value of the chosen factor when the walker meets the picker', async ({
    page,
    serve,
  }) => {
    const tenant = await serve({
      '/u/mfa-login-options': { html: picker(['email::0', 'webauthn-platform::1', 'otp::2']) },
    });
    const walker = walkerFor(page, tenant);
    await page.goto(tenant.url('/u/mfa-login-options'));
    await walker.complete('login 2', USER);
    expect(tenant.posted.map((p) => p.form.action)).toEqual(['webauthn-platform::1']);
  });

  test('should check the :: boundary of a button value', () => {
    expect(valueSelectsFactor('otp', 'otp')).toBe(true);
    expect(valueSelectsFactor('otp::0', 'otp')).toBe(true);
    expect(valueSelectsFactor('otp-x::0', 'otp')).toBe(false);
    expect(valueSelectsFactor('webauthn-platform-x', 'webauthn-platform')).toBe(false);
    expect(valueSelectsFactor('webauthn-platform:1', 'webauthn-platform')).toBe(false);
  });
});
