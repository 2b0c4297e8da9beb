/**
 * @module emulator/login/screens/mfa-otp-enrollment
 * `/u/mfa-otp-enrollment-qr` and `/u/mfa-otp-enrollment-code` (prompt `mfa-otp`). The QR view
 * shows the `otpauth://` URI as a QR code; "Trouble Scanning?" (`action=toggle-view`) switches to
 * the code view with the base32 secret as text (auth0-behaviour.md §2.4). Both POST `code` with
 * `action=default`. On success the authenticator is stored on the user immediately: the
 * database is updated during the transaction (§1.4 item 1). Logs `gd_start_enroll`,
 * `gd_enrollment_complete` (§3.3).
 */
import QRCode from 'qrcode';
import { newOtpSecret, otpauthUri, verifyTotp } from '../../factors/totp.ts';
import { newAuthenticatorId } from '../../tenant/ids.ts';
import type { OtpAuthenticator } from '../../tenant/store.ts';
import type { ScreenError } from '../../views/layout.ts';
import { otpEnrollmentCodePage, otpEnrollmentQrPage } from '../../views/mfa.ts';
import { emitLog, guardianDetails } from '../../flow/log.ts';
import { completePrompt } from '../../flow/pause.ts';
import type { PromptView } from '../../flow/transaction.ts';
import { canPickOther, logStartOnce, promptScreen } from '../mfa-screen.ts';
import {
  liveUser,
  pickAnother,
  screenContext,
  show,
  toCurrentStep,
  type ScreenHandler,
  type ScreenRequest,
} from '../screen.ts';

const VIEWS = ['mfa-otp-enrollment-qr', 'mfa-otp-enrollment-code'] as const;

/** Universal Login's OTP errors (§2.4). */
export const OTP_FORMAT_ERROR: ScreenError = {
  code: 'invalid-otp-code-format',
  message: 'OTP Code must have 6 numeric characters',
};
export const OTP_INVALID_CODE: ScreenError = {
  code: 'invalid-code',
  message: 'The code you entered is invalid',
};

/** Ensures the prompt has a secret and logs `gd_start_enroll` once per prompt. */
function begin(r: ScreenRequest): string {
  const secret = r.tx.otpSecret(newOtpSecret);
  const user = liveUser(r);
  if (user) logStartOnce(r, 'gd_start_enroll', user, { id: null, type: 'otp' });
  return secret;
}

async function render(
  r: ScreenRequest,
  prompt: PromptView,
  view: 'qr' | 'code',
  status: number,
  error?: ScreenError,
) {
  const secret = begin(r);
  const user = liveUser(r);
  const ctx = screenContext(r);
  if (view === 'code') {
    return show(
      r,
      'mfa-otp-enrollment-code',
      status,
      otpEnrollmentCodePage({ ctx, secret, canPickOther: canPickOther(prompt), error }),
    );
  }
  // Issuer = tenant name, label = issuer:email (Key Uri Format); Auth0's exact label is unconfirmed.
  const uri = otpauthUri({ secret, issuer: ctx.tenantName, label: user?.email ?? '' });
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  const qrDataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  show(
    r,
    'mfa-otp-enrollment-qr',
    status,
    otpEnrollmentQrPage({ ctx, qrDataUrl, canPickOther: canPickOther(prompt), error }),
  );
}

/** Verifies the code from the app and stores the confirmed authenticator on the user at once. */
async function enroll(r: ScreenRequest, prompt: PromptView, view: 'qr' | 'code'): Promise<void> {
  const secret = begin(r);
  const user = liveUser(r);
  if (!user) return toCurrentStep(r);
  const check = await verifyTotp({ secret, code: r.body.code ?? '', usedSteps: [] });
  if (!check.ok)
    return render(
      r,
      prompt,
      view,
      400,
      check.reason === 'format' ? OTP_FORMAT_ERROR : OTP_INVALID_CODE,
    );
  const now = new Date().toISOString();
  const authenticator: OtpAuthenticator = {
    type: 'otp',
    id: newAuthenticatorId('totp'),
    secret,
    confirmed: true,
    created_at: now,
    // The enrollment code's step is spent: RFC 6238 §5.2 one-time use.
    usedSteps: [check.step],
  };
  user.authenticators.push(authenticator);
  user.updated_at = now;
  emitLog(r.env, r.tx, 'gd_enrollment_complete', {
    user,
    details: guardianDetails(r.deps.context.tenant, user, { id: authenticator.id, type: 'otp' }),
  });
  completePrompt(r.env, r.tx, 'otp', 'enrolled');
  await toCurrentStep(r);
}

/** One view of the enrollment; showing it makes it the prompt's view. */
function handler<N extends (typeof VIEWS)[number]>(name: N, path: string): ScreenHandler<N> {
  const view = name === 'mfa-otp-enrollment-qr' ? 'qr' : 'code';
  const renderView = (r: ScreenRequest, prompt: PromptView, status: number) => {
    r.tx.setOtpView(view);
    return render(r, prompt, view, status);
  };
  return promptScreen(
    name,
    path,
    renderView,
    {
      // "Trouble Scanning?": the other view of the same enrollment (§2.4).
      'toggle-view': (r) => {
        r.tx.setOtpView(view === 'qr' ? 'code' : 'qr');
        return toCurrentStep(r);
      },
      'pick-authenticator': pickAnother,
      default: (r, prompt) => enroll(r, prompt, view),
    },
    { shownFor: VIEWS },
  );
}

export const mfaOtpEnrollmentQr = handler('mfa-otp-enrollment-qr', '/u/mfa-otp-enrollment-qr');
export const mfaOtpEnrollmentCode = handler(
  'mfa-otp-enrollment-code',
  '/u/mfa-otp-enrollment-code',
);
