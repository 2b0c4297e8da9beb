/**
 * @module emulator/login/screens/mfa-webauthn-error
 * `/u/mfa-webauthn-error` (prompt `mfa-webauthn`, auth0-behaviour.md §2.5): the device-biometrics
 * enrollment or challenge page posted `action=showError::{…}` (the browser's ceremony failed:
 * no user verification, the user cancelled, …), so the prompt is shown here. ACUL's actions
 * (https://github.com/auth0/universal-login/blob/master/packages/auth0-acul-js/src/screens/mfa-webauthn-error/index.ts):
 * - `tryagain` ("Try again"): back to the enrollment or challenge screen, a new ceremony;
 * - `pick-authenticator` ("Try another method"): the factor picker, when another factor is usable;
 * - `refuse-add-device` ("No Thanks"), after an enrollment only: the enrollment is postponed as
 *   on the enrollment screen's "Not on this device".
 * `use-password` is not offered: it belongs to device biometrics as a first factor, which the
 * emulator does not serve. Anything else is refused (400) and the screen shown again.
 * The failure itself was logged by the screen that reported it
 * (`gd_webauthn_enrollment_failed`, or `gd_webauthn_challenge_failed` + `gd_auth_failed`).
 */
import type { PromptView } from '../../flow/transaction.ts';
import { webauthnErrorPage } from '../../views/webauthn-error.ts';
import { canPickOther, promptScreen } from '../mfa-screen.ts';
import { pickAnother, screenContext, show, toCurrentStep, type ScreenRequest } from '../screen.ts';
import { postponeEnrollment } from '../webauthn-screen.ts';

function render(r: ScreenRequest, prompt: PromptView, status: number): void {
  show(
    r,
    'mfa-webauthn-error',
    status,
    webauthnErrorPage({
      ctx: screenContext(r),
      ceremony: prompt.kind,
      canPickOther: canPickOther(prompt),
    }),
    { ceremony: prompt.kind },
  );
}

export const mfaWebauthnError = promptScreen(
  'mfa-webauthn-error',
  '/u/mfa-webauthn-error',
  render,
  {
    tryagain: (r) => {
      r.tx.clearWebAuthnError();
      return toCurrentStep(r);
    },
    // Offered only when another factor is usable; else refused.
    'pick-authenticator': (r, prompt) =>
      canPickOther(prompt) ? pickAnother(r, prompt) : render(r, prompt, 400),
    // Offered after an enrollment only; else refused.
    'refuse-add-device': (r, prompt, action) =>
      prompt.kind === 'enroll' ? postponeEnrollment(r, prompt, action) : render(r, prompt, 400),
  },
);
