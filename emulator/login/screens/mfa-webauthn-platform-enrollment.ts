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
import type { WebAuthnPlatformAuthenticator } from '../../tenant/store.ts';
import type { ScreenError } from '../../views/layout.ts';
import { webauthnPlatformEnrollmentPage } from '../../views/mfa.ts';
import { advance } from '../../flow/advance.ts';
import { emitLog, guardianDetails } from '../../flow/log.ts';
import { completePrompt, skipPrompt } from '../../flow/pause.ts';
import type { PromptView } from '../../flow/transaction.ts';
import { logStartOnce, platformKeys, promptScreen } from '../mfa-screen.ts';
import {
  follow,
  liveUser,
  pickAnother,
  screenContext,
  show,
  toCurrentStep,
  type ScreenHandler,
  type ScreenRequest,
} from '../screen.ts';

const PATH = '/u/mfa-webauthn-platform-enrollment';

/** Shown when the server refuses the attestation; Auth0's exact text is unconfirmed. */
export const WEBAUTHN_ENROLLMENT_FAILED: ScreenError = {
  code: 'webauthn-platform-enrollment-failed',
  message: 'We could not register this device. Please try again.',
};

async function render(
  r: ScreenRequest,
  prompt: PromptView,
  status: number,
  error?: ScreenError,
): Promise<void> {
  const user = liveUser(r);
  if (!user) return toCurrentStep(r);
  const { context } = r.deps;
  logStartOnce(r, 'gd_start_enroll', user, { id: null, type: 'webauthn-platform' });
  // RP ID = the tenant's domain without port (§2.1); `localhost` here (WebAuthn needs a domain, §2.2).
  const publicKey = await platformRegistrationOptions({
    rpId: new URL(context.origin).hostname,
    rpName: context.tenant.settings.friendly_name,
    userHandle: userHandleFor(context.tenant, user.user_id),
    email: user.email,
    exclude: platformKeys(r, 'all'),
  });
  r.tx.issueWebAuthnChallenge(publicKey.challenge);
  show(
    r,
    'mfa-webauthn-platform-enrollment',
    status,
    webauthnPlatformEnrollmentPage({
      ctx: screenContext(r),
      publicKey,
      canPickOther: prompt.factors.length > 1,
      ...(error ? { error } : {}),
    }),
  );
}

export const mfaWebauthnPlatformEnrollment: ScreenHandler<'mfa-webauthn-platform-enrollment'> =
  promptScreen('mfa-webauthn-platform-enrollment', PATH, render, async (r, prompt) => {
    const user = liveUser(r);
    if (!user) return toCurrentStep(r);
    const { context } = r.deps;
    const action = r.body.action ?? 'default';
    // Both postpone this enrollment for the transaction (plausible, unconfirmed: Auth0 may
    // remember a refusal per device).
    if (action === 'snooze-enrollment' || action === 'refuse-add-device') {
      skipPrompt(r.env, r.tx, 'webauthn-platform', action);
      return follow(r, await advance(r.env, r.tx));
    }
    if (action === 'pick-authenticator') return pickAnother(r, prompt);
    // The challenge is single use, whatever happens next.
    const challenge = r.tx.takeWebAuthnChallenge();
    const logFailure = (errorCode: string, message: string) =>
      emitLog(r.env, r.tx, 'gd_webauthn_enrollment_failed', {
        user,
        details: guardianDetails(
          context.tenant,
          user,
          { id: null, type: 'webauthn-platform' },
          {
            failure_details: { errorCode, message },
          },
        ),
      });
    const failed = (errorCode: string, message: string) => {
      logFailure(errorCode, message);
      return render(r, prompt, 400, WEBAUTHN_ENROLLMENT_FAILED);
    };
    if (action.startsWith('showError::')) {
      // The browser's ceremony failed: the WebAuthn error screen (mfa-webauthn-error.ts).
      logFailure('browser_error', action.slice('showError::'.length).slice(0, 500));
      r.tx.showWebAuthnError();
      return toCurrentStep(r);
    }
    if (action !== 'default') return render(r, prompt, 400);
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
      expectedRPID: new URL(context.origin).hostname,
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
    await follow(r, await advance(r.env, r.tx));
  });
