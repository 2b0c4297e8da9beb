/**
 * @module emulator/views/webauthn-error
 * `/u/mfa-webauthn-error` (prompt `mfa-webauthn`, auth0-behaviour.md §2.5): shown when the
 * browser reports a failed device-biometrics ceremony. Texts are Auth0's default text keys of
 * the screen (auth0/docs text-customization-prompts/mfa-webauthn.md, screen
 * `mfa-webauthn-error`): `errorTitlePlatform` "Device Registration Failed" after an enrollment,
 * `errorTitlePlatformChallenge` "Something Went Wrong" after a challenge, `tryAgainLinkText`,
 * `pickAuthenticatorText`, `refuseAddingAuthenticatorText`. Which description goes with which
 * ceremony is unconfirmed on live. Buttons post ACUL's actions
 * (https://github.com/auth0/universal-login/blob/master/packages/auth0-acul-js/src/screens/mfa-webauthn-error/index.ts):
 * `tryagain`, `pick-authenticator`, `refuse-add-device`.
 */
import { actionButton, form, page, type ScreenContext } from './layout.ts';

export function webauthnErrorPage(m: {
  ctx: ScreenContext;
  /** The ceremony that failed. */
  ceremony: 'enroll' | 'challenge';
  canPickOther: boolean;
}): string {
  const enroll = m.ceremony === 'enroll';
  return page({
    screen: 'mfa-webauthn-error',
    prompt: 'mfa-webauthn',
    title: enroll ? 'Device Registration Failed' : 'Something Went Wrong',
    description: enroll
      ? 'Something went wrong. Please try again or try using another method.'
      : 'If you already registered this device, please try again. If not, try using another method.',
    tenantName: m.ctx.tenantName,
    body: form(
      m.ctx,
      `${actionButton('tryagain', 'Try again', 'button-primary')}
${m.canPickOther ? actionButton('pick-authenticator', 'Try another method') : ''}
${enroll ? actionButton('refuse-add-device', 'No Thanks') : ''}`,
    ),
  });
}
