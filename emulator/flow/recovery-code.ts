/**
 * @module emulator/flow/recovery-code
 * The MFA recovery code (Guardian factor `recovery-code`): when the factor is enabled, a user's
 * first MFA enrollment comes with a recovery code, which Universal Login shows once on
 * `/u/mfa-recovery-code-enrollment` ("Almost There! Copy this recovery code and keep it somewhere
 * safe…"; auth0/docs text-customization-prompts/mfa-recovery-code) and which the user must
 * confirm having saved before the login goes on (ACUL `MfaRecoveryCodeEnrollment.continue()`
 * posts `action=default` and `saved=on`).
 * - Issued when an enrollment completes and the user has no recovery code yet: with the first
 *   enrollment, or the first one after the factor was turned on for a user enrolled before
 *   (that second case is unconfirmed on live; showing the screen is the stricter choice).
 * - The user record keeps only the code's hash (factors/recovery-code.ts), stored at once as a
 *   confirmed authentication method (type `recovery-code`, auth0-behaviour.md §3.2); the
 *   transaction keeps the code itself until the user confirms (`recoveryCodeToShow`).
 * - Auth0's log codes name no event for issuing or confirming a recovery code (only
 *   `gd_recovery_succeed` / `gd_recovery_failed` / `gd_recovery_rate_limit_exceed`, for using one:
 *   https://auth0.com/docs/deploy-monitor/logs/log-event-type-codes), so none is logged; the
 *   enrollment that came with it logged `gd_enrollment_complete`. Unconfirmed on live.
 */
import { hashRecoveryCode, newRecoveryCode } from '../factors/recovery-code.ts';
import { newAuthenticatorId } from '../tenant/ids.ts';
import { prompt, type StepOutcome } from './step.ts';
import type { FlowEnv } from './env.ts';
import { engineState, type LoginTransaction } from './transaction.ts';
import { liveUser } from './user-reads.ts';

/** After an enrollment: issues the user's recovery code if the factor is on and they have none. */
export function issueRecoveryCode(env: FlowEnv, tx: LoginTransaction, at: string): void {
  if (!env.tenant.isFactorEnabled('recovery-code')) return;
  const user = liveUser(env, tx);
  if (!user || user.authenticators.some((a) => a.type === 'recovery-code')) return;
  const code = newRecoveryCode();
  user.authenticators.push({
    type: 'recovery-code',
    id: newAuthenticatorId('recovery-code'),
    hash: hashRecoveryCode(code),
    confirmed: true,
    created_at: at,
  });
  user.updated_at = at;
  engineState(tx).recoveryCodeToShow = code;
  tx.addToTrail('flow', 'recovery code issued');
}

/** Pipeline step: the recovery code waits to be confirmed as saved. */
export function pendingRecoveryCode(_env: unknown, tx: LoginTransaction): StepOutcome {
  return tx.recoveryCodeToShow !== undefined ? prompt({ name: 'recovery-code' }) : undefined;
}
