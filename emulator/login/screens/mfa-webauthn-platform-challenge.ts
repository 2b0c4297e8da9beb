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
import type { UserRecord } from '../../tenant/store.ts';
import type { ScreenError } from '../../views/layout.ts';
import { webauthnPlatformChallengePage } from '../../views/mfa.ts';
import { emitLog, guardianDetails } from '../../flow/log.ts';
import type { PromptView } from '../../flow/transaction.ts';
import {
  authFailedDetails,
  canPickOther,
  challengeSucceeded,
  logStartOnce,
  platformKeys,
  promptScreen,
} from '../mfa-screen.ts';
import {
  allowRememberBrowser,
  liveUser,
  pickAnother,
  toCurrentStep,
  type ScreenRequest,
} from '../screen.ts';
import { onBrowserError, rpIdOf, showCeremony } from '../webauthn-screen.ts';

/** Shown when the server refuses the assertion; Auth0's exact text is unconfirmed. */
export const WEBAUTHN_CHALLENGE_FAILED: ScreenError = {
  code: 'webauthn-platform-challenge-failed',
  message: 'We could not verify your identity with this device. Please try again.',
};

function render(
  r: ScreenRequest,
  prompt: PromptView,
  status: number,
  error?: ScreenError,
): Promise<void> {
  const start = (user: UserRecord) => {
    const keys = platformKeys(r, 'confirmed');
    logStartOnce(r, 'gd_start_auth', user, { id: keys[0]?.id ?? null, type: 'webauthn-platform' });
    return platformAuthenticationOptions({ rpId: rpIdOf(r), allow: keys });
  };
  return showCeremony(r, 'mfa-webauthn-platform-challenge', status, start, (ctx, publicKey) =>
    webauthnPlatformChallengePage({
      ctx,
      publicKey,
      canPickOther: canPickOther(prompt),
      allowRememberBrowser: allowRememberBrowser(r),
      error,
    }),
  );
}

/** `gd_webauthn_challenge_failed` then `gd_auth_failed`, naming the key that was tried if known. */
function logFailure(
  r: ScreenRequest,
  user: UserRecord,
  errorCode: string,
  message: string,
  authenticatorId: string | null = null,
): void {
  const tenant = r.deps.context.tenant;
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
}

/** Verifies the posted assertion against the challenge the page was given. */
async function verify(r: ScreenRequest, prompt: PromptView): Promise<void> {
  const user = liveUser(r);
  if (!user) return toCurrentStep(r);
  // The challenge is single use, whatever happens next.
  const challenge = r.tx.takeWebAuthnChallenge();
  const failed = (errorCode: string, message: string, authenticatorId: string | null) => {
    logFailure(r, user, errorCode, message, authenticatorId);
    return render(r, prompt, 400, WEBAUTHN_CHALLENGE_FAILED);
  };
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
    expectedRPID: rpIdOf(r),
    authenticator: key,
  });
  if (!result.ok) return failed(result.errorCode, result.message, key.id);
  key.counter = result.newCounter;
  key.last_auth_at = new Date().toISOString();
  // "Remember this device for 30 days": honoured only when allowRememberBrowser allowed it (§1.3).
  await challengeSucceeded(r, user, { id: key.id, type: 'webauthn-platform' });
}

export const mfaWebauthnPlatformChallenge = promptScreen(
  'mfa-webauthn-platform-challenge',
  '/u/mfa-webauthn-platform-challenge',
  render,
  {
    'pick-authenticator': pickAnother,
    'showError::': onBrowserError(logFailure),
    default: verify,
  },
  { alsoWhen: (r) => liveUser(r) !== undefined },
);
