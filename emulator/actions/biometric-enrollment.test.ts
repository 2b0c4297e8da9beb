/**
 * The Action under test (`actions/biometric-enrollment.js`), unmodified, in the emulator's
 * Actions runtime: what it asks of the flow for a new user and for an enrolled one.
 */
import { BIOMETRIC_ACTION as code } from '../testing/biometric-action.ts';
import { test, expect } from '@playwright/test';
import { runAction } from '../testing/run-action.ts';
import { compileAction } from './runtime.ts';
import { sampleEvent, sampleEventInput } from './sample-event.ts';

test.describe('actions/biometric-enrollment.js (post-login v3)', () => {
  test('should compile as CommonJS', () => {
    expect(compileAction(code)).toEqual({ ok: true });
  });

  test('should enroll OTP then device biometrics for a new user, batch the flag and require MFA', async () => {
    const result = await runAction(code);

    expect(result.outcome).toBe('ok');
    expect(result.mfaCommands).toEqual([
      { kind: 'enroll', picker: false, factors: [{ type: 'otp' }] },
      { kind: 'enroll', picker: false, factors: [{ type: 'webauthn-platform' }] },
    ]);
    expect(result.appMetadata).toEqual({
      biometrics: { enrolled: true, enrolled_at: expect.any(String), method: 'webauthn-platform' },
    });
    expect(
      Date.parse((result.appMetadata.biometrics as { enrolled_at: string }).enrolled_at),
    ).not.toBeNaN();
    expect(result.userMetadata).toEqual({});
    expect(result.multifactor).toEqual({
      provider: 'any',
      options: { allowRememberBrowser: false },
    });
    expect(result.deny).toBeUndefined();
    expect(result.redirect).toBeUndefined();
  });

  test('should challenge OTP instead of enrolling it when the user already has OTP', async () => {
    const event = sampleEvent({ enrolledFactors: [{ type: 'otp' }] });
    const result = await runAction(code, { event });

    expect(result.outcome).toBe('ok');
    expect(result.mfaCommands).toEqual([
      { kind: 'challenge', picker: false, factors: [{ type: 'otp' }] },
      { kind: 'enroll', picker: false, factors: [{ type: 'webauthn-platform' }] },
    ]);
  });

  test('should only require MFA once the profile snapshot says the user is enrolled', async () => {
    const input = sampleEventInput({
      enrolledFactors: [{ type: 'otp' }, { type: 'webauthn-platform' }],
    });
    input.user.app_metadata = {
      biometrics: {
        enrolled: true,
        enrolled_at: '2026-09-20T10:01:00.000Z',
        method: 'webauthn-platform',
      },
    };
    const result = await runAction(code, { event: sampleEvent(input) });

    expect(result.outcome).toBe('ok');
    expect(result.mfaCommands).toEqual([]);
    expect(result.appMetadata).toEqual({});
    expect(result.multifactor).toEqual({
      provider: 'any',
      options: { allowRememberBrowser: false },
    });
  });

  test('should stay within the four-command cap', async () => {
    const result = await runAction(code);
    expect(result.mfaCommands.length).toBeLessThanOrEqual(4);
  });
});
