/**
 * @module emulator/login/screens/mfa-otp-challenge
 * `/u/mfa-otp-challenge` (prompt `mfa-otp`): POST `code`, `action=default`, optional
 * `rememberBrowser=true`; "Try another method" is `action=pick-authenticator`
 * (auth0-behaviour.md §2.4). A code whose time step was already accepted is refused
 * (RFC 6238 §5.2). Logs `gd_start_auth`, `gd_auth_succeed`, `gd_auth_failed` (§3.3).
 * After 10 failed codes within an hour every code is refused, even a right one, with
 * `gd_otp_rate_limit_exceed` (§5.2, attack-protection.ts). "Remember this device for 30 days"
 * is honoured only when `allowRememberBrowser` allowed it (§1.3, device.ts).
 */
import { verifyTotp } from '../../factors/totp.ts';
import type { OtpAuthenticator } from '../../tenant/store.ts';
import type { ScreenError } from '../../views/layout.ts';
import { otpChallengePage } from '../../views/mfa.ts';
import { emitLog, guardianDetails } from '../../flow/log.ts';
import type { PromptView } from '../../flow/transaction.ts';
import { otpLocked, recordOtpFailure } from '../attack-protection.ts';
import {
  authFailedDetails,
  canPickOther,
  challengeSucceeded,
  logStartOnce,
  promptScreen,
} from '../mfa-screen.ts';
import {
  allowRememberBrowser,
  liveUser,
  pickAnother,
  screenContext,
  show,
  toCurrentStep,
  type ScreenRequest,
} from '../screen.ts';
import { OTP_FORMAT_ERROR, OTP_INVALID_CODE } from './mfa-otp-enrollment.ts';

/** Universal Login's "Too many failed codes…" (§2.4); the full sentence is Auth0's default text. */
export const OTP_TOO_MANY_FAILURES: ScreenError = {
  code: 'too-many-failures',
  message: 'Too many failed codes. Wait for some minutes before retrying.',
};
/** Steps remembered per authenticator: enough to cover the ±1 step window many times over. */
const USED_STEPS_KEPT = 16;

const otpOf = (r: ScreenRequest) =>
  liveUser(r)?.authenticators.find((a): a is OtpAuthenticator => a.type === 'otp' && a.confirmed);

function render(r: ScreenRequest, prompt: PromptView, status: number, error?: ScreenError): void {
  const user = liveUser(r);
  if (user) logStartOnce(r, 'gd_start_auth', user, { id: otpOf(r)?.id ?? null, type: 'otp' });
  show(
    r,
    'mfa-otp-challenge',
    status,
    otpChallengePage({
      ctx: screenContext(r),
      canPickOther: canPickOther(prompt),
      allowRememberBrowser: allowRememberBrowser(r),
      error,
    }),
  );
}

/** Verifies the posted code (once per time step, RFC 6238 §5.2) unless the user is locked out. */
async function verify(r: ScreenRequest, prompt: PromptView): Promise<void> {
  const user = liveUser(r);
  const otp = otpOf(r);
  if (!user || !otp) return toCurrentStep(r);
  const tenant = r.deps.context.tenant;
  const details = (extra: Record<string, unknown>) =>
    guardianDetails(tenant, user, { id: otp.id, type: 'otp' }, extra);
  // Refused before verification: a right code does not get through either (§5.2).
  if (otpLocked(tenant, user.user_id)) {
    emitLog(r.env, r.tx, 'gd_otp_rate_limit_exceed', {
      user,
      details: details({
        failure_details: {
          errorCode: OTP_TOO_MANY_FAILURES.code,
          message: OTP_TOO_MANY_FAILURES.message,
        },
      }),
    });
    // 429 for the page (the HTTP status Auth0 uses here is unconfirmed).
    return render(r, prompt, 429, OTP_TOO_MANY_FAILURES);
  }
  const code = r.body.code ?? '';
  const check = await verifyTotp({ secret: otp.secret, code, usedSteps: otp.usedSteps });
  if (!check.ok) {
    // A malformed code is not a guess and is not counted (unconfirmed).
    if (check.reason !== 'format') recordOtpFailure(tenant, user.user_id);
    const error = check.reason === 'format' ? OTP_FORMAT_ERROR : OTP_INVALID_CODE;
    const message = check.reason === 'replayed' ? 'OTP already used' : error.message;
    emitLog(r.env, r.tx, 'gd_auth_failed', {
      user,
      details: details(authFailedDetails(r, 'otp', { code: '******' }, error.code, message)),
    });
    return render(r, prompt, 400, error);
  }
  otp.usedSteps = [...otp.usedSteps, check.step].slice(-USED_STEPS_KEPT);
  otp.last_auth_at = new Date().toISOString();
  // "Remember this device" is honoured only when the Action allowed it (the checkbox is not
  // even shown otherwise).
  await challengeSucceeded(r, user, { id: otp.id, type: 'otp' });
}

export const mfaOtpChallenge = promptScreen('mfa-otp-challenge', '/u/mfa-otp-challenge', render, {
  'pick-authenticator': pickAnother,
  default: verify,
});
