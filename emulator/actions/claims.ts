/**
 * @module emulator/actions/claims
 * Auth0's restrictions on custom claims set with `api.idToken.setCustomClaim` /
 * `api.accessToken.setCustomClaim` (https://auth0.com/docs/secure/tokens/json-web-tokens/create-custom-claims,
 * auth0-behaviour.md §1.3). Auth0 does not throw: "In case of collisions, the transaction won't
 * fail, but your custom claim won't be added to your tokens." The runtime drops such claims and
 * reports them so the flow engine and tests can see why a claim is missing.
 */

/** "The following claims are subject to Auth0's restrictions" (create-custom-claims). */
const RESTRICTED_CLAIMS = new Set([
  'acr',
  'act',
  'active',
  'amr',
  'at_hash',
  'ath',
  'attest',
  'aud',
  'auth_time',
  'authorization_details',
  'azp',
  'c_hash',
  'client_id',
  'cnf',
  'cty',
  'dest',
  'entitlements',
  'events',
  'exp',
  'groups',
  'gty',
  'htm',
  'htu',
  'iat',
  'internalService',
  'iss',
  'jcard',
  'jku',
  'jti',
  'jwe',
  'jwk',
  'kid',
  'may_act',
  'mky',
  'nbf',
  'nonce',
  'object_id',
  'org_id',
  'org_name',
  'orig',
  'origid',
  'permissions',
  'roles',
  'rph',
  's_hash',
  'sid',
  'sip_callid',
  'sip_cseq_num',
  'sip_date',
  'sip_from_tag',
  'sip_via_branch',
  'sub',
  'sub_jwk',
  'toe',
  'txn',
  'typ',
  'uuid',
  'vot',
  'vtm',
  'x5t#S256',
]);

/**
 * OpenID Connect Core 1.0 §5.1 standard claims: "OPENID standard claims … cannot be customized or
 * modified". Applied to ID tokens. Access tokens accept "only specified OIDC user profile
 * claims"; which ones is unconfirmed, so the emulator lets them through on access tokens.
 */
const OIDC_STANDARD_CLAIMS = new Set([
  'name',
  'given_name',
  'family_name',
  'middle_name',
  'nickname',
  'preferred_username',
  'profile',
  'picture',
  'website',
  'email',
  'email_verified',
  'gender',
  'birthdate',
  'zoneinfo',
  'locale',
  'phone_number',
  'phone_number_verified',
  'address',
  'updated_at',
]);

/** Auth0's own domains cannot be used as namespace identifiers (create-custom-claims). */
const AUTH0_NAMESPACE =
  /^(?:urn:auth0(?::|$)|https?:\/\/(?:[^/]*\.)?(?:auth0\.com|webtask\.io|webtask\.run)(?:[/:]|$))/i;

/**
 * Why Auth0 would leave this claim out of the token, or `undefined` if it is allowed.
 *
 * @param token Which token the Action targets.
 * @param key The claim name the Action passed to `setCustomClaim`.
 */
export function customClaimRejection(token: 'id' | 'access', key: string): string | undefined {
  if (RESTRICTED_CLAIMS.has(key)) return `"${key}" is a claim restricted by Auth0`;
  if (AUTH0_NAMESPACE.test(key)) return `"${key}" uses an Auth0 namespace`;
  if (token === 'id' && OIDC_STANDARD_CLAIMS.has(key)) {
    return `"${key}" is an OpenID Connect standard claim and cannot be overwritten`;
  }
  return undefined;
}
