/**
 * @module emulator/login/screen-for-prompt
 * Universal Login's answer to the flow engine's prompts: which screen shows a prompt. Screen
 * names are Auth0's (Prompts / ACUL API, auth0-behaviour.md §2.5); each screen module holds its
 * own path, and `routes.ts` maps names to screens.
 */
import type { Prompt } from '../flow/step.ts';

/** Every screen the emulator serves, by Auth0's screen name (§2.5). */
export type ScreenName =
  | 'login'
  | 'login-id'
  | 'login-password'
  | 'signup'
  | 'mfa-detect-browser-capabilities'
  | 'mfa-login-options'
  | 'mfa-begin-enroll-options'
  | 'mfa-otp-enrollment-qr'
  | 'mfa-otp-enrollment-code'
  | 'mfa-otp-challenge'
  | 'mfa-webauthn-platform-enrollment'
  | 'mfa-webauthn-platform-challenge'
  | 'mfa-webauthn-error'
  | 'mfa-recovery-code-enrollment'
  | 'passkey-enrollment';

/**
 * Capability detection is "shown once per transaction before the first MFA prompt" (§2.2).
 */
export const DETECT: ScreenName = 'mfa-detect-browser-capabilities';

/** The screen that shows a prompt: the factor's enrollment or challenge screen, or a picker. */
export function screenForPrompt(prompt: Prompt): ScreenName {
  if (prompt.name === 'first-factor') return 'login';
  if (prompt.name === 'browser-capabilities') return DETECT;
  if (prompt.name === 'recovery-code') return 'mfa-recovery-code-enrollment';
  if (prompt.name === 'passkey-enrollment') return 'passkey-enrollment';
  const { kind, selected, otpView, webauthnError } = prompt.mfa;
  if (!selected) return kind === 'challenge' ? 'mfa-login-options' : 'mfa-begin-enroll-options';
  // A ceremony the browser reported as failed (`showError::`, auth0-behaviour.md §2.4).
  if (webauthnError) return 'mfa-webauthn-error';
  if (kind === 'enroll') {
    if (selected === 'otp')
      return otpView === 'code' ? 'mfa-otp-enrollment-code' : 'mfa-otp-enrollment-qr';
    return 'mfa-webauthn-platform-enrollment';
  }
  return selected === 'otp' ? 'mfa-otp-challenge' : 'mfa-webauthn-platform-challenge';
}
