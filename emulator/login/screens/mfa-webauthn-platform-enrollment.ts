/**
 * @module emulator/login/screens/mfa-webauthn-platform-enrollment
 * `/u/mfa-webauthn-platform-enrollment` (prompt `mfa-webauthn`, auth0-behaviour.md §2.4):
 * Continue runs `navigator.credentials.create` and POSTs `action=default` + `response` JSON;
 * "Remind me later" (`snooze-enrollment`), "Not on this device" (`refuse-add-device`), and the
 * script's `showError::{…}` on a browser error, which leads to `/u/mfa-webauthn-error`. The attestation is verified for real; on success
 * the credential is stored on the user at once (the database is updated during the transaction,
 * §1.4 item 1). Logs `gd_start_enroll`, `gd_enrollment_complete`, `gd_webauthn_enrollment_failed`.
 */
import {
  deviceNameFromUserAgent,
  parseRegistrationResponse,
  platformRegistrationOptions,
  userHandleFor,
  verifyPlatformRegistration,
} from '../../factors/webauthn.ts';
import { newAuthenticatorId } from '../../tenant/ids.ts';
import type { UserRecord, WebAuthnPlatformAuthenticator } from '../../tenant/store.ts';
import type { ScreenError } from '../../views/layout.ts';
import { webauthnPlatformEnrollmentPage } from '../../views/mfa.ts';
import { emitLog, guardianDetails } from '../../flow/log.ts';
import { completePrompt } from '../../flow/pause.ts';
import type { PromptView } from '../../flow/transaction.ts';
import { canPickOther, logStartOnce, platformKeys, promptScreen } from '../mfa-screen.ts';
import { liveUser, pickAnother, toCurrentStep, type ScreenRequest } from '../screen.ts';
import { onBrowserError, postponeEnrollment, rpIdOf, showCeremony } from '../webauthn-screen.ts';

/** Shown when the server refuses the attestation; Auth0's exact text is unconfirmed. */
export const WEBAUTHN_ENROLLMENT_FAILED: ScreenError = {
  code: 'webauthn-platform-enrollment-failed',
  message: 'We could not register this device. Please try again.',
};

function render(
  r: ScreenRequest,
  prompt: PromptView,
  status: number,
  error?: ScreenError,
): Promise<void> {
  const start = (user: UserRecord) => {
    const tenant = r.deps.context.tenant;
    logStartOnce(r, 'gd_start_enroll', user, { id: null, type: 'webauthn-platform' });
    return platformRegistrationOptions({
      rpId: rpIdOf(r),
      rpName: tenant.settings.friendly_name,
      userHandle: userHandleFor(tenant, user.user_id),
      email: user.email,
      exclude: platformKeys(r, 'all'),
    });
  };
  return showCeremony(r, 'mfa-webauthn-platform-enrollment', status, start, (ctx, publicKey) =>
    webauthnPlatformEnrollmentPage({ ctx, publicKey, canPickOther: canPickOther(prompt), error }),
  );
}

/** `gd_webauthn_enrollment_failed` (§3.3). */
function logFailure(r: ScreenRequest, user: UserRecord, errorCode: string, message: string): void {
  emitLog(r.env, r.tx, 'gd_webauthn_enrollment_failed', {
    user,
    details: guardianDetails(
      r.deps.context.tenant,
      user,
      { id: null, type: 'webauthn-platform' },
      { failure_details: { errorCode, message } },
    ),
  });
}

/** Verifies the posted attestation and stores the new credential on the user at once. */
async function enroll(r: ScreenRequest, prompt: PromptView): Promise<void> {
  const user = liveUser(r);
  if (!user) return toCurrentStep(r);
  const { context } = r.deps;
  // The challenge is single use, whatever happens next.
  const challenge = r.tx.takeWebAuthnChallenge();
  const failed = (errorCode: string, message: string) => {
    logFailure(r, user, errorCode, message);
    return render(r, prompt, 400, WEBAUTHN_ENROLLMENT_FAILED);
  };
  const response = parseRegistrationResponse(r.body.response ?? '');
  if (!response)
    return failed('invalid_response', 'The response is not a WebAuthn registration response');
  if (!challenge)
    return failed(
      'no_challenge',
      'No registration challenge is pending (challenges are single use)',
    );
  const result = await verifyPlatformRegistration({
    response,
    expectedChallenge: challenge,
    expectedOrigin: context.origin,
    expectedRPID: rpIdOf(r),
  });
  if (!result.ok) return failed(result.errorCode, result.message);
  if (platformKeys(r, 'all').some((a) => a.credentialId === result.credential.id)) {
    return failed('credential_exists', 'This credential is already registered');
  }
  const now = new Date().toISOString();
  const authenticator: WebAuthnPlatformAuthenticator = {
    type: 'webauthn-platform',
    id: newAuthenticatorId('webauthn-platform'),
    credentialId: result.credential.id,
    publicKey: result.credential.publicKey,
    counter: result.credential.counter,
    transports: result.credential.transports,
    name: deviceNameFromUserAgent(r.ctx.get('user-agent')),
    confirmed: true,
    created_at: now,
  };
  user.authenticators.push(authenticator);
  user.updated_at = now;
  emitLog(r.env, r.tx, 'gd_enrollment_complete', {
    user,
    details: guardianDetails(context.tenant, user, {
      id: authenticator.id,
      type: 'webauthn-platform',
    }),
  });
  completePrompt(r.env, r.tx, 'webauthn-platform', 'enrolled');
  await toCurrentStep(r);
}

export const mfaWebauthnPlatformEnrollment = promptScreen(
  'mfa-webauthn-platform-enrollment',
  '/u/mfa-webauthn-platform-enrollment',
  render,
  {
    'snooze-enrollment': postponeEnrollment,
    'refuse-add-device': postponeEnrollment,
    'pick-authenticator': pickAnother,
    'showError::': onBrowserError(logFailure),
    default: enroll,
  },
  { alsoWhen: (r) => liveUser(r) !== undefined },
);
