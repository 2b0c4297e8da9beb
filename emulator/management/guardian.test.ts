import { Management, type ManagementError } from 'auth0';
import { test, expect } from '../testing/management-fixtures.ts';
import { managementClient } from './test-client.ts';

test.describe('Management API Guardian factors and policies', () => {
  test('should list every factor with the seeded otp and webauthn-platform enabled', async ({
    emulator,
  }) => {
    const factors = await managementClient(emulator).guardian.factors.list();
    expect(factors.map((f) => f.name)).toEqual([
      'sms',
      'push-notification',
      'email',
      'duo',
      'otp',
      'webauthn-roaming',
      'webauthn-platform',
      'recovery-code',
    ]);
    expect(factors.filter((f) => f.enabled).map((f) => f.name)).toEqual([
      'otp',
      'webauthn-platform',
    ]);
  });

  test('should enable and disable a factor and answer {enabled}', async ({ emulator, mgmt }) => {
    expect(await mgmt.guardian.factors.set('recovery-code', { enabled: true })).toEqual({
      enabled: true,
    });
    expect(emulator.context.tenant.isFactorEnabled('recovery-code')).toBe(true);
    expect(await mgmt.guardian.factors.set('recovery-code', { enabled: false })).toEqual({
      enabled: false,
    });
    expect(emulator.context.tenant.isFactorEnabled('recovery-code')).toBe(false);
  });

  test('should refuse an unknown factor name and a non-boolean enabled with 400', async ({
    mgmt,
  }) => {
    const unknown = await mgmt.guardian.factors
      .set('carrier-pigeon' as never, { enabled: true })
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(Management.BadRequestError);
    expect((unknown as ManagementError).body).toMatchObject({ errorCode: 'invalid_uri' });
    const badBody = await mgmt.guardian.factors
      .set('otp', { enabled: 'yes' } as never)
      .catch((e: unknown) => e);
    expect(badBody).toBeInstanceOf(Management.BadRequestError);
  });

  test('should set and read the MFA policies', async ({ mgmt }) => {
    expect(await mgmt.guardian.policies.set(['all-applications'])).toEqual(['all-applications']);
    expect(await mgmt.guardian.policies.list()).toEqual(['all-applications']);
    expect(await mgmt.guardian.policies.set([])).toEqual([]);
    const err = await mgmt.guardian.policies.set(['sometimes'] as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Management.BadRequestError);
  });
});
