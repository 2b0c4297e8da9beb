/**
 * @module emulator/flow/step
 * What the flow engine answers (`advance`): a *prompt* (what the user must do next — Universal
 * Login maps it to a screen, `login/screen-for-prompt.ts`), the finish (tokens for the
 * application), an error for the application, or the external redirect of
 * `api.redirect.sendUserTo`. The engine knows no URL paths.
 */
import { engineState, type LoginTransaction, type PromptView } from './transaction.ts';

/** What the user must do next. */
export type Prompt =
  /** Log in or sign up (the first factor). */
  | { name: 'first-factor' }
  /** The browser reports its capabilities, "once per transaction before the first MFA prompt". */
  | { name: 'browser-capabilities' }
  /** Enroll or answer an MFA factor, or pick one (`mfa.selected` undefined). */
  | { name: 'mfa'; mfa: PromptView }
  /** Confirm having saved the recovery code issued with the first MFA enrollment. */
  | { name: 'recovery-code' }
  /** The passkey enrollment offer after a password first factor (flow/passkey-offer.ts). */
  | { name: 'passkey-enrollment' };

/** What Universal Login does next. */
export type FlowStep =
  | { kind: 'prompt'; prompt: Prompt }
  | {
      kind: 'finish';
      accountId: string;
      amr: string[];
      idTokenClaims: Record<string, unknown>;
      accessTokenClaims: Record<string, unknown>;
    }
  | { kind: 'error'; error: 'access_denied'; error_description: string }
  /** `api.redirect.sendUserTo`: the browser leaves for `url` (with `?state=`) until `/continue`. */
  | { kind: 'redirect'; url: string };

/** A step that waits on the user. */
export const prompt = (p: Prompt): FlowStep => ({ kind: 'prompt', prompt: p });

/**
 * The prompt the transaction waits on now, without running anything (screens use it to check
 * that they are the screen the user should be on); undefined when nothing waits on the user.
 */
export function waitingOn(tx: LoginTransaction): Prompt | undefined {
  if (tx.awaitingFirstFactor) return { name: 'first-factor' };
  if (tx.passkeyOffer === 'pending') return { name: 'passkey-enrollment' };
  if (tx.prompt) return { name: 'mfa', mfa: tx.prompt };
  return tx.recoveryCodeToShow !== undefined ? { name: 'recovery-code' } : undefined;
}

/** A short label of a prompt for tests and traces: `enroll otp`, `pick challenge`, … */
export function promptLabel(p: Prompt): string {
  if (p.name !== 'mfa') return p.name;
  return p.mfa.selected ? `${p.mfa.kind} ${p.mfa.selected}` : `pick ${p.mfa.kind}`;
}

/** Ends the login with an error for the application (`redirect_uri?error=access_denied`). */
export function fail(tx: LoginTransaction, description: string): FlowStep {
  const s = engineState(tx);
  s.flow.phase = 'failed';
  s.flow.error = { error: 'access_denied', error_description: description };
  s.prompt = undefined;
  tx.addToTrail('flow', 'failed', { error_description: description });
  return { kind: 'error', error: 'access_denied', error_description: description };
}

/** A pipeline step's answer "state moved on: run the pipeline again from the top". */
export const AGAIN: unique symbol = Symbol('again');

/**
 * What a pipeline step answers: a step for the browser (the flow stops here), `AGAIN`, or
 * undefined (nothing to do here: the next step of the pipeline runs).
 */
export type StepOutcome = FlowStep | typeof AGAIN | undefined;
