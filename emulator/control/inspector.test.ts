/**
 * The inspector page (`GET /`) and the reset route, checked in Chromium after a real sign-up
 * with OTP and device-biometrics enrollment: the user, the transaction's decisions and the log
 * rows appear, and no secret does.
 */
import { BIOMETRIC_ACTION } from '../testing/biometric-action.ts';
import { generate } from 'otplib';
import { test, expect } from '../testing/fixtures.ts';
import { PRIMARY } from '../testing/credentials.ts';
import {
  addPlatformAuthenticator,
  deployAction,
  showOtpSecret,
  signUp,
  watchCallback,
} from '../testing/login-helpers.ts';
import { readTransactions } from '../flow/transactions.ts';
import type { UserRecord } from '../tenant/store.ts';
import { storeUser } from '../testing/stored-user.ts';
import { RESET_HEADER, RESET_PATH } from './routes.ts';

const PASSWORD = 'Corr3ct-Horse-Battery-Inspector';
/** A well-formed scrypt hash of nothing in particular, for stored users. */
const STORED_HASH = 'scrypt$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA';
const ACTION_SECRET = 'inspector-action-secret-value-0123456789';

test.describe('Inspector (emulator-only control surface)', () => {
  test('should show users, transaction decisions and log rows after a sign-up, and no secret', async ({
    page,
    emulator,
  }) => {
    const { tenant, config } = emulator.context;
    deployAction(tenant, 'biometric-enrollment', BIOMETRIC_ACTION);
    // A second Action that logs its own secret: the inspector must mask it.
    const loggerId = deployAction(
      tenant,
      'secret-logger',
      "exports.onExecutePostLogin = async (event) => { console.log('using key', event.secrets.KEY); };",
      { append: true },
    );
    const logger = tenant.actions.get(loggerId);
    const secret = { name: 'KEY', value: ACTION_SECRET, updated_at: new Date().toISOString() };
    logger?.secrets.push(secret);
    logger?.versions[0]?.secrets.push(secret);

    await addPlatformAuthenticator(page);
    const callback = watchCallback(page, emulator);
    const email = `inspector-${Date.now()}@example.com`;
    await signUp(page, emulator, email);
    const otpSecret = await showOtpSecret(page);
    expect(otpSecret).toMatch(/^[A-Z2-7]{32}$/);
    await page.locator('input#code').fill(await generate({ secret: otpSecret }));
    await page.locator(PRIMARY).click();
    await expect(page).toHaveURL(/\/u\/mfa-webauthn-platform-enrollment\?state=/);
    await page.locator(PRIMARY).click();
    expect((await callback.next()).searchParams.get('code')).toBeTruthy();

    const user = tenant.findUserByEmail(email) as UserRecord;
    const [tx] = readTransactions(tenant, { userId: user.user_id });
    // A new tab: the first one is still navigating to the (unserved) application callback.
    const inspector = await page.context().newPage();
    const response = await inspector.goto(`${emulator.origin}/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toContain('text/html');

    // Users: id, email, logins_count, factors, app_metadata.
    const userRow = inspector.locator('#users tbody tr', { hasText: email });
    await expect(userRow).toContainText(user.user_id);
    await expect(userRow).toContainText('webauthn-platform');
    await expect(userRow).toContainText('otp');
    await expect(userRow).toContainText('"enrolled": true');

    // The transaction: snapshot, Actions run, decisions, screens, amr.
    const section = inspector.locator(`section[data-transaction="${tx?.uid}"]`);
    await expect(section).toContainText(
      'skipped: not enrolled in the snapshot (enrolled during this transaction)',
    );
    await expect(section).toContainText('mfa-evaluation');
    await expect(section).toContainText(
      'signup → mfa-detect-browser-capabilities → mfa-otp-enrollment-qr',
    );
    await expect(section).toContainText('using key [redacted]');
    await expect(section.locator('tr', { hasText: 'secret-logger' })).toContainText('ok');

    // The log stream.
    for (const type of ['ss', 'gd_enrollment_complete', 's']) {
      await expect(
        inspector
          .locator('#logs tbody tr', { hasText: email })
          .filter({
            has: inspector.locator('code', { hasText: new RegExp(`^${type}$`) }),
          })
          .first(),
      ).toBeVisible();
    }

    // No secret, anywhere in the HTML.
    const html = await inspector.content();
    const webauthn = user.authenticators.find((a) => a.type === 'webauthn-platform');
    const forbidden = {
      password: PASSWORD,
      'password hash': user.password_hash,
      'password hash (salt part)': user.password_hash.split('$')[1] ?? 'x'.repeat(40),
      'TOTP secret': otpSecret,
      'WebAuthn public key':
        webauthn?.type === 'webauthn-platform' ? webauthn.publicKey : 'x'.repeat(40),
      'application client secret': config.app.clientSecret,
      'M2M client secret': config.mgmt.clientSecret,
      'Action secret': ACTION_SECRET,
    };
    for (const [what, value] of Object.entries(forbidden)) {
      expect(html.includes(value), `${what} must not appear in the inspector`).toBe(false);
    }
    expect(html).not.toContain('<script');
    tenant.bindings = [];
  });

  test('should escape what users and Actions control', async ({ page, emulator }) => {
    const { tenant } = emulator.context;
    storeUser(tenant, {
      user_id: 'auth0|escape-test',
      email: 'x@example.com',
      name: 'x',
      nickname: 'x',
      password_hash: STORED_HASH,
      app_metadata: { note: '<script>alert(1)</script><img src=x onerror=alert(2)>' },
    });
    await page.goto(`${emulator.origin}/`);
    const html = await page.content();
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    await expect(page.locator('#users')).toContainText('<script>alert(1)</script>');
    tenant.users.delete('auth0|escape-test');
  });

  test('should render a user whose metadata is too deep to serialise, without a 500', async ({
    emulator,
  }) => {
    const { tenant } = emulator.context;
    // Deeper than JSON.stringify can go (an Action could store it; the API refuses it).
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    storeUser(tenant, {
      user_id: 'auth0|deep-test',
      email: 'deep@example.com',
      name: 'deep',
      nickname: 'deep',
      password_hash: STORED_HASH,
      app_metadata: deep,
    });
    try {
      const res = await fetch(`${emulator.origin}/`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('[not displayable: too deeply nested]');
    } finally {
      tenant.users.delete('auth0|deep-test');
    }
  });

  test('should clear users, transactions, logs and bindings on POST /__emulator/reset', async ({
    emulator,
  }) => {
    const { tenant } = emulator.context;
    deployAction(tenant, 'noop', 'exports.onExecutePostLogin = async () => {};');
    const res = await fetch(`${emulator.origin}${RESET_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [RESET_HEADER]: '1' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'reset', cleared: { bindings: 1 } });
    expect(tenant.users.size).toBe(0);
    expect(readTransactions(tenant)).toEqual([]);
    expect(tenant.logs.all()).toEqual([]);
    expect(tenant.bindings).toEqual([]);
    // Clients and Actions stay: the tenant still works.
    expect(tenant.clients.size).toBeGreaterThan(0);
    expect((await fetch(`${emulator.origin}${RESET_PATH}`)).status).not.toBe(200);
  });
});
