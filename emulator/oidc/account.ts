/**
 * @module emulator/oidc/account
 * `findAccount`: the tenant's users as oidc-provider accounts, with the claims Auth0 puts in an
 * ID token and `/userinfo` for `openid profile email`
 * (https://auth0.com/docs/get-started/apis/scopes/openid-connect-scopes#standard-claims).
 */
import type { Account, AccountClaims, FindAccount } from 'oidc-provider';
import type { Tenant, UserRecord } from '../tenant/store.ts';

/** Scope → claims, as Auth0 releases them; oidc-provider masks `profileClaims()` with this. */
export const SCOPE_CLAIMS: Record<'openid' | 'profile' | 'email', string[]> = {
  openid: ['sub'],
  profile: ['name', 'nickname', 'picture', 'updated_at', 'given_name', 'family_name'],
  email: ['email', 'email_verified'],
};

/**
 * The user's standard claims. Auth0 sends `updated_at` as an ISO 8601 string, not the number
 * OIDC Core §5.1 specifies; the emulator does the same.
 */
export function profileClaims(user: UserRecord): AccountClaims {
  return {
    sub: user.user_id,
    name: user.name,
    nickname: user.nickname,
    picture: user.picture,
    updated_at: user.updated_at,
    ...(user.given_name !== undefined ? { given_name: user.given_name } : {}),
    ...(user.family_name !== undefined ? { family_name: user.family_name } : {}),
    email: user.email,
    email_verified: user.email_verified,
  };
}

/** oidc-provider `findAccount`: reads the user at token issuance (no caching). */
export function findAccount(tenant: Tenant): FindAccount {
  return (_ctx, sub): Account | undefined => {
    if (!tenant.users.has(sub)) return undefined;
    return {
      accountId: sub,
      claims: () => {
        const user = tenant.users.get(sub);
        return user ? profileClaims(user) : { sub };
      },
    };
  };
}
