/**
 * @module emulator/login/webauthn-screen
 * What the device-biometrics screens (`/u/mfa-webauthn-platform-enrollment`,
 * `/u/mfa-webauthn-platform-challenge`, `/u/mfa-webauthn-error`) share (auth0-behaviour.md
 * §2.4): the RP ID, the single-use challenge the page's ceremony signs, the browser's report of
 * a failed ceremony, and postponing an enrollment.
 */
import { skipPrompt } from '../flow/pause.ts';
import type { PromptView } from '../flow/transaction.ts';
import type { UserRecord } from '../tenant/store.ts';
import type { ScreenContext } from '../views/layout.ts';
import type { PromptActions } from './mfa-screen.ts';
import type { ScreenName } from './screen-for-prompt.ts';
import { liveUser, screenContext, show, toCurrentStep, type ScreenRequest } from './screen.ts';

/** The RP ID: the tenant's domain without port (§2.1); `localhost` here (WebAuthn needs a domain, §2.2). */
export const rpIdOf = (r: ScreenRequest): string => new URL(r.deps.context.origin).hostname;

/**
 * Shows a page whose script runs a ceremony for the live user (else the browser goes to the
 * current step): `start` logs its start and makes its options, whose challenge becomes the
 * transaction's only pending one (challenges are single use, WebAuthn §13.4.3).
 */
export async function showCeremony<O extends { challenge: string }>(
  r: ScreenRequest,
  name: ScreenName,
  status: number,
  start: (user: UserRecord) => Promise<O>,
  page: (ctx: ScreenContext, publicKey: O) => string,
): Promise<void> {
  const user = liveUser(r);
  if (!user) return toCurrentStep(r);
  const publicKey = await start(user);
  r.tx.issueWebAuthnChallenge(publicKey.challenge);
  show(r, name, status, page(screenContext(r), publicKey));
}

/**
 * The handler of `action=showError::{…}`: the page's script reported that the browser's ceremony
 * failed (no user verification, the user cancelled, …). The challenge is spent, `log` records
 * the failure (at most 500 characters of the browser's report) and the prompt moves to
 * `/u/mfa-webauthn-error` (mfa-webauthn-error.ts).
 */
export function onBrowserError(
  log: (r: ScreenRequest, user: UserRecord, errorCode: string, message: string) => void,
): PromptActions[string] {
  return (r, _prompt, action) => {
    r.tx.takeWebAuthnChallenge();
    const user = liveUser(r);
    if (!user) return toCurrentStep(r);
    log(r, user, 'browser_error', action.slice('showError::'.length).slice(0, 500));
    r.tx.showWebAuthnError();
    return toCurrentStep(r);
  };
}

/**
 * "Remind me later", "Not on this device" or "No Thanks" (`action`): the device-biometrics
 * enrollment is postponed for this transaction and the flow goes on (plausible, unconfirmed on
 * live: Auth0 may remember a refusal per device).
 */
export function postponeEnrollment(
  r: ScreenRequest,
  _prompt: PromptView,
  action: string,
): Promise<void> {
  skipPrompt(r.env, r.tx, 'webauthn-platform', action);
  return toCurrentStep(r);
}
