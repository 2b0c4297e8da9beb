/**
 * Universal Login in a real browser (Chromium + CDP virtual platform authenticator): the
 * biometric first-login journey of the support article (auth0-behaviour.md §1.4), OTP
 * enrollment and challenge rules, first-factor errors and refused transactions.
 */
import { BIOMETRIC_ACTION } from '../testing/biometric-action.ts';
import type { Page } from '@playwright/test';
import { generate } from 'otplib';
import { test, expect } from '../testing/fixtures.ts';
import type { Emulator } from '../app.ts';
import type { LogType } from '../tenant/logs.ts';
import type { UserRecord } from '../tenant/store.ts';
import { PASSWORD, PRIMARY, seedOtp, seedUser, uniqueEmail } from '../testing/credentials.ts';
import {
  addPlatformAuthenticator,
  authorizeUrl,
  deployAction,
  deployPostLogin,
  exchange,
  logIn,
  signUp,
  uidOf,
  watchCallback,
} from '../testing/login-helpers.ts';
import { readTransactions } from '../flow/transactions.ts';

const logTypes = (emulator: Emulator, uid: string): LogType[] =>
  emulator.context.tenant.logs
    .all()
    .filter((l) => l.transaction_id === uid)
    .map((l) => l.type);

/** Sign-up → OTP enrollment through "Trouble Scanning?" → device-biometrics enrollment. */
async function signUpAndEnroll(
  page: Page,
  emulator: Emulator,
  email: string,
): Promise<{ uid: string; secret: string }> {
  const { uid } = await signUp(page, emulator, email);

  // Capability detection auto-submits, then the Action's enrollWith({type:'otp'}).
  await expect(page).toHaveURL(/\/u\/mfa-otp-enrollment-qr\?state=/);
  await expect(page.locator('img#qr-code')).toBeVisible();
  await page.locator('button[name=action][value=toggle-view]').click();
  await expect(page).toHaveURL(/\/u\/mfa-otp-enrollment-code\?state=/);
  await expect(
    page.getByText('Manually enter the following code into your preferred authenticator app'),
  ).toBeVisible();
  const secret = (await page.locator('#otp-secret').textContent())?.trim() ?? '';
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);

  await page.locator('input#code').fill('12ab');
  await page.locator(PRIMARY).click();
  await expect(page.locator('#prompt-alert')).toHaveAttribute(
    'data-error-code',
    'invalid-otp-code-format',
  );
  await expect(page.locator('#prompt-alert')).toHaveText('OTP Code must have 6 numeric characters');

  await page.locator('input#code').fill(await generate({ secret }));
  await page.locator(PRIMARY).click();

  // Then enrollWith({type:'webauthn-platform'}): the user now has another factor (OTP).
  await expect(page).toHaveURL(/\/u\/mfa-webauthn-platform-enrollment\?state=/);
  await expect(page.locator('h1')).toHaveText('Log In Faster on This Device');
  await expect(
    page.getByText(
      "Trust this device? You can quickly and securely log in the next time using this device's fingerprint or face recognition.",
    ),
  ).toBeVisible();
  await page.locator(PRIMARY).click();
  return { uid, secret };
}

test.describe('Universal Login: biometric first login (snapshot semantics, auth0-behaviour.md §1.4)', () => {
  test('should enroll OTP and biometrics on login 1 without a biometric prompt, then prompt on login 2', async ({
    page,
    emulator,
  }) => {
    const tenant = emulator.context.tenant;
    deployAction(tenant, 'biometric-enrollment', BIOMETRIC_ACTION);
    const authenticator = await addPlatformAuthenticator(page);
    const callback = watchCallback(page, emulator);
    const email = uniqueEmail('journey');

    // Login 1 = the sign-up login, in which enrollment happens.
    const { uid: uid1 } = await signUpAndEnroll(page, emulator, email);
    const cb1 = await callback.next();
    expect(cb1.searchParams.get('code')).toBeTruthy();
    expect(cb1.searchParams.get('error')).toBeNull();

    const user = tenant.findUserByEmail(email) as UserRecord;
    expect(user.authenticators.map((a) => a.type)).toEqual(['otp', 'webauthn-platform']);
    expect(user.app_metadata).toMatchObject({ biometrics: { enrolled: true } });
    expect(user.logins_count).toBe(1);

    const [tx1] = readTransactions(tenant, { userId: user.user_id });
    expect(tx1?.uid).toBe(uid1);
    expect(tx1?.amr).toEqual([]);
    expect(tx1?.decisions.find((d) => d.step === 'mfa-evaluation')).toMatchObject({
      readFrom: 'snapshot',
      enrolledFactors: [],
      outcome: 'skipped: not enrolled in the snapshot (enrolled during this transaction)',
    });
    expect(tx1?.trail.filter((t) => t.kind === 'screen').map((t) => t.name)).toEqual([
      'signup',
      'mfa-detect-browser-capabilities',
      'mfa-otp-enrollment-qr',
      'mfa-otp-enrollment-code',
      'mfa-otp-enrollment-code',
      'mfa-webauthn-platform-enrollment',
    ]);
    const types1 = logTypes(emulator, uid1);
    expect(types1).toEqual(
      expect.arrayContaining(['ss', 'gd_start_enroll', 'gd_enrollment_complete', 's']),
    );
    expect(types1.filter((t) => t === 'gd_enrollment_complete')).toHaveLength(2);
    expect(types1).not.toContain('gd_start_auth');
    expect(types1).not.toContain('mfar');

    // Login 2: a new transaction, a fresh snapshot → the biometric challenge.
    await page.context().clearCookies();
    const before = (await authenticator.credentials())[0]?.signCount ?? 0;
    const { started, uid: uid2 } = await logIn(page, emulator, email);
    await expect(page).toHaveURL(/\/u\/mfa-webauthn-platform-challenge\?state=/);
    await expect(page.locator('h1')).toHaveText(
      'Use fingerprint or face recognition to login Biometric E2E Test App',
    );
    // An assertion without the UV flag is refused server-side (device biometrics always verify the user).
    await authenticator.setBadUV(true);
    await page.locator(PRIMARY).click();
    await expect(page.locator('#prompt-alert')).toHaveAttribute(
      'data-error-code',
      'webauthn-platform-challenge-failed',
    );
    expect(logTypes(emulator, uid2)).toEqual(
      expect.arrayContaining(['gd_webauthn_challenge_failed', 'gd_auth_failed']),
    );
    // A retry with a fresh challenge succeeds.
    await authenticator.setBadUV(false);
    await page.locator(PRIMARY).click();
    const cb2 = await callback.next();
    const claims = await exchange(started, cb2);
    expect(claims.amr).toEqual(['mfa']);
    expect(claims.sub).toBe(user.user_id);
    const after = (await authenticator.credentials())[0]?.signCount ?? 0;
    expect(after).toBeGreaterThan(before);
    const stored = user.authenticators.find((a) => a.type === 'webauthn-platform');
    expect(stored?.type === 'webauthn-platform' && stored.counter).toBe(after);

    const tx2 = readTransactions(tenant).find((t) => t.uid === uid2);
    expect(tx2?.decisions.find((d) => d.step === 'mfa-evaluation')).toMatchObject({
      readFrom: 'snapshot',
      enrolledFactors: ['otp', 'webauthn-platform'],
      outcome: 'challenge webauthn-platform',
    });
    expect(logTypes(emulator, uid2)).toEqual(
      expect.arrayContaining(['mfar', 'gd_start_auth', 'gd_auth_succeed', 's']),
    );
    expect(user.logins_count).toBe(2);
  });
});

test.describe('Universal Login: fresh reads (the hypothetical fixed platform)', () => {
  test('should challenge with biometrics already on login 1 when every read is fresh', async ({
    page,
    emulator,
  }) => {
    const { tenant, config } = emulator.context;
    deployAction(tenant, 'biometric-enrollment', BIOMETRIC_ACTION);
    await addPlatformAuthenticator(page);
    const callback = watchCallback(page, emulator);
    const email = uniqueEmail('fresh');
    // The documented switch (EMULATOR_USER_READS=fresh), flipped for this test only.
    config.userReads = 'fresh';
    try {
      const { uid } = await signUpAndEnroll(page, emulator, email);
      await expect(page).toHaveURL(/\/u\/mfa-webauthn-platform-challenge\?state=/);
      await page.locator(PRIMARY).click();
      const cb = await callback.next();
      expect(cb.searchParams.get('code')).toBeTruthy();
      const tx = readTransactions(tenant).find((t) => t.uid === uid);
      expect(tx?.decisions.find((d) => d.step === 'mfa-evaluation')).toMatchObject({
        readFrom: 'fresh',
        enrolledFactors: ['otp', 'webauthn-platform'],
        outcome: 'challenge webauthn-platform',
      });
      expect(tx?.amr).toEqual(['mfa']);
    } finally {
      config.userReads = 'snapshot';
    }
  });
});

test.describe('Universal Login: OTP challenge (auth0-behaviour.md §2.4)', () => {
  test('should reject a wrong code, a malformed code and a reused code, then accept a fresh one', async ({
    page,
    emulator,
  }) => {
    const tenant = emulator.context.tenant;
    deployPostLogin(tenant, 'require-mfa', "api.multifactor.enable('any');");
    const user = await seedUser(emulator, 'otp');
    const secret = seedOtp(user);
    const callback = watchCallback(page, emulator);
    const epoch = Math.floor(Date.now() / 1000);
    const code = await generate({ secret, epoch });

    // First login: wrong code, then the right one.
    const first = await logIn(page, emulator, user.email);
    await expect(page).toHaveURL(/\/u\/mfa-otp-challenge\?state=/);
    await expect(page.locator('input#code')).toHaveAttribute(
      'placeholder',
      'Enter your one-time code',
    );
    await page.locator('input#code').fill(code === '000000' ? '111111' : '000000');
    await page.locator(PRIMARY).click();
    await expect(page.locator('#prompt-alert')).toHaveAttribute('data-error-code', 'invalid-code');
    await expect(page.locator('#prompt-alert')).toHaveText('The code you entered is invalid');
    await page.locator('input#code').fill('1234567');
    await page.locator(PRIMARY).click();
    await expect(page.locator('#prompt-alert')).toHaveAttribute(
      'data-error-code',
      'invalid-otp-code-format',
    );
    await page.locator('input#code').fill(code);
    await page.locator(PRIMARY).click();
    const claims = await exchange(first.started, await callback.next());
    expect(claims.amr).toEqual(['mfa']);
    expect(logTypes(emulator, first.uid).filter((t) => t === 'gd_auth_failed')).toHaveLength(2);

    // Second login: the same code (same time step) is refused; the next step's code is accepted.
    await page.context().clearCookies();
    const second = await logIn(page, emulator, user.email);
    await expect(page).toHaveURL(/\/u\/mfa-otp-challenge\?state=/);
    await page.locator('input#code').fill(code);
    await page.locator(PRIMARY).click();
    await expect(page.locator('#prompt-alert')).toHaveAttribute('data-error-code', 'invalid-code');
    await page.locator('input#code').fill(await generate({ secret, epoch: epoch + 30 }));
    await page.locator(PRIMARY).click();
    const claims2 = await exchange(second.started, await callback.next());
    expect(claims2.amr).toEqual(['mfa']);
    expect(logTypes(emulator, second.uid)).toEqual(
      expect.arrayContaining(['gd_start_auth', 'gd_auth_failed', 'gd_auth_succeed', 's']),
    );
  });
});

test.describe('Universal Login: first factor', () => {
  test('should show "Wrong email or password." and log fp / fu', async ({ page, emulator }) => {
    const tenant = emulator.context.tenant;
    tenant.bindings = [];
    const { email } = await seedUser(emulator, 'pw');

    const { uid } = await logIn(page, emulator, email, 'Wr0ng-password!');
    await expect(page.locator('#prompt-alert')).toHaveAttribute(
      'data-error-code',
      'wrong-credentials',
    );
    await expect(page.locator('#prompt-alert')).toHaveText('Wrong email or password.');
    await page.locator('input#username').fill(uniqueEmail('nobody'));
    await page.locator('input#password').fill(PASSWORD);
    await page.locator(PRIMARY).click();
    await expect(page.locator('#prompt-alert')).toHaveAttribute(
      'data-error-code',
      'wrong-credentials',
    );
    expect(logTypes(emulator, uid)).toEqual(['fp', 'fu']);

    // Then the right password: no Action bound, no MFA → straight to the application.
    const callback = watchCallback(page, emulator);
    await page.locator('input#username').fill(email);
    await page.locator('input#password').fill(PASSWORD);
    await page.locator(PRIMARY).click();
    expect((await callback.next()).searchParams.get('code')).toBeTruthy();
    expect(logTypes(emulator, uid)).toEqual(['fp', 'fu', 's']);
  });

  test('should refuse an existing email on sign-up with "The user already exists."', async ({
    page,
    emulator,
  }) => {
    const { email } = await seedUser(emulator, 'dup');
    await signUp(page, emulator, email);
    await expect(page.locator('#prompt-alert')).toHaveAttribute('data-error-code', 'user-exists');
    await expect(page.locator('#prompt-alert')).toHaveText('The user already exists.');
    await page.locator('input#email').fill(uniqueEmail('weak'));
    await page.locator('input#password').fill('short');
    await page.locator(PRIMARY).click();
    await expect(page.locator('span.ulp-input-error-message')).toContainText(
      'At least 8 characters',
    );
    expect(logTypes(emulator, uidOf(page))).toEqual(['fs', 'fs']);
  });

  test('should go through /u/login/identifier and /u/login/password when identifier_first is on', async ({
    page,
    emulator,
  }) => {
    const tenant = emulator.context.tenant;
    tenant.bindings = [];
    tenant.promptSettings.identifier_first = true;
    try {
      const { email } = await seedUser(emulator, 'idf');
      const callback = watchCallback(page, emulator);
      const started = await authorizeUrl(emulator);
      await page.goto(started.url.href);
      await expect(page).toHaveURL(/\/u\/login\/identifier\?state=/);
      await page.locator('input#username').fill(email);
      await page.locator(PRIMARY).click();
      await expect(page).toHaveURL(/\/u\/login\/password\?state=/);
      await expect(page.getByText(email)).toBeVisible();
      // The real page carries the identifier in a read-only input without an id (live-fidelity U6).
      await expect(page.locator('input#username')).toHaveCount(0);
      await expect(page.locator('input[name=username][readonly]:not([id])')).toHaveValue(email);
      await page.locator('input#password').fill(PASSWORD);
      await page.locator(PRIMARY).click();
      expect((await callback.next()).searchParams.get('code')).toBeTruthy();
    } finally {
      tenant.promptSettings.identifier_first = false;
    }
  });
});

test.describe('Universal Login: transactions', () => {
  test('should refuse an unknown or tampered state with a 400 page', async ({ page, emulator }) => {
    const started = await authorizeUrl(emulator);
    await page.goto(started.url.href);
    await expect(page).toHaveURL(/\/u\/login\?state=/);
    const uid = uidOf(page);

    for (const path of [
      '/u/login',
      '/u/mfa-otp-challenge',
      '/u/mfa-webauthn-platform-enrollment',
    ]) {
      const res = await page.request.get(`${emulator.origin}${path}?state=${uid}x`);
      expect(res.status()).toBe(400);
      expect(await res.text()).toContain('id="prompt-alert"');
    }
    const noState = await page.request.get(`${emulator.origin}/u/login`);
    expect(noState.status()).toBe(400);
    // A POST whose body state differs from the URL's.
    const mismatch = await page.request.post(`${emulator.origin}/u/login?state=${uid}`, {
      form: { state: `${uid}x`, username: 'a@example.com', password: 'x', action: 'default' },
    });
    expect(mismatch.status()).toBe(400);
    // Garbage bodies are a 4xx, never a 500.
    const junk = await page.request.post(`${emulator.origin}/u/login?state=${uid}`, {
      headers: { 'content-type': 'application/json' },
      data: '{not json',
    });
    expect(junk.status()).toBe(400);
    // The genuine transaction still works.
    const ok = await page.request.get(`${emulator.origin}/u/login?state=${uid}`);
    expect(ok.status()).toBe(200);
  });

  test('should send the application access_denied when an Action denies the login', async ({
    page,
    emulator,
  }) => {
    const tenant = emulator.context.tenant;
    deployPostLogin(
      tenant,
      'deny',
      "api.user.setAppMetadata('seen', true); api.access.deny('No entry for you');",
    );
    const user = await seedUser(emulator, 'deny');
    const callback = watchCallback(page, emulator);
    await logIn(page, emulator, user.email);
    const cb = await callback.next();
    expect(cb.searchParams.get('error')).toBe('access_denied');
    expect(cb.searchParams.get('error_description')).toBe('No entry for you');
    expect(cb.searchParams.get('state')).toBeTruthy();
    // "does NOT cancel other side effects such as metadata changes" (§1.3).
    expect(user.app_metadata).toEqual({ seen: true });
    tenant.bindings = [];
  });
});
