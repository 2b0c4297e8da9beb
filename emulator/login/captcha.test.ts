/**
 * Bot Detection's CAPTCHA (auth0-behaviour.md §5.1), set through the Management API
 * (`PATCH /api/v2/attack-protection/bot-detection`) and enforced: with
 * `challenge_password_policy: 'always'` the password screens show the Auth Challenge widget and
 * refuse the password POST without this transaction's solved challenge (login, identifier-first
 * password, sign-up); the allow-list bypasses it; `when_risky` and `never` ask nothing offline.
 */
import type { Page } from '@playwright/test';
import { test, expect } from '../testing/fixtures.ts';
import type { Emulator } from '../app.ts';
import { readTransactions } from '../flow/transactions.ts';
import { captchaSolutionFor, isAllowListed } from './captcha.ts';
import { resetLoginSettings, PASSWORD, seedUser, uniqueEmail } from '../testing/credentials.ts';
import { authorizeUrl, logsOf, openLogin, uidOf } from '../testing/login-helpers.ts';
import { managementClient } from '../testing/management-client.ts';

test.beforeEach(({ emulator }) => resetLoginSettings(emulator));
test.afterEach(({ emulator }) => resetLoginSettings(emulator));

const WIDGET = '.ulp-captcha-container[data-captcha-provider="auth0"]';

/** A form POST to a screen with the browser's cookies (no redirect followed). */
function post(page: Page, emulator: Emulator, path: string, uid: string, form: object) {
  return page.request.post(`${emulator.origin}${path}?state=${encodeURIComponent(uid)}`, {
    form: { state: uid, action: 'default', ...form } as Record<string, string>,
    maxRedirects: 0,
  });
}

async function setBotDetection(emulator: Emulator, body: Record<string, unknown>) {
  await managementClient(emulator).attackProtection.botDetection.update(body);
}

test.describe('Bot Detection: the allow-list (login/captcha.ts)', () => {
  test('should match IPs and CIDRs of both families and ignore malformed entries', () => {
    expect(isAllowListed(['127.0.0.1'], '127.0.0.1')).toBe(true);
    expect(isAllowListed(['127.0.0.2'], '127.0.0.1')).toBe(false);
    expect(isAllowListed(['10.0.0.0/8'], '10.20.30.40')).toBe(true);
    expect(isAllowListed(['10.0.0.0/8'], '11.0.0.1')).toBe(false);
    expect(isAllowListed(['2001:db8::/32'], '2001:db8::1')).toBe(true);
    expect(isAllowListed(['::1'], '::1')).toBe(true);
    expect(isAllowListed(['not-an-ip', '10.0.0.0/99', '10.0.0.0/x'], '10.0.0.1')).toBe(false);
    expect(isAllowListed(['127.0.0.1'], 'garbage')).toBe(false);
  });
});

test.describe('Bot Detection: CAPTCHA "always" on the password screens', () => {
  test('should show the widget on /u/login and refuse the right password without the solved challenge', async ({
    page,
    emulator,
  }) => {
    const tenant = emulator.context.tenant;
    const user = await seedUser(emulator, 'captcha');
    const { uid: before } = await openLogin(page, emulator);
    await expect(page.locator(WIDGET)).toHaveCount(0);
    const noCaptcha = await post(page, emulator, '/u/login', before, {
      username: user.email,
      password: PASSWORD,
    });
    expect(noCaptcha.status()).toBe(302); // "never" (the default): nothing asked

    await setBotDetection(emulator, { challenge_password_policy: 'always' });
    const { uid } = await openLogin(page, emulator);
    await expect(page.locator(WIDGET)).toBeVisible();
    await expect(page.locator(`${WIDGET} input[name="captcha"]`)).toHaveValue('');

    // Missing, then wrong: refused before the password is looked at, logged as a failed login.
    for (const captcha of [undefined, 'guessed']) {
      const refused = await post(page, emulator, '/u/login', uid, {
        username: user.email,
        password: PASSWORD,
        ...(captcha ? { captcha } : {}),
      });
      expect(refused.status()).toBe(400);
      const html = await refused.text();
      expect(html).toContain('data-error-code="invalid-captcha"');
      expect(html).toContain('data-captcha-provider="auth0"');
    }
    const failures = logsOf(emulator, uid, 'f');
    expect(failures.map((l) => l.description)).toEqual([
      'Invalid captcha value',
      'Invalid captcha value',
    ]);
    expect(logsOf(emulator, uid, 'fp')).toEqual([]);
    const loggedIn = readTransactions(tenant, { userId: user.user_id }).map((t) => t.uid);
    expect(loggedIn).toEqual([before]);

    // The solved challenge lets the same password through; it is single-use.
    const solution = captchaSolutionFor(tenant, uid);
    const wrongPassword = await post(page, emulator, '/u/login', uid, {
      username: user.email,
      password: 'Wrong-Passw0rd',
      captcha: solution,
    });
    expect(wrongPassword.status()).toBe(400);
    expect(await wrongPassword.text()).toContain('data-error-code="wrong-credentials"');
    const replayed = await post(page, emulator, '/u/login', uid, {
      username: user.email,
      password: PASSWORD,
      captcha: solution,
    });
    expect(await replayed.text()).toContain('data-error-code="invalid-captcha"');
    const passed = await post(page, emulator, '/u/login', uid, {
      username: user.email,
      password: PASSWORD,
      captcha: captchaSolutionFor(tenant, uid),
    });
    expect(passed.status()).toBe(302);
  });

  test('should guard the identifier-first password step and sign-up, and let the allow-list through', async ({
    page,
    emulator,
  }) => {
    const tenant = emulator.context.tenant;
    const user = await seedUser(emulator, 'captcha-idf');
    await setBotDetection(emulator, { challenge_password_policy: 'always' });
    const mgmt = managementClient(emulator);
    await mgmt.prompts.updateSettings({ identifier_first: true });

    const started = await authorizeUrl(emulator, { prompt: 'login' });
    await page.goto(started.url.href);
    await expect(page).toHaveURL(/\/u\/login\/identifier\?state=/);
    await expect(page.locator(WIDGET)).toHaveCount(0);
    await page.locator('input#username').fill(user.email);
    await page.locator('button[name=action][value=default]').click();
    await expect(page).toHaveURL(/\/u\/login\/password\?state=/);
    await expect(page.locator(WIDGET)).toBeVisible();
    const uid = uidOf(page);
    const refused = await post(page, emulator, '/u/login/password', uid, { password: PASSWORD });
    expect(refused.status()).toBe(400);
    expect(await refused.text()).toContain('data-error-code="invalid-captcha"');

    // Sign-up: refused before the user exists, one `fs`.
    const signup = await authorizeUrl(emulator, { screen_hint: 'signup', prompt: 'login' });
    await page.goto(signup.url.href);
    await expect(page).toHaveURL(/\/u\/signup\?state=/);
    await expect(page.locator(WIDGET)).toBeVisible();
    const signupUid = uidOf(page);
    const email = uniqueEmail('captcha-signup');
    const noAccount = await post(page, emulator, '/u/signup', signupUid, {
      email,
      password: PASSWORD,
    });
    expect(noAccount.status()).toBe(400);
    expect(await noAccount.text()).toContain('data-error-code="invalid-captcha"');
    expect(tenant.findUserByEmail(email)).toBeUndefined();
    expect(logsOf(emulator, signupUid, 'fs').map((l) => l.description)).toEqual([
      'Invalid captcha value',
    ]);

    // The runner's IP on the allow-list: no widget, no refusal ("IP AllowList … bypass").
    await setBotDetection(emulator, { allowlist: ['127.0.0.0/8', '::1'] });
    await page.reload();
    await expect(page.locator(WIDGET)).toHaveCount(0);
    const created = await post(page, emulator, '/u/signup', signupUid, {
      email,
      password: PASSWORD,
    });
    expect(created.status()).toBe(302);
    expect(tenant.findUserByEmail(email)).toBeDefined();
  });

  test('should ask nothing with "when_risky" (no risk signal offline) nor in monitoring mode', async ({
    page,
    emulator,
  }) => {
    const user = await seedUser(emulator, 'captcha-risky');
    for (const settings of [
      { challenge_password_policy: 'when_risky' },
      { challenge_password_policy: 'always', monitoring_mode_enabled: true },
    ]) {
      await setBotDetection(emulator, settings);
      const { uid } = await openLogin(page, emulator);
      await expect(page.locator(WIDGET)).toHaveCount(0);
      const passed = await post(page, emulator, '/u/login', uid, {
        username: user.email,
        password: PASSWORD,
      });
      expect(passed.status()).toBe(302);
    }
  });
});
