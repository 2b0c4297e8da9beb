/**
 * The passkey enrollment offer (`/u/passkey-enrollment`, prompt `passkeys`, auth0-behaviour.md
 * §2.5), set through the Management API on the database connection
 * (`PATCH /api/v2/connections/{id}` with `options.authentication_methods.passkey.enabled` and
 * `options.passkey_options.progressive_enrollment_enabled`): offered right after a password
 * sign-up or login, declined with "Continue without passkeys"; creating a passkey is refused
 * (not emulated) and never becomes an MFA factor.
 */
import { ManagementError } from 'auth0';
import { test, expect } from '../testing/fixtures.ts';
import type { Emulator } from '../app.ts';
import { readTransactions } from '../flow/transactions.ts';
import { DATABASE_OPTIONS_DEFAULT } from '../tenant/store.ts';
import { resetLoginSettings, PRIMARY, seedUser, uniqueEmail } from '../testing/credentials.ts';
import { logIn, signUp, watchCallback } from '../testing/login-helpers.ts';
import { managementClient } from '../testing/management-client.ts';

const OFFER = /\/u\/passkey-enrollment\?state=/;
const DECLINE = 'button[name=action][value=abort-passkey-enrollment]';

function restore(emulator: Emulator) {
  resetLoginSettings(emulator);
  emulator.context.tenant.connection.options = structuredClone(DATABASE_OPTIONS_DEFAULT);
}
test.beforeEach(({ emulator }) => restore(emulator));
test.afterEach(({ emulator }) => restore(emulator));

/** Passkeys on the connection, as the auth0 SDK's types name the settings. */
async function enablePasskeys(emulator: Emulator, progressive?: boolean) {
  const mgmt = managementClient(emulator);
  const id = emulator.context.tenant.connection.id;
  const current = await mgmt.connections.get(id);
  return mgmt.connections.update(id, {
    options: {
      ...current.options,
      authentication_methods: { password: { enabled: true }, passkey: { enabled: true } },
      ...(progressive === undefined
        ? {}
        : { passkey_options: { progressive_enrollment_enabled: progressive } }),
    },
  });
}

test.describe('Management API: the connection options the passkey offer reads', () => {
  test("should read and replace a connection's options whole, and 404 an unknown id", async ({
    emulator,
  }) => {
    const mgmt = managementClient(emulator);
    const id = emulator.context.tenant.connection.id;
    const updated = await enablePasskeys(emulator, true);
    expect(updated.options).toMatchObject({
      authentication_methods: { passkey: { enabled: true } },
      passkey_options: { progressive_enrollment_enabled: true },
      brute_force_protection: true,
    });
    expect((await mgmt.connections.get(id)).options).toEqual(updated.options);
    // `options` is replaced, not merged.
    const replaced = await mgmt.connections.update(id, { options: { passwordPolicy: 'good' } });
    expect(replaced.options).toEqual({ passwordPolicy: 'good' });
    const missing = await mgmt.connections
      .update('con_0000000000000000', { options: {} })
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ManagementError);
    expect((missing as ManagementError).statusCode).toBe(404);
  });
});

test.describe('Universal Login: /u/passkey-enrollment', () => {
  test('should offer a passkey after sign-up, refuse creating one and go on without it', async ({
    page,
    emulator,
  }) => {
    await enablePasskeys(emulator); // progressive enrollment unset: on by default
    const callback = watchCallback(page, emulator);
    const email = uniqueEmail('passkey');
    await signUp(page, emulator, email);
    await expect(page).toHaveURL(OFFER);
    await expect(page.locator('main')).toHaveAttribute('data-prompt', 'passkeys');

    // Create a passkey: not emulated, refused cleanly; the offer stays.
    await page.locator(PRIMARY).click();
    await expect(page).toHaveURL(OFFER);
    await expect(page.locator('#prompt-alert')).toHaveAttribute(
      'data-error-code',
      'passkey-enrollment-not-emulated',
    );

    await page.locator(DECLINE).click();
    expect((await callback.next()).searchParams.get('code')).toBeTruthy();
    const user = emulator.context.tenant.findUserByEmail(email);
    expect(user?.authenticators).toEqual([]);
    const [tx] = readTransactions(emulator.context.tenant, { userId: user?.user_id ?? '' });
    expect(tx?.trail.filter((e) => e.kind === 'screen').map((e) => e.name)).toEqual([
      'signup',
      'passkey-enrollment',
      'passkey-enrollment',
    ]);
  });

  test('should offer it after a password login too, and not when progressive enrollment is off', async ({
    page,
    emulator,
  }) => {
    const user = await seedUser(emulator, 'passkey-login');
    await enablePasskeys(emulator, true);
    await logIn(page, emulator, user.email);
    await expect(page).toHaveURL(OFFER);

    await enablePasskeys(emulator, false);
    const callback = watchCallback(page, emulator);
    await logIn(page, emulator, user.email);
    expect((await callback.next()).searchParams.get('code')).toBeTruthy();
  });
});
