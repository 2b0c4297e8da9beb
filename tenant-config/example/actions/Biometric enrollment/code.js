/**
 * Biometric enrollment (post-login, trigger version v3).
 *
 * Enrolls users in device biometrics (WebAuthn with a platform authenticator: Touch ID, Face ID,
 * Windows Hello) on their first login, then requires MFA on every login.
 *
 * Requires the tenant setting "Customize MFA Factors using Actions"
 * (`customize_mfa_in_postlogin_action: true`) and the factors "One-time Password" and
 * "WebAuthn with FIDO Device Biometrics" enabled.
 * https://auth0.com/docs/secure/multi-factor-authentication/customize-mfa/customize-mfa-enrollments-universal-login
 */

/**
 * Handler that will be called during the execution of a PostLogin flow.
 *
 * @param {import('@auth0/actions/post-login/v3').Event} event - Details about the user and the context in which they are logging in.
 * @param {import('@auth0/actions/post-login/v3').PostLoginAPI} api - Interface whose methods can be used to change the behavior of the login.
 */
exports.onExecutePostLogin = async (event, api) => {
  const bio = event.user.app_metadata && event.user.app_metadata.biometrics;

  if (!bio || !bio.enrolled) {
    // Device biometrics cannot be a user's only factor: Auth0 requires another factor first and
    // recommends OTP before biometrics. Enroll OTP, or challenge it if the user already has it
    // ("users must complete an MFA challenge using one of their existing enrolledFactors before
    // they can enroll in additional factors").
    // https://auth0.com/docs/secure/multi-factor-authentication/customize-mfa/customize-mfa-enrollments-universal-login
    const hasOtp = (event.user.enrolledFactors || []).some((f) => f.type === 'otp');
    if (hasOtp) {
      api.authentication.challengeWith({ type: 'otp' });
    } else {
      api.authentication.enrollWith({ type: 'otp' });
    }

    // Then the platform authenticator. Auth0 ignores a factor the user already has; on a browser
    // without a platform authenticator the factor is not usable, and when no requested factor
    // is usable "the login will fail" — so this Action is meant for biometric-capable devices.
    // https://auth0.com/docs/secure/multi-factor-authentication/customize-mfa/customize-mfa-enrollments-universal-login
    api.authentication.enrollWith({ type: 'webauthn-platform' });

    // Batched: "Invoking this method won't update the metadata immediately"; Auth0 writes it once
    // at the end of the flow.
    // https://auth0.com/docs/customize/actions/explore-triggers/signup-and-login-triggers/login-trigger/post-login-api-object
    api.user.setAppMetadata('biometrics', {
      enrolled: true,
      enrolled_at: new Date().toISOString(),
      method: 'webauthn-platform',
    });
  }

  // Require MFA on every login. "The actual multifactor challenge will be deferred to the end of
  // the login flow", where Auth0 challenges the user with an enrolled factor: device biometrics
  // once the profile says the user has them.
  // https://auth0.com/docs/customize/actions/explore-triggers/signup-and-login-triggers/login-trigger/post-login-api-object
  api.multifactor.enable('any', { allowRememberBrowser: false });
};
