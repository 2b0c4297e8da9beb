/**
 * Attack protection as Auth0 promises it (auth0-behaviour.md §5.2): the MFA OTP limit ("more
 * than 10 … within one hour", `gd_otp_rate_limit_exceed`, "does not reset upon a successful
 * login") and brute-force protection (10 failed attempts from one IP for one identifier →
 * blocked, `limit_wc`, unblocked by `DELETE /api/v2/user-blocks?identifier=`). Bulk attempts go
 * through the page's own cookies (`page.request`) to stay fast; the decisive attempt goes through
 * the screen.
 */
import type { Page } from '@playwright/test';
import { Management, ManagementError } from 'auth0';
import { generate } from 'otplib';
import { test, expect } from '../testing/fixtures.ts';
import type { Emulator } from '../app.ts';
import { OTP_WINDOW_MS, protectionClock } from '../login/attack-protection.ts';
import { resetLoginSettings, PASSWORD, PRIMARY, seedUser } from '../testing/credentials.ts';
import { exchange, logsOf, openLogin, watchCallback } from '../testing/login-helpers.ts';
import { seedOtpUser } from '../testing/mfa-user.ts';
import { managementClient, managementToken } from '../testing/management-client.ts';

test.beforeEach(({ emulator }) => resetLoginSettings(emulator));

const ALERT = '#prompt-alert';

async function submitPassword(page: Page, email: string, password: string) {
  await page.locator('input#username').fill(email);
  await page.locator('input#password').fill(password);
  await page.locator(PRIMARY).click();
}

/** A form POST to a screen with the browser's cookies (no redirect followed). */
function post(page: Page, emulator: Emulator, path: string, uid: string, form: object) {
  return page.request.post(`${emulator.origin}${path}?state=${encodeURIComponent(uid)}`, {
    form: { state: uid, action: 'default', ...form } as Record<string, string>,
    maxRedirects: 0,
  });
}

/** A six-digit code that is none of the secret's codes around now. */
async function wrongCode(secret: string): Promise<string> {
  const epoch = Math.floor(Date.now() / 1000);
  const valid = await Promise.all(
    [-60, -30, 0, 30, 60].map((d) => generate({ secret, epoch: epoch + d })),
  );
  return ['000000', '111111', '222222', '333333', '444444', '555555'].find(
    (c) => !valid.includes(c),
  ) as string;
}

test.describe('MFA OTP limit (auth0-behaviour.md §5.2, gd_otp_rate_limit_exceed)', () => {
  test.afterEach(() => {
    protectionClock.now = () => Date.now();
  });

  test('should refuse every code, even the right one, after 10 failed codes within an hour', async ({
    page,
    emulator,
  }) => {
    const { user, otpSecret: secret } = await seedOtpUser(emulator, 'otp-limit');
    const callback = watchCallback(page, emulator);
    const { started, uid } = await openLogin(page, emulator);
    await submitPassword(page, user.email, PASSWORD);
    await expect(page).toHaveURL(/\/u\/mfa-otp-challenge\?state=/);

    const wrong = await wrongCode(secret);
    for (let i = 0; i < 10; i++) {
      const res = await post(page, emulator, '/u/mfa-otp-challenge', uid, { code: wrong });
      expect(res.status()).toBe(400);
      expect(await res.text()).toContain('data-error-code="invalid-code"');
    }
    expect(logsOf(emulator, uid, 'gd_auth_failed')).toHaveLength(10);
    expect(logsOf(emulator, uid, 'gd_otp_rate_limit_exceed')).toHaveLength(0);

    // The 11th attempt carries the right code and is refused all the same.
    await page.locator('input#code').fill(await generate({ secret }));
    await page.locator(PRIMARY).click();
    await expect(page.locator(ALERT)).toHaveAttribute('data-error-code', 'too-many-failures');
    await expect(page.locator(ALERT)).toHaveText(
      'Too many failed codes. Wait for some minutes before retrying.',
    );
    await expect(page).toHaveURL(/\/u\/mfa-otp-challenge\?state=/);
    const [limited] = logsOf(emulator, uid, 'gd_otp_rate_limit_exceed');
    expect(limited).toMatchObject({
      user_id: user.user_id,
      details: {
        authenticator: { type: 'otp' },
        failure_details: { errorCode: 'too-many-failures' },
      },
    });
    expect(user.authenticators[0]?.type === 'otp' && user.authenticators[0].usedSteps).toEqual([]);

    // An hour later the window has passed.
    protectionClock.now = () => Date.now() + OTP_WINDOW_MS + 1_000;
    await page.locator('input#code').fill(await generate({ secret }));
    await page.locator(PRIMARY).click();
    expect((await exchange(started, await callback.next())).amr).toEqual(['mfa']);
  });

  test('should keep counting failed codes across a successful login ("does not reset")', async ({
    page,
    emulator,
  }) => {
    const { user, otpSecret: secret } = await seedOtpUser(emulator, 'otp-noreset');
    const callback = watchCallback(page, emulator);
    const wrong = await wrongCode(secret);
    const epoch = Math.floor(Date.now() / 1000);

    // Login 1: nine failures, then success.
    const first = await openLogin(page, emulator);
    await submitPassword(page, user.email, PASSWORD);
    await expect(page).toHaveURL(/\/u\/mfa-otp-challenge\?state=/);
    for (let i = 0; i < 9; i++)
      await post(page, emulator, '/u/mfa-otp-challenge', first.uid, { code: wrong });
    await page.locator('input#code').fill(await generate({ secret, epoch }));
    await page.locator(PRIMARY).click();
    expect((await exchange(first.started, await callback.next())).amr).toEqual(['mfa']);
    await page.waitForURL((u) => !u.href.startsWith(emulator.origin));

    // Login 2: one more failure makes ten; the next right code is refused.
    const second = await openLogin(page, emulator);
    await submitPassword(page, user.email, PASSWORD);
    await expect(page).toHaveURL(/\/u\/mfa-otp-challenge\?state=/);
    await post(page, emulator, '/u/mfa-otp-challenge', second.uid, { code: wrong });
    const next = await generate({ secret, epoch: epoch + 30 });
    await page.locator('input#code').fill(next);
    await page.locator(PRIMARY).click();
    await expect(page.locator(ALERT)).toHaveAttribute('data-error-code', 'too-many-failures');
    expect(logsOf(emulator, second.uid, 'gd_otp_rate_limit_exceed')).toHaveLength(1);

    protectionClock.now = () => Date.now() + OTP_WINDOW_MS + 1_000;
    await page.locator('input#code').fill(next);
    await page.locator(PRIMARY).click();
    expect((await exchange(second.started, await callback.next())).amr).toEqual(['mfa']);
  });
});

test.describe('Brute-force protection (auth0-behaviour.md §5.2, limit_wc, user-blocks)', () => {
  test('should block an IP for an identifier after 10 failed passwords until user-blocks unblocks it', async ({
    page,
    emulator,
  }) => {
    // No Action is bound: the file's beforeEach (resetLoginSettings) unbinds them all.
    const tenant = emulator.context.tenant;
    const user = await seedUser(emulator, 'brute');
    const callback = watchCallback(page, emulator);
    const mgmt = managementClient(emulator);
    const { started, uid } = await openLogin(page, emulator);

    for (let i = 0; i < 10; i++) {
      const res = await post(page, emulator, '/u/login', uid, {
        username: user.email,
        password: `Wr0ng-password-${i}`,
      });
      expect(res.status()).toBe(400);
      expect(await res.text()).toContain('data-error-code="wrong-credentials"');
    }
    const fp = logsOf(emulator, uid, 'fp');
    expect(fp).toHaveLength(10);
    expect(logsOf(emulator, uid, 'limit_wc')).toHaveLength(0);

    // The right password is refused now.
    await submitPassword(page, user.email, PASSWORD);
    await expect(page.locator(ALERT)).toHaveAttribute('data-error-code', 'too-many-attempts');
    // Auth0's wording here is unconfirmed.
    await expect(page.locator(ALERT)).toHaveText(
      "Your account has been blocked after multiple consecutive login attempts. We've sent you an email with instructions on how to unblock it.",
    );
    const [blocked] = logsOf(emulator, uid, 'limit_wc');
    expect(blocked).toMatchObject({
      type: 'limit_wc',
      user_id: user.user_id,
      user_name: user.email,
      ip: fp[0]?.ip,
      connection: tenant.connection.name,
    });
    expect(user.logins_count).toBe(0);

    // The block is visible through the Management API (SDK v7 userBlocks).
    const listed = await mgmt.userBlocks.listByIdentifier({ identifier: user.email.toUpperCase() });
    expect(listed.blocked_for).toEqual([
      { identifier: user.email, ip: fp[0]?.ip, connection: tenant.connection.name },
    ]);
    // Unblocking needs update:users.
    const readOnly = managementClient(emulator, {
      token: await managementToken(emulator, 'read:users'),
    });
    const denied = await readOnly.userBlocks
      .deleteByIdentifier({ identifier: user.email })
      .catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(Management.ForbiddenError);
    expect((denied as ManagementError).body).toMatchObject({
      message: 'Insufficient scope, expected any of: update:users',
    });

    await mgmt.userBlocks.deleteByIdentifier({ identifier: user.email });
    expect(
      (await mgmt.userBlocks.listByIdentifier({ identifier: user.email })).blocked_for,
    ).toEqual([]);
    await submitPassword(page, user.email, PASSWORD);
    expect((await exchange(started, await callback.next())).sub).toBe(user.user_id);
  });

  test('should reset the count on a successful login and never block unknown identifiers', async ({
    page,
    emulator,
  }) => {
    const user = await seedUser(emulator, 'brute-reset');
    const callback = watchCallback(page, emulator);

    for (let round = 0; round < 2; round++) {
      const { uid } = await openLogin(page, emulator);
      for (let i = 0; i < 9; i++)
        await post(page, emulator, '/u/login', uid, { username: user.email, password: 'nope' });
      await submitPassword(page, user.email, PASSWORD);
      expect((await callback.next()).searchParams.get('code')).toBeTruthy();
      await page.waitForURL((u) => !u.href.startsWith(emulator.origin));
      expect(logsOf(emulator, uid, 'limit_wc')).toHaveLength(0);
    }

    // An identifier without an account is never blocked: each attempt stays a plain `fu`.
    const { uid } = await openLogin(page, emulator);
    const nobody = `nobody-${Date.now()}@example.com`;
    for (let i = 0; i < 11; i++)
      await post(page, emulator, '/u/login', uid, { username: nobody, password: 'nope' });
    expect(logsOf(emulator, uid, 'fu')).toHaveLength(11);
    expect(logsOf(emulator, uid, 'limit_wc')).toHaveLength(0);
    const mgmt = managementClient(emulator);
    expect((await mgmt.userBlocks.listByIdentifier({ identifier: nobody })).blocked_for).toEqual(
      [],
    );
  });
});
