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
import { advance, completePrompt } from '../flow.ts';
import { logStartOnce } from '../mfa-screen.ts';
import { emitLog, guardianDetails } from '../log.ts';
import type { MfaPrompt } from '../transactions.ts';
import {
  follow,
  liveUser,
  pickAnother,
  promptFor,
  redirect,
  screenContext,
  show,
  toCurrentStep,
  withState,
  type ScreenHandler,
  type ScreenRequest,
} from '../screen.ts';

const QR = '/u/mfa-otp-enrollment-qr';
const CODE = '/u/mfa-otp-enrollment-code';

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
function begin(r: ScreenRequest, prompt: MfaPrompt): string {
  prompt.otpSecret ??= newOtpSecret();
  const user = liveUser(r);
  if (user) logStartOnce(r, prompt, 'gd_start_enroll', user, { id: null, type: 'otp' });
  return prompt.otpSecret;
}

async function render(
  r: ScreenRequest,
  prompt: MfaPrompt,
  view: 'qr' | 'code',
  status: number,
  error?: ScreenError,
) {
  const secret = begin(r, prompt);
  const user = liveUser(r);
  const ctx = screenContext(r);
  const canPickOther = prompt.factors.length > 1;
  if (view === 'code') {
    return show(
      r,
      'mfa-otp-enrollment-code',
      status,
      otpEnrollmentCodePage({ ctx, secret, canPickOther, ...(error ? { error } : {}) }),
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
    otpEnrollmentQrPage({ ctx, qrDataUrl, canPickOther, ...(error ? { error } : {}) }),
  );
}

function handler(path: typeof QR | typeof CODE): ScreenHandler {
  const view = path === QR ? 'qr' : 'code';
  return {
    path,
    async get(r) {
      const prompt = promptFor(r, [QR, CODE]);
      if (!prompt) return toCurrentStep(r);
      prompt.otpView = view;
      await render(r, prompt, view, 200);
    },
    async post(r) {
      const prompt = promptFor(r, [QR, CODE]);
      if (!prompt) return toCurrentStep(r);
      const action = r.body.action ?? 'default';
      if (action === 'toggle-view') {
        prompt.otpView = view === 'qr' ? 'code' : 'qr';
        return redirect(r.ctx, withState(prompt.otpView === 'qr' ? QR : CODE, r.tx.uid));
      }
      if (action === 'pick-authenticator') return pickAnother(r, prompt);
      if (action !== 'default') return render(r, prompt, view, 400);
      const secret = begin(r, prompt);
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
        details: guardianDetails(r.deps.context.tenant, user, {
          id: authenticator.id,
          type: 'otp',
        }),
      });
      completePrompt(r.env, r.tx, 'otp', 'enrolled');
      await follow(r, await advance(r.env, r.tx));
    },
  };
}

export const mfaOtpEnrollmentQr = handler(QR);
export const mfaOtpEnrollmentCode = handler(CODE);
