/**
 * @module emulator/login/screens/passkey-enrollment
 * `/u/passkey-enrollment` (prompt `passkeys`, auth0-behaviour.md §2.3, §2.5): the passkey offer
 * of flow/passkey-offer.ts. "Continue without passkeys" (`action=abort-passkey-enrollment`)
 * goes on with the login. Creating a passkey (`action=default`, with or without a `passkey`
 * attestation) is not emulated: it is refused with a 400 and the offer shown again, so that
 * nothing is half-registered and the user can still decline.
 */
import { waitingOn } from '../../flow/step.ts';
import type { ScreenError } from '../../views/layout.ts';
import { passkeyEnrollmentPage } from '../../views/passkey.ts';
import { screenContext, screenWhile, show, toCurrentStep, type ScreenRequest } from '../screen.ts';

/** The refusal of the create-passkey action (emulator-specific code and text). */
export const PASSKEY_NOT_EMULATED: ScreenError = {
  code: 'passkey-enrollment-not-emulated',
  message:
    'This embedded tenant does not create passkeys. Choose "Continue without passkeys" to go on.',
};

const offered = (r: ScreenRequest) =>
  waitingOn(r.tx)?.name === 'passkey-enrollment' ? true : undefined;

function render(r: ScreenRequest, _offered: true, status: number, error?: ScreenError): void {
  show(r, 'passkey-enrollment', status, passkeyEnrollmentPage({ ctx: screenContext(r), error }));
}

export const passkeyEnrollment = screenWhile(
  'passkey-enrollment',
  '/u/passkey-enrollment',
  offered,
  render,
  async (r, shown) => {
    if (r.body.action !== 'abort-passkey-enrollment') {
      return render(r, shown, 400, PASSKEY_NOT_EMULATED);
    }
    r.tx.declinePasskeyOffer();
    await toCurrentStep(r);
  },
);
