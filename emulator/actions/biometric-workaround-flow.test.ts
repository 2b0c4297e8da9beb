/**
 * The documented workaround (actions/biometric-challenge-after-enrollment.js bound after
 * actions/biometric-enrollment.js) through the flow engine: the second Action sees the refreshed
 * `enrolledFactors` after the enrollment pause (auth0-behaviour.md §1.4 item 2) and challenges
 * device biometrics in the enrollment transaction; later logins get exactly one challenge.
 */
import { readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { driveLogin, flowTestbed } from '../testing/drive-login.ts';
import { deployAction } from '../testing/login-helpers.ts';

const action = (file: string) =>
  readFileSync(new URL(`../../actions/${file}`, import.meta.url), 'utf8');

function setup() {
  const testbed = flowTestbed();
  deployAction(testbed.tenant, 'biometric-enrollment', action('biometric-enrollment.js'));
  deployAction(
    testbed.tenant,
    'biometric-challenge-after-enrollment',
    action('biometric-challenge-after-enrollment.js'),
    { append: true },
  );
  return testbed;
}

test.describe('Workaround: a second Action challenges device biometrics after the enrollment', () => {
  test('should challenge device biometrics in the enrollment transaction (login 1)', async () => {
    const { env, newTx, newUser } = setup();
    const user = await newUser();
    const tx = newTx();
    const enrolled = await driveLogin(env, tx, { user, enroll: ['otp', 'webauthn-platform'] });
    // Action 2 begins after the pause and sees the new factor: a challenge, OTP as alternative.
    expect(enrolled.prompts).toEqual([
      'browser-capabilities',
      'enroll otp',
      'enroll webauthn-platform',
      'challenge webauthn-platform',
    ]);
    expect(tx.prompt).toMatchObject({
      kind: 'challenge',
      source: 'action',
      factors: ['webauthn-platform', 'otp'],
    });
    expect(tx.actionRuns[1]?.saw).toMatchObject({
      enrolledFactors: ['otp', 'webauthn-platform'],
      methods: ['pwd', 'mfa:otp', 'mfa:webauthn-platform'],
    });
    const login1 = await driveLogin(env, tx, { challenge: ['webauthn-platform'] });
    expect(login1.step).toMatchObject({ kind: 'finish', amr: ['mfa'] });
    expect(tx.decisions.find((d) => d.step === 'mfa-evaluation')?.outcome).toBe(
      'satisfied: challenge already passed in this transaction',
    );

    // Login 2: one challenge (the Action's), not a second one from api.multifactor.enable.
    const tx2 = newTx();
    const waiting = await driveLogin(env, tx2, { user });
    expect(waiting.prompts).toEqual(['browser-capabilities', 'challenge webauthn-platform']);
    expect(tx2.prompt?.source).toBe('action');
    const login2 = await driveLogin(env, tx2, { challenge: ['webauthn-platform'] });
    expect(login2.step).toMatchObject({ kind: 'finish', amr: ['mfa'] });
    expect(tx2.challengedInTx).toEqual(['webauthn-platform']);
  });

  test('should do nothing for a user without device biometrics', async () => {
    const { env, tenant, newTx, newUser } = setup();
    tenant.bindings = tenant.bindings.slice(1);
    const user = await newUser();
    const tx = newTx();
    const run = await driveLogin(env, tx, { user });
    expect(run.step).toMatchObject({ kind: 'finish', amr: [] });
    expect(tx.actionRuns.map((r) => r.commands)).toEqual([0]);
  });
});
