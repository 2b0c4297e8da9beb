/**
 * @module emulator/login/screens/mfa-recovery-code-enrollment
 * `/u/mfa-recovery-code-enrollment` (prompt `mfa-recovery-code`, auth0-behaviour.md §2.3, §2.5):
 * the recovery code issued with the user's first MFA enrollment (flow/recovery-code.ts), shown
 * until the user confirms having saved it: POST `saved=on` and `action=default` (ACUL
 * https://github.com/auth0/universal-login/blob/master/packages/auth0-acul-js/src/screens/mfa-recovery-code-enrollment/index.ts).
 * Without `saved` the screen is shown again (400) with the same code; the error's code and text
 * are unconfirmed on live. The code is never logged, nor put on the transaction's trail.
 */
import { waitingOn } from '../../flow/step.ts';
import type { ScreenError } from '../../views/layout.ts';
import { recoveryCodePage } from '../../views/recovery-code.ts';
import { screenContext, screenWhile, show, toCurrentStep, type ScreenRequest } from '../screen.ts';

/** The checkbox was not ticked (unconfirmed on live). */
export const RECOVERY_CODE_NOT_SAVED: ScreenError = {
  code: 'no-confirmation',
  message: 'Please confirm you have recorded the code',
};

/** The code to show, when this screen is the transaction's current step. */
function pendingCode(r: ScreenRequest): string | undefined {
  return waitingOn(r.tx)?.name === 'recovery-code' ? r.tx.recoveryCodeToShow : undefined;
}

function render(r: ScreenRequest, code: string, status: number, error?: ScreenError): void {
  show(
    r,
    'mfa-recovery-code-enrollment',
    status,
    recoveryCodePage({ ctx: screenContext(r), code, error }),
  );
}

export const mfaRecoveryCodeEnrollment = screenWhile(
  'mfa-recovery-code-enrollment',
  '/u/mfa-recovery-code-enrollment',
  pendingCode,
  render,
  async (r, code) => {
    if ((r.body.action ?? 'default') !== 'default') return render(r, code, 400);
    if (r.body.saved !== 'on') return render(r, code, 400, RECOVERY_CODE_NOT_SAVED);
    r.tx.confirmRecoveryCodeSaved();
    await toCurrentStep(r);
  },
);
