/**
 * The documented workaround (actions/biometric-challenge-after-enrollment.js bound after
 * actions/biometric-enrollment.js) through the flow engine: the second Action sees the refreshed
 * `enrolledFactors` after the enrollment pause (auth0-behaviour.md §1.4 item 2) and challenges
 * device biometrics in the enrollment transaction; later logins get exactly one challenge.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { fromEnv } from '../config.ts';
import { advance, completePrompt, onFirstFactor, type FlowEnv } from '../login/flow.ts';
import { deployAction } from '../login/test-helpers.ts';
import { transactionFor, type LoginTransaction } from '../login/transactions.ts';
import { Tenant, type UserRecord } from '../tenant/store.ts';
import { createUser } from '../tenant/users.ts';
import { executeAction } from './runtime.ts';

const action = (file: string) =>
  readFileSync(new URL(`../../actions/${file}`, import.meta.url), 'utf8');
const CAPABLE = {
  jsAvailable: true,
  webauthnAvailable: true,
  webauthnPlatformAvailable: true,
  isBrave: false,
};

function setup() {
  const config = { ...fromEnv({}), port: 0 };
  const tenant = Tenant.seed(config);
  deployAction(tenant, 'biometric-enrollment', action('biometric-enrollment.js'));
  deployAction(
    tenant,
    'biometric-challenge-after-enrollment',
    action('biometric-challenge-after-enrollment.js'),
    { append: true },
  );
  const env: FlowEnv = {
    tenant,
    userReads: 'snapshot',
    runAction: executeAction,
    request: {
      ip: '127.0.0.1',
      method: 'POST',
      path: '/u/login',
      hostname: 'localhost:4010',
      query: {},
      body: {},
    },
  };
  const newTx = (): LoginTransaction =>
    transactionFor(tenant, randomUUID(), config.app.clientId, {
      redirect_uri: 'http://localhost:3000/callback',
    });
  return { tenant, env, newTx };
}

const enroll = (user: UserRecord, type: 'otp' | 'webauthn-platform') =>
  user.authenticators.push(
    type === 'otp'
      ? {
          type,
          id: `totp|dev_${randomUUID()}`,
          secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
          confirmed: true,
          created_at: new Date().toISOString(),
          usedSteps: [],
        }
      : {
          type,
          id: `webauthn-platform|dev_${randomUUID()}`,
          credentialId: randomUUID(),
          publicKey: 'AA',
          counter: 0,
          transports: ['internal'],
          name: 'Chrome on Linux',
          confirmed: true,
          created_at: new Date().toISOString(),
        },
  );

test.describe('Workaround: a second Action challenges device biometrics after the enrollment', () => {
  test('should challenge device biometrics in the enrollment transaction (login 1)', async () => {
    const { tenant, env, newTx } = setup();
    const user = await createUser(tenant, {
      email: `workaround-${randomUUID()}@example.com`,
      password: 'Corr3ct-Horse-Battery',
      connection: tenant.connection.name,
    });
    const tx = newTx();
    onFirstFactor(env, tx, user);
    expect(await advance(env, tx)).toMatchObject({ path: '/u/mfa-detect-browser-capabilities' });
    tx.capabilities = CAPABLE;
    expect(await advance(env, tx)).toMatchObject({ path: '/u/mfa-otp-enrollment-qr' });
    enroll(user, 'otp');
    completePrompt(env, tx, 'otp', 'enrolled');
    expect(await advance(env, tx)).toMatchObject({ path: '/u/mfa-webauthn-platform-enrollment' });
    enroll(user, 'webauthn-platform');
    completePrompt(env, tx, 'webauthn-platform', 'enrolled');
    // Action 2 begins after the pause and sees the new factor: a challenge, OTP as alternative.
    expect(await advance(env, tx)).toEqual({
      kind: 'screen',
      path: '/u/mfa-webauthn-platform-challenge',
    });
    expect(tx.prompt).toMatchObject({
      kind: 'challenge',
      source: 'action',
      factors: ['webauthn-platform', 'otp'],
    });
    expect(tx.actionRuns[1]?.saw).toMatchObject({
      enrolledFactors: ['otp', 'webauthn-platform'],
      methods: ['pwd', 'mfa:otp', 'mfa:webauthn-platform'],
    });
    completePrompt(env, tx, 'webauthn-platform', 'challenged');
    expect(await advance(env, tx)).toMatchObject({ kind: 'finish', amr: ['mfa'] });
    expect(tx.decisions.find((d) => d.step === 'mfa-evaluation')?.outcome).toBe(
      'satisfied: challenge already passed in this transaction',
    );

    // Login 2: one challenge (the Action's), not a second one from api.multifactor.enable.
    const tx2 = newTx();
    onFirstFactor(env, tx2, user);
    expect(await advance(env, tx2)).toMatchObject({ path: '/u/mfa-detect-browser-capabilities' });
    tx2.capabilities = CAPABLE;
    expect(await advance(env, tx2)).toMatchObject({ path: '/u/mfa-webauthn-platform-challenge' });
    expect(tx2.prompt?.source).toBe('action');
    completePrompt(env, tx2, 'webauthn-platform', 'challenged');
    expect(await advance(env, tx2)).toMatchObject({ kind: 'finish', amr: ['mfa'] });
    expect(tx2.challengedInTx).toEqual(['webauthn-platform']);
  });

  test('should do nothing for a user without device biometrics', async () => {
    const { env, tenant, newTx } = setup();
    tenant.bindings = tenant.bindings.slice(1);
    const user = await createUser(tenant, {
      email: `workaround-${randomUUID()}@example.com`,
      password: 'Corr3ct-Horse-Battery',
      connection: tenant.connection.name,
    });
    const tx = newTx();
    onFirstFactor(env, tx, user);
    expect(await advance(env, tx)).toMatchObject({ kind: 'finish', amr: [] });
    expect(tx.actionRuns.map((r) => r.commands)).toEqual([0]);
  });
});
