/**
 * The recovery code (Guardian factor `recovery-code`, auth0-behaviour.md §2.3, §2.5): enabled
 * through the Management API, it is issued with the user's first MFA enrollment, shown once on
 * `/u/mfa-recovery-code-enrollment` until the user confirms having saved it (`saved=on`,
 * `action=default`), stored only as a hash, listed by the authentication-methods API, and never
 * an `enrolledFactors` entry nor an MFA factor of the evaluation.
 */
import { BIOMETRIC_ACTION } from '../testing/biometric-action.ts';
import type { Page } from '@playwright/test';
import { generate } from 'otplib';
import { test, expect } from '../testing/fixtures.ts';
import type { Emulator } from '../app.ts';
import { hashRecoveryCode, newRecoveryCode, verifyRecoveryCode } from '../factors/recovery-code.ts';
import { readTransactions } from '../flow/transactions.ts';
import type { UserRecord } from '../tenant/store.ts';
import {
  resetLoginSettings,
  PRIMARY,
  uniqueEmail,
  virtualAuthenticator,
} from '../testing/credentials.ts';
import { driveLogin, flowTestbed } from '../testing/drive-login.ts';
import { deployAction, showOtpSecret, signUp, watchCallback } from '../testing/login-helpers.ts';
import { managementClient } from '../testing/management-client.ts';

const CODE_PATH = '/u/mfa-recovery-code-enrollment';

test.beforeEach(({ emulator }) => resetLoginSettings(emulator));
test.afterEach(({ emulator }) => resetLoginSettings(emulator));

test.describe('Recovery code: the code itself', () => {
  test('should make 24-character codes and verify them from their hash only', () => {
    const codes = new Set(Array.from({ length: 50 }, () => newRecoveryCode()));
    expect(codes.size).toBe(50);
    for (const c of codes) expect(c).toMatch(/^[A-Z0-9]{24}$/);
    const code = newRecoveryCode();
    const hash = hashRecoveryCode(code);
    expect(hash).not.toContain(code);
    expect(hashRecoveryCode(code)).not.toBe(hash); // salted
    expect(verifyRecoveryCode(code, hash)).toBe(true);
    // What a user may type: lower case, in groups.
    const grouped = code.toLowerCase().replace(/(.{4})(?!$)/g, '$1-');
    expect(verifyRecoveryCode(grouped, hash)).toBe(true);
    const other = code.startsWith('A') ? `B${code.slice(1)}` : `A${code.slice(1)}`;
    expect(verifyRecoveryCode(other, hash)).toBe(false);
    expect(verifyRecoveryCode(code.slice(1), hash)).toBe(false);
    for (const bad of ['', 'sha256$', 'bcrypt$a$b', `sha256$${'A'.repeat(24)}`]) {
      expect(verifyRecoveryCode(code, bad)).toBe(false);
    }
  });
});

test.describe('Recovery code: the flow (flow/recovery-code.ts)', () => {
  test('should ask for the saved code right after the first enrollment, only while the factor is on', async () => {
    const { tenant, env, newTx, newUser } = flowTestbed();
    deployAction(tenant, 'biometric-enrollment', BIOMETRIC_ACTION);
    const off = await driveLogin(env, newTx(), {
      user: await newUser(),
      enroll: ['otp', 'webauthn-platform'],
    });
    expect(off.prompts).toEqual(['browser-capabilities', 'enroll otp', 'enroll webauthn-platform']);

    tenant.factors.set('recovery-code', { enabled: true });
    const user = await newUser();
    const tx = newTx();
    const stopped = await driveLogin(env, tx, {
      user,
      enroll: ['otp', 'webauthn-platform'],
      saveRecoveryCode: false,
    });
    expect(stopped.prompts).toEqual(['browser-capabilities', 'enroll otp', 'recovery-code']);
    expect(stopped.step).toMatchObject({ kind: 'prompt', prompt: { name: 'recovery-code' } });
    const code = tx.recoveryCodeToShow ?? '';
    expect(code).toMatch(/^[A-Z0-9]{24}$/);
    const stored = user.authenticators.find((a) => a.type === 'recovery-code');
    expect(stored?.type === 'recovery-code' && verifyRecoveryCode(code, stored.hash)).toBe(true);

    const done = await driveLogin(env, tx, { enroll: ['webauthn-platform'] });
    expect(done.prompts).toEqual(['recovery-code', 'enroll webauthn-platform']);
    expect(done.step).toMatchObject({ kind: 'finish', amr: [] });
    expect(tx.recoveryCodeToShow).toBeUndefined();
    // Never an enrolled factor: the next login's evaluation reads otp and biometrics only.
    const login2 = newTx();
    const run2 = await driveLogin(env, login2, { user, challenge: ['webauthn-platform'] });
    expect(run2.prompts).toEqual(['browser-capabilities', 'challenge webauthn-platform']);
    expect(login2.decisions.find((d) => d.step === 'mfa-evaluation')?.enrolledFactors).toEqual([
      'otp',
      'webauthn-platform',
    ]);
    expect(login2.actionRuns[0]?.saw.enrolledFactors).toEqual(['otp', 'webauthn-platform']);
  });
});

/** Sign-up to the recovery-code screen (OTP enrolled through "Trouble Scanning?"). */
async function signUpToRecoveryCode(page: Page, emulator: Emulator) {
  const email = uniqueEmail('recovery');
  const { uid } = await signUp(page, emulator, email);
  const secret = await showOtpSecret(page);
  await page.locator('input#code').fill(await generate({ secret }));
  await page.locator(PRIMARY).click();
  await expect(page).toHaveURL(new RegExp(`${CODE_PATH}\\?state=`));
  return { uid, email };
}

test.describe('Universal Login: /u/mfa-recovery-code-enrollment', () => {
  test('should show the code once after OTP enrollment, insist on "saved", then go on to biometrics', async ({
    page,
    emulator,
  }) => {
    const tenant = emulator.context.tenant;
    const mgmt = managementClient(emulator);
    await mgmt.guardian.factors.set('recovery-code', { enabled: true });
    deployAction(tenant, 'biometric-enrollment', BIOMETRIC_ACTION);
    await virtualAuthenticator(page);
    const callback = watchCallback(page, emulator);
    const { uid, email } = await signUpToRecoveryCode(page, emulator);

    await expect(page.locator('h1')).toHaveText('Almost There!');
    await expect(page.getByText('I have safely recorded this number')).toBeVisible();
    const code = (await page.locator('#recovery-code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^[A-Z0-9]{24}$/);
    // A reload shows the same code.
    await page.reload();
    await expect(page.locator('#recovery-code')).toHaveText(code);

    // Continue without the checkbox: refused, the same code again.
    const refused = await page.request.post(`${emulator.origin}${CODE_PATH}?state=${uid}`, {
      form: { state: uid, action: 'default' },
    });
    expect(refused.status()).toBe(400);
    const html = await refused.text();
    expect(html).toContain('data-error-code="no-confirmation"');
    expect(html).toContain(code);

    await page.locator('input#saved').check();
    await page.locator(PRIMARY).click();
    await expect(page).toHaveURL(/\/u\/mfa-webauthn-platform-enrollment\?state=/);
    await page.locator(PRIMARY).click();
    expect((await callback.next()).searchParams.get('code')).toBeTruthy();

    // The screen is gone once confirmed.
    await page.goto(`${emulator.origin}${CODE_PATH}?state=${uid}`);
    await expect(page.locator('#recovery-code')).toHaveCount(0);

    const user = tenant.findUserByEmail(email) as UserRecord;
    expect(user.authenticators.map((a) => a.type)).toEqual([
      'otp',
      'recovery-code',
      'webauthn-platform',
    ]);
    const stored = user.authenticators[1];
    expect(stored?.type === 'recovery-code' && verifyRecoveryCode(code, stored.hash)).toBe(true);
    // Stored hashed: the code is nowhere in the tenant's state, logs or trail.
    expect(JSON.stringify(user)).not.toContain(code);
    expect(JSON.stringify(tenant.logs.all())).not.toContain(code);
    const [tx] = readTransactions(tenant, { userId: user.user_id });
    expect(JSON.stringify(tx?.trail)).not.toContain(code);
    expect(tx?.trail.filter((e) => e.kind === 'screen').map((e) => e.name)).toEqual([
      'signup',
      'mfa-detect-browser-capabilities',
      'mfa-otp-enrollment-qr',
      'mfa-otp-enrollment-code',
      'mfa-recovery-code-enrollment',
      'mfa-recovery-code-enrollment',
      'mfa-recovery-code-enrollment',
      'mfa-webauthn-platform-enrollment',
    ]);
    // No log event is documented for issuing or confirming a recovery code.
    expect(tenant.logs.all().filter((l) => l.type.startsWith('gd_recovery'))).toEqual([]);

    // The authentication-methods API lists it (type only).
    const methods = (await mgmt.users.authenticationMethods.list(user.user_id)).data;
    expect(methods.map((m) => m.type)).toEqual(['totp', 'recovery-code', 'webauthn-platform']);
    expect(JSON.stringify(methods)).not.toContain(stored?.type === 'recovery-code' && stored.hash);
  });
});
