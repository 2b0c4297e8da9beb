/**
 * @module emulator/flow/mfa-commands
 * Step: the MFA commands Actions issued (`api.authentication.enrollWith` / `enrollWithAny` /
 * `challengeWith` / `challengeWithAny`), executed in order after the Action that issued them and
 * before the next one ("Subsequent Actions do not run until enrollment is fulfilled"), with
 * Auth0's ignore rules (auth0-behaviour.md §1.3, §2.1):
 * - enrollWith ignores a factor not enabled on the tenant, a factor the user already enrolled,
 *   and one "already enrolled or challenged successfully in the current transaction";
 * - challengeWith ignores a factor not enabled or not enrolled by the user, and one already
 *   challenged in this transaction;
 * - "If none of the requested factors is usable, the login fails".
 * The user's factors are read from the store (`user-reads.ts`, purpose `mfaCommand`).
 */
import type { FactorName, UserRecord } from '../tenant/store.ts';
import type { FlowEnv } from './env.ts';
import { emitLog } from './log.ts';
import { AGAIN, fail, prompt, type StepOutcome } from './step.ts';
import { engineState, type LoginTransaction } from './transaction.ts';
import type { PromptFactor, QueuedCommand } from './transaction-state.ts';
import { confirmedFactorTypes, readUser } from './user-reads.ts';

/** Factors this emulator has Universal Login screens for. */
const PROMPTABLE: readonly string[] = ['otp', 'webauthn-platform'] satisfies PromptFactor[];

/** The Guardian factor behind an Actions factor type (same names for the two emulated ones). */
const FACTOR_OF: Record<string, FactorName | undefined> = {
  otp: 'otp',
  'webauthn-platform': 'webauthn-platform',
  'webauthn-roaming': 'webauthn-roaming',
  'recovery-code': 'recovery-code',
  email: 'email',
  phone: 'sms',
  push: 'push-notification',
  'push-notification': 'push-notification',
};

/** Warning text Auth0 logs (`w`) for an unusable enrollWith factor (customize-mfa-enrollments-universal-login). */
const notSetUp = (type: string) =>
  `An MFA enrollment is used in a PostLogin action, but the requested factor \`${type}\` is not properly set up…`;

/** `mfar` text for enrollment without a prior challenge (same page, auth0-behaviour.md §2.1). */
export const ENROLL_BEFORE_CHALLENGE =
  'An MFA enrollment was requested but the user is already enrolled in MFA. Challenge with at least one existing factor before enrolling a new one.';

type IgnoreReason = { reason: string; warn: boolean } | undefined;

/**
 * Pipeline step: the next queued command becomes a prompt, after the browser reported its
 * capabilities ("shown once per transaction before the first MFA prompt", §2.2).
 */
export function nextMfaCommand(env: FlowEnv, tx: LoginTransaction): StepOutcome {
  const next = engineState(tx).flow.commands.find((c) => c.status === 'queued');
  if (!next) return undefined;
  if (!tx.capabilities) return prompt({ name: 'browser-capabilities' });
  return startCommand(env, tx, next) ?? AGAIN;
}

/** Turns one command into a prompt, or fails the login when no factor is usable. */
function startCommand(env: FlowEnv, tx: LoginTransaction, cmd: QueuedCommand): StepOutcome {
  const s = engineState(tx);
  const index = s.flow.commands.indexOf(cmd);
  const read = readUser(env, tx, 'mfaCommand');
  if (!read) return fail(tx, 'The user no longer exists.');
  const live = read.user;
  const have = confirmedFactorTypes(live);
  const usable: PromptFactor[] = [];
  const ignored: string[] = [];
  for (const { type } of cmd.factors) {
    const why =
      cmd.kind === 'enroll'
        ? enrollIgnoreReason(env, tx, live, type)
        : challengeIgnoreReason(env, tx, have, type);
    if (why) {
      ignored.push(`${type}: ${why.reason}`);
      if (why.warn)
        emitLog(env, tx, 'w', { description: notSetUp(type), details: { reason: why.reason } });
      continue;
    }
    if (!usable.includes(type as PromptFactor)) usable.push(type as PromptFactor);
  }
  const decision = { step: `${cmd.kind}-command`, readFrom: read.from, enrolledFactors: have };
  if (usable.length === 0) {
    // "If none of the requested factors is usable, the login fails" (§1.3).
    cmd.status = 'skipped';
    tx.noteDecision({
      ...decision,
      outcome: 'failed: no usable factor',
      detail: ignored.join('; '),
    });
    return fail(
      tx,
      `No usable MFA factor for ${cmd.kind === 'enroll' ? 'enrollment' : 'challenge'} (${ignored.join('; ')}).`,
    );
  }
  if (
    cmd.kind === 'enroll' &&
    have.length > 0 &&
    tx.challengedInTx.length === 0 &&
    tx.enrolledInTx.length === 0
  ) {
    // "users must complete an MFA challenge using one of their existing enrolledFactors before
    // they can enroll in additional factors" — logged as `mfar` (§2.1). The enrollment is refused;
    // failing the login (no usable factor) is the plausible outcome (unconfirmed).
    cmd.status = 'skipped';
    emitLog(env, tx, 'mfar', { description: ENROLL_BEFORE_CHALLENGE });
    tx.noteDecision({ ...decision, outcome: 'refused: challenge an existing factor first' });
    return fail(tx, ENROLL_BEFORE_CHALLENGE);
  }
  cmd.status = 'prompted';
  // `*Any` shows the picker "unless only one factor is valid" (§1.3).
  const picker = cmd.picker && usable.length > 1;
  s.prompt = {
    kind: cmd.kind,
    source: 'action',
    factors: usable,
    picker,
    ...(picker ? {} : { selected: usable[0] }),
    commandIndex: index,
    started: [],
  };
  if (cmd.kind === 'challenge')
    emitLog(env, tx, 'mfar', { details: { source: 'action', factors: usable } });
  tx.noteDecision({
    ...decision,
    outcome: `prompt ${picker ? 'picker' : usable[0]}`,
    ...(ignored.length ? { detail: `ignored ${ignored.join('; ')}` } : {}),
  });
  return undefined;
}

/** Why a factor cannot be prompted at all (not enabled on the tenant, or no screen), else undefined. */
function unpromptableReason(env: FlowEnv, type: string): IgnoreReason {
  const guardian = FACTOR_OF[type];
  if (!guardian || !env.tenant.isFactorEnabled(guardian))
    return { reason: 'factor not enabled on the tenant', warn: true };
  if (!PROMPTABLE.includes(type))
    return { reason: 'factor has no Universal Login screen in the emulator', warn: true };
  return undefined;
}

/** Why an enrollWith factor is ignored (§1.3, §2.1), or undefined when usable. */
function enrollIgnoreReason(
  env: FlowEnv,
  tx: LoginTransaction,
  live: UserRecord,
  type: string,
): IgnoreReason {
  // "a factor not enabled on the tenant" → `w` "not properly set up" (§2.1).
  const unusable = unpromptableReason(env, type);
  if (unusable) return unusable;
  const have = confirmedFactorTypes(live);
  // "a factor the user already enrolled" (store) → `w` (§2.1 "already enrolled").
  if (have.includes(type)) return { reason: 'already enrolled', warn: true };
  // "already enrolled or challenged successfully in the current transaction" (§1.3).
  const f = type as PromptFactor;
  if (tx.enrolledInTx.includes(f) || tx.challengedInTx.includes(f)) {
    return { reason: 'already enrolled or challenged in this transaction', warn: false };
  }
  if (tx.skippedInTx.includes(f))
    return { reason: 'enrollment postponed by the user in this transaction', warn: false };
  if (f === 'webauthn-platform') {
    // Browsers without a platform authenticator are not offered enrollment (§2.1) → `w` "not supported by the browser".
    if (!tx.capabilities?.webauthnPlatformAvailable)
      return { reason: 'browser has no platform authenticator', warn: true };
    // "The user must have another MFA enrollment activated before using device biometrics" (§2.1).
    if (!have.some((t) => t !== 'webauthn-platform')) {
      return {
        reason:
          'The user must have another MFA enrollment activated before using device biometrics',
        warn: true,
      };
    }
  }
  return undefined;
}

/** Why a challengeWith factor is ignored (§1.3), or undefined when usable. */
function challengeIgnoreReason(
  env: FlowEnv,
  tx: LoginTransaction,
  have: readonly string[],
  type: string,
): IgnoreReason {
  // "A factor that is not enabled on the tenant, or not enrolled by the user, is ignored."
  const unusable = unpromptableReason(env, type);
  if (unusable) return unusable;
  if (!have.includes(type)) return { reason: 'not enrolled by the user', warn: false };
  // "A factor already challenged in this transaction is ignored."
  if (tx.challengedInTx.includes(type as PromptFactor))
    return { reason: 'already challenged in this transaction', warn: false };
  if (type === 'webauthn-platform' && !tx.capabilities?.webauthnPlatformAvailable) {
    return { reason: 'browser has no platform authenticator', warn: false };
  }
  return undefined;
}
