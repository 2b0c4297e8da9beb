/**
 * @module emulator/flow/waits
 * The pipeline's first steps: where the flow is waiting, and on what. Each answers the same
 * step again until something changes it (so `advance` is idempotent while a screen is shown).
 */
import { prompt, type StepOutcome } from './step.ts';
import type { LoginTransaction } from './transaction.ts';

/** The login already failed: the application gets the error (again). */
export function pendingError(_env: unknown, tx: LoginTransaction): StepOutcome {
  const { phase, error } = tx.flow;
  if (phase !== 'failed' || !error) return undefined;
  return { kind: 'error', error: 'access_denied', error_description: error.error_description };
}

/** Log in or sign up first (auth0-behaviour.md §2.3). */
export function awaitingFirstFactor(_env: unknown, tx: LoginTransaction): StepOutcome {
  return tx.awaitingFirstFactor ? prompt({ name: 'first-factor' }) : undefined;
}

/** `api.redirect.sendUserTo`: suspended until the browser comes back to `/continue` (§1.3). */
export function suspendedForRedirect(_env: unknown, tx: LoginTransaction): StepOutcome {
  const pending = tx.flow.redirect;
  return pending ? { kind: 'redirect', url: pending.url } : undefined;
}

/** An MFA prompt waits on the user (enrollment, challenge or picker). */
export function pendingPrompt(_env: unknown, tx: LoginTransaction): StepOutcome {
  return tx.prompt ? prompt({ name: 'mfa', mfa: tx.prompt }) : undefined;
}
