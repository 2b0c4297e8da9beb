/**
 * @module emulator/flow/mfa-evaluation
 * Step: the end-of-flow MFA evaluation, the behaviour under test. "When the login flow continues
 * to the MFA evaluation step within the same transaction, it references the original data
 * snapshot … concludes that the user is not enrolled in MFA for that specific login and skips the
 * biometric prompt" (auth0-behaviour.md §1.4 item 1). The user's factors come from the
 * `mfaEvaluation` read (`user-reads.ts`): the snapshot, or the store in fresh mode.
 *
 * MFA is required by `api.multifactor.enable(p)` with p !== 'none' ("deferred to the end of the
 * login flow", §1.3) or by the tenant policy "Always" (guardian policies `all-applications`).
 */
import type { FlowEnv } from './env.ts';
import { emitLog } from './log.ts';
import { AGAIN, fail, prompt, type StepOutcome } from './step.ts';
import { engineState, type LoginTransaction } from './transaction.ts';
import type { MfaPrompt, PromptFactor } from './transaction-state.ts';
import { confirmedFactorTypes, liveUser, readUser, type UserRead } from './user-reads.ts';

/** What the evaluation concluded: no prompt, a prompt (with its `mfar`), or a failed login. */
interface Conclusion {
  outcome: string;
  detail?: string;
  prompt?: MfaPrompt;
  /** `mfar` details logged before the challenge. */
  mfar?: Record<string, unknown>;
  /** The login fails with this error_description. */
  failure?: string;
}

/** Pipeline step: evaluates once, when the trigger has ended. */
export function evaluateMfa(env: FlowEnv, tx: LoginTransaction): StepOutcome {
  const flow = engineState(tx).flow;
  if (flow.phase === 'actions') flow.phase = 'mfa-evaluation';
  if (flow.evaluated) return undefined;
  const read = readUser(env, tx, 'mfaEvaluation');
  if (!read) return fail(tx, 'No user in the transaction.');
  const factors = confirmedFactorTypes(read.user);
  const live = liveUser(env, tx);
  const storeNote = `store has [${(live ? confirmedFactorTypes(live) : []).join(', ')}]`;
  const byAction = flow.multifactor !== undefined && flow.multifactor.provider !== 'none';
  const byPolicy = env.tenant.guardianPolicies.includes('all-applications');
  if (!byAction && !byPolicy) {
    return conclude(env, tx, read, factors, { outcome: 'not-required', detail: storeNote });
  }
  // allowRememberBrowser: "the user is prompted once every 30 days" (§1.3) — a browser with a
  // valid `auth0-mf` for this user skips the challenge (login/device.ts). Only for
  // api.multifactor.enable; the tenant policy "Always" keeps prompting (unconfirmed).
  if (
    byAction &&
    !byPolicy &&
    flow.multifactor?.options?.allowRememberBrowser === true &&
    factors.length > 0 &&
    tx.browserRemembered
  ) {
    return conclude(env, tx, read, factors, {
      outcome: 'skipped: browser remembered (allowRememberBrowser)',
      detail: storeNote,
    });
  }
  // Detection runs before the first MFA prompt (§2.2); only needed if a prompt may follow.
  if (
    !tx.capabilities &&
    tx.challengedInTx.length === 0 &&
    !(factors.length === 0 && tx.enrolledInTx.length > 0)
  ) {
    return prompt({ name: 'browser-capabilities' });
  }
  const requiredBy = byAction
    ? `api.multifactor.enable('${flow.multifactor?.provider}')`
    : 'tenant policy all-applications';
  const detail = `${requiredBy}; ${storeNote}`;
  if (tx.challengedInTx.length > 0) {
    // challengeWith "override[s] api.multifactor.enable" (§1.3): a challenge passed here satisfies MFA.
    return conclude(env, tx, read, factors, {
      outcome: 'satisfied: challenge already passed in this transaction',
      detail,
    });
  }
  if (factors.length === 0) {
    if (tx.enrolledInTx.length > 0) {
      // The support article's case: the snapshot predates the enrollment, so the user is "not
      // enrolled in MFA for that specific login" and the (biometric) prompt is skipped.
      return conclude(env, tx, read, factors, {
        outcome: 'skipped: not enrolled in the snapshot (enrolled during this transaction)',
        detail,
      });
    }
    // Progressive enrollment: a user without factors enrolls one (OTP) when MFA is required.
    if (!env.tenant.isFactorEnabled('otp')) {
      return conclude(env, tx, read, factors, {
        outcome: 'failed: no factor to enroll',
        failure: 'Multi-factor authentication is required but no factor is available to enroll.',
      });
    }
    return conclude(env, tx, read, factors, {
      outcome: 'enroll otp (progressive enrollment)',
      detail,
      prompt: policyPrompt('enroll', ['otp']),
    });
  }
  // Challenge: device biometrics first when the read factors have it, it is enabled and the
  // browser can (§2.1: browsers without a platform authenticator are not offered a challenge).
  const order: PromptFactor[] = [];
  if (
    factors.includes('webauthn-platform') &&
    env.tenant.isFactorEnabled('webauthn-platform') &&
    tx.capabilities?.webauthnPlatformAvailable
  ) {
    order.push('webauthn-platform');
  }
  if (factors.includes('otp') && env.tenant.isFactorEnabled('otp')) order.push('otp');
  if (order.length === 0) {
    return conclude(env, tx, read, factors, {
      outcome: 'failed: no usable factor',
      failure:
        'Multi-factor authentication is required but none of the enrolled factors can be used.',
    });
  }
  return conclude(env, tx, read, factors, {
    outcome: `challenge ${order[0]}`,
    detail,
    mfar: { source: 'policy', requiredBy, factors: order, readFrom: read.from },
    prompt: policyPrompt('challenge', order),
  });
}

/** The end-of-flow prompt: the first factor's screen, the others behind "Try another method". */
function policyPrompt(kind: MfaPrompt['kind'], factors: PromptFactor[]): MfaPrompt {
  return { kind, source: 'policy', factors, picker: false, selected: factors[0], started: [] };
}

/**
 * Records the conclusion (the decision, on the trail), logs `mfar` before a challenge, opens
 * the prompt or fails the login; the pipeline then runs again.
 */
function conclude(
  env: FlowEnv,
  tx: LoginTransaction,
  read: UserRead,
  factors: string[],
  c: Conclusion,
): StepOutcome {
  const s = engineState(tx);
  s.flow.evaluated = true;
  if (c.mfar) emitLog(env, tx, 'mfar', { details: c.mfar });
  if (c.prompt) s.prompt = c.prompt;
  tx.noteDecision({
    step: 'mfa-evaluation',
    readFrom: read.from,
    enrolledFactors: factors,
    outcome: c.outcome,
    ...(c.detail !== undefined ? { detail: c.detail } : {}),
  });
  return c.failure ? fail(tx, c.failure) : AGAIN;
}
