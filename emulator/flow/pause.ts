/**
 * @module emulator/flow/pause
 * The enrollment / challenge pause and the refresh after it (auth0-behaviour.md §1.3, §1.4
 * item 2). An MFA command pauses the trigger: "Subsequent Actions do not run until enrollment is
 * fulfilled". When the user completes (or postpones) the prompt, the flow resumes, and the Action
 * that begins next sees refreshed `enrolledFactors` and `methods`: "`methods` and
 * `enrolledFactors` are only updated when an Action first begins", "The flow pauses after
 * Action 1 executes, and both … will be updated when Action 2 runs".
 */
import { enrolledFactorsOf } from '../actions/event.ts';
import { nowIso, type FlowEnv } from './env.ts';
import { emitLog } from './log.ts';
import { issueRecoveryCode } from './recovery-code.ts';
import { engineState, type LoginTransaction } from './transaction.ts';
import type { PromptFactor } from './transaction-state.ts';
import { factorsForNextAction } from './user-reads.ts';

/**
 * The user enrolled in or answered the pending prompt's factor; the next `advance` resumes. An
 * enrollment may come with the user's recovery code (recovery-code.ts).
 */
export function completePrompt(
  env: FlowEnv,
  tx: LoginTransaction,
  factor: PromptFactor,
  how: 'enrolled' | 'challenged',
): void {
  const at = nowIso(env);
  tx.completePrompt(factor, how, at);
  if (how === 'enrolled') issueRecoveryCode(env, tx, at);
}

/**
 * The user postponed an enrollment ("Remind me later" / "Not on this device"). The command is
 * treated as skipped for this transaction with a `w` log (plausible, unconfirmed).
 */
export function skipPrompt(
  env: FlowEnv,
  tx: LoginTransaction,
  factor: PromptFactor,
  why: string,
): void {
  tx.skipPrompt(factor);
  emitLog(env, tx, 'w', { description: `Enrollment of ${factor} postponed by the user (${why}).` });
}

/**
 * At the start of an Action: the `enrolledFactors` / `methods` it sees, refreshed when a pause
 * happened since the previous Action began (`user-reads.ts` decides from where).
 */
export function refreshAfterPause(env: FlowEnv, tx: LoginTransaction): void {
  const s = engineState(tx);
  const read = factorsForNextAction(env, tx, s.flow.pausedSinceLastAction);
  if (read) {
    s.flow.view = {
      enrolledFactors: enrolledFactorsOf(read.user.authenticators),
      methods: structuredClone(s.methods),
    };
  }
  s.flow.pausedSinceLastAction = false;
}

/** The trigger was suspended by a redirect: the next Action begins with refreshed methods. */
export function markPaused(tx: LoginTransaction): void {
  engineState(tx).flow.pausedSinceLastAction = true;
}
