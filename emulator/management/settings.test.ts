import { Management } from 'auth0';
import { apiError, test, expect } from '../testing/management-fixtures.ts';
import { api } from './test-client.ts';

test.describe('Management API tenant settings, Bot Detection and prompts', () => {
  test('should read and update tenant settings including customize_mfa_in_postlogin_action', async ({
    emulator,
    mgmt,
  }) => {
    expect(await mgmt.tenants.settings.get()).toMatchObject({
      customize_mfa_in_postlogin_action: true,
    });
    const updated = await mgmt.tenants.settings.update({
      customize_mfa_in_postlogin_action: false,
      friendly_name: 'E2E',
    });
    expect(updated).toMatchObject({
      customize_mfa_in_postlogin_action: false,
      friendly_name: 'E2E',
    });
    expect(emulator.context.tenant.settings.customize_mfa_in_postlogin_action).toBe(false);
    expect(
      await mgmt.tenants.settings.get({ fields: 'friendly_name', include_fields: true }),
    ).toEqual({ friendly_name: 'E2E' });
    await mgmt.tenants.settings.update({ customize_mfa_in_postlogin_action: true });
    const bad = await mgmt.tenants.settings
      .update({ customize_mfa_in_postlogin_action: 'yes' } as never)
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(Management.BadRequestError);
  });

  test('should read and update Bot Detection settings', async ({ mgmt }) => {
    expect(await mgmt.attackProtection.botDetection.get()).toMatchObject({
      challenge_password_policy: 'never',
    });
    const updated = await mgmt.attackProtection.botDetection.update({
      challenge_password_policy: 'always',
      allowlist: ['127.0.0.1'],
    });
    expect(updated).toMatchObject({
      challenge_password_policy: 'always',
      allowlist: ['127.0.0.1'],
      bot_detection_level: 'medium',
    });
    const bad = await mgmt.attackProtection.botDetection
      .update({ challenge_password_policy: 'sometimes' } as never)
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(Management.BadRequestError);
    await mgmt.attackProtection.botDetection.update({
      challenge_password_policy: 'never',
      allowlist: [],
    });
  });

  test('should read and update prompt settings', async ({ emulator, mgmt }) => {
    const before = await mgmt.prompts.getSettings();
    expect(before).toMatchObject({ universal_login_experience: 'new' });
    const flipped = !before.identifier_first;
    expect(await mgmt.prompts.updateSettings({ identifier_first: flipped })).toMatchObject({
      identifier_first: flipped,
    });
    expect(emulator.context.tenant.promptSettings.identifier_first).toBe(flipped);
    // The tenant is shared by the worker's test files: leave it as found.
    await mgmt.prompts.updateSettings({ identifier_first: !flipped });
  });

  test('should refuse a body that is not an object', async ({ emulator, token }) => {
    const res = await api(emulator, 'PATCH', '/prompts', { token, json: [1] });
    expect(res.body).toEqual(
      apiError(
        400,
        "Payload validation error: 'Expected type object but found type array'.",
        'invalid_body',
      ),
    );
  });
});
