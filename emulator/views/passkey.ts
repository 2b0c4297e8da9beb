/**
 * @module emulator/views/passkey
 * `/u/passkey-enrollment` (prompt `passkeys`, auth0-behaviour.md §2.5): the passkey offer after
 * a password first factor. Texts follow Auth0's text keys of the screen (`title`,
 * `description`, `createButtonText`, `continueButtonText` "Continue without passkeys"); the
 * exact default wording of the title and description is unconfirmed on live. Buttons post
 * ACUL's actions
 * (https://github.com/auth0/universal-login/blob/master/packages/auth0-acul-js/src/screens/passkey-enrollment/index.ts):
 * `continuePasskeyEnrollment()` posts a `passkey` attestation (here a plain `action=default`:
 * creating a passkey is not emulated and is refused), `abortPasskeyEnrollment()` posts
 * `action=abort-passkey-enrollment`.
 */
import { actionButton, alertBox, form, page, primaryButton, type ScreenModel } from './layout.ts';

export function passkeyEnrollmentPage(m: ScreenModel): string {
  return page({
    screen: 'passkey-enrollment',
    prompt: 'passkeys',
    title: 'Create a passkey',
    description: `Log in to ${m.ctx.clientName} faster and more securely with your fingerprint, face or screen lock.`,
    tenantName: m.ctx.tenantName,
    body: `${alertBox(m.error)}
${form(
  m.ctx,
  `${primaryButton('Create a passkey')}
${actionButton('abort-passkey-enrollment', 'Continue without passkeys')}`,
)}`,
  });
}
