/**
 * @module emulator/login/screens/mfa-webauthn-platform-challenge
 * `/u/mfa-webauthn-platform-challenge` (prompt `mfa-webauthn`, auth0-behaviour.md §2.4):
 * Continue runs `navigator.credentials.get` and POSTs `response` JSON (with
 * `isUserVerifyingPlatformAuthenticatorAvailable`); "Try another method" is
 * `action=pick-authenticator`; the script's `showError::{…}` (the browser's ceremony failed)
 * leads to `/u/mfa-webauthn-error`. The assertion is verified for real: user verification required,
 * signature counter must increase (WebAuthn §6.1.1), challenge single use. Logs
 * `gd_start_auth`, `gd_auth_succeed`, `gd_webauthn_challenge_failed` + `gd_auth_failed`.
 */
import {
  parseAuthenticationResponse,
  platformAuthenticationOptions,
  verifyPlatformAssertion,
} from '../../factors/webauthn.ts';
import type { ScreenError } from '../../views/layout.ts';
import { webauthnPlatformChallengePage } from '../../views/mfa.ts';
import { emitLog, guardianDetails } from '../../flow/log.ts';
import type { PromptView } from '../../flow/transaction.ts';
import {
  authFailedDetails,
  challengeSucceeded,
  logStartOnce,
  platformKeys,
  promptScreen,
} from '../mfa-screen.ts';
import {
  allowRememberBrowser,
  liveUser,
  pickAnother,
  screenContext,
  show,
  toCurrentStep,
  type ScreenHandler,
  type ScreenRequest,
} from '../screen.ts';

const PATH = '/u/mfa-webauthn-platform-challenge';

/** Shown when the server refuses the assertion; Auth0's exact text is unconfirmed. */
export const WEBAUTHN_CHALLENGE_FAILED: ScreenError = {
  code: 'webauthn-platform-challenge-failed',
  message: 'We could not verify your identity with this device. Please try again.',
};

async function render(
  r: ScreenRequest,
  prompt: PromptView,
  status: number,
  error?: ScreenError,
): Promise<void> {
  const user = liveUser(r);
  if (!user) return toCurrentStep(r);
  const keys = platformKeys(r, 'confirmed');
  logStartOnce(r, 'gd_start_auth', user, {
    id: keys[0]?.id ?? null,
    type: 'webauthn-platform',
  });
  const publicKey = await platformAuthenticationOptions({
    rpId: new URL(r.deps.context.origin).hostname,
    allow: keys,
  });
  r.tx.issueWebAuthnChallenge(publicKey.challenge);
  show(
    r,
    'mfa-webauthn-platform-challenge',
    status,
    webauthnPlatformChallengePage({
      ctx: screenContext(r),
      publicKey,
      canPickOther: prompt.factors.length > 1,
      allowRememberBrowser: allowRememberBrowser(r),
      ...(error ? { error } : {}),
    }),
  );
}

export const mfaWebauthnPlatformChallenge: ScreenHandler<'mfa-webauthn-platform-challenge'> =
  promptScreen('mfa-webauthn-platform-challenge', PATH, render, async (r, prompt) => {
    const user = liveUser(r);
    if (!user) return toCurrentStep(r);
    const tenant = r.deps.context.tenant;
    const action = r.body.action ?? 'default';
    if (action === 'pick-authenticator') return pickAnother(r, prompt);
    const challenge = r.tx.takeWebAuthnChallenge();
    const logFailure = (errorCode: string, message: string, authenticatorId: string | null) => {
      const auth = { id: authenticatorId, type: 'webauthn-platform' };
      emitLog(r.env, r.tx, 'gd_webauthn_challenge_failed', {
        user,
        details: guardianDetails(tenant, user, auth, { failure_details: { errorCode, message } }),
      });
      emitLog(r.env, r.tx, 'gd_auth_failed', {
        user,
        details: guardianDetails(
          tenant,
          user,
          auth,
          authFailedDetails(r, 'webauthn-platform', { code: '' }, errorCode, message),
        ),
      });
    };
    const failed = (errorCode: string, message: string, authenticatorId: string | null) => {
      logFailure(errorCode, message, authenticatorId);
      return render(r, prompt, 400, WEBAUTHN_CHALLENGE_FAILED);
    };
    if (action.startsWith('showError::')) {
      // The browser's ceremony failed: the WebAuthn error screen (mfa-webauthn-error.ts).
      logFailure('browser_error', action.slice('showError::'.length).slice(0, 500), null);
      r.tx.showWebAuthnError();
      return toCurrentStep(r);
    }
    if (action !== 'default') return render(r, prompt, 400);
    const response = parseAuthenticationResponse(r.body.response ?? '');
    if (!response)
      return failed('invalid_response', 'The response is not a WebAuthn assertion', null);
    if (!challenge)
      return failed('no_challenge', 'No challenge is pending (challenges are single use)', null);
    const key = platformKeys(r, 'confirmed').find((a) => a.credentialId === response.id);
    if (!key)
      return failed('unknown_credential', 'The credential is not enrolled for this user', null);
    const result = await verifyPlatformAssertion({
      response,
      expectedChallenge: challenge,
      expectedOrigin: r.deps.context.origin,
      expectedRPID: new URL(r.deps.context.origin).hostname,
      authenticator: key,
    });
    if (!result.ok) return failed(result.errorCode, result.message, key.id);
    key.counter = result.newCounter;
    key.last_auth_at = new Date().toISOString();
    // "Remember this device for 30 days": honoured only when allowRememberBrowser allowed it (§1.3).
    await challengeSucceeded(r, user, { id: key.id, type: 'webauthn-platform' });
  });
