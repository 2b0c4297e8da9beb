/**
 * The login flow engine's rules (auth0-behaviour.md §1.3, §1.4, §2.1), driven without HTTP:
 * a seeded tenant, the real Actions runtime, and the prompts answered the way Universal Login
 * would (`testing/drive-login.ts`).
 */
import { BIOMETRIC_ACTION } from '../testing/biometric-action.ts';
import { test, expect } from '../testing/fixtures.ts';
import { executeAction } from '../actions/runtime.ts';
import { CAPABLE, driveLogin, enrollFactor, flowTestbed } from '../testing/drive-login.ts';
import { deployAction } from '../testing/login-helpers.ts';
import type { Tenant, UserRecord } from '../tenant/store.ts';
import { onFirstFactor } from './first-factor.ts';
import { ENROLL_BEFORE_CHALLENGE } from './mfa-commands.ts';
import type { LoginTransaction } from './transaction.ts';
import type { PromptFactor } from './transaction-state.ts';

/** The biometric-enrollment Action of the journey, alone on post-login. */
const BIOMETRIC = { 'biometric-enrollment': BIOMETRIC_ACTION };
/** An Action that enrolls device biometrics only. */
const ENROLL_BIOMETRICS =
  "exports.onExecutePostLogin = async (e, api) => { api.authentication.enrollWith({ type: 'webauthn-platform' }); };";
/** Login 1 of the journey: the Action enrolls OTP, then device biometrics. */
const ENROLL_BOTH = ['browser-capabilities', 'enroll otp', 'enroll webauthn-platform'];

/**
 * A fresh tenant whose post-login trigger runs `actions` in order (name → code), a new user
 * already enrolled in `enrolled`, and a transaction of that tenant waiting for its first factor.
 */
async function scenario(
  actions: Record<string, string>,
  opts: Parameters<typeof flowTestbed>[0] & { enrolled?: PromptFactor[] } = {},
) {
  const { enrolled = [], ...testbedOpts } = opts;
  const testbed = flowTestbed(testbedOpts);
  Object.entries(actions).forEach(([name, code], i) =>
    deployAction(testbed.tenant, name, code, { append: i > 0 }),
  );
  const user = await testbed.newUser();
  for (const type of enrolled) enrollFactor(user, type);
  return { ...testbed, user, tx: testbed.newTx() };
}

const evaluation = (tx: LoginTransaction) => tx.decisions.find((d) => d.step === 'mfa-evaluation');
const logTypes = (tenant: Tenant, tx: LoginTransaction) =>
  tenant.logs
    .all()
    .filter((l) => l.transaction_id === tx.uid)
    .map((l) => l.type);

test.describe('Login flow: snapshot (auth0-behaviour.md §1.4)', () => {
  test('should take a static snapshot after incrementing logins_count', async () => {
    const { env, user, tx } = await scenario({});
    onFirstFactor(env, tx, user);
    expect(user.logins_count).toBe(1);
    expect(tx.snapshot?.logins_count).toBe(1);
    expect(tx.methods).toEqual([{ name: 'pwd', timestamp: expect.any(String) }]);
    user.app_metadata.changed = true;
    enrollFactor(user, 'otp');
    expect(tx.snapshot?.app_metadata).toEqual({});
    expect(tx.snapshot?.authenticators).toEqual([]);
  });

  test('should skip the biometric challenge on login 1 because the snapshot predates the enrollment', async () => {
    const { tenant, env, user, tx } = await scenario(BIOMETRIC);
    const run = await driveLogin(env, tx, { user, enroll: ['otp', 'webauthn-platform'] });
    expect(run.prompts).toEqual(ENROLL_BOTH);
    expect(run.step).toMatchObject({ kind: 'finish', accountId: user.user_id, amr: [] });
    expect(evaluation(tx)).toMatchObject({
      readFrom: 'snapshot',
      enrolledFactors: [],
      outcome: 'skipped: not enrolled in the snapshot (enrolled during this transaction)',
    });
    // Batched metadata reached the store at the end of the trigger, never the snapshot.
    expect(user.app_metadata).toMatchObject({ biometrics: { enrolled: true } });
    expect(tx.snapshot?.app_metadata).toEqual({});
    expect(logTypes(tenant, tx)).toEqual(['s']);
  });

  test('should decide a biometric challenge on login 1 when every read is fresh', async () => {
    const { tenant, env, user, tx } = await scenario(BIOMETRIC, { userReads: 'fresh' });
    const run = await driveLogin(env, tx, { user, enroll: ['otp', 'webauthn-platform'] });
    expect(run.prompts).toEqual([...ENROLL_BOTH, 'challenge webauthn-platform']);
    expect(run.step.kind).toBe('prompt');
    expect(evaluation(tx)).toMatchObject({
      readFrom: 'fresh',
      enrolledFactors: ['otp', 'webauthn-platform'],
      outcome: 'challenge webauthn-platform',
    });
    expect(logTypes(tenant, tx)).toContain('mfar');
  });

  test('should challenge device biometrics on the next transaction and report amr mfa', async () => {
    const { env, newTx, user, tx } = await scenario(BIOMETRIC);
    await driveLogin(env, tx, { user, enroll: ['otp', 'webauthn-platform'] });

    const tx2 = newTx();
    const waiting = await driveLogin(env, tx2, { user });
    expect(waiting.prompts).toEqual(['browser-capabilities', 'challenge webauthn-platform']);
    expect(tx2.prompt).toMatchObject({
      kind: 'challenge',
      source: 'policy',
      factors: ['webauthn-platform', 'otp'],
    });
    const done = await driveLogin(env, tx2, { challenge: ['webauthn-platform'] });
    expect(done.step).toMatchObject({ kind: 'finish', amr: ['mfa'] });
    expect(user.logins_count).toBe(2);
  });

  test('should fall back to OTP on a browser without a platform authenticator', async () => {
    const { env, user, tx } = await scenario(
      { mfa: "exports.onExecutePostLogin = async (e, api) => { api.multifactor.enable('any'); };" },
      { enrolled: ['otp', 'webauthn-platform'] },
    );
    const capabilities = { ...CAPABLE, webauthnPlatformAvailable: false };
    const run = await driveLogin(env, tx, { user, capabilities });
    expect(run.prompts).toEqual(['browser-capabilities', 'challenge otp']);
    expect(tx.prompt?.factors).toEqual(['otp']);
  });
});

test.describe('Login flow: Actions between pauses (auth0-behaviour.md §1.3, §1.4 item 2)', () => {
  const ENROLL_OTP =
    "exports.onExecutePostLogin = async (e, api) => { api.authentication.enrollWith({ type: 'otp' }); };";
  const NOOP = 'exports.onExecutePostLogin = async () => {};';

  test('should refresh enrolledFactors and methods for the Action that follows an enrollment pause', async () => {
    const { env, user, tx } = await scenario({ a1: ENROLL_OTP, a2: NOOP });
    const run = await driveLogin(env, tx, { user, enroll: ['otp'] });
    expect(run.prompts).toEqual(['browser-capabilities', 'enroll otp']);
    expect(run.step).toMatchObject({ kind: 'finish', amr: [] });
    expect(tx.actionRuns.map((r) => r.saw.enrolledFactors)).toEqual([[], ['otp']]);
    expect(tx.actionRuns.map((r) => r.saw.methods)).toEqual([['pwd'], ['pwd', 'mfa:otp']]);
  });

  test('should not refresh enrolledFactors without a pause in snapshot mode, but should in fresh mode', async () => {
    for (const userReads of ['snapshot', 'fresh'] as const) {
      let calls = 0;
      const holder: { user?: UserRecord } = {};
      // Between Action 1 and Action 2 the store changes (e.g. a Management API call).
      const { env, user, tx } = await scenario(
        { a1: NOOP, a2: NOOP },
        {
          userReads,
          runAction: async (input) => {
            const result = await executeAction(input);
            if (++calls === 1 && holder.user) enrollFactor(holder.user, 'otp');
            return result;
          },
        },
      );
      holder.user = user;
      await driveLogin(env, tx, { user });
      expect(tx.actionRuns[1]?.saw.enrolledFactors).toEqual(
        userReads === 'snapshot' ? [] : ['otp'],
      );
    }
  });

  test('should batch metadata writes to the end of the trigger, unseen by later Actions', async () => {
    const { env, user, tx } = await scenario({
      a1: "exports.onExecutePostLogin = async (e, api) => { api.user.setAppMetadata('flag', 1); api.user.setUserMetadata('pref', 'x'); };",
      a2: "exports.onExecutePostLogin = async (e, api) => { api.transaction.setMetadata('sawFlag', e.user.app_metadata.flag === 1); };",
    });
    expect((await driveLogin(env, tx, { user })).step).toMatchObject({ kind: 'finish' });
    expect(tx.actionRuns[1]?.saw.appMetadata).toEqual({});
    expect(tx.flow.transactionMetadata).toEqual({ sawFlag: false });
    expect(user.app_metadata).toEqual({ flag: 1 });
    expect(user.user_metadata).toEqual({ pref: 'x' });
  });

  test('should fail the login on the fifth MFA command of the flow', async () => {
    const { env, user, tx } = await scenario({
      a1: "exports.onExecutePostLogin = async (e, api) => { api.authentication.enrollWith({ type: 'otp' }); api.authentication.enrollWith({ type: 'webauthn-platform' }); };",
      a2: "exports.onExecutePostLogin = async (e, api) => { for (let i = 0; i < 3; i++) api.authentication.challengeWith({ type: 'otp' }); };",
    });
    const run = await driveLogin(env, tx, { user, enroll: ['otp', 'webauthn-platform'] });
    expect(run.prompts).toEqual(ENROLL_BOTH);
    expect(run.step).toEqual({
      kind: 'error',
      error: 'access_denied',
      error_description: 'Too many MFA commands in the login flow (at most 4).',
    });
  });

  test('should ignore MFA commands when customize_mfa_in_postlogin_action is off', async () => {
    const { tenant, env, user, tx } = await scenario({ a1: ENROLL_OTP });
    tenant.settings.customize_mfa_in_postlogin_action = false;
    const run = await driveLogin(env, tx, { user });
    expect(run).toMatchObject({ prompts: [], step: { kind: 'finish', amr: [] } });
    expect(tx.flow.commands.map((c) => c.status)).toEqual(['ignored']);
    expect(logTypes(tenant, tx)).toEqual(['w', 's']);
  });

  test('should refuse an enrollment before any challenge for a user who has factors (mfar)', async () => {
    const { tenant, env, user, tx } = await scenario(
      { a1: ENROLL_BIOMETRICS },
      { enrolled: ['otp'] },
    );
    const run = await driveLogin(env, tx, { user });
    expect(run.prompts).toEqual(['browser-capabilities']);
    expect(run.step).toEqual({
      kind: 'error',
      error: 'access_denied',
      error_description: ENROLL_BEFORE_CHALLENGE,
    });
    const mfar = tenant.logs.all().find((l) => l.transaction_id === tx.uid && l.type === 'mfar');
    expect(mfar?.description).toBe(ENROLL_BEFORE_CHALLENGE);
  });

  test('should allow the enrollment once an existing factor was challenged in the transaction', async () => {
    const { env, user, tx } = await scenario(BIOMETRIC, { enrolled: ['otp'] });
    const run = await driveLogin(env, tx, {
      user,
      challenge: ['otp'],
      enroll: ['webauthn-platform'],
    });
    expect(run.prompts).toEqual([
      'browser-capabilities',
      'challenge otp',
      'enroll webauthn-platform',
    ]);
    expect(run.step).toMatchObject({ kind: 'finish', amr: ['mfa'] });
    expect(evaluation(tx)?.outcome).toBe('satisfied: challenge already passed in this transaction');
  });

  test('should fail when device biometrics is the only requested factor and the user has no other factor', async () => {
    const { tenant, env, user, tx } = await scenario({ a1: ENROLL_BIOMETRICS });
    const { step } = await driveLogin(env, tx, { user });
    expect(step).toMatchObject({ kind: 'error', error: 'access_denied' });
    expect(step.kind === 'error' && step.error_description).toContain(
      'The user must have another MFA enrollment',
    );
    expect(logTypes(tenant, tx)).toContain('w');
  });

  test('should show the picker for challengeWithAny and skip factors the user has not enrolled', async () => {
    const { env, user, tx } = await scenario(
      {
        a1: "exports.onExecutePostLogin = async (e, api) => { api.authentication.challengeWithAny([{ type: 'otp' }, { type: 'webauthn-platform' }, { type: 'email' }]); };",
      },
      { enrolled: ['otp', 'webauthn-platform'] },
    );
    const run = await driveLogin(env, tx, { user });
    expect(run.prompts).toEqual(['browser-capabilities', 'pick challenge']);
    expect(tx.prompt?.factors).toEqual(['otp', 'webauthn-platform']);
    // Picking a factor leads to its challenge.
    const picked = await driveLogin(env, tx, { challenge: ['webauthn-platform'] });
    expect(picked.prompts).toEqual(['pick challenge', 'challenge webauthn-platform']);
    expect(picked.step).toMatchObject({ kind: 'finish', amr: ['mfa'] });
  });

  test('should log actions_execution_failed and fail the login when an Action throws', async () => {
    const { tenant, env, user, tx } = await scenario({
      boom: "exports.onExecutePostLogin = async () => { throw new Error('boom'); };",
    });
    const { step } = await driveLogin(env, tx, { user });
    expect(step).toMatchObject({ kind: 'error', error: 'access_denied' });
    expect(logTypes(tenant, tx)).toEqual(['actions_execution_failed']);
  });

  test('should skip a postponed biometric enrollment for the rest of the transaction', async () => {
    const { tenant, env, user, tx } = await scenario(BIOMETRIC);
    const run = await driveLogin(env, tx, {
      user,
      enroll: ['otp'],
      postpone: ['webauthn-platform'],
    });
    expect(run.prompts).toEqual(ENROLL_BOTH);
    expect(run.step).toMatchObject({ kind: 'finish', amr: [] });
    expect(tx.flow.commands.map((c) => c.status)).toEqual(['completed', 'skipped']);
    expect(logTypes(tenant, tx)).toEqual(['w', 's']);
  });
});
