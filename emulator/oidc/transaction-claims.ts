/**
 * @module emulator/oidc/transaction-claims
 * Per-transaction claims: what post-login Actions add with `api.idToken.setCustomClaim` and
 * `api.accessToken.setCustomClaim`, plus `amr`. The Universal Login side records them against the
 * interaction (`setTransactionClaims(provider, uid, …)`); when that interaction resumes, the grant
 * created for it (grant.ts) takes them over, and every token issued from that grant carries them.
 *
 * oidc-provider only releases ID-token claims it knows by name (its `claims` configuration), so
 * custom claims and Auth0's unconditional `amr` are merged into the ID token by wrapping
 * `provider.IdToken.prototype.payload` (the class is per provider instance).
 * https://auth0.com/docs/secure/tokens/json-web-tokens/create-custom-claims
 */
import type Provider from 'oidc-provider';
import type { AccessToken, ClientCredentials, KoaContextWithOIDC } from 'oidc-provider';

export interface TransactionClaims {
  /** `api.idToken.setCustomClaim(key, value)` */
  idToken?: Record<string, unknown>;
  /** `api.accessToken.setCustomClaim(key, value)` */
  accessToken?: Record<string, unknown>;
}

/**
 * Claims a custom claim may not set: registered JWT/OIDC claims and the standard profile claims
 * ("OIDC standard claims cannot be overwritten"). Auth0 drops such claims silently (unconfirmed:
 * the doc says they are restricted, not what happens on an attempt).
 */
const RESTRICTED = new Set([
  'iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'azp', 'nonce', 'auth_time', 'at_hash', 'c_hash',
  'acr', 'amr', 'sid', 'scope', 'client_id', 'gty', 'cnf', 'act', 'may_act', 'org_id', 'org_name',
  'name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile',
  'picture', 'website', 'email', 'email_verified', 'gender', 'birthdate', 'zoneinfo', 'locale',
  'phone_number', 'phone_number_verified', 'address', 'updated_at',
]); // prettier-ignore

/** Auth0-owned namespaces a custom claim may not use (create-custom-claims, "Restrictions"). */
const RESTRICTED_NAMESPACE =
  /^(https?:\/\/)?([^/]*\.)?(auth0\.com|webtask\.io|webtask\.run)(\/|$)|^urn:auth0/i;

/** Keeps only the claims Auth0 would let an Action set. */
export function allowedCustomClaims(claims: Record<string, unknown> = {}): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(claims).filter(([k]) => !RESTRICTED.has(k) && !RESTRICTED_NAMESPACE.test(k)),
  );
}

/** Pending claims wait at most this many interactions before the oldest is dropped. */
const MAX_PENDING = 10_000;

class TransactionClaimsStore {
  readonly byInteraction = new Map<string, TransactionClaims>();
  readonly byGrant = new Map<string, TransactionClaims>();

  set(uid: string, claims: TransactionClaims): void {
    const prev = this.byInteraction.get(uid) ?? {};
    this.byInteraction.delete(uid);
    this.byInteraction.set(uid, {
      idToken: { ...prev.idToken, ...claims.idToken },
      accessToken: { ...prev.accessToken, ...claims.accessToken },
    });
    if (this.byInteraction.size > MAX_PENDING) {
      const oldest = this.byInteraction.keys().next().value;
      if (oldest !== undefined) this.byInteraction.delete(oldest);
    }
  }

  bind(uid: string, grantId: string): void {
    const claims = this.byInteraction.get(uid);
    if (!claims) return;
    this.byInteraction.delete(uid);
    this.byGrant.set(grantId, claims);
  }
}

const stores = new WeakMap<Provider, TransactionClaimsStore>();

function storeFor(provider: Provider): TransactionClaimsStore {
  let store = stores.get(provider);
  if (!store) {
    store = new TransactionClaimsStore();
    stores.set(provider, store);
  }
  return store;
}

/**
 * Records custom claims for the login transaction (interaction) `uid`; later calls merge,
 * a later value for the same key wins, as repeated `setCustomClaim` calls do.
 * @param uid The interaction uid (`loadInteraction(...).uid`, the `state` of UL screens).
 */
export function setTransactionClaims(
  provider: Provider,
  uid: string,
  claims: TransactionClaims,
): void {
  storeFor(provider).set(uid, claims);
}

/** Moves the claims of interaction `uid` to the grant issued for it (called by loadExistingGrant). */
export function bindTransactionClaims(provider: Provider, uid: string, grantId: string): void {
  storeFor(provider).bind(uid, grantId);
}

/** The claims recorded for a grant, if any. */
export function grantClaims(
  provider: Provider,
  grantId: string | undefined,
): TransactionClaims | undefined {
  return grantId === undefined ? undefined : storeFor(provider).byGrant.get(grantId);
}

/** oidc-provider `extraTokenClaims`: access-token custom claims for tokens of a known grant. */
export function extraTokenClaims(
  ctx: KoaContextWithOIDC,
  token: AccessToken | ClientCredentials,
): Record<string, unknown> | undefined {
  if (!('grantId' in token)) return undefined;
  const claims = grantClaims(ctx.oidc.provider, token.grantId)?.accessToken;
  return claims ? allowedCustomClaims(claims) : undefined;
}

/**
 * Makes the provider's ID tokens carry `amr` whenever the login recorded one (Auth0 adds
 * `amr: ["mfa"]` when MFA was performed, without a `claims` request) and the transaction's
 * custom claims. Empty `amr` is left out.
 */
export function installIdTokenClaims(provider: Provider): void {
  const proto = provider.IdToken.prototype;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- re-bound with .call below
  const original = proto.payload;
  proto.payload = async function payload(this: InstanceType<Provider['IdToken']>) {
    const claims = await original.call(this);
    const amr = this.available.amr;
    if (Array.isArray(amr) && amr.length > 0) claims.amr = amr;
    else delete claims.amr;
    const grantId = this.ctx?.oidc?.entities.Grant?.jti;
    const custom = allowedCustomClaims(grantClaims(provider, grantId)?.idToken);
    // Standard claims win over custom ones, so a custom claim can never replace them.
    return { ...custom, ...claims };
  };
}
