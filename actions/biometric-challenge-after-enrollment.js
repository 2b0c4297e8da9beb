/**
 * Biometric challenge after enrollment (post-login, trigger version v3).
 *
 * The documented workaround for "Biometric Prompt Not Triggered on First Login After Enrollment
 * for New Users". Bind it AFTER `biometric-enrollment` in the post-login flow.
 *
 * Why it works (documented, not yet verified on a live tenant):
 * - "`methods` and `enrolledFactors` are only updated when an Action first begins. You can access
 *   the results of an enrollment event in the next Action of the flow." and "The flow pauses
 *   after Action 1 executes, and both `event.user.enrolledFactors` and
 *   `event.authentication.methods` will be updated when Action 2 runs."
 *   https://auth0.com/docs/secure/multi-factor-authentication/customize-mfa/customize-mfa-enrollments-universal-login
 *   So this Action, unlike the end-of-flow MFA evaluation, sees the factor enrolled moments ago.
 * - `challengeWith` overrides `api.multifactor.enable` and the tenant's MFA policies, and
 *   "a factor already challenged in this transaction is ignored"; Auth0 documents no such rule
 *   for a factor merely *enrolled* in this transaction (that rule is enrollWith's).
 *   https://auth0.com/docs/secure/multi-factor-authentication/customize-mfa/customize-mfa-selection-universal-login
 *
 * How it tells "enrolled but not challenged": it cannot from `event.authentication.methods` (an
 * enrollment adds the same `{ name: 'mfa', type: 'webauthn-platform' }` entry a challenge does),
 * so it does not try. Every Action runs once per transaction, so it always asks for the challenge
 * when device biometrics are enrolled, and relies on Auth0 ignoring a factor that was already
 * challenged in this transaction. On logins 2, 3, … it replaces the end-of-flow challenge of
 * `api.multifactor.enable` with its own (one biometric prompt per login, not two).
 *
 * OTP is offered as the alternative ("Try another method"): on a browser without a platform
 * authenticator the biometric factor is not usable, and a challenge with no usable factor fails
 * the login.
 */

/**
 * @param {import('@auth0/actions/post-login/v3').Event} event
 * @param {import('@auth0/actions/post-login/v3').PostLoginAPI} api
 */
exports.onExecutePostLogin = async (event, api) => {
  const enrolled = (event.user.enrolledFactors || []).map((f) => f.type);
  if (!enrolled.includes('webauthn-platform')) return;

  const additionalFactors = enrolled.includes('otp') ? [{ type: 'otp' }] : [];
  api.authentication.challengeWith({ type: 'webauthn-platform' }, { additionalFactors });
};
